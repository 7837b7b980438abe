/**
 * PERSISTENT RESERVE OUT parameter lists (SPC-6 6.17.3 and 6.17.4): the
 * basic list every service action but REGISTER AND MOVE sends, and the
 * REGISTER AND MOVE list.
 */
import { FieldRangeError } from '../errors/field-errors.js';

/** What the basic parameter list carries. */
export interface PrOutParameters {
  /** RESERVATION KEY: the key registered for this I_T nexus (0 when none yet). */
  readonly reservationKey?: bigint;
  /** SERVICE ACTION RESERVATION KEY: the new key (REGISTER), or the key to preempt (PREEMPT). */
  readonly serviceActionReservationKey?: bigint;
  /** APTPL: keep the registrations through a power loss (REGISTER, REGISTER AND IGNORE). */
  readonly aptpl?: boolean;
  /** ALL_TG_PT: register through every target port (REGISTER, REGISTER AND IGNORE). */
  readonly allTargetPorts?: boolean;
  /** SPEC_I_PT: also register the initiator ports in `transportIds` (REGISTER). */
  readonly specifyInitiatorPorts?: boolean;
  /** Encoded TransportIDs for SPEC_I_PT (see `encodeTransportId`). */
  readonly transportIds?: readonly Uint8Array[];
}

/** What the REGISTER AND MOVE parameter list carries. */
export interface PrRegisterAndMoveParameters {
  /** RESERVATION KEY of this I_T nexus (the reservation holder). */
  readonly reservationKey: bigint;
  /** SERVICE ACTION RESERVATION KEY: the key to register for the destination. */
  readonly serviceActionReservationKey: bigint;
  /** UNREG: unregister this I_T nexus after the move. */
  readonly unregister?: boolean;
  /** APTPL. */
  readonly aptpl?: boolean;
  /** RELATIVE TARGET PORT IDENTIFIER of the destination. */
  readonly relativeTargetPortId: number;
  /** The destination initiator port's TransportID (see `encodeTransportId`). */
  readonly transportId: Uint8Array;
}

const LIST = 'PERSISTENT RESERVE OUT parameter list';

function key(value: bigint | undefined, field: string): bigint {
  const v = value ?? 0n;
  if (typeof v !== 'bigint' || v < 0n || v > 0xffff_ffff_ffff_ffffn) throw new FieldRangeError(LIST, field, `must be a bigint of 0..2^64-1, got ${String(value)}`);
  return v;
}

/** Encodes the basic parameter list: 24 bytes, plus the TransportIDs with SPEC_I_PT. */
export function encodePrOutParameters(p: PrOutParameters): Uint8Array {
  const ids = p.transportIds ?? [];
  if (ids.length > 0 && !p.specifyInitiatorPorts) throw new FieldRangeError(LIST, 'transportIds', 'are sent only with specifyInitiatorPorts (SPEC_I_PT)');
  const idBytes = ids.reduce((n, id) => n + id.length, 0);
  const out = new Uint8Array(24 + (p.specifyInitiatorPorts ? 4 + idBytes : 0));
  const view = new DataView(out.buffer);
  view.setBigUint64(0, key(p.reservationKey, 'reservationKey'));
  view.setBigUint64(8, key(p.serviceActionReservationKey, 'serviceActionReservationKey'));
  out[20] = (p.specifyInitiatorPorts ? 0x08 : 0) | (p.allTargetPorts ? 0x04 : 0) | (p.aptpl ? 0x01 : 0);
  if (p.specifyInitiatorPorts) {
    view.setUint32(24, idBytes);
    let at = 28;
    for (const id of ids) {
      out.set(id, at);
      at += id.length;
    }
  }
  return out;
}

/** Encodes the REGISTER AND MOVE parameter list: 24 bytes and the destination's TransportID. */
export function encodePrRegisterAndMoveParameters(p: PrRegisterAndMoveParameters): Uint8Array {
  if (!Number.isInteger(p.relativeTargetPortId) || p.relativeTargetPortId < 0 || p.relativeTargetPortId > 0xffff) {
    throw new FieldRangeError(LIST, 'relativeTargetPortId', `must be 0..65535, got ${String(p.relativeTargetPortId)}`);
  }
  const out = new Uint8Array(24 + p.transportId.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, key(p.reservationKey, 'reservationKey'));
  view.setBigUint64(8, key(p.serviceActionReservationKey, 'serviceActionReservationKey'));
  out[17] = (p.unregister ? 0x02 : 0) | (p.aptpl ? 0x01 : 0);
  view.setUint16(18, p.relativeTargetPortId);
  view.setUint32(20, p.transportId.length);
  out.set(p.transportId, 24);
  return out;
}
