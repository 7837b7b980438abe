/**
 * The ACME drive health log page (page 0x30, vendor specific; read with
 * LOG SENSE): a standard log page frame whose parameter codes mean what ACME
 * says. The generic log decoder of @sgio/struct does the framing; this file
 * only names the parameters.
 */
import { DecodeError, decodeGenericLogPage, type LogParameter } from '@sgio/struct';

/** The page code ACME uses (vendor-specific log pages are 0x30..0x3E). */
export const ACME_HEALTH_LOG_PAGE = 0x30;

/** Parameter codes of the ACME health log page. */
export const ACME_HEALTH_PARAMETER = {
  /** Power-on hours (4-byte counter). */
  powerOnHours: 0x0000,
  /** Media wear in percent of rated endurance (1 byte). */
  mediaWearPercent: 0x0001,
  /** Spare blocks left (4-byte counter). */
  spareBlocks: 0x0002,
  /** Firmware build tag (ASCII, 8 bytes). */
  firmwareBuild: 0x0003,
} as const;

/** The ACME health log page, decoded. */
export interface AcmeHealthLog {
  /** Power-on hours. */
  readonly powerOnHours: number | undefined;
  /** Media wear, 0..100 (may exceed 100 past the rated endurance). */
  readonly mediaWearPercent: number | undefined;
  /** Spare blocks left. */
  readonly spareBlocks: number | undefined;
  /** Firmware build tag, trimmed. */
  readonly firmwareBuild: string | undefined;
  /** Parameters this decoder does not know, as the generic decoder returned them. */
  readonly unknown: readonly LogParameter[];
}

/** The value bytes of a parameter: its 4-byte header starts at `offset` in the page. */
function valueBytes(page: Uint8Array, p: LogParameter): Uint8Array {
  return page.subarray(p.offset + 4, p.offset + 4 + p.parameterLength);
}

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes).trim();
}

/**
 * Decodes the ACME health log page from LOG SENSE data.
 * @throws {@link DecodeError} for another page or malformed parameters.
 */
export function decodeAcmeHealthLog(data: Uint8Array): AcmeHealthLog {
  const page = decodeGenericLogPage(data);
  if (page.pageCode !== ACME_HEALTH_LOG_PAGE) {
    throw new DecodeError('ACME health log', 0, `page 0x${page.pageCode.toString(16)} is not the ACME health page 0x30`);
  }
  const byCode = new Map(page.parameters.map((p) => [p.parameterCode, p]));
  const counter = (code: number): number | undefined => {
    const value = byCode.get(code)?.value;
    return value === undefined || value === null ? undefined : Number(value);
  };
  const build = byCode.get(ACME_HEALTH_PARAMETER.firmwareBuild);
  const known = new Set<number>(Object.values(ACME_HEALTH_PARAMETER));
  return {
    powerOnHours: counter(ACME_HEALTH_PARAMETER.powerOnHours),
    mediaWearPercent: counter(ACME_HEALTH_PARAMETER.mediaWearPercent),
    spareBlocks: counter(ACME_HEALTH_PARAMETER.spareBlocks),
    firmwareBuild: build ? ascii(valueBytes(data, build)) : undefined,
    unknown: page.parameters.filter((p) => !known.has(p.parameterCode)),
  };
}
