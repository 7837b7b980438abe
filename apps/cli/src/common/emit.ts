/**
 * Printing a subcommand's answer in the form the user chose: `--json`
 * (stable field names), `--hex` (the raw response bytes) or text.
 */
import type { CommonOptions } from './global-options.js';
import { hexDump, printJson } from './output.js';
import { stdout } from './stdio.js';

/** What a subcommand produced: the JSON value, the raw bytes and the text lines. */
export interface Answer {
  /** The value printed with --json. */
  readonly json: unknown;
  /** The raw response bytes printed with --hex (when the command has some). */
  readonly raw?: Uint8Array | undefined;
  /** Human output (called only when neither --json nor --hex is given). */
  readonly text: () => string;
}

/** Prints `answer` on stdout according to the options. */
export function emit(answer: Answer, options: CommonOptions): void {
  if (options.json) {
    printJson(answer.json);
    return;
  }
  if (options.hex && answer.raw) {
    stdout.write(`${hexDump(answer.raw)}\n`);
    return;
  }
  const text = answer.text();
  stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
