/**
 * SMART READ DATA (ACS-3 7.44.3 / the SMART data structure): 30 attribute
 * entries of 12 bytes from byte 2, the offline data collection and self-test
 * status, the self-test polling times, and the checksum in byte 511. The
 * attribute entries' layout is not in ACS (it is vendor specific there); the
 * one every drive and smartctl use is: id, 16-bit flags, current (normalized)
 * value, worst value, 6-byte raw value (little-endian), one reserved byte.
 */
import { DecodeError } from '../../errors/decode-error.js';
import { ataChecksumOk } from './ata-words.js';
import { smartAttributeName } from './smart-attribute-names.js';

const PAGE = 'ATA SMART READ DATA';

/** One SMART attribute. */
export interface SmartAttribute {
  /** Attribute id (1..255). */
  readonly id: number;
  /** Its usual name (`Reallocated_Sector_Ct`, ...). */
  readonly name: string;
  /** The status flags word. */
  readonly flags: number;
  /** Flag bit 0: pre-failure (a value at or below threshold predicts failure); else old age. */
  readonly prefailure: boolean;
  /** Flag bit 1: updated during normal operation (online), else offline only. */
  readonly online: boolean;
  /** Current normalized value (1..253). */
  readonly current: number;
  /** Worst normalized value seen. */
  readonly worst: number;
  /** The 6-byte raw value as a number (vendor meaning; often a count). */
  readonly raw: number;
  /** The raw bytes as sent, hex (byte 0 first). */
  readonly rawHex: string;
}

/** Decoded SMART data structure. */
export interface AtaSmartData {
  /** Data structure revision number (word 0). */
  readonly revision: number;
  /** The attributes (entries with id 0 left out). */
  readonly attributes: readonly SmartAttribute[];
  /** Off-line data collection status (byte 362). */
  readonly offlineCollectionStatus: number;
  /** Self-test execution status (byte 363, bits 7:4: the result of the last self-test, 15 in progress). */
  readonly selfTestStatus: number;
  /** Percent of the self-test remaining (byte 363 bits 3:0, times 10) while one runs. */
  readonly selfTestPercentRemaining: number;
  /** Total time in seconds to complete off-line data collection (bytes 364-365). */
  readonly offlineCollectionSeconds: number;
  /** Off-line data collection capability (byte 367). */
  readonly offlineCollectionCapability: number;
  /** SMART capability (bytes 368-369). */
  readonly smartCapability: number;
  /** Error logging capability (byte 370 bit 0: the SMART error log is supported). */
  readonly errorLoggingSupported: boolean;
  /** Short self-test recommended polling time, minutes (byte 372). */
  readonly shortSelfTestMinutes: number;
  /** Extended self-test recommended polling time, minutes (byte 373, or bytes 375-376 when byte 373 is FFh). */
  readonly extendedSelfTestMinutes: number;
  /** Conveyance self-test recommended polling time, minutes (byte 374). */
  readonly conveyanceSelfTestMinutes: number;
  /** Whether the 512 bytes sum to 0 (the checksum in byte 511 is right). */
  readonly checksumValid: boolean;
}

const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

/**
 * Decodes the 512-byte SMART data structure SMART READ DATA returns.
 * @throws {@link DecodeError} when fewer than 512 bytes are given.
 */
export function decodeAtaSmartData(bytes: Uint8Array): AtaSmartData {
  if (!(bytes instanceof Uint8Array) || bytes.length < 512) throw new DecodeError(PAGE, bytes?.length ?? 0, `needs 512 bytes, ${bytes?.length ?? 0} given`);
  const attributes: SmartAttribute[] = [];
  for (let i = 0; i < 30; i++) {
    const at = 2 + 12 * i;
    const id = bytes[at]!;
    if (id === 0) continue;
    const flags = bytes[at + 1]! | (bytes[at + 2]! << 8);
    let raw = 0;
    let rawHex = '';
    for (let k = 5; k >= 0; k--) raw = raw * 256 + bytes[at + 5 + k]!;
    for (let k = 0; k < 6; k++) rawHex += hex2(bytes[at + 5 + k]!);
    attributes.push({ id, name: smartAttributeName(id), flags, prefailure: (flags & 1) !== 0, online: (flags & 2) !== 0, current: bytes[at + 3]!, worst: bytes[at + 4]!, raw, rawHex });
  }
  const extended = bytes[373]!;
  return {
    revision: bytes[0]! | (bytes[1]! << 8),
    attributes,
    offlineCollectionStatus: bytes[362]!,
    selfTestStatus: bytes[363]! >> 4,
    selfTestPercentRemaining: (bytes[363]! & 0x0f) * 10,
    offlineCollectionSeconds: bytes[364]! | (bytes[365]! << 8),
    offlineCollectionCapability: bytes[367]!,
    smartCapability: bytes[368]! | (bytes[369]! << 8),
    errorLoggingSupported: (bytes[370]! & 1) !== 0,
    shortSelfTestMinutes: bytes[372]!,
    extendedSelfTestMinutes: extended === 0xff ? bytes[375]! | (bytes[376]! << 8) : extended,
    conveyanceSelfTestMinutes: bytes[374]!,
    checksumValid: ataChecksumOk(bytes),
  };
}
