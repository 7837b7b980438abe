/**
 * Additional sense code (ASC) and qualifier (ASCQ) descriptions.
 *
 * @packageDocumentation
 */

import { ASC_ASCQ_LINES, ASC_ASCQ_RANGE_ROWS } from './asc-ascq.generated.js';

/** An ASCQ range whose description embeds the ASCQ, e.g. `Data path failure [0x%x]`. */
export interface AscAscqRange {
  /** The additional sense code. */
  readonly asc: number;
  /** First ASCQ of the range, inclusive. */
  readonly firstAscq: number;
  /** Last ASCQ of the range, inclusive. */
  readonly lastAscq: number;
  /** The description, with `%x` where the ASCQ goes in lower-case hex. */
  readonly format: string;
}

/** How {@link lookupAscAscq} found the description of an ASC/ASCQ pair. */
export type AscAscqSource =
  /** An assigned pair from the T10 table. */
  | 'table'
  /** A range entry whose description embeds the ASCQ. */
  | 'range'
  /** ASC 0x80..0xff: the whole code is vendor specific. */
  | 'vendor-asc'
  /** Assigned ASC, ASCQ 0x80..0xff: vendor specific qualification. */
  | 'vendor-ascq'
  /** Not assigned by T10 (as of the table's date). */
  | 'unknown';

/** The result of {@link lookupAscAscq}. */
export interface AscAscqInfo {
  /** The additional sense code. */
  readonly asc: number;
  /** The additional sense code qualifier. */
  readonly ascq: number;
  /** The human-readable description (never empty). */
  readonly text: string;
  /** Where the text came from. */
  readonly source: AscAscqSource;
}

/** The ASC/ASCQ range entries of the T10 listing, in table order. */
export const ASC_ASCQ_RANGES: readonly AscAscqRange[] = ASC_ASCQ_RANGE_ROWS.map((r) => ({
  asc: r.asc,
  firstAscq: r.first,
  lastAscq: r.last,
  format: r.format,
}));

let table: Map<number, string> | undefined;

/** Builds the (asc << 8 | ascq) -> text map on first use, so importing stays cheap. */
function ascTable(): Map<number, string> {
  if (table === undefined) {
    const map = new Map<number, string>();
    let start = 0;
    while (start < ASC_ASCQ_LINES.length) {
      let end = ASC_ASCQ_LINES.indexOf('\n', start);
      if (end < 0) end = ASC_ASCQ_LINES.length;
      map.set(Number.parseInt(ASC_ASCQ_LINES.slice(start, start + 4), 16), ASC_ASCQ_LINES.slice(start + 4, end));
      start = end + 1;
    }
    table = map;
  }
  return table;
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

function checkByte(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 255) {
    throw new RangeError(`${name} must be an integer from 0 to 255, got ${String(value)}`);
  }
}

/**
 * Looks up an ASC/ASCQ pair: first the range entries (`Diagnostic failure
 * on component [0x91]`), then the assigned pairs, then the vendor-specific rules
 * of SPC (ASC or ASCQ 0x80..0xff), else a neutral `ASC=xx, ASCQ=xx (hex)`.
 *
 * @throws RangeError if `asc` or `ascq` is not an integer in 0..255
 */
export function lookupAscAscq(asc: number, ascq: number): AscAscqInfo {
  checkByte(asc, 'asc');
  checkByte(ascq, 'ascq');
  // Ranges first: where a range covers an ASCQ the table also lists (4D/00,
  // 70/00), the table line is the range's own placeholder ("nn = queue tag").
  for (const range of ASC_ASCQ_RANGES) {
    if (range.asc === asc && ascq >= range.firstAscq && ascq <= range.lastAscq) {
      return { asc, ascq, text: range.format.replace('%x', ascq.toString(16)), source: 'range' };
    }
  }
  const text = ascTable().get((asc << 8) | ascq);
  if (text !== undefined) return { asc, ascq, text, source: 'table' };
  if (asc >= 0x80) {
    return { asc, ascq, text: `vendor specific ASC=${hex2(asc)}, ASCQ=${hex2(ascq)} (hex)`, source: 'vendor-asc' };
  }
  if (ascq >= 0x80) {
    return {
      asc,
      ascq,
      text: `ASC=${hex2(asc)}, vendor specific qualification ASCQ=${hex2(ascq)} (hex)`,
      source: 'vendor-ascq',
    };
  }
  return { asc, ascq, text: `ASC=${hex2(asc)}, ASCQ=${hex2(ascq)} (hex)`, source: 'unknown' };
}

/**
 * The description of an ASC/ASCQ pair, e.g. `ascText(0x24, 0)` is
 * `"Invalid field in cdb"`. Never empty; see {@link lookupAscAscq}.
 *
 * @throws RangeError if `asc` or `ascq` is not an integer in 0..255
 */
export function ascText(asc: number, ascq: number): string {
  return lookupAscAscq(asc, ascq).text;
}

/** Number of assigned ASC/ASCQ pairs in the table (range entries excluded). */
export function ascAscqCount(): number {
  return ascTable().size;
}
