/** Log parameters (SPC-6 7.3.2.2): the list that follows most log page headers. */
import { bits, flag, u16, u8 } from '../../dsl/fields.js';
import { defineLayout } from '../../dsl/layout.js';
import { DecodeError } from '../../errors/decode-error.js';
import { readBigUint, toHex } from '../bytes.js';
import type { LogPageFrame } from './header.js';

/** Layout of the 4-byte log parameter header. */
export const LOG_PARAMETER_HEADER_LAYOUT = defineLayout({
  name: 'log parameter',
  length: 4,
  fields: {
    parameterCode: u16(0, { description: 'parameter code' }),
    du: flag(2, 7, { description: 'disable update' }),
    tsd: flag(2, 5, { description: 'target save disable' }),
    etc: flag(2, 4, { description: 'enable threshold comparison' }),
    tmc: bits(2, 3, 2, { description: 'threshold met criteria' }),
    formatAndLinking: bits(2, 1, 2, { description: '0 bounded data counter, 1 ASCII, 2 unbounded counter, 3 binary' }),
    parameterLength: u8(3, { description: 'bytes of parameter value' }),
  },
});

/** One decoded log parameter. */
export interface LogParameter {
  /** Parameter code. */
  readonly parameterCode: number;
  /** Disable update (DU). */
  readonly du: boolean;
  /** Target save disable (TSD). */
  readonly tsd: boolean;
  /** Enable threshold comparison (ETC). */
  readonly etc: boolean;
  /** Threshold met criteria (TMC). */
  readonly tmc: number;
  /** Format and linking. */
  readonly formatAndLinking: number;
  /** Parameter length (bytes of value declared). */
  readonly parameterLength: number;
  /** Offset of the parameter in the page. */
  readonly offset: number;
  /** The value bytes as lowercase hex. */
  readonly valueHex: string;
  /** The value as an unsigned big-endian integer when it is 1..8 bytes long; else null. */
  readonly value: bigint | null;
}

/** A log parameter and a view of its value bytes, for page-specific decoders. */
export interface LogParameterEntry {
  /** The decoded parameter. */
  readonly parameter: LogParameter;
  /** The value bytes (a view into the page). */
  readonly valueBytes: Uint8Array;
}

/** Parameters of a page, and whether the list was cut short. */
export interface LogParameterList {
  /** The parameters, in page order. */
  readonly entries: LogParameterEntry[];
  /** Whether a short buffer cut the list (the page header said more). */
  readonly truncated: boolean;
}

/**
 * Reads the parameter list of a page (from byte 4). A parameter cut by a
 * short buffer ends the list (`truncated`); one running past the page length
 * the device declared is a {@link DecodeError}.
 */
export function readLogParameters(frame: LogPageFrame, label: string): LogParameterList {
  const { page, header } = frame;
  const entries: LogParameterEntry[] = [];
  let off = 4;
  while (off < page.length) {
    const next = off + 4 + (off + 3 < page.length ? page[off + 3]! : 0);
    if (off + 4 > page.length || next > page.length) {
      if (header.truncated) break;
      throw new DecodeError(label, off, `log parameter runs past the page length (${header.pageLength})`);
    }
    const h = LOG_PARAMETER_HEADER_LAYOUT.decode(page, off);
    const valueBytes = page.subarray(off + 4, next);
    entries.push({
      parameter: {
        ...h,
        offset: off,
        valueHex: toHex(valueBytes),
        value: valueBytes.length >= 1 && valueBytes.length <= 8 ? readBigUint(valueBytes, 0, valueBytes.length) : null,
      },
      valueBytes,
    });
    off = next;
  }
  return { entries, truncated: header.truncated };
}
