/**
 * The SES Additional Element Status diagnostic page (0Ah, SES-4 6.1.13):
 * per device slot, array device slot and SAS expander element (and the
 * optional SCSI port and controller electronics elements), the transport's
 * view of it. For SAS (SES-4 7.6.4): a slot's DEVICE SLOT NUMBER and one phy
 * descriptor per phy with its SAS address and the attached SAS address
 * (slot ↔ disk), an expander's SAS address and its phys' connector and
 * other element indexes.
 */
import { toHex } from '../bytes.js';
import { sesElementPositions, type SesConfiguration, type SesElementPosition } from './configuration.js';
import { sesTypeHasAdditionalStatus, SES_ELEMENT_TYPE } from './element-types.js';
import { readSesPageHeader } from './page-header.js';

const PAGE = 'SES Additional Element Status page';

/** PROTOCOL IDENTIFIER values of SPC-6 (the ones an enclosure reports). */
const PROTOCOL_NAMES: Readonly<Record<number, string>> = { 0x0: 'Fibre Channel', 0x6: 'SAS', 0xb: 'PCIe' };

const SAS_DEVICE_TYPES: readonly string[] = ['no SAS device attached', 'end device', 'expander device', 'expander device (fanout, SAS-1.1)'];

/** A SAS address as sgio prints it: `0x` and 16 lowercase hex digits. */
function sasAddress(bytes: Uint8Array, at: number): string {
  return `0x${toHex(bytes, at, at + 8).padEnd(16, '0')}`;
}

/** One phy of a device slot (SAS phy descriptor, 28 bytes). */
export interface SesSasPhy {
  /** DEVICE TYPE of the attached device (0 none, 1 end device, 2 expander). */
  readonly deviceType: number;
  /** Its name. */
  readonly deviceTypeName: string;
  /** SSP INITIATOR PORT. */
  readonly sspInitiator: boolean;
  /** STP INITIATOR PORT. */
  readonly stpInitiator: boolean;
  /** SMP INITIATOR PORT. */
  readonly smpInitiator: boolean;
  /** SATA PORT SELECTOR. */
  readonly sataPortSelector: boolean;
  /** SSP TARGET PORT. */
  readonly sspTarget: boolean;
  /** STP TARGET PORT. */
  readonly stpTarget: boolean;
  /** SMP TARGET PORT. */
  readonly smpTarget: boolean;
  /** SATA DEVICE. */
  readonly sataDevice: boolean;
  /** ATTACHED SAS ADDRESS: the expander phy the device is cabled to. */
  readonly attachedSasAddress: string;
  /** SAS ADDRESS of the device's phy (for a SAS disk: its target port). */
  readonly sasAddress: string;
  /** PHY IDENTIFIER. */
  readonly phyIdentifier: number;
}

/** SAS protocol specific information of a device or array device slot (descriptor type 0). */
export interface SesSasSlotInfo {
  /** Always `slot`. */
  readonly kind: 'slot';
  /** NOT ALL PHYS. */
  readonly notAllPhys: boolean;
  /** DEVICE SLOT NUMBER (only with EIP=1). */
  readonly deviceSlotNumber: number | undefined;
  /** The phy descriptors. */
  readonly phys: readonly SesSasPhy[];
}

/** One expander phy: what it connects to. */
export interface SesExpanderPhy {
  /** CONNECTOR ELEMENT INDEX (FFh: none). */
  readonly connectorElementIndex: number;
  /** OTHER ELEMENT INDEX (FFh: none): the slot or other element the phy serves. */
  readonly otherElementIndex: number;
}

/** SAS protocol specific information of a SAS expander (descriptor type 1). */
export interface SesSasExpanderInfo {
  /** Always `expander`. */
  readonly kind: 'expander';
  /** The expander's SAS ADDRESS. */
  readonly sasAddress: string;
  /** The expander phy descriptors. */
  readonly phys: readonly SesExpanderPhy[];
}

/** SAS protocol specific information of a SCSI port or controller electronics element (descriptor type 1): kept as hex. */
export interface SesSasOtherInfo {
  /** Always `other`. */
  readonly kind: 'other';
  /** DESCRIPTOR TYPE. */
  readonly descriptorType: number;
  /** The protocol specific bytes, hex. */
  readonly hex: string;
}

/** One Additional Element Status descriptor. */
export interface SesAdditionalElement {
  /** INVALID: the protocol specific information is not valid. */
  readonly invalid: boolean;
  /** EIP: the descriptor carries an element index. */
  readonly eip: boolean;
  /** EIIOE (EIP only): 1 the index counts overall elements too, else individual elements only. */
  readonly eiioe: number;
  /** ELEMENT INDEX as sent (EIP only). */
  readonly elementIndexField: number | undefined;
  /** PROTOCOL IDENTIFIER. */
  readonly protocol: number;
  /** Its name (`SAS`, ...). */
  readonly protocolName: string;
  /** The element the descriptor describes; undefined when its index names no element of the configuration. */
  readonly element: SesElementPosition | undefined;
  /** SAS information; undefined for other protocols (see `hex`). */
  readonly sas: SesSasSlotInfo | SesSasExpanderInfo | SesSasOtherInfo | undefined;
  /** The whole descriptor, hex. */
  readonly hex: string;
}

/** Decoded Additional Element Status diagnostic page. */
export interface SesAdditionalElementStatus {
  /** Always 0x0A. */
  readonly pageCode: number;
  /** GENERATION CODE. */
  readonly generationCode: number;
  /** False when it differs from the configuration's. */
  readonly generationMatches: boolean;
  /** The descriptors, in page order. */
  readonly descriptors: readonly SesAdditionalElement[];
}

function sasPhy(b: Uint8Array, at: number): SesSasPhy {
  const type = (b[at]! >> 4) & 0x07;
  const i = b[at + 2]!;
  const t = b[at + 3]!;
  return {
    deviceType: type,
    deviceTypeName: SAS_DEVICE_TYPES[type] ?? `reserved (${type})`,
    sspInitiator: (i & 0x08) !== 0,
    stpInitiator: (i & 0x04) !== 0,
    smpInitiator: (i & 0x02) !== 0,
    sataPortSelector: (t & 0x80) !== 0,
    sspTarget: (t & 0x08) !== 0,
    stpTarget: (t & 0x04) !== 0,
    smpTarget: (t & 0x02) !== 0,
    sataDevice: (t & 0x01) !== 0,
    attachedSasAddress: sasAddress(b, at + 4),
    sasAddress: sasAddress(b, at + 12),
    phyIdentifier: b[at + 20]!,
  };
}

/** SAS protocol specific information from `at` (its first byte is NUMBER OF PHY DESCRIPTORS) to `end`. */
function sasInfo(b: Uint8Array, at: number, end: number, eip: boolean, elementType: number | undefined): SesSasSlotInfo | SesSasExpanderInfo | SesSasOtherInfo {
  const count = b[at] ?? 0;
  const descriptorType = ((b[at + 1] ?? 0) >> 6) & 0x03;
  if (descriptorType === 0) {
    const first = at + (eip ? 4 : 2);
    const phys: SesSasPhy[] = [];
    for (let i = 0, p = first; i < count && p + 28 <= end; i++, p += 28) phys.push(sasPhy(b, p));
    return { kind: 'slot', notAllPhys: ((b[at + 1] ?? 0) & 0x01) !== 0, deviceSlotNumber: eip ? b[at + 3] : undefined, phys };
  }
  if (descriptorType === 1 && (elementType === undefined || elementType === SES_ELEMENT_TYPE.sasExpander)) {
    const phys: SesExpanderPhy[] = [];
    for (let i = 0, p = at + 12; i < count && p + 2 <= end; i++, p += 2) phys.push({ connectorElementIndex: b[p]!, otherElementIndex: b[p + 1]! });
    return { kind: 'expander', sasAddress: sasAddress(b, at + 4), phys };
  }
  return { kind: 'other', descriptorType, hex: toHex(b, at, end) };
}

/**
 * Decodes the Additional Element Status diagnostic page (0Ah) with the
 * Configuration page. A descriptor with EIP names its element by ELEMENT
 * INDEX: counted over every element with EIIOE=1, over the individual
 * elements only otherwise (EIIOE 0, and 2 and 3 as sg_ses reads them); a
 * descriptor without EIP belongs to the next element, in configuration
 * order, of a type that has additional status.
 * @throws {@link DecodeError} when the bytes are not page 0Ah or are shorter than its header.
 */
export function decodeSesAdditionalElementStatus(bytes: Uint8Array, config: SesConfiguration): SesAdditionalElementStatus {
  const { end, generationCode } = readSesPageHeader(bytes, 0x0a, PAGE);
  const positions = sesElementPositions(config);
  const eligible = positions.filter((p) => p.index >= 0 && sesTypeHasAdditionalStatus(p.elementType));
  const descriptors: SesAdditionalElement[] = [];
  let next = 0;
  for (let at = 8; at + 2 <= end; ) {
    const length = 2 + bytes[at + 1]!;
    const stop = Math.min(at + length, end);
    const b0 = bytes[at]!;
    const eip = (b0 & 0x10) !== 0;
    const eiioe = eip ? (bytes[at + 2] ?? 0) & 0x03 : 0;
    const field = eip ? bytes[at + 3] : undefined;
    let element: SesElementPosition | undefined;
    if (field === undefined) element = eligible[next++];
    else if (eiioe === 1) element = positions.find((p) => p.withOverallIndex === field);
    else element = positions.find((p) => p.elementIndex === field);
    const protocol = b0 & 0x0f;
    const invalid = (b0 & 0x80) !== 0;
    descriptors.push({
      invalid,
      eip,
      eiioe,
      elementIndexField: field,
      protocol,
      protocolName: PROTOCOL_NAMES[protocol] ?? `protocol 0x${protocol.toString(16)}`,
      element,
      sas: protocol === 0x6 ? sasInfo(bytes, at + (eip ? 4 : 2), stop, eip, element?.elementType) : undefined,
      hex: toHex(bytes, at, stop),
    });
    at += length;
  }
  return { pageCode: 0x0a, generationCode, generationMatches: generationCode === config.generationCode, descriptors };
}
