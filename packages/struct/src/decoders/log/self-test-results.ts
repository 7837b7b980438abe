/** Self-Test Results log page (0x10, SPC-6 7.3.22). */
import { bits, u16, u64, u8 } from '../../dsl/fields.js';
import { defineLayout } from '../../dsl/layout.js';
import { paddedCopy } from '../bytes.js';
import { readLogPageFrame, type LogPageHeader } from './header.js';
import { readLogParameters } from './parameters.js';

/** Layout of one self-test results parameter's value (16 bytes, offsets from the value start). */
export const SELF_TEST_RESULT_LAYOUT = defineLayout({
  name: 'self-test results log parameter',
  length: 16,
  fields: {
    selfTestCode: bits(0, 7, 3, { description: 'self-test code of the SEND DIAGNOSTIC that ran it' }),
    selfTestResult: bits(0, 3, 4, { description: '0 passed, 1 aborted, 2 aborted by reset, 3..7 failed, 15 in progress' }),
    selfTestNumber: u8(1, { description: 'self-test number (segment that failed)' }),
    accumulatedPowerOnHours: u16(2, { description: 'power-on hours when the test completed' }),
    addressOfFirstFailure: u64(4, { description: 'LBA of the first failure' }),
    senseKey: bits(12, 3, 4, { description: 'sense key' }),
    asc: u8(13, { description: 'additional sense code' }),
    ascq: u8(14, { description: 'additional sense code qualifier' }),
    vendorSpecific: u8(15, { description: 'vendor specific' }),
  },
});

/** Names of self-test results. */
export type SelfTestResultName =
  | 'passed'
  | 'aborted-by-send-diagnostic'
  | 'aborted-by-reset'
  | 'unknown-error'
  | 'failed-unknown-segment'
  | 'failed-first-segment'
  | 'failed-second-segment'
  | 'failed-other-segment'
  | 'in-progress'
  | 'reserved';

const RESULT_NAMES: readonly SelfTestResultName[] = [
  'passed',
  'aborted-by-send-diagnostic',
  'aborted-by-reset',
  'unknown-error',
  'failed-unknown-segment',
  'failed-first-segment',
  'failed-second-segment',
  'failed-other-segment',
];

/** One self-test result. */
export interface SelfTestResult {
  /** Parameter code (1..20; 1 is the most recent). */
  readonly parameterCode: number;
  /** Self-test code. */
  readonly selfTestCode: number;
  /** Self-test result code. */
  readonly selfTestResult: number;
  /** Self-test result by name. */
  readonly selfTestResultName: SelfTestResultName;
  /** Self-test number. */
  readonly selfTestNumber: number;
  /** Accumulated power-on hours at completion. */
  readonly accumulatedPowerOnHours: number;
  /** Address of the first failure (all ones: none). */
  readonly addressOfFirstFailure: bigint;
  /** Sense key. */
  readonly senseKey: number;
  /** Additional sense code. */
  readonly asc: number;
  /** Additional sense code qualifier. */
  readonly ascq: number;
  /** Vendor specific byte. */
  readonly vendorSpecific: number;
  /** Whether the entry is unused (all fields zero). */
  readonly empty: boolean;
}

/** Decoded Self-Test Results log page. */
export interface SelfTestResultsLogPage extends LogPageHeader {
  /** Results in page order (most recent first). */
  readonly results: SelfTestResult[];
}

/**
 * Decodes the Self-Test Results log page (0x10). Parameters shorter than 16
 * bytes decode with the missing bytes as zero.
 * @throws {@link DecodeError} on fewer than 4 bytes, another page code or a malformed parameter list.
 */
export function decodeSelfTestResultsLogPage(bytes: Uint8Array): SelfTestResultsLogPage {
  const frame = readLogPageFrame(bytes, 'Self-Test Results log page', 0x10);
  const list = readLogParameters(frame, 'Self-Test Results log page');
  const results = list.entries.map(({ parameter, valueBytes }): SelfTestResult => {
    const f = SELF_TEST_RESULT_LAYOUT.decode(paddedCopy(valueBytes, 0, 16));
    return {
      parameterCode: parameter.parameterCode,
      ...f,
      selfTestResultName: f.selfTestResult === 15 ? 'in-progress' : (RESULT_NAMES[f.selfTestResult] ?? 'reserved'),
      empty: valueBytes.every((b) => b === 0),
    };
  });
  return { ...frame.header, results };
}
