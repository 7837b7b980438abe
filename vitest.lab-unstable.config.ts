import { defineConfig } from 'vitest/config';
import lab from './vitest.lab.config';

/**
 * The lab files that also run on Debian unstable's kernel (Linux 7.2,
 * `sgio-lab --kernel unstable`, `pnpm test:lab:unstable`): what needs a
 * newer kernel than the lab's default 6.1 — the io_uring transport, whose
 * bsg handler came in 2026, and BsgLanes over it — and the bsg device
 * cases it shares with SG_IO. The whole suite does not run there (7.2's UML has no `--net` the
 * lab knows, and its scsi_debug crashes on FORMAT UNIT); these files run
 * on both kernels, each case on the transports the kernel offers.
 */
export const UNSTABLE_SUITE = [
  'packages/core/src/transport/io-uring/*.lab.test.ts',
  'packages/core/src/device/bsg-device.lab.test.ts',
  // BsgLanes over io_uring, and its abandoned commands beside SgLanes'
  'packages/core/src/lanes/bsg-lanes.lab.test.ts',
  'packages/core/src/lanes/stuck-commands.lab.test.ts',
  // SgDevice's reads through the ring on its bsg node (via 'auto')
  'packages/core/src/device/sg-async-route.lab.test.ts',
  // data to send that crosses a page boundary unaligned, through the ring, SG_IO and sg direct IO (against LIO)
  'packages/core/src/transport/out-bounce.lab.test.ts',
];

// spread, not mergeConfig: that would append these files to the lab's include list, not replace it
export default defineConfig({ ...lab, test: { ...lab.test, include: UNSTABLE_SUITE } });
