/**
 * Entry point of the `sgio` command. Built into `dist/program.cjs` (one
 * bundle) and started by `dist/bin.cjs`, the loader that keeps V8's compiled
 * code between runs (tooling/bundle): this file does the least it can
 * before the program loads, and subcommands load on first use.
 */
import { main } from './main.js';
import { stderr } from './common/stdio.js';

// output goes through ./common/stdio.ts, which ends quietly when `sgio ... | head` closes the pipe early
main(process.argv).catch((e: unknown) => {
  stderr.write(`sgio: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 99;
});
