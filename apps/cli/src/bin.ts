#!/usr/bin/env node
/** Entry point of the `sgio` command. */
import { main } from './main.js';

main(process.argv).catch((e: unknown) => {
  process.stderr.write(`sgio: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 99;
});
