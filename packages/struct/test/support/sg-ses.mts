/** Reading sg_ses' text in the SES peer tests (test-only: named *.mts beside fixtures.mts, which vitest does not collect). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, sg3 } from './fixtures.mjs';

/** Path of an SES fixture. */
export const sesFixture = (name: string): string => join(FIXTURES, 'ses', name);

/** The bytes of a hex fixture (`#` comments allowed, as sg_ses reads them). */
export function sesHexFile(name: string): Uint8Array {
  const text = readFileSync(sesFixture(name), 'utf8').replace(/#.*$/gm, '');
  return Uint8Array.from(text.match(/[0-9a-fA-F]{2}/g) ?? [], (h) => parseInt(h, 16));
}

/** `sg_ses --inhex=FIXTURE --status ARGS...`, its stdout. */
export function sgSes(name: string, ...args: string[]): string {
  return sg3('sg_ses', [`--inhex=${sesFixture(name)}`, '--status', ...args]);
}

/** sg_ses blocks of a per-element listing, keyed `ti,ii` (ii -1 for the overall element). */
export function elementBlocks(text: string): Map<string, { typeName: string; body: string }> {
  const out = new Map<string, { typeName: string; body: string }>();
  let ti = -1;
  let typeName = '';
  let key: string | undefined;
  for (const line of text.split('\n')) {
    const t = /Element type: (.+), subenclosure id: \d+ \[ti=(\d+)\]/.exec(line);
    if (t) {
      ti = Number(t[2]);
      typeName = t[1]!;
      key = undefined;
      continue;
    }
    const e = /^\s+(?:Overall descriptor|Element (\d+) descriptor):\s*(.*)$/.exec(line);
    if (e) {
      key = `${ti},${e[1] === undefined ? -1 : Number(e[1])}`;
      out.set(key, { typeName, body: e[2] ?? '' });
      continue;
    }
    if (key !== undefined) out.get(key)!.body += `\n${line}`;
  }
  return out;
}

/** The `[ti,ii]` of every row `sg_ses --join` prints, in order. */
export function joinRowKeys(text: string): string[] {
  return [...text.matchAll(/^(?:\S.* )?\[(\d+),(-?\d+)\]\s+Element type: /gm)].map((m) => `${m[1]},${m[2]}`);
}

/** The bytes of sg_ses' hex dump (offset, 16 bytes in two groups of 8, ASCII): the hex columns only. */
export function hexDumpBytes(text: string): number[] {
  const out: number[] = [];
  for (const line of text.split('\n')) {
    if (!/^ [0-9a-f]{2,}\s{2,}[0-9a-f]{2} /.test(line)) continue;
    for (const h of line.slice(8, 8 + 49).match(/[0-9a-f]{2}/g) ?? []) out.push(parseInt(h, 16));
  }
  return out;
}
