/**
 * The SES Threshold In diagnostic page (05h, SES-4 6.1.9): INVOP, the
 * generation code, then one 4-byte threshold status descriptor per element
 * of the Configuration page (per type header: the overall element, then the
 * individual ones) holding HIGH CRITICAL, HIGH WARNING, LOW WARNING and LOW
 * CRITICAL THRESHOLD. What the four bytes measure depends on the element
 * type: {@link SesThresholdMeaning} reads them for the types SES-4 (and
 * sg_ses) give units to; other types keep the raw bytes only.
 */
import { toHex } from '../bytes.js';
import { sesElementPositions, type SesConfiguration, type SesElementPosition } from './configuration.js';
import { SES_ELEMENT_TYPE } from './element-types.js';
import { readSesPageHeader } from './page-header.js';

const PAGE = 'SES Threshold In page';

/** What a temperature value of 0 means: reserved (SES-4: 1..255 are -19 °C..235 °C). */
const TEMPERATURE_OFFSET = 20;

/** Temperature sensor thresholds in degrees Celsius (byte value - 20); null where the byte is 0 (reserved; sg_ses prints `<res>`). */
export interface SesTemperatureThresholds {
  /** Always `temperature`. */
  readonly kind: 'temperature';
  /** HIGH CRITICAL THRESHOLD, °C. */
  readonly highCritical: number | null;
  /** HIGH WARNING THRESHOLD, °C. */
  readonly highWarning: number | null;
  /** LOW WARNING THRESHOLD, °C. */
  readonly lowWarning: number | null;
  /** LOW CRITICAL THRESHOLD, °C. */
  readonly lowCritical: number | null;
}

/** Voltage sensor thresholds in percent of the nominal voltage (units of 0.5 %): the high ones above nominal, the low ones below. */
export interface SesVoltageThresholds {
  /** Always `voltage`. */
  readonly kind: 'voltage';
  /** HIGH CRITICAL THRESHOLD, % above nominal. */
  readonly highCritical: number;
  /** HIGH WARNING THRESHOLD, % above nominal. */
  readonly highWarning: number;
  /** LOW WARNING THRESHOLD, % below nominal. */
  readonly lowWarning: number;
  /** LOW CRITICAL THRESHOLD, % below nominal. */
  readonly lowCritical: number;
}

/** Current sensor thresholds in percent above the nominal current (units of 0.5 %); the low fields are reserved. */
export interface SesCurrentThresholds {
  /** Always `current`. */
  readonly kind: 'current';
  /** HIGH CRITICAL THRESHOLD, % above nominal. */
  readonly highCritical: number;
  /** HIGH WARNING THRESHOLD, % above nominal. */
  readonly highWarning: number;
}

/** Uninterruptible power supply thresholds: minutes of battery left; null where the byte is 0 (vendor specific; sg_ses prints `<vendor>`). The high fields are reserved. */
export interface SesUpsThresholds {
  /** Always `ups`. */
  readonly kind: 'ups';
  /** LOW WARNING THRESHOLD, minutes. */
  readonly lowWarning: number | null;
  /** LOW CRITICAL THRESHOLD, minutes. */
  readonly lowCritical: number | null;
}

/** What the four threshold bytes measure for the element's type; `none` for types SES-4 defines no thresholds for (sg_ses prints nothing for them). */
export type SesThresholdMeaning =
  | SesTemperatureThresholds
  | SesVoltageThresholds
  | SesCurrentThresholds
  | SesUpsThresholds
  | {
      /** An element type SES-4 gives the thresholds no unit for: only the raw bytes. */
      readonly kind: 'none';
    };

/** One element's threshold status descriptor. */
export interface SesThresholdElement extends SesElementPosition {
  /** HIGH CRITICAL THRESHOLD byte. */
  readonly highCritical: number;
  /** HIGH WARNING THRESHOLD byte. */
  readonly highWarning: number;
  /** LOW WARNING THRESHOLD byte. */
  readonly lowWarning: number;
  /** LOW CRITICAL THRESHOLD byte. */
  readonly lowCritical: number;
  /** The bytes read for the element type. */
  readonly meaning: SesThresholdMeaning;
  /** The 4 bytes, hex. */
  readonly hex: string;
}

/** Decoded Threshold In diagnostic page. */
export interface SesThresholdIn {
  /** Always 0x05. */
  readonly pageCode: number;
  /** INVOP: an invalid Threshold Out page was sent. */
  readonly invop: boolean;
  /** GENERATION CODE. */
  readonly generationCode: number;
  /** False when it differs from the configuration's (read both again; sg_ses then lists no descriptors). */
  readonly generationMatches: boolean;
  /** One per element, overall ones included (`index` -1). */
  readonly elements: readonly SesThresholdElement[];
  /** True when the page had fewer descriptors than the configuration describes. */
  readonly truncated: boolean;
}

const celsius = (v: number): number | null => (v === 0 ? null : v - TEMPERATURE_OFFSET);
const minutes = (v: number): number | null => (v === 0 ? null : v);
const halfPercent = (v: number): number => v / 2;

/** Reads the four threshold bytes `b` for element type `elementType`. */
export function sesThresholdMeaning(elementType: number, b: readonly [number, number, number, number]): SesThresholdMeaning {
  switch (elementType) {
    case SES_ELEMENT_TYPE.temperatureSensor:
      return { kind: 'temperature', highCritical: celsius(b[0]), highWarning: celsius(b[1]), lowWarning: celsius(b[2]), lowCritical: celsius(b[3]) };
    case SES_ELEMENT_TYPE.voltageSensor:
      return { kind: 'voltage', highCritical: halfPercent(b[0]), highWarning: halfPercent(b[1]), lowWarning: halfPercent(b[2]), lowCritical: halfPercent(b[3]) };
    case SES_ELEMENT_TYPE.currentSensor:
      return { kind: 'current', highCritical: halfPercent(b[0]), highWarning: halfPercent(b[1]) };
    case SES_ELEMENT_TYPE.uninterruptiblePowerSupply:
      return { kind: 'ups', lowWarning: minutes(b[2]), lowCritical: minutes(b[3]) };
    default:
      return { kind: 'none' };
  }
}

/**
 * Decodes the Threshold In diagnostic page (05h) with the Configuration page
 * that says which element each descriptor belongs to.
 * @throws {@link DecodeError} when the bytes are not page 05h or are shorter than its header.
 */
export function decodeSesThresholdIn(bytes: Uint8Array, config: SesConfiguration): SesThresholdIn {
  const { end, generationCode } = readSesPageHeader(bytes, 0x05, PAGE);
  const positions = sesElementPositions(config);
  const elements: SesThresholdElement[] = [];
  for (const p of positions) {
    const at = 8 + 4 * p.withOverallIndex;
    if (at + 4 > end) break;
    const b = [bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!] as const;
    elements.push({ ...p, highCritical: b[0], highWarning: b[1], lowWarning: b[2], lowCritical: b[3], meaning: sesThresholdMeaning(p.elementType, b), hex: toHex(bytes, at, at + 4) });
  }
  return {
    pageCode: 0x05,
    invop: (bytes[1]! & 0x10) !== 0,
    generationCode,
    generationMatches: generationCode === config.generationCode,
    elements,
    truncated: elements.length < positions.length,
  };
}
