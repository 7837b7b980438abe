/**
 * Entry point of the `sgio` command. Built into `dist/program.cjs` (one
 * bundle) and started by `dist/bin.cjs`, the loader that keeps V8's compiled
 * code between runs (tooling/bundle): this file does the least it can
 * before the program loads, and subcommands load on first use.
 */
import { main } from './main.js';

// `sgio ... | head` closes the pipe early: that is not an error worth a stack trace
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

main(process.argv).catch((e: unknown) => {
  process.stderr.write(`sgio: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 99;
});
