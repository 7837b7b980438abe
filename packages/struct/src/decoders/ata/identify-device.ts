/**
 * IDENTIFY DEVICE data (ACS-4 7.13.6): the 512 bytes an ATA device answers
 * ECh with, fetched through ATA PASS-THROUGH on a SCSI/ATA translation
 * layer. Decoded: identification strings, capacity (28- and 48-bit), sector
 * sizes, world wide name, the feature bits smartctl and hdparm show first
 * (SMART, TRIM, NCQ, 48-bit, write cache, security), rotation rate, form
 * factor, the major version and the integrity word.
 */
import { DecodeError } from '../../errors/decode-error.js';
import { ataChecksumOk, ataString, ataWord, ataWords } from './ata-words.js';

const PAGE = 'ATA IDENTIFY DEVICE data';

const FORM_FACTORS: readonly string[] = ['not reported', '5.25 inch', '3.5 inch', '2.5 inch', '1.8 inch', 'less than 1.8 inch', 'mSATA', 'M.2', 'MicroSSD', 'CFast'];

/** Names of word 80's major version bits, highest first. */
const MAJOR_VERSIONS: readonly (readonly [number, string])[] = [
  [13, 'ACS-6'],
  [12, 'ACS-5'],
  [11, 'ACS-4'],
  [10, 'ACS-3'],
  [9, 'ACS-2'],
  [8, 'ATA8-ACS'],
  [7, 'ATA/ATAPI-7'],
  [6, 'ATA/ATAPI-6'],
  [5, 'ATA/ATAPI-5'],
  [4, 'ATA/ATAPI-4'],
];

/** Feature bits of IDENTIFY DEVICE (supported, and enabled where ATA reports it). */
export interface AtaFeatures {
  /** SMART feature set supported (word 82 bit 0). */
  readonly smartSupported: boolean;
  /** SMART enabled (word 85 bit 0). */
  readonly smartEnabled: boolean;
  /** SMART self-test supported (word 84 bit 1). */
  readonly smartSelfTest: boolean;
  /** SMART error logging supported (word 84 bit 0). */
  readonly smartErrorLog: boolean;
  /** 48-bit Address feature set supported (word 83 bit 10). */
  readonly lba48: boolean;
  /** DATA SET MANAGEMENT with TRIM supported (word 169 bit 0). */
  readonly trim: boolean;
  /** Deterministic data after TRIM (word 69 bit 14). */
  readonly deterministicReadAfterTrim: boolean;
  /** Zeroes after TRIM (word 69 bit 5). */
  readonly readZeroAfterTrim: boolean;
  /** Native Command Queuing supported (word 76 bit 8). */
  readonly ncq: boolean;
  /** NCQ queue depth (word 75 bits 4:0, plus one); undefined without NCQ. */
  readonly queueDepth: number | undefined;
  /** Volatile write cache supported (word 82 bit 5). */
  readonly writeCacheSupported: boolean;
  /** Volatile write cache enabled (word 85 bit 5). */
  readonly writeCacheEnabled: boolean;
  /** Read look-ahead supported (word 82 bit 6). */
  readonly lookAheadSupported: boolean;
  /** Read look-ahead enabled (word 85 bit 6). */
  readonly lookAheadEnabled: boolean;
  /** Security feature set supported (word 82 bit 1). */
  readonly securitySupported: boolean;
  /** Security enabled (word 85 bit 1). */
  readonly securityEnabled: boolean;
  /** The highest Serial ATA signalling speed supported (word 76 bits 3:1): 1.5, 3.0 or 6.0 Gb/s; undefined when none is reported. */
  readonly sataGbps: number | undefined;
}

/** Decoded IDENTIFY DEVICE data. */
export interface AtaIdentifyDevice {
  /** MODEL NUMBER (words 27-46). */
  readonly model: string;
  /** SERIAL NUMBER (words 10-19). */
  readonly serial: string;
  /** FIRMWARE REVISION (words 23-26). */
  readonly firmware: string;
  /** Word 0 bit 15 is 0: an ATA device (1: ATAPI answered IDENTIFY DEVICE). */
  readonly ataDevice: boolean;
  /** The highest major version in word 80 (`ACS-3`, ...); undefined when none is set. */
  readonly majorVersion: string | undefined;
  /** Total user addressable sectors for 28-bit commands (words 60-61). */
  readonly lba28Sectors: number;
  /** Total user addressable sectors with the 48-bit feature set (words 100-103); undefined without it. */
  readonly lba48Sectors: number | undefined;
  /** The capacity in logical sectors: the 48-bit count when the feature set is supported, else the 28-bit one. */
  readonly sectors: number;
  /** Logical sector size in bytes (512 unless word 106 says longer, words 117-118). */
  readonly logicalSectorSize: number;
  /** Physical sector size in bytes (logical size times 2^(word 106 bits 3:0)). */
  readonly physicalSectorSize: number;
  /** The capacity in bytes. */
  readonly capacityBytes: number;
  /** WORLD WIDE NAME (words 108-111), 16 hex digits; undefined when word 84 says there is none. */
  readonly wwn: string | undefined;
  /** NOMINAL MEDIA ROTATION RATE (word 217): rpm, or 1 for non-rotating media, 0 not reported. */
  readonly rotationRate: number;
  /** `non-rotating (SSD)`, `7200 rpm`, `not reported`, or `reserved`. */
  readonly rotationRateText: string;
  /** NOMINAL FORM FACTOR code (word 168 bits 3:0). */
  readonly formFactor: number;
  /** Its name (`3.5 inch`, `M.2`, ...). */
  readonly formFactorName: string;
  /** The feature bits. */
  readonly features: AtaFeatures;
  /** The integrity word (255): `valid` when its signature is A5h and the sum is 0, `absent` without the signature, `invalid` otherwise. */
  readonly checksum: 'valid' | 'invalid' | 'absent';
}

function rotationText(rate: number): string {
  if (rate === 0) return 'not reported';
  if (rate === 1) return 'non-rotating (SSD)';
  if (rate >= 0x401 && rate <= 0xfffe) return `${rate} rpm`;
  return 'reserved';
}

/**
 * Decodes IDENTIFY DEVICE data (512 bytes, the words little-endian as the
 * device sends them).
 * @throws {@link DecodeError} when fewer than 512 bytes are given.
 */
export function decodeAtaIdentifyDevice(bytes: Uint8Array): AtaIdentifyDevice {
  if (!(bytes instanceof Uint8Array) || bytes.length < 512) throw new DecodeError(PAGE, bytes?.length ?? 0, `needs 512 bytes, ${bytes?.length ?? 0} given`);
  const w = (n: number): number => ataWord(bytes, n);
  const on = (n: number, b: number): boolean => ((w(n) >> b) & 1) === 1;
  // words 82..84 are valid when word 83 bits 15:14 are 01b, 85..87 when word 87's are, 106 when its own are (ACS-4)
  const valid = (n: number): boolean => (w(n) & 0xc000) === 0x4000;
  const lba48 = valid(83) && on(83, 10);
  const lba28Sectors = ataWords(bytes, 60, 2);
  const lba48Sectors = lba48 ? ataWords(bytes, 100, 3) + ataWord(bytes, 103) * 2 ** 48 : undefined;
  const sizeWord = valid(106) ? w(106) : 0;
  const logicalSectorSize = sizeWord & 0x1000 ? 2 * ataWords(bytes, 117, 2) : 512;
  const physicalSectorSize = logicalSectorSize * 2 ** (sizeWord & 0x2000 ? sizeWord & 0x0f : 0);
  const sectors = lba48Sectors ?? lba28Sectors;
  const wwnPresent = valid(84) && on(84, 8);
  const ncq = on(76, 8) && w(76) !== 0xffff;
  const speeds = w(76) === 0xffff ? 0 : (w(76) >> 1) & 0x07;
  const integrity = w(255);
  return {
    model: ataString(bytes, 27, 20),
    serial: ataString(bytes, 10, 10),
    firmware: ataString(bytes, 23, 4),
    ataDevice: !on(0, 15),
    majorVersion: w(80) === 0xffff ? undefined : MAJOR_VERSIONS.find(([b]) => on(80, b))?.[1],
    lba28Sectors,
    lba48Sectors,
    sectors,
    logicalSectorSize,
    physicalSectorSize,
    capacityBytes: sectors * logicalSectorSize,
    wwn: wwnPresent ? [108, 109, 110, 111].map((n) => w(n).toString(16).padStart(4, '0')).join('') : undefined,
    rotationRate: w(217),
    rotationRateText: rotationText(w(217)),
    formFactor: w(168) & 0x0f,
    formFactorName: FORM_FACTORS[w(168) & 0x0f] ?? 'reserved',
    features: {
      smartSupported: valid(83) && on(82, 0),
      smartEnabled: valid(87) && on(85, 0),
      smartSelfTest: valid(84) && on(84, 1),
      smartErrorLog: valid(84) && on(84, 0),
      lba48,
      trim: on(169, 0),
      deterministicReadAfterTrim: on(69, 14),
      readZeroAfterTrim: on(69, 5),
      ncq,
      queueDepth: ncq ? (w(75) & 0x1f) + 1 : undefined,
      writeCacheSupported: valid(83) && on(82, 5),
      writeCacheEnabled: valid(87) && on(85, 5),
      lookAheadSupported: valid(83) && on(82, 6),
      lookAheadEnabled: valid(87) && on(85, 6),
      securitySupported: valid(83) && on(82, 1),
      securityEnabled: valid(87) && on(85, 1),
      sataGbps: speeds & 0x4 ? 6 : speeds & 0x2 ? 3 : speeds & 0x1 ? 1.5 : undefined,
    },
    checksum: (integrity & 0xff) !== 0xa5 ? 'absent' : ataChecksumOk(bytes) ? 'valid' : 'invalid',
  };
}
