/** `sgio raw DEV CDB... [--request N] [--send FILE] [--outfile F]`: any CDB (like sg_raw). */
import { readFileSync, writeFileSync } from 'node:fs';
import { runCdb, dataOf, withDevice } from '../common/device.js';
import { CliError } from '../common/cli-error.js';
import { ExitCode } from '../common/exit-codes.js';
import type { CommonOptions } from '../common/global-options.js';
import { hexDump, parseHex, printJson } from '../common/output.js';
import { exitStatusOf, outcomeJson, outcomeText } from '../common/outcome.js';
import { stdout } from '../common/stdio.js';

/** Options of `raw`. */
export interface RawOptions extends CommonOptions {
  /** Bytes to receive (data-in). */
  request?: number;
  /** File whose bytes are sent (data-out); `-` for stdin. */
  send?: string;
  /** File to write received data to (`-` for stdout, binary). */
  outfile?: string;
  /** Open read-only. */
  readonly?: boolean;
}

function readSendFile(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path === '-' ? 0 : path));
  } catch (e) {
    throw new CliError(`--send: cannot read ${path}: ${(e as Error).message}`, ExitCode.FILE_ERROR);
  }
}

/** Parses the CDB words (`12 00 00 00 24 00` or `120000002400`). */
export function parseCdbWords(words: readonly string[]): Uint8Array {
  let cdb: Uint8Array;
  try {
    cdb = parseHex(words.join(' '));
  } catch (e) {
    throw new CliError(`CDB: ${(e as Error).message}; give the CDB as hex bytes, e.g. '12 00 00 00 24 00'`);
  }
  if (cdb.length < 6 || cdb.length > 260) throw new CliError(`CDB: ${cdb.length} bytes; a CDB has 6 to 260 bytes`);
  return cdb;
}

/** Runs `raw`. */
export async function raw(device: string, words: string[], options: RawOptions): Promise<number> {
  const cdb = parseCdbWords(words);
  if (options.request !== undefined && options.send !== undefined) throw new CliError('--request and --send exclude each other: a CDB moves data one way');
  const data = options.send !== undefined ? readSendFile(options.send) : undefined;
  return withDevice(device, { ...options, readOnly: options.readonly ?? false }, async (session) => {
    const result = await runCdb(session, cdb, {
      throwOnError: false,
      retry: false,
      ...(data ? { direction: 'out' as const, data } : options.request ? { direction: 'in' as const, receive: options.request } : { direction: 'none' as const }),
    });
    const received = dataOf(result);
    const status = exitStatusOf(result);
    if (options.outfile !== undefined && received.length > 0) {
      try {
        if (options.outfile === '-') stdout.write(received);
        else writeFileSync(options.outfile, received);
      } catch (e) {
        throw new CliError(`--outfile: cannot write ${options.outfile}: ${(e as Error).message}`, ExitCode.FILE_ERROR);
      }
    }
    if (options.json) printJson({ ...outcomeJson(result), data: options.request ? received : null });
    else if (options.outfile !== '-') {
      const out = [outcomeText(result)];
      if (data) out.push(`Sent ${data.length} bytes of data`);
      if (options.request) {
        out.push('', received.length ? `Received ${received.length} bytes of data:` : 'No data received');
        if (received.length && options.outfile === undefined) out.push(hexDump(received));
      }
      stdout.write(`${out.join('\n')}\n`);
    }
    return status;
  });
}
