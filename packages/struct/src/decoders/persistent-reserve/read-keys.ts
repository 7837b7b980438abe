/** PERSISTENT RESERVE IN, READ KEYS parameter data (SPC-6 6.16.2). */
import { DecodeError } from '../../errors/decode-error.js';
import { checkInput, readUint, readUint64 } from '../bytes.js';

/** Decoded READ KEYS data. */
export interface PrReadKeysData {
  /** PRGENERATION: counts PERSISTENT RESERVE OUT commands that changed registrations. */
  readonly generation: number;
  /** ADDITIONAL LENGTH: bytes of keys the device holds (may exceed what was fetched). */
  readonly additionalLength: number;
  /** The registered reservation keys, one per registered I_T nexus, in the device's order. */
  readonly keys: readonly bigint[];
  /** True when the allocation length cut the key list short. */
  readonly truncated: boolean;
}

/**
 * Decodes READ KEYS parameter data.
 * @throws {@link DecodeError} on fewer than 8 bytes or a length not a multiple of 8.
 */
export function decodePrReadKeys(bytes: Uint8Array): PrReadKeysData {
  checkInput(bytes, 'PERSISTENT RESERVE IN (READ KEYS)', 8);
  const additionalLength = readUint(bytes, 4, 4);
  if (additionalLength % 8 !== 0) throw new DecodeError('PERSISTENT RESERVE IN (READ KEYS)', 4, `ADDITIONAL LENGTH ${additionalLength} is not a multiple of 8`);
  const available = Math.min(additionalLength, bytes.length - 8);
  const keys: bigint[] = [];
  for (let at = 8; at + 8 <= 8 + available; at += 8) keys.push(readUint64(bytes, at));
  return { generation: readUint(bytes, 0, 4), additionalLength, keys, truncated: keys.length * 8 < additionalLength };
}
