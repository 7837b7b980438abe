/** Write, Read and Verify Error Counter log pages (0x02, 0x03, 0x05; SBC-5 / SPC-6 7.3.8). */
import { DecodeError } from '../../errors/decode-error.js';
import { hexByte, readBigUint } from '../bytes.js';
import { readLogPageFrame, type LogPageHeader } from './header.js';
import { readLogParameters, type LogParameter } from './parameters.js';

/** The page codes that share the error counter layout. */
export const ERROR_COUNTER_PAGES = { write: 0x02, read: 0x03, readReverse: 0x04, verify: 0x05 } as const;

/** Decoded error counter log page; each counter is null when the device does not report its parameter. */
export interface ErrorCounterLogPage extends LogPageHeader {
  /** Errors corrected without substantial delay (parameter 0x0000). */
  readonly correctedWithoutDelay: bigint | null;
  /** Errors corrected with possible delays (0x0001). */
  readonly correctedWithDelay: bigint | null;
  /** Total rewrites or rereads (0x0002). */
  readonly totalRereadsOrRewrites: bigint | null;
  /** Total errors corrected (0x0003). */
  readonly totalErrorsCorrected: bigint | null;
  /** Total times the correction algorithm was processed (0x0004). */
  readonly correctionAlgorithmInvocations: bigint | null;
  /** Total bytes processed (0x0005). */
  readonly totalBytesProcessed: bigint | null;
  /** Total uncorrected errors (0x0006). */
  readonly totalUncorrectedErrors: bigint | null;
  /** Every parameter, generically (vendor parameters included). */
  readonly parameters: LogParameter[];
}

/** A log page's parameter value as an unsigned counter of up to 8 bytes, or null when absent or empty. */
export function counterOf(valueBytes: Uint8Array | undefined): bigint | null {
  if (valueBytes === undefined || valueBytes.length === 0) return null;
  // counters longer than 8 bytes: keep the low 8 (smartctl does the same)
  const n = Math.min(valueBytes.length, 8);
  return readBigUint(valueBytes, valueBytes.length - n, n);
}

/**
 * Decodes a Write (0x02), Read (0x03), Read Reverse (0x04) or Verify (0x05)
 * Error Counter log page.
 * @throws {@link DecodeError} on fewer than 4 bytes, another page code or a malformed parameter list.
 */
export function decodeErrorCounterLogPage(bytes: Uint8Array): ErrorCounterLogPage {
  const label = 'Error Counter log page';
  const frame = readLogPageFrame(bytes, label);
  if (frame.header.pageCode < 0x02 || frame.header.pageCode > 0x05) {
    throw new DecodeError(label, 0, `page code is ${hexByte(frame.header.pageCode)}, expected 0x02..0x05`);
  }
  const list = readLogParameters(frame, label);
  const find = (code: number): bigint | null => counterOf(list.entries.find((e) => e.parameter.parameterCode === code)?.valueBytes);
  return {
    ...frame.header,
    correctedWithoutDelay: find(0),
    correctedWithDelay: find(1),
    totalRereadsOrRewrites: find(2),
    totalErrorsCorrected: find(3),
    correctionAlgorithmInvocations: find(4),
    totalBytesProcessed: find(5),
    totalUncorrectedErrors: find(6),
    parameters: list.entries.map((e) => e.parameter),
  };
}
