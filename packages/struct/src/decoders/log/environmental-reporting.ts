/** Environmental Reporting log page (0x0D, subpage 0x01, SPC-6 7.3.7): temperature and relative humidity. */
import { readLogPageFrame, type LogPageHeader } from './header.js';
import { readLogParameters, type LogParameter } from './parameters.js';

/** One temperature (parameters 0x0000..0x00FF) or relative humidity (0x0100..0x01FF) report. */
export interface EnvironmentalReport {
  /** Parameter code. */
  readonly parameterCode: number;
  /** What it measures. */
  readonly kind: 'temperature' | 'relative-humidity';
  /** Current value (°C, signed, or % RH); null when not available. */
  readonly current: number | null;
  /** Lifetime maximum. */
  readonly lifetimeMaximum: number | null;
  /** Lifetime minimum. */
  readonly lifetimeMinimum: number | null;
  /** Maximum since power on. */
  readonly maximumSincePowerOn: number | null;
  /** Minimum since power on. */
  readonly minimumSincePowerOn: number | null;
}

/** Decoded Environmental Reporting log page. */
export interface EnvironmentalReportingLogPage extends LogPageHeader {
  /** The reports, in page order. */
  readonly reports: EnvironmentalReport[];
  /** Every parameter, generically. */
  readonly parameters: LogParameter[];
}

/** Temperatures are signed bytes, 0x80 is "not available"; humidity is 0..100, above 100 not available. */
function reading(byte: number | undefined, kind: EnvironmentalReport['kind']): number | null {
  if (byte === undefined) return null;
  if (kind === 'temperature') return byte === 0x80 ? null : (byte << 24) >> 24;
  return byte > 100 ? null : byte;
}

/**
 * Decodes the Environmental Reporting log page (0x0D, 0x01).
 * @throws {@link DecodeError} on fewer than 4 bytes, another page code or a malformed parameter list.
 */
export function decodeEnvironmentalReportingLogPage(bytes: Uint8Array): EnvironmentalReportingLogPage {
  const frame = readLogPageFrame(bytes, 'Environmental Reporting log page', 0x0d);
  const list = readLogParameters(frame, 'Environmental Reporting log page');
  const reports: EnvironmentalReport[] = [];
  for (const { parameter, valueBytes: v } of list.entries) {
    if (parameter.parameterCode > 0x1ff || v.length < 6) continue;
    const kind = parameter.parameterCode < 0x100 ? 'temperature' : 'relative-humidity';
    reports.push({
      parameterCode: parameter.parameterCode,
      kind,
      current: reading(v[1], kind),
      lifetimeMaximum: reading(v[2], kind),
      lifetimeMinimum: reading(v[3], kind),
      maximumSincePowerOn: reading(v[4], kind),
      minimumSincePowerOn: reading(v[5], kind),
    });
  }
  return { ...frame.header, reports, parameters: list.entries.map((e) => e.parameter) };
}
