/** SANITIZE (SBC-5): make all user data unrecoverable (overwrite, block erase, cryptographic erase). */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, flag, u16 } from '../../dsl/fields.js';
import { DecodeError } from '../../errors/decode-error.js';
import { FieldRangeError } from '../../errors/field-errors.js';

/** SANITIZE's service actions (SBC-5 table "SANITIZE service action codes"). */
export const SANITIZE_SERVICE_ACTION = {
  /** OVERWRITE: write a pattern (from the parameter list) over every block, `count` times. */
  overwrite: 0x01,
  /** BLOCK ERASE: erase the medium's blocks (flash: erase the cells). */
  blockErase: 0x02,
  /** CRYPTOGRAPHIC ERASE: change the media encryption keys. */
  cryptographicErase: 0x03,
  /** EXIT FAILURE MODE: leave the failure mode a failed sanitize left the device in, without completing it. */
  exitFailureMode: 0x1f,
} as const;

/** Name of a SANITIZE service action. */
export type SanitizeAction = keyof typeof SANITIZE_SERVICE_ACTION;

/**
 * SANITIZE (0x48): a 10-byte CDB whose service action says how; OVERWRITE
 * sends a parameter list (see {@link encodeSanitizeOverwrite}), the others
 * none. Every service action destroys the data (EXIT FAILURE MODE ends a
 * sanitize that already did).
 */
export const sanitize = defineCdb({
  id: 'sanitize',
  name: 'SANITIZE',
  standard: 'SBC-5',
  description: 'Make all user data unrecoverable: overwrite (1), block erase (2), cryptographic erase (3), exit failure mode (0x1f)',
  opcode: 0x48,
  length: 10,
  direction: (f) => (f.parameterListLength > 0 ? 'out' : 'none'),
  effect: 'destructive',
  dataLength: allocationLength('parameterListLength'),
  fields: {
    immed: flag(1, 7, { description: 'IMMED: return once the sanitize has started (poll REQUEST SENSE for its progress)' }),
    znr: flag(1, 6, { description: 'ZNR: zoned devices leave the zones as they are (no reset of write pointers)' }),
    ause: flag(1, 5, { description: 'AUSE: allow EXIT FAILURE MODE after this sanitize fails' }),
    serviceAction: bits(1, 4, 5, { default: SANITIZE_SERVICE_ACTION.overwrite, description: 'SERVICE ACTION: 1 overwrite, 2 block erase, 3 cryptographic erase, 0x1f exit failure mode' }),
    parameterListLength: u16(7, { description: 'PARAMETER LIST LENGTH: bytes sent (OVERWRITE: 4 + the pattern length; 0 otherwise)' }),
    control: control(9),
  },
});

/** The OVERWRITE parameter list (SBC-5): how to overwrite, and the pattern. */
export interface SanitizeOverwrite {
  /** INVERT: invert the pattern between overwrite passes. */
  readonly invert?: boolean;
  /** TEST (0..3): vendor test field (0 for normal operation). */
  readonly test?: number;
  /** OVERWRITE COUNT (1..31): passes over the medium (default 1). */
  readonly count?: number;
  /** INITIALIZATION PATTERN: 1 byte up to a logical block, written repeatedly over every block. */
  readonly pattern: Uint8Array;
}

/** Encodes an OVERWRITE parameter list: the 4-byte header, then the pattern. */
export function encodeSanitizeOverwrite(p: SanitizeOverwrite): Uint8Array {
  const count = p.count ?? 1;
  const test = p.test ?? 0;
  if (!Number.isInteger(count) || count < 1 || count > 31) throw new FieldRangeError('SANITIZE OVERWRITE parameters', 'count', `must be 1..31 passes, got ${String(count)}`);
  if (!Number.isInteger(test) || test < 0 || test > 3) throw new FieldRangeError('SANITIZE OVERWRITE parameters', 'test', `must be 0..3, got ${String(test)}`);
  if (p.pattern.length === 0 || p.pattern.length > 0xffff) {
    throw new FieldRangeError('SANITIZE OVERWRITE parameters', 'pattern', `must be 1 byte up to a logical block (SBC-5: at most the block length), got ${p.pattern.length} bytes`);
  }
  const out = new Uint8Array(4 + p.pattern.length);
  out[0] = (p.invert ? 0x80 : 0) | (test << 5) | count;
  out[2] = p.pattern.length >> 8;
  out[3] = p.pattern.length & 0xff;
  out.set(p.pattern, 4);
  return out;
}

/** Decodes an OVERWRITE parameter list (what a device, such as @sgio/target's disk, receives). */
export function decodeSanitizeOverwrite(bytes: Uint8Array): Required<SanitizeOverwrite> {
  if (bytes.length < 4) throw new DecodeError('SANITIZE OVERWRITE parameters', 0, `the header needs 4 bytes, got ${bytes.length}`);
  const length = (bytes[2]! << 8) | bytes[3]!;
  if (length === 0) throw new DecodeError('SANITIZE OVERWRITE parameters', 2, 'INITIALIZATION PATTERN LENGTH is 0');
  if (bytes.length < 4 + length) throw new DecodeError('SANITIZE OVERWRITE parameters', 4, `the pattern is ${length} bytes but only ${bytes.length - 4} follow the header`);
  const b0 = bytes[0]!;
  return { invert: (b0 & 0x80) !== 0, test: (b0 >> 5) & 0x03, count: b0 & 0x1f, pattern: bytes.subarray(4, 4 + length) };
}
