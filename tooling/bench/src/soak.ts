#!/usr/bin/env node
/**
 * `pnpm soak`: boots the lab once (a 64 MiB scsi_debug disk, delay=0) and
 * runs the soak of every execution path inside it (see soak-run.ts).
 * Arguments pass through: `--commands N` (default 1,000,000 per process),
 * `--runs N` (default 3 processes per path), `--gc-every N`, `--paths a,b`,
 * `--out FILE`.
 */
import { fileURLToPath } from 'node:url';
import { profiles, runInLab } from '@sgio/lab';

const args = process.argv.slice(2).filter((a) => a !== '--');
const run = fileURLToPath(new URL('./soak-run.js', import.meta.url));
const result = await runInLab({
  command: [process.execPath, run, ...args],
  scsiDebug: { ...profiles.default.scsiDebug },
  profile: 'soak',
  mem: '2G',
  timeoutMs: 8 * 60 * 60_000,
});
process.exitCode = result.status;
