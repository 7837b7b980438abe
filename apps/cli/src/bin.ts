#!/usr/bin/env node
/** Entry point of the `sgio` command. */
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
