#!/usr/bin/env node
/**
 * Entry point of the `sgio` command. Built as a bundle (scripts/bundle-bin.mjs):
 * this file does the least it can before the program loads.
 */
import * as module from 'node:module';

// the V8 compile cache (Node >= 22.1) keeps the compiled bundle between runs;
// Node 20 has no ES-module compile cache, so there it is a no-op
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// `sgio ... | head` closes the pipe early: that is not an error worth a stack trace
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

// imported after the compile cache is on, so the program's modules use it
const { main } = await import('./main.js');
main(process.argv).catch((e: unknown) => {
  process.stderr.write(`sgio: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 99;
});
