/**
 * The SES Enclosure Status diagnostic page (02h, SES-4 6.1.4): a header with
 * the enclosure's summary bits, then one 4-byte status element per element
 * of the Configuration page (per type header: the overall element, then the
 * individual ones). The common byte 0 is decoded for every element; bytes
 * 1..3 for the element types listed in {@link SesElementDetail}, other types
 * keep them as hex.
 */
import { toHex } from '../bytes.js';
import { sesElementPositions, type SesConfiguration, type SesElementPosition } from './configuration.js';
import { SES_ELEMENT_TYPE } from './element-types.js';
import { readSesPageHeader } from './page-header.js';

const PAGE = 'SES Enclosure Status page';

const STATUS_NAMES: readonly string[] = ['Unsupported', 'OK', 'Critical', 'Noncritical', 'Unrecoverable', 'Not installed', 'Unknown', 'Not available', 'No access allowed'];

/** ELEMENT STATUS CODE values (SES-4 table 78). */
export const SES_ELEMENT_STATUS = {
  unsupported: 0,
  ok: 1,
  critical: 2,
  noncritical: 3,
  unrecoverable: 4,
  notInstalled: 5,
  unknown: 6,
  notAvailable: 7,
  noAccessAllowed: 8,
} as const;

/** The name of an ELEMENT STATUS CODE (`OK`, `Not installed`, ..., `reserved (0x9)`). */
export function sesElementStatusName(code: number): string {
  return STATUS_NAMES[code] ?? `reserved (0x${code.toString(16)})`;
}

const FAN_SPEED_CODES: readonly string[] = [
  'stopped',
  'lowest speed',
  'second lowest speed',
  'third lowest speed',
  'intermediate speed',
  'third highest speed',
  'second highest speed',
  'highest speed',
];

/** Device Slot (01h) and Array Device Slot (17h) status fields (SES-4 7.3.2, 7.3.3). */
export interface SesSlotStatus {
  /** `device-slot` or `array-device-slot`. */
  readonly kind: 'device-slot' | 'array-device-slot';
  /** SLOT ADDRESS (device slot only). */
  readonly slotAddress?: number;
  /** OK (array device slot only), and the other array flags of byte 1. */
  readonly ok?: boolean;
  /** RSVD DEVICE (array device slot). */
  readonly reservedDevice?: boolean;
  /** HOT SPARE (array device slot). */
  readonly hotSpare?: boolean;
  /** CONS CHK (array device slot). */
  readonly consistencyCheck?: boolean;
  /** IN CRIT ARRAY (array device slot). */
  readonly inCriticalArray?: boolean;
  /** IN FAILED ARRAY (array device slot). */
  readonly inFailedArray?: boolean;
  /** REBUILD/REMAP (array device slot). */
  readonly rebuildRemap?: boolean;
  /** R/R ABORT (array device slot). */
  readonly rebuildRemapAborted?: boolean;
  /** APP CLIENT BYPASSED A. */
  readonly appClientBypassedA: boolean;
  /** DO NOT REMOVE. */
  readonly doNotRemove: boolean;
  /** ENCLOSURE BYPASSED A. */
  readonly enclosureBypassedA: boolean;
  /** ENCLOSURE BYPASSED B. */
  readonly enclosureBypassedB: boolean;
  /** READY TO INSERT. */
  readonly readyToInsert: boolean;
  /** RMV: prepared for removal. */
  readonly rmv: boolean;
  /** IDENT: the locate indicator is on. */
  readonly ident: boolean;
  /** REPORT: this element's device is the one reporting. */
  readonly report: boolean;
  /** APP CLIENT BYPASSED B. */
  readonly appClientBypassedB: boolean;
  /** FAULT SENSED: the enclosure detected a fault. */
  readonly faultSensed: boolean;
  /** FAULT REQSTD: a fault indication was requested (RQST FAULT). */
  readonly faultRequested: boolean;
  /** DEVICE OFF. */
  readonly deviceOff: boolean;
  /** BYPASSED A. */
  readonly bypassedA: boolean;
  /** BYPASSED B. */
  readonly bypassedB: boolean;
  /** DEVICE BYPASSED A. */
  readonly deviceBypassedA: boolean;
  /** DEVICE BYPASSED B. */
  readonly deviceBypassedB: boolean;
}

/** Power Supply (02h) status fields (SES-4 7.3.4). */
export interface SesPowerSupplyStatus {
  /** Always `power-supply`. */
  readonly kind: 'power-supply';
  /** IDENT. */
  readonly ident: boolean;
  /** DO NOT REMOVE. */
  readonly doNotRemove: boolean;
  /** DC OVERVOLTAGE. */
  readonly dcOvervoltage: boolean;
  /** DC UNDERVOLTAGE. */
  readonly dcUndervoltage: boolean;
  /** DC OVERCURRENT. */
  readonly dcOvercurrent: boolean;
  /** HOT SWAP. */
  readonly hotSwap: boolean;
  /** FAIL. */
  readonly fail: boolean;
  /** REQUESTED ON. */
  readonly requestedOn: boolean;
  /** OFF. */
  readonly off: boolean;
  /** OVERTMP FAIL. */
  readonly overtemperatureFailure: boolean;
  /** TEMP WARN. */
  readonly temperatureWarning: boolean;
  /** AC FAIL. */
  readonly acFail: boolean;
  /** DC FAIL. */
  readonly dcFail: boolean;
}

/** Cooling (03h) status fields (SES-4 7.3.5). */
export interface SesCoolingStatus {
  /** Always `cooling`. */
  readonly kind: 'cooling';
  /** IDENT. */
  readonly ident: boolean;
  /** DO NOT REMOVE. */
  readonly doNotRemove: boolean;
  /** FAN SPEED FACTOR (SES-4; 0 in SES-3 devices). */
  readonly fanSpeedFactor: number;
  /** ACTUAL FAN SPEED field as sent. */
  readonly actualFanSpeed: number;
  /** The speed in rpm from the field and its factor; undefined for a reserved factor. */
  readonly fanSpeedRpm: number | undefined;
  /** HOT SWAP. */
  readonly hotSwap: boolean;
  /** FAIL. */
  readonly fail: boolean;
  /** REQUESTED ON. */
  readonly requestedOn: boolean;
  /** OFF. */
  readonly off: boolean;
  /** ACTUAL SPEED CODE (0 stopped .. 7 highest speed). */
  readonly actualSpeedCode: number;
  /** Its name. */
  readonly actualSpeedName: string;
}

/** Temperature Sensor (04h) status fields (SES-4 7.3.6). */
export interface SesTemperatureStatus {
  /** Always `temperature-sensor`. */
  readonly kind: 'temperature-sensor';
  /** IDENT. */
  readonly ident: boolean;
  /** FAIL. */
  readonly fail: boolean;
  /** OFFSET FOR REFERENCE TEMPERATURE. */
  readonly referenceTemperatureOffset: number;
  /** TEMPERATURE in degrees Celsius (the field less 20); null when the field is 0 (reserved). */
  readonly temperature: number | null;
  /** OT FAILURE: over the failure threshold. */
  readonly overtemperatureFailure: boolean;
  /** OT WARNING. */
  readonly overtemperatureWarning: boolean;
  /** UT FAILURE. */
  readonly undertemperatureFailure: boolean;
  /** UT WARNING. */
  readonly undertemperatureWarning: boolean;
}

/** Enclosure (0Eh) status fields (SES-4 7.3.16). */
export interface SesEnclosureElementStatus {
  /** Always `enclosure`. */
  readonly kind: 'enclosure';
  /** IDENT. */
  readonly ident: boolean;
  /** TIME UNTIL POWER CYCLE, minutes (0 none scheduled, 3Fh zero minutes). */
  readonly timeUntilPowerCycle: number;
  /** FAILURE INDICATION. */
  readonly failureIndication: boolean;
  /** WARNING INDICATION. */
  readonly warningIndication: boolean;
  /** REQUESTED POWER OFF DURATION, minutes (3Fh until restored manually). */
  readonly requestedPowerOffDuration: number;
  /** FAILURE REQUESTED. */
  readonly failureRequested: boolean;
  /** WARNING REQUESTED. */
  readonly warningRequested: boolean;
}

/** SAS Expander (18h) status fields (SES-4 7.3.25). */
export interface SesSasExpanderStatus {
  /** Always `sas-expander`. */
  readonly kind: 'sas-expander';
  /** IDENT. */
  readonly ident: boolean;
  /** FAIL. */
  readonly fail: boolean;
}

/** An element type this package does not decode further: bytes 1..3 as hex. */
export interface SesRawElementStatus {
  /** Always `raw`. */
  readonly kind: 'raw';
  /** Status element bytes 1..3, hex. */
  readonly hex: string;
}

/** The type specific part of a status element. */
export type SesElementDetail = SesSlotStatus | SesPowerSupplyStatus | SesCoolingStatus | SesTemperatureStatus | SesEnclosureElementStatus | SesSasExpanderStatus | SesRawElementStatus;

/** One status element: where it is, the common byte 0, the type specific bytes. */
export interface SesStatusElement extends SesElementPosition {
  /** PRDFAIL: predicted failure. */
  readonly predictedFailure: boolean;
  /** DISABLED. */
  readonly disabled: boolean;
  /** SWAP: the element was removed and replaced since the last read. */
  readonly swap: boolean;
  /** ELEMENT STATUS CODE. */
  readonly statusCode: number;
  /** Its name. */
  readonly statusName: string;
  /** The type specific fields. */
  readonly detail: SesElementDetail;
  /** The 4 bytes, hex. */
  readonly hex: string;
}

/** Decoded Enclosure Status diagnostic page. */
export interface SesEnclosureStatus {
  /** Always 0x02. */
  readonly pageCode: number;
  /** INVOP: a control page sent earlier was invalid. */
  readonly invop: boolean;
  /** INFO. */
  readonly info: boolean;
  /** NON-CRIT: some element is noncritical. */
  readonly nonCritical: boolean;
  /** CRIT. */
  readonly critical: boolean;
  /** UNRECOV. */
  readonly unrecoverable: boolean;
  /** GENERATION CODE. */
  readonly generationCode: number;
  /** False when the generation code differs from the configuration's: the configuration changed, read it again. */
  readonly generationMatches: boolean;
  /** Every element, in page order (overall elements included, `index` -1). */
  readonly elements: readonly SesStatusElement[];
  /** True when the page had fewer elements than the configuration describes. */
  readonly truncated: boolean;
}

const bit = (b: number, n: number): boolean => ((b >> n) & 1) === 1;

function slotDetail(type: number, s1: number, s2: number, s3: number): SesSlotStatus {
  const array = type === SES_ELEMENT_TYPE.arrayDeviceSlot;
  const head = array
    ? {
        kind: 'array-device-slot' as const,
        ok: bit(s1, 7),
        reservedDevice: bit(s1, 6),
        hotSpare: bit(s1, 5),
        consistencyCheck: bit(s1, 4),
        inCriticalArray: bit(s1, 3),
        inFailedArray: bit(s1, 2),
        rebuildRemap: bit(s1, 1),
        rebuildRemapAborted: bit(s1, 0),
      }
    : { kind: 'device-slot' as const, slotAddress: s1 };
  return {
    ...head,
    appClientBypassedA: bit(s2, 7),
    doNotRemove: bit(s2, 6),
    enclosureBypassedA: bit(s2, 5),
    enclosureBypassedB: bit(s2, 4),
    readyToInsert: bit(s2, 3),
    rmv: bit(s2, 2),
    ident: bit(s2, 1),
    report: bit(s2, 0),
    appClientBypassedB: bit(s3, 7),
    faultSensed: bit(s3, 6),
    faultRequested: bit(s3, 5),
    deviceOff: bit(s3, 4),
    bypassedA: bit(s3, 3),
    bypassedB: bit(s3, 2),
    deviceBypassedA: bit(s3, 1),
    deviceBypassedB: bit(s3, 0),
  };
}

function fanRpm(factor: number, speed: number): number | undefined {
  if (factor === 0) return speed * 10;
  if (factor === 1) return speed * 10 + 20480;
  if (factor === 2) return speed * 100;
  return undefined;
}

/** Decodes bytes 1..3 of a status element of `type` (exported for the Threshold and control encoders' tests). */
export function decodeSesElementDetail(type: number, s: Uint8Array, at = 0): SesElementDetail {
  const s1 = s[at + 1] ?? 0;
  const s2 = s[at + 2] ?? 0;
  const s3 = s[at + 3] ?? 0;
  switch (type) {
    case SES_ELEMENT_TYPE.deviceSlot:
    case SES_ELEMENT_TYPE.arrayDeviceSlot:
      return slotDetail(type, s1, s2, s3);
    case SES_ELEMENT_TYPE.powerSupply:
      return {
        kind: 'power-supply',
        ident: bit(s1, 7),
        doNotRemove: bit(s1, 6),
        dcOvervoltage: bit(s2, 3),
        dcUndervoltage: bit(s2, 2),
        dcOvercurrent: bit(s2, 1),
        hotSwap: bit(s3, 7),
        fail: bit(s3, 6),
        requestedOn: bit(s3, 5),
        off: bit(s3, 4),
        overtemperatureFailure: bit(s3, 3),
        temperatureWarning: bit(s3, 2),
        acFail: bit(s3, 1),
        dcFail: bit(s3, 0),
      };
    case SES_ELEMENT_TYPE.cooling: {
      const factor = (s1 >> 3) & 0x03;
      const speed = ((s1 & 0x07) << 8) | s2;
      return {
        kind: 'cooling',
        ident: bit(s1, 7),
        doNotRemove: bit(s1, 6),
        fanSpeedFactor: factor,
        actualFanSpeed: speed,
        fanSpeedRpm: fanRpm(factor, speed),
        hotSwap: bit(s3, 7),
        fail: bit(s3, 6),
        requestedOn: bit(s3, 5),
        off: bit(s3, 4),
        actualSpeedCode: s3 & 0x07,
        actualSpeedName: FAN_SPEED_CODES[s3 & 0x07]!,
      };
    }
    case SES_ELEMENT_TYPE.temperatureSensor:
      return {
        kind: 'temperature-sensor',
        ident: bit(s1, 7),
        fail: bit(s1, 6),
        referenceTemperatureOffset: s1 & 0x3f,
        temperature: s2 === 0 ? null : s2 - 20,
        overtemperatureFailure: bit(s3, 3),
        overtemperatureWarning: bit(s3, 2),
        undertemperatureFailure: bit(s3, 1),
        undertemperatureWarning: bit(s3, 0),
      };
    case SES_ELEMENT_TYPE.enclosure:
      return {
        kind: 'enclosure',
        ident: bit(s1, 7),
        timeUntilPowerCycle: s2 >> 2,
        failureIndication: bit(s2, 1),
        warningIndication: bit(s2, 0),
        requestedPowerOffDuration: s3 >> 2,
        failureRequested: bit(s3, 1),
        warningRequested: bit(s3, 0),
      };
    case SES_ELEMENT_TYPE.sasExpander:
      return { kind: 'sas-expander', ident: bit(s1, 7), fail: bit(s1, 6) };
    default:
      return { kind: 'raw', hex: toHex(s, at + 1, at + 4) };
  }
}

/**
 * Decodes the Enclosure Status diagnostic page (02h) with the Configuration
 * page that says which element each 4 bytes belong to.
 * @throws {@link DecodeError} when the bytes are not page 02h or are shorter than its header.
 */
export function decodeSesEnclosureStatus(bytes: Uint8Array, config: SesConfiguration): SesEnclosureStatus {
  const { end, generationCode } = readSesPageHeader(bytes, 0x02, PAGE);
  const positions = sesElementPositions(config);
  const elements: SesStatusElement[] = [];
  for (const p of positions) {
    const at = 8 + 4 * p.withOverallIndex;
    if (at + 4 > end) break;
    const s0 = bytes[at]!;
    const code = s0 & 0x0f;
    elements.push({
      ...p,
      predictedFailure: bit(s0, 6),
      disabled: bit(s0, 5),
      swap: bit(s0, 4),
      statusCode: code,
      statusName: sesElementStatusName(code),
      detail: decodeSesElementDetail(p.elementType, bytes, at),
      hex: toHex(bytes, at, at + 4),
    });
  }
  const b1 = bytes[1]!;
  return {
    pageCode: 0x02,
    invop: bit(b1, 4),
    info: bit(b1, 3),
    nonCritical: bit(b1, 2),
    critical: bit(b1, 1),
    unrecoverable: bit(b1, 0),
    generationCode,
    generationMatches: generationCode === config.generationCode,
    elements,
    truncated: elements.length < positions.length,
  };
}
