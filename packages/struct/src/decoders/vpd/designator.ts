/**
 * Designation descriptors (SPC-6 7.7.6.1): the identifiers listed by the
 * Device Identification VPD page, also used by other pages (e.g. the
 * provisioning group descriptor of 0xB2).
 */
import { bits, flag, u8 } from '../../dsl/fields.js';
import { defineLayout } from '../../dsl/layout.js';
import { asciiText, readUint, toHex, utf8Text } from '../bytes.js';

/** The 4-byte header of a designation descriptor. */
export const DESIGNATOR_HEADER_LAYOUT = defineLayout({
  name: 'designation descriptor',
  length: 4,
  fields: {
    protocolIdentifier: bits(0, 7, 4, { description: 'transport protocol (valid when PIV is set)' }),
    codeSet: bits(0, 3, 4, { description: '1 binary, 2 ASCII, 3 UTF-8' }),
    piv: flag(1, 7, { description: 'protocol identifier valid' }),
    association: bits(1, 5, 2, { description: '0 logical unit, 1 target port, 2 target device' }),
    designatorType: bits(1, 3, 4, { description: 'what kind of identifier' }),
    designatorLength: u8(3, { description: 'bytes of designator that follow' }),
  },
});

/** Code set of a designator. */
export type DesignatorCodeSet = 'binary' | 'ascii' | 'utf8' | 'reserved';
/** What a designator is associated with. */
export type DesignatorAssociation = 'lu' | 'target-port' | 'target-device' | 'reserved';
/** Kind of designator. */
export type DesignatorType =
  | 'vendor-specific'
  | 't10-vendor-id'
  | 'eui64'
  | 'naa'
  | 'relative-target-port'
  | 'target-port-group'
  | 'logical-unit-group'
  | 'md5-logical-unit-id'
  | 'scsi-name-string'
  | 'protocol-specific-port'
  | 'uuid'
  | 'reserved';
/** SCSI transport protocols (protocol identifier values, SPC-6 7.6.1). */
export type ProtocolName =
  | 'fcp'
  | 'spi'
  | 'ssa'
  | 'sbp'
  | 'srp'
  | 'iscsi'
  | 'sas'
  | 'adt'
  | 'ata'
  | 'uas'
  | 'sop'
  | 'pcie'
  | 'none'
  | 'reserved';

const CODE_SETS: readonly DesignatorCodeSet[] = ['reserved', 'binary', 'ascii', 'utf8'];
const ASSOCIATIONS: readonly DesignatorAssociation[] = ['lu', 'target-port', 'target-device', 'reserved'];
const TYPES: readonly DesignatorType[] = [
  'vendor-specific',
  't10-vendor-id',
  'eui64',
  'naa',
  'relative-target-port',
  'target-port-group',
  'logical-unit-group',
  'md5-logical-unit-id',
  'scsi-name-string',
  'protocol-specific-port',
  'uuid',
];
const PROTOCOLS: readonly ProtocolName[] = ['fcp', 'spi', 'ssa', 'sbp', 'srp', 'iscsi', 'sas', 'adt', 'ata', 'uas', 'sop', 'pcie'];

/** The name of a protocol identifier (`6` is `'sas'`). */
export function protocolName(code: number): ProtocolName {
  return code === 0xf ? 'none' : (PROTOCOLS[code] ?? 'reserved');
}

/** One decoded designation descriptor. */
export interface Designator {
  /** What the designator identifies. */
  readonly association: DesignatorAssociation;
  /** Kind of identifier. */
  readonly designatorType: DesignatorType;
  /** The designator type code (0..15). */
  readonly designatorTypeCode: number;
  /** How the identifier is encoded. */
  readonly codeSet: DesignatorCodeSet;
  /** The code set value (0..15). */
  readonly codeSetCode: number;
  /** Protocol identifier valid (PIV). */
  readonly piv: boolean;
  /** The protocol identifier field (0..15), meaningful when `protocol` is not null. */
  readonly protocolIdentifier: number;
  /** The transport, when PIV is set for a target port or target device designator; else null. */
  readonly protocol: ProtocolName | null;
  /** Designator length in bytes. */
  readonly length: number;
  /** The designator bytes as lowercase hex. */
  readonly hex: string;
  /** The designator as text, for the ASCII and UTF-8 code sets. */
  readonly text?: string;
  /** T10 vendor ID designators: the vendor (first 8 bytes). */
  readonly vendorId?: string;
  /** T10 vendor ID designators: the vendor specific part after the vendor. */
  readonly vendorSpecific?: string;
  /** NAA designators: the NAA field (2, 3, 5 or 6). */
  readonly naa?: number;
  /** Relative target port designators: the port number. */
  readonly relativeTargetPort?: number;
  /** Target port group designators: the group number. */
  readonly targetPortGroup?: number;
  /** Logical unit group designators: the group number. */
  readonly logicalUnitGroup?: number;
  /** UUID designators: the UUID in 8-4-4-4-12 form. */
  readonly uuid?: string;
}

function formatUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Decodes one designation descriptor at `offset`. The caller guarantees the
 * 4-byte header and the `designatorLength` bytes after it are present.
 */
export function decodeDesignatorAt(bytes: Uint8Array, offset: number): Designator {
  const h = DESIGNATOR_HEADER_LAYOUT.decode(bytes, offset);
  const start = offset + 4;
  const end = start + h.designatorLength;
  const association = ASSOCIATIONS[h.association]!;
  const designatorType = TYPES[h.designatorType] ?? 'reserved';
  const codeSet = CODE_SETS[h.codeSet] ?? 'reserved';
  const valid = h.piv && (association === 'target-port' || association === 'target-device');
  const d: { -readonly [K in keyof Designator]: Designator[K] } = {
    association,
    designatorType,
    designatorTypeCode: h.designatorType,
    codeSet,
    codeSetCode: h.codeSet,
    piv: h.piv,
    protocolIdentifier: h.protocolIdentifier,
    protocol: valid ? protocolName(h.protocolIdentifier) : null,
    length: h.designatorLength,
    hex: toHex(bytes, start, end),
  };
  if (codeSet === 'ascii') d.text = asciiText(bytes, start, end);
  else if (codeSet === 'utf8') d.text = utf8Text(bytes, start, end);
  switch (designatorType) {
    case 't10-vendor-id':
      d.vendorId = asciiText(bytes, start, Math.min(end, start + 8));
      d.vendorSpecific = asciiText(bytes, start + 8, end);
      break;
    case 'naa':
      if (h.designatorLength > 0) d.naa = bytes[start]! >> 4;
      break;
    case 'relative-target-port':
      if (h.designatorLength >= 4) d.relativeTargetPort = readUint(bytes, start + 2, 2);
      break;
    case 'target-port-group':
      if (h.designatorLength >= 4) d.targetPortGroup = readUint(bytes, start + 2, 2);
      break;
    case 'logical-unit-group':
      if (h.designatorLength >= 4) d.logicalUnitGroup = readUint(bytes, start + 2, 2);
      break;
    case 'uuid':
      if (h.designatorLength >= 18) d.uuid = formatUuid(toHex(bytes, start + 2, start + 18));
      break;
    default:
      break;
  }
  return d;
}
