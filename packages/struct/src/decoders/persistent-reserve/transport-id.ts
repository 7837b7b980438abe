/**
 * TransportIDs (SPC-6 7.6.4): how PERSISTENT RESERVE IN (READ FULL STATUS)
 * names an initiator port, and how PERSISTENT RESERVE OUT (REGISTER with
 * SPEC_I_PT, REGISTER AND MOVE) names one.
 */
import { DecodeError } from '../../errors/decode-error.js';
import { FieldRangeError } from '../../errors/field-errors.js';
import { asciiText, checkInput, readBigUint, readUint } from '../bytes.js';

/** Protocol identifiers of a TransportID (SPC-6 7.6.1). */
export const PROTOCOL_IDENTIFIER = {
  /** Fibre Channel (FCP). */
  fcp: 0x0,
  /** SCSI Parallel Interface. */
  spi: 0x1,
  /** SSA. */
  ssa: 0x2,
  /** IEEE 1394 (SBP). */
  sbp: 0x3,
  /** RDMA (SRP). */
  srp: 0x4,
  /** iSCSI. */
  iscsi: 0x5,
  /** SAS Serial SCSI Protocol (also what LIO's loopback with `naa.` WWNs reports). */
  sas: 0x6,
  /** Automation/Drive Interface. */
  adt: 0x7,
  /** AT Attachment Interface. */
  ata: 0x8,
  /** USB Attached SCSI. */
  uas: 0x9,
  /** SCSI over PCI Express. */
  sop: 0xa,
} as const;

/** A decoded TransportID. */
export interface TransportId {
  /** PROTOCOL IDENTIFIER (see {@link PROTOCOL_IDENTIFIER}). */
  readonly protocolIdentifier: number;
  /** FORMAT CODE (0 for the fixed formats; 1 for iSCSI with an ISID). */
  readonly formatCode: number;
  /** SAS address (SAS), N_Port name (FCP) or EUI-64 (SBP), as 16 hex digits; undefined for other protocols. */
  readonly address?: string;
  /** SCSI name of an iSCSI initiator (`iqn....`), with `,i,0x<ISID>` when the format carries one. */
  readonly iscsiName?: string;
  /** Initiator port identifier of SRP, as 32 hex digits. */
  readonly srpPortId?: string;
  /** The TransportID's bytes as hex (every protocol). */
  readonly hex: string;
  /** How many bytes it took. */
  readonly length: number;
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Decodes one TransportID at the start of `bytes` (24 bytes, or more for iSCSI). */
export function decodeTransportId(bytes: Uint8Array): TransportId {
  checkInput(bytes, 'TransportID', 24);
  const protocolIdentifier = bytes[0]! & 0x0f;
  const formatCode = bytes[0]! >> 6;
  if (protocolIdentifier === PROTOCOL_IDENTIFIER.iscsi) {
    const n = readUint(bytes, 2, 2);
    const length = 4 + n;
    if (bytes.length < length) throw new DecodeError('TransportID', bytes.length, `iSCSI name declares ${n} bytes, only ${bytes.length - 4} given`);
    const iscsiName = asciiText(bytes, 4, length);
    return { protocolIdentifier, formatCode, iscsiName, hex: hex(bytes.subarray(0, length)), length };
  }
  const base = { protocolIdentifier, formatCode, hex: hex(bytes.subarray(0, 24)), length: 24 };
  switch (protocolIdentifier) {
    case PROTOCOL_IDENTIFIER.sas:
      return { ...base, address: readBigUint(bytes, 4, 8).toString(16).padStart(16, '0') };
    case PROTOCOL_IDENTIFIER.fcp:
    case PROTOCOL_IDENTIFIER.sbp:
      return { ...base, address: readBigUint(bytes, 8, 8).toString(16).padStart(16, '0') };
    case PROTOCOL_IDENTIFIER.srp:
      return { ...base, srpPortId: hex(bytes.subarray(8, 24)) };
    default:
      return base;
  }
}

/** A SAS initiator port (also LIO's loopback with `naa.` WWNs) or a Fibre Channel N_Port, by its 64-bit name. */
export interface AddressTransportIdInput {
  /** `sas` or `fcp`. */
  readonly protocol: 'sas' | 'fcp';
  /** The SAS address or N_Port name: a bigint, or hex digits (a `0x` or `naa.` prefix is allowed). */
  readonly address: string | bigint;
}

/** An iSCSI initiator port, by name. */
export interface IscsiTransportIdInput {
  /** `iscsi`. */
  readonly protocol: 'iscsi';
  /** The iSCSI name (`iqn....`), with `,i,0x<ISID>` for the format that carries the session id. */
  readonly name: string;
}

/** What {@link encodeTransportId} builds. */
export type TransportIdInput = AddressTransportIdInput | IscsiTransportIdInput;

function address64(value: string | bigint, what: string): bigint {
  const v = typeof value === 'bigint' ? value : BigInt(`0x${value.replace(/^(0x|naa\.)/i, '')}`);
  if (v < 0n || v > 0xffff_ffff_ffff_ffffn) throw new FieldRangeError('TransportID', what, `must fit 64 bits, got ${String(value)}`);
  return v;
}

/** Encodes a TransportID (24 bytes for SAS and FCP; iSCSI padded to a multiple of 4, at least 24). */
export function encodeTransportId(input: TransportIdInput): Uint8Array {
  if (input.protocol === 'iscsi') {
    if (!/^[\x21-\x7e]+$/.test(input.name)) throw new FieldRangeError('TransportID', 'name', `must be a printable ASCII iSCSI name (iqn..., eui..., naa...), got '${input.name}'`);
    const name = Uint8Array.from(input.name, (c) => c.charCodeAt(0));
    const n = Math.max(20, Math.ceil((name.length + 1) / 4) * 4);
    const out = new Uint8Array(4 + n);
    out[0] = (/,i,0x/i.test(input.name) ? 0x40 : 0) | PROTOCOL_IDENTIFIER.iscsi;
    new DataView(out.buffer).setUint16(2, n);
    out.set(name, 4);
    return out;
  }
  const out = new Uint8Array(24);
  const view = new DataView(out.buffer);
  if (input.protocol === 'sas') {
    out[0] = PROTOCOL_IDENTIFIER.sas;
    view.setBigUint64(4, address64(input.address, 'address'));
  } else {
    out[0] = PROTOCOL_IDENTIFIER.fcp;
    view.setBigUint64(8, address64(input.address, 'address'));
  }
  return out;
}
