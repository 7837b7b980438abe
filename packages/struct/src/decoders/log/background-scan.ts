/** Background Scan Results log page (0x15, SBC-5 6.5.2): scan status and the medium scan events. */
import { readBigUint, readUint } from '../bytes.js';
import { readLogPageFrame, type LogPageHeader } from './header.js';
import { readLogParameters, type LogParameter } from './parameters.js';

/** The background scan status parameter (0x0000). */
export interface BackgroundScanStatus {
  /** Accumulated power on minutes. */
  readonly accumulatedPowerOnMinutes: number;
  /** Background scan status code (0 none active, 1 medium scan active, ...). */
  readonly status: number;
  /** Number of background scans performed. */
  readonly numberOfBackgroundScansPerformed: number;
  /** Background scan progress, in 1/65536 of the whole. */
  readonly scanProgress: number;
  /** Number of background medium scans performed (0 when the parameter is shorter). */
  readonly numberOfBackgroundMediumScansPerformed: number;
}

/** One medium scan parameter (0x0001..0x0800): a defect the scan found. */
export interface BackgroundScanEvent {
  /** Parameter code. */
  readonly parameterCode: number;
  /** Accumulated power on minutes when found. */
  readonly accumulatedPowerOnMinutes: number;
  /** Reassign status. */
  readonly reassignStatus: number;
  /** Sense key. */
  readonly senseKey: number;
  /** Additional sense code. */
  readonly asc: number;
  /** Additional sense code qualifier. */
  readonly ascq: number;
  /** LBA of the defect. */
  readonly lba: bigint;
}

/** Decoded Background Scan Results log page. */
export interface BackgroundScanResultsLogPage extends LogPageHeader {
  /** The status parameter, or null when absent or shorter than 12 bytes. */
  readonly scanStatus: BackgroundScanStatus | null;
  /** The medium scan parameters, in page order. */
  readonly events: BackgroundScanEvent[];
  /** Every parameter, generically. */
  readonly parameters: LogParameter[];
}

/**
 * Decodes the Background Scan Results log page (0x15, subpage 0).
 * @throws {@link DecodeError} on fewer than 4 bytes, another page code or a malformed parameter list.
 */
export function decodeBackgroundScanResultsLogPage(bytes: Uint8Array): BackgroundScanResultsLogPage {
  const frame = readLogPageFrame(bytes, 'Background Scan Results log page', 0x15);
  const list = readLogParameters(frame, 'Background Scan Results log page');
  let scanStatus: BackgroundScanStatus | null = null;
  const events: BackgroundScanEvent[] = [];
  for (const { parameter, valueBytes: v } of list.entries) {
    if (parameter.parameterCode === 0 && v.length >= 8) {
      scanStatus = {
        accumulatedPowerOnMinutes: readUint(v, 0, 4),
        status: v[5]!,
        numberOfBackgroundScansPerformed: readUint(v, 6, 2),
        scanProgress: v.length >= 10 ? readUint(v, 8, 2) : 0,
        numberOfBackgroundMediumScansPerformed: v.length >= 12 ? readUint(v, 10, 2) : 0,
      };
    } else if (parameter.parameterCode >= 1 && parameter.parameterCode <= 0x800 && v.length >= 20) {
      events.push({
        parameterCode: parameter.parameterCode,
        accumulatedPowerOnMinutes: readUint(v, 0, 4),
        reassignStatus: v[4]! >> 4,
        senseKey: v[4]! & 0x0f,
        asc: v[5]!,
        ascq: v[6]!,
        lba: readBigUint(v, 12, 8),
      });
    }
  }
  return { ...frame.header, scanStatus, events, parameters: list.entries.map((e) => e.parameter) };
}
