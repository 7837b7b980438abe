/** Pending Defects log page (0x15, subpage 0x01, SBC-5 6.5.8). */
import { readBigUint, readUint } from '../bytes.js';
import { readLogPageFrame, type LogPageHeader } from './header.js';
import { readLogParameters, type LogParameter } from './parameters.js';

/** One pending defect (parameters 0x0001..0xF000). */
export interface PendingDefect {
  /** Parameter code. */
  readonly parameterCode: number;
  /** Accumulated power on hours when it was found. */
  readonly accumulatedPowerOnHours: number;
  /** LBA of the pending defect. */
  readonly lba: bigint;
}

/** Decoded Pending Defects log page. */
export interface PendingDefectsLogPage extends LogPageHeader {
  /** Pending defect count (parameter 0x0000), or null when absent. */
  readonly pendingDefectCount: number | null;
  /** The pending defects listed. */
  readonly defects: PendingDefect[];
  /** Every parameter, generically. */
  readonly parameters: LogParameter[];
}

/**
 * Decodes the Pending Defects log page (0x15, 0x01).
 * @throws {@link DecodeError} on fewer than 4 bytes, another page code or a malformed parameter list.
 */
export function decodePendingDefectsLogPage(bytes: Uint8Array): PendingDefectsLogPage {
  const frame = readLogPageFrame(bytes, 'Pending Defects log page', 0x15);
  const list = readLogParameters(frame, 'Pending Defects log page');
  let pendingDefectCount: number | null = null;
  const defects: PendingDefect[] = [];
  for (const { parameter, valueBytes: v } of list.entries) {
    if (parameter.parameterCode === 0 && v.length >= 4) pendingDefectCount = readUint(v, 0, 4);
    else if (parameter.parameterCode >= 1 && parameter.parameterCode <= 0xf000 && v.length >= 12) {
      defects.push({ parameterCode: parameter.parameterCode, accumulatedPowerOnHours: readUint(v, 0, 4), lba: readBigUint(v, 4, 8) });
    }
  }
  return { ...frame.header, pendingDefectCount, defects, parameters: list.entries.map((e) => e.parameter) };
}
