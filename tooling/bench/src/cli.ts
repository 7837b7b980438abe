#!/usr/bin/env node
/**
 * `pnpm bench`: boots the lab once with a 1 GiB scsi_debug disk (delay=0)
 * and runs the benchmark inside it. Arguments pass through to run.js
 * (`--quick`, `--out FILE`, `--reps N`, `--only ids`).
 */
import { fileURLToPath } from 'node:url';
import { profiles, runInLab } from '@sgio/lab';

const args = process.argv.slice(2).filter((a) => a !== '--');
const quick = args.includes('--quick');
const run = fileURLToPath(new URL('./run.js', import.meta.url));
const result = await runInLab({
  command: [process.execPath, run, ...args],
  scsiDebug: { ...profiles.default.scsiDebug, dev_size_mb: quick ? 64 : 1024 },
  profile: 'bench',
  mem: quick ? '2G' : '3G',
  timeoutMs: 20 * 60_000,
});
process.exitCode = result.status;
