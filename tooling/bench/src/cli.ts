#!/usr/bin/env node
/**
 * `pnpm bench`: boots the lab once with a 1 GiB scsi_debug disk (delay=0)
 * and runs the benchmark inside it. Arguments pass through to run.js
 * (`--quick`, `--out FILE`, `--reps N`, `--only ids`).
 */
import { fileURLToPath } from 'node:url';
import { findKernel, profiles, runInLab } from '@sgio/lab';

const argv = process.argv.slice(2).filter((a) => a !== '--');
// --kernel unstable: boot the kernel `sgio-lab --fetch-kernel` put aside (Linux 7.2: the io_uring cases run there)
const kernelAt = argv.indexOf('--kernel');
const kernelChoice = kernelAt >= 0 ? argv[kernelAt + 1] : 'default';
const args = kernelAt >= 0 ? [...argv.slice(0, kernelAt), ...argv.slice(kernelAt + 2)] : argv;
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`Usage: pnpm bench [-- OPTIONS]

Boots the lab (a 1 GiB scsi_debug disk; 64 MiB with --quick) and measures
sgio against the C tools (sg_dd, sgm_dd, sgp_dd, fio) in the same boot;
prints a table of ratios (sgio / reference, higher is better for sgio), the
whole-process table (sgio dd against sg_dd, sgm_dd and sgp_dd as whole
processes reading 64 MiB, 512 MiB and 1 GiB; 8 MiB with --quick) and the
start-up table (node -e 0, sgio subcommands, sgiod to its first answer),
the TCMU table (the TypeScript SCSI disk against scsi_debug and tcmu-runner)
the NBD table (nbdcopy through sgio nbd against nbdkit on the same
disk's block device and sg_dd; the kernel's nbd client under fio against
fio's sg engine), and the scaling tables (sgiod over 1, 4, 16 and 64
disks under 16 clients: requests/s, MB/s, p99, RSS; SgLanes over 1 to 16
lanes against sgp_dd, each run reading the whole disk).

  --quick        one short pass of each case (what the lab tests run)
  --reps N       measured runs of each case (default 3; 1 with --quick)
  --only IDS     comma-separated case ids (see the table's first column),
                 whole-process, startup, tcmu, nbd, scaling
  --out FILE     also write the report as JSON
  --device PATH  the sg node to use (default /dev/sg0)
  --kernel unstable
                 boot Debian unstable's kernel (sgio-lab --fetch-kernel):
                 Linux 7.2, whose bsg takes commands over io_uring, so the
                 uring-* cases run (on the default 6.1 they are left out)
  -h, --help     this text
`);
  process.exit(0);
}
if (kernelChoice !== 'default' && kernelChoice !== 'unstable') {
  process.stderr.write(`bench: --kernel expects default or unstable, got '${String(kernelChoice)}'\n`);
  process.exit(2);
}
const quick = args.includes('--quick');
const run = fileURLToPath(new URL('./run.js', import.meta.url));
const result = await runInLab({
  command: [process.execPath, run, ...args],
  scsiDebug: { ...profiles.default.scsiDebug, dev_size_mb: quick ? 64 : 1024 },
  profile: 'bench',
  // sd_mod: the NBD section's nbdkit serves the disk's block device
  block: true,
  mem: quick ? '2G' : '3G',
  timeoutMs: 20 * 60_000,
  kernel: findKernel(process.env, kernelChoice),
});
process.exitCode = result.status;
