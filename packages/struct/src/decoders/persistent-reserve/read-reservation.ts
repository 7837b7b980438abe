/** PERSISTENT RESERVE IN, READ RESERVATION parameter data (SPC-6 6.16.3). */
import { DecodeError } from '../../errors/decode-error.js';
import { checkInput, readUint, readUint64 } from '../bytes.js';
import { prScopeName, prTypeName } from './pr-type.js';

/** The reservation a device holds. */
export interface PrReservation {
  /** RESERVATION KEY of the holder. */
  readonly key: bigint;
  /** SCOPE (0: logical unit). */
  readonly scope: number;
  /** SCOPE's name (`LU_SCOPE`). */
  readonly scopeName: string;
  /** TYPE (see `PR_TYPE`). */
  readonly type: number;
  /** TYPE's name (`Write Exclusive`, ...). */
  readonly typeName: string;
}

/** Decoded READ RESERVATION data. */
export interface PrReadReservationData {
  /** PRGENERATION. */
  readonly generation: number;
  /** ADDITIONAL LENGTH: 0 without a reservation, 16 with one. */
  readonly additionalLength: number;
  /** The reservation, or undefined when none is held. */
  readonly reservation?: PrReservation;
}

/**
 * Decodes READ RESERVATION parameter data.
 * @throws {@link DecodeError} on fewer than 8 bytes, or a reservation declared but cut short.
 */
export function decodePrReadReservation(bytes: Uint8Array): PrReadReservationData {
  const page = 'PERSISTENT RESERVE IN (READ RESERVATION)';
  checkInput(bytes, page, 8);
  const generation = readUint(bytes, 0, 4);
  const additionalLength = readUint(bytes, 4, 4);
  if (additionalLength === 0) return { generation, additionalLength };
  if (bytes.length < 24) throw new DecodeError(page, bytes.length, `a reservation is declared (ADDITIONAL LENGTH ${additionalLength}) but only ${bytes.length} bytes were given; ask for at least 24`);
  const scope = bytes[21]! >> 4;
  const type = bytes[21]! & 0x0f;
  return { generation, additionalLength, reservation: { key: readUint64(bytes, 8), scope, scopeName: prScopeName(scope), type, typeName: prTypeName(type) } };
}
