/** PERSISTENT RESERVE IN, READ FULL STATUS parameter data (SPC-6 6.16.5). */
import { DecodeError } from '../../errors/decode-error.js';
import { checkInput, readUint, readUint64 } from '../bytes.js';
import { prScopeName, prTypeName } from './pr-type.js';
import { decodeTransportId, type TransportId } from './transport-id.js';

/** One registration (I_T nexus) of READ FULL STATUS. */
export interface PrFullStatusDescriptor {
  /** Its RESERVATION KEY. */
  readonly key: bigint;
  /** ALL_TG_PT: registered through every target port. */
  readonly allTargetPorts: boolean;
  /** R_HOLDER: this registration holds the reservation. */
  readonly reservationHolder: boolean;
  /** SCOPE of the reservation (meaningful when `reservationHolder`). */
  readonly scope: number;
  /** SCOPE's name. */
  readonly scopeName: string;
  /** TYPE of the reservation (meaningful when `reservationHolder`). */
  readonly type: number;
  /** TYPE's name. */
  readonly typeName: string;
  /** RELATIVE TARGET PORT IDENTIFIER (meaningful when not `allTargetPorts`). */
  readonly relativeTargetPortId: number;
  /** The initiator port's TransportID. */
  readonly transportId: TransportId;
}

/** Decoded READ FULL STATUS data. */
export interface PrFullStatusData {
  /** PRGENERATION. */
  readonly generation: number;
  /** ADDITIONAL LENGTH: bytes of descriptors the device holds. */
  readonly additionalLength: number;
  /** One descriptor per registration. */
  readonly descriptors: readonly PrFullStatusDescriptor[];
  /** True when the allocation length cut the descriptor list short. */
  readonly truncated: boolean;
}

/**
 * Decodes READ FULL STATUS parameter data.
 * @throws {@link DecodeError} on fewer than 8 bytes or a descriptor whose length runs past the list.
 */
export function decodePrFullStatus(bytes: Uint8Array): PrFullStatusData {
  const page = 'PERSISTENT RESERVE IN (READ FULL STATUS)';
  checkInput(bytes, page, 8);
  const additionalLength = readUint(bytes, 4, 4);
  const end = Math.min(8 + additionalLength, bytes.length);
  const descriptors: PrFullStatusDescriptor[] = [];
  let at = 8;
  while (at + 24 <= end) {
    const n = readUint(bytes, at + 20, 4);
    if (at + 24 + n > end) {
      if (end < 8 + additionalLength) break; // cut short by the allocation length
      throw new DecodeError(page, at + 20, `descriptor at byte ${at} declares ${n} TransportID bytes, past the end of the list`);
    }
    const scope = bytes[at + 13]! >> 4;
    const type = bytes[at + 13]! & 0x0f;
    descriptors.push({
      key: readUint64(bytes, at),
      allTargetPorts: (bytes[at + 12]! & 0x02) !== 0,
      reservationHolder: (bytes[at + 12]! & 0x01) !== 0,
      scope,
      scopeName: prScopeName(scope),
      type,
      typeName: prTypeName(type),
      relativeTargetPortId: readUint(bytes, at + 18, 2),
      transportId: decodeTransportId(bytes.subarray(at + 24, at + 24 + Math.max(n, 24))),
    });
    at += 24 + n;
  }
  return { generation: readUint(bytes, 0, 4), additionalLength, descriptors, truncated: at < 8 + additionalLength };
}
