/**
 * Sense data decoder (SPC-6 4.4): fixed and descriptor formats with every
 * sense data descriptor type.
 *
 * @packageDocumentation
 */

import { DecodeError } from '../errors/decode-error.js';
import { ascText } from '../tables/asc-ascq.js';
import { SenseKey, senseKeyName } from '../tables/sense-keys.js';
import type {
  SenseData,
  SenseDescriptor,
  SenseFormat,
  SenseKeySpecific,
  SenseResponseCode,
  UserDataSegment,
} from './types.js';

const PAGE = 'sense data';
const NO_ASC_TEXT = 'No additional sense code (the sense data ends before it)';
/** The largest sense data SPC allows: 8 header bytes + 255 additional. */
export const MAX_SENSE_LENGTH = 263;

function be16(b: Uint8Array, o: number): number {
  return ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
}

function be32(b: Uint8Array, o: number): number {
  return (((b[o] ?? 0) << 24) >>> 0) + (((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0));
}

function be64(b: Uint8Array, o: number): bigint {
  return (BigInt(be32(b, o)) << 32n) | BigInt(be32(b, o + 4));
}

function byteAt(b: Uint8Array, o: number): number {
  return b[o] ?? 0;
}

/**
 * Decodes the 3-byte SENSE KEY SPECIFIC field at `o` (SKSV in bit 7 of the
 * first byte) for `senseKey`, or returns undefined when SKSV is clear.
 */
export function decodeSenseKeySpecific(senseKey: number, b: Uint8Array, o = 0): SenseKeySpecific | undefined {
  const b0 = byteAt(b, o);
  if ((b0 & 0x80) === 0) return undefined;
  const raw = (b0 << 16) | be16(b, o + 1);
  const value = be16(b, o + 1);
  switch (senseKey) {
    case SenseKey.ILLEGAL_REQUEST:
      return {
        kind: 'field-pointer',
        cd: (b0 & 0x40) !== 0,
        bpv: (b0 & 0x08) !== 0,
        bitPointer: b0 & 0x07,
        fieldPointer: value,
        raw,
      };
    case SenseKey.NO_SENSE:
    case SenseKey.NOT_READY:
      return { kind: 'progress', progress: value, fraction: value / 65536, raw };
    case SenseKey.RECOVERED_ERROR:
    case SenseKey.MEDIUM_ERROR:
    case SenseKey.HARDWARE_ERROR:
      return { kind: 'retry-count', actualRetryCount: value, raw };
    case SenseKey.COPY_ABORTED:
      return {
        kind: 'segment-pointer',
        sd: (b0 & 0x20) !== 0,
        bpv: (b0 & 0x08) !== 0,
        bitPointer: b0 & 0x07,
        fieldPointer: value,
        raw,
      };
    case SenseKey.UNIT_ATTENTION:
      return { kind: 'unit-attention-queue', overflow: (b0 & 0x01) !== 0, raw };
    default:
      return { kind: 'other', raw };
  }
}

/** Minimum ADDITIONAL LENGTH of each fixed-size descriptor type. */
const MIN_DESCRIPTOR_LENGTH: Readonly<Record<number, number>> = {
  0x00: 0x0a,
  0x01: 0x0a,
  0x02: 0x06,
  0x03: 0x02,
  0x04: 0x02,
  0x05: 0x02,
  0x06: 0x1e,
  0x07: 0x22,
  0x08: 0x06,
  0x09: 0x0c,
  0x0a: 0x06,
  0x0b: 0x02,
  0x0c: 0x02,
  0x0d: 0x1e,
  0x0e: 0x06,
  0x0f: 0x06,
};

const DESCRIPTOR_NAMES: Readonly<Record<number, string>> = {
  0x00: 'information',
  0x01: 'command-specific information',
  0x02: 'sense key specific',
  0x03: 'field replaceable unit',
  0x04: 'stream commands',
  0x05: 'block commands',
  0x06: 'OSD object identification',
  0x07: 'OSD response integrity check value',
  0x08: 'OSD attribute identification',
  0x09: 'ATA status return',
  0x0a: 'another progress indication',
  0x0b: 'user data segment referral',
  0x0c: 'forwarded sense data',
  0x0d: 'direct-access block device',
  0x0e: 'device designation',
  0x0f: 'microcode activation',
};

function descriptorPage(type: number): string {
  return `${DESCRIPTOR_NAMES[type] ?? `type 0x${type.toString(16).padStart(2, '0')}`} sense data descriptor`;
}

/**
 * Decodes one descriptor `d` (the whole descriptor, header included) found
 * at `offset` of the sense buffer. The caller has checked `d.length === 2 + d[1]`.
 */
function decodeDescriptor(d: Uint8Array, offset: number, senseKey: number, depth: number): SenseDescriptor {
  const descriptorType = byteAt(d, 0);
  const additional = byteAt(d, 1);
  const min = MIN_DESCRIPTOR_LENGTH[descriptorType];
  if (min !== undefined && additional < min) {
    throw new DecodeError(
      descriptorPage(descriptorType),
      offset + 1,
      `additional length ${additional} is below the ${min} this descriptor type needs`,
    );
  }
  const common = { descriptorType, offset, bytes: d };
  switch (descriptorType) {
    case 0x00:
      return { ...common, type: 'information', valid: (byteAt(d, 2) & 0x80) !== 0, information: be64(d, 4) };
    case 0x01:
      return { ...common, type: 'command-specific', commandSpecific: be64(d, 4) };
    case 0x02: {
      const sks = decodeSenseKeySpecific(senseKey, d, 4);
      return sks === undefined
        ? { ...common, type: 'sense-key-specific', sksv: false }
        : { ...common, type: 'sense-key-specific', sksv: true, senseKeySpecific: sks };
    }
    case 0x03:
      return { ...common, type: 'fru', fru: byteAt(d, 3) };
    case 0x04: {
      const b3 = byteAt(d, 3);
      return {
        ...common,
        type: 'stream-commands',
        filemark: (b3 & 0x80) !== 0,
        eom: (b3 & 0x40) !== 0,
        ili: (b3 & 0x20) !== 0,
      };
    }
    case 0x05:
      return { ...common, type: 'block-commands', ili: (byteAt(d, 3) & 0x20) !== 0 };
    case 0x06:
      return {
        ...common,
        type: 'osd-object-identification',
        notInitiatedCommands: be32(d, 8),
        completedCommands: be32(d, 12),
        partitionId: be64(d, 16),
        objectId: be64(d, 24),
      };
    case 0x07:
      return { ...common, type: 'osd-response-integrity-check', integrityCheckValue: d.subarray(4, 36) };
    case 0x08: {
      const attributes: { page: number; number: number }[] = [];
      for (let o = 8; o + 8 <= d.length; o += 8) attributes.push({ page: be32(d, o), number: be32(d, o + 4) });
      return { ...common, type: 'osd-attribute-identification', attributes };
    }
    case 0x09: {
      const extend = (byteAt(d, 2) & 0x01) !== 0;
      const low = (byteAt(d, 11) << 16) | (byteAt(d, 9) << 8) | byteAt(d, 7);
      const high = (byteAt(d, 10) << 16) | (byteAt(d, 8) << 8) | byteAt(d, 6);
      return {
        ...common,
        type: 'ata-status-return',
        extend,
        error: byteAt(d, 3),
        count: extend ? be16(d, 4) : byteAt(d, 5),
        lba: extend ? high * 0x1000000 + low : low,
        device: byteAt(d, 12),
        status: byteAt(d, 13),
      };
    }
    case 0x0a: {
      const progress = be16(d, 6);
      return {
        ...common,
        type: 'progress-indication',
        senseKey: byteAt(d, 2) & 0x0f,
        asc: byteAt(d, 3),
        ascq: byteAt(d, 4),
        progress,
        fraction: progress / 65536,
      };
    }
    case 0x0b: {
      const segments: UserDataSegment[] = [];
      let o = 4;
      while (o < d.length) {
        if (o + 20 > d.length) {
          throw new DecodeError(descriptorPage(0x0b), offset + o, 'a user data segment referral descriptor needs 20 bytes');
        }
        const count = byteAt(d, o + 3);
        const end = o + 20 + 4 * count;
        if (end > d.length) {
          throw new DecodeError(
            descriptorPage(0x0b),
            offset + o + 3,
            `${count} target port group descriptors run past the end of the descriptor`,
          );
        }
        const targetPortGroups = [];
        for (let t = o + 20; t < end; t += 4) {
          targetPortGroups.push({ asymmetricAccessState: byteAt(d, t) & 0x0f, targetPortGroup: be16(d, t + 2) });
        }
        segments.push({ firstLba: be64(d, o + 4), lastLba: be64(d, o + 12), targetPortGroups });
        o = end;
      }
      return { ...common, type: 'user-data-segment-referral', notAllReferrals: (byteAt(d, 2) & 0x01) !== 0, segments };
    }
    case 0x0c: {
      const forwardedSense = d.subarray(4);
      let decoded: SenseData | undefined;
      if (forwardedSense.length > 0 && depth < 8) {
        try {
          decoded = decodeSenseAt(forwardedSense, depth + 1);
        } catch (err) {
          if (!(err instanceof DecodeError)) throw err;
        }
      }
      const b2 = byteAt(d, 2);
      const base = {
        ...common,
        type: 'forwarded-sense' as const,
        fsdt: (b2 & 0x80) !== 0,
        senseDataSource: b2 & 0x0f,
        forwardedStatus: byteAt(d, 3),
        forwardedSense,
      };
      return decoded === undefined ? base : { ...base, decoded };
    }
    case 0x0d: {
      const b2 = byteAt(d, 2);
      const sks = decodeSenseKeySpecific(senseKey, d, 4);
      const base = {
        ...common,
        type: 'direct-access-block-device' as const,
        valid: (b2 & 0x80) !== 0,
        ili: (b2 & 0x20) !== 0,
        sksv: sks !== undefined,
        fru: byteAt(d, 7),
        information: be64(d, 8),
        commandSpecific: be64(d, 16),
      };
      return sks === undefined ? base : { ...base, senseKeySpecific: sks };
    }
    case 0x0e: {
      const length = byteAt(d, 7);
      if (8 + length > d.length) {
        throw new DecodeError(
          descriptorPage(0x0e),
          offset + 7,
          `designator length ${length} runs past the end of the descriptor`,
        );
      }
      const b4 = byteAt(d, 4);
      const b5 = byteAt(d, 5);
      return {
        ...common,
        type: 'device-designation',
        usageReason: byteAt(d, 3) & 0x0f,
        designation: {
          protocolIdentifier: b4 >> 4,
          codeSet: b4 & 0x0f,
          piv: (b5 & 0x80) !== 0,
          association: (b5 >> 4) & 0x03,
          designatorType: b5 & 0x0f,
          designator: d.subarray(8, 8 + length),
        },
      };
    }
    case 0x0f:
      return { ...common, type: 'microcode-activation', activationTime: be16(d, 6) };
    default:
      return { ...common, type: descriptorType >= 0x80 ? 'vendor-specific' : 'reserved', data: d.subarray(2) };
  }
}

function checkInput(bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`decodeSense expects a Uint8Array, got ${typeof bytes}`);
  }
}

function responseCodeOf(bytes: Uint8Array): SenseResponseCode {
  if (bytes.length === 0) throw new DecodeError(PAGE, 0, 'the buffer is empty (no sense data was returned)');
  const code = byteAt(bytes, 0) & 0x7f;
  if (code < 0x70 || code > 0x73) {
    const why = code === 0x7f ? 'vendor specific format' : 'not a sense data response code';
    throw new DecodeError(
      PAGE,
      0,
      `response code 0x${code.toString(16).padStart(2, '0')} is a ${why}; only 0x70-0x73 (fixed and descriptor formats) can be decoded`,
    );
  }
  return code as SenseResponseCode;
}

function decodeFixed(bytes: Uint8Array, responseCode: SenseResponseCode): SenseData {
  if (bytes.length < 3) {
    throw new DecodeError(PAGE, bytes.length, 'fixed format sense data stops before the sense key (byte 2)');
  }
  const declared = bytes.length >= 8 ? 8 + byteAt(bytes, 7) : undefined;
  const truncated = declared === undefined || bytes.length < declared;
  const length = declared === undefined ? bytes.length : Math.min(bytes.length, declared);
  const b = bytes.subarray(0, length);
  const b2 = byteAt(b, 2);
  const senseKey = b2 & 0x0f;
  const asc = byteAt(b, 12);
  const ascq = byteAt(b, 13);
  const sks = length >= 18 ? decodeSenseKeySpecific(senseKey, b, 15) : undefined;
  const fru = length >= 15 ? byteAt(b, 14) : 0;
  return {
    responseCode,
    format: 'fixed',
    current: responseCode === 0x70,
    valid: (byteAt(b, 0) & 0x80) !== 0,
    senseKey,
    senseKeyName: senseKeyName(senseKey),
    asc,
    ascq,
    ascPresent: length >= 13,
    ascText: length >= 13 ? ascText(asc, ascq) : NO_ASC_TEXT,
    ...(length >= 7 ? { information: BigInt(be32(b, 3)) } : {}),
    ...(length >= 12 ? { commandSpecific: BigInt(be32(b, 8)) } : {}),
    ...(sks === undefined ? {} : { senseKeySpecific: sks }),
    ...(fru === 0 ? {} : { fru }),
    filemark: (b2 & 0x80) !== 0,
    eom: (b2 & 0x40) !== 0,
    ili: (b2 & 0x20) !== 0,
    sdatOverflow: (b2 & 0x10) !== 0,
    ...(declared === undefined ? {} : { additionalLength: declared - 8 }),
    additionalBytes: b.subarray(Math.min(18, length)),
    descriptors: [],
    length,
    truncated,
  };
}

function decodeDescriptorFormat(bytes: Uint8Array, responseCode: SenseResponseCode, depth: number): SenseData {
  if (bytes.length < 2) {
    throw new DecodeError(PAGE, bytes.length, 'descriptor format sense data stops before the sense key (byte 1)');
  }
  const declared = bytes.length >= 8 ? 8 + byteAt(bytes, 7) : undefined;
  const truncated = declared === undefined || bytes.length < declared;
  const length = declared === undefined ? bytes.length : Math.min(bytes.length, declared);
  const b = bytes.subarray(0, length);
  const senseKey = byteAt(b, 1) & 0x0f;
  const asc = byteAt(b, 2);
  const ascq = byteAt(b, 3);

  const descriptors: SenseDescriptor[] = [];
  let o = 8;
  while (o < length) {
    if (o + 2 > length || o + 2 + byteAt(b, o + 1) > length) {
      // Cut off by a short buffer: keep what was complete. Otherwise the
      // descriptor overruns the ADDITIONAL SENSE LENGTH: malformed.
      if (truncated) break;
      const type = byteAt(b, o);
      throw new DecodeError(
        descriptorPage(type),
        o,
        o + 2 > length
          ? 'a descriptor header needs 2 bytes but the additional sense length ends first'
          : `its additional length ${byteAt(b, o + 1)} runs past the additional sense length (${length - 8})`,
      );
    }
    const end = o + 2 + byteAt(b, o + 1);
    descriptors.push(decodeDescriptor(b.subarray(o, end), o, senseKey, depth));
    o = end;
  }

  let information: bigint | undefined;
  let valid = false;
  let commandSpecific: bigint | undefined;
  let sks: SenseKeySpecific | undefined;
  let fru: number | undefined;
  let filemark = false;
  let eom = false;
  let ili = false;
  for (const d of descriptors) {
    switch (d.type) {
      case 'information':
        if (information === undefined) {
          information = d.information;
          valid = d.valid;
        }
        break;
      case 'command-specific':
        commandSpecific ??= d.commandSpecific;
        break;
      case 'sense-key-specific':
        sks ??= d.senseKeySpecific;
        break;
      case 'fru':
        if (d.fru !== 0) fru ??= d.fru;
        break;
      case 'stream-commands':
        filemark ||= d.filemark;
        eom ||= d.eom;
        ili ||= d.ili;
        break;
      case 'block-commands':
        ili ||= d.ili;
        break;
      case 'direct-access-block-device':
        if (information === undefined) {
          information = d.information;
          valid = d.valid;
        }
        commandSpecific ??= d.commandSpecific;
        sks ??= d.senseKeySpecific;
        if (d.fru !== 0) fru ??= d.fru;
        ili ||= d.ili;
        break;
      default:
        break;
    }
  }

  return {
    responseCode,
    format: 'descriptor',
    current: responseCode === 0x72,
    valid,
    senseKey,
    senseKeyName: senseKeyName(senseKey),
    asc,
    ascq,
    ascPresent: length >= 3,
    ascText: length >= 3 ? ascText(asc, ascq) : NO_ASC_TEXT,
    ...(information === undefined ? {} : { information }),
    ...(commandSpecific === undefined ? {} : { commandSpecific }),
    ...(sks === undefined ? {} : { senseKeySpecific: sks }),
    ...(fru === undefined ? {} : { fru }),
    filemark,
    eom,
    ili,
    sdatOverflow: (byteAt(b, 4) & 0x80) !== 0,
    ...(declared === undefined ? {} : { additionalLength: declared - 8 }),
    descriptors,
    length,
    truncated,
  };
}

function decodeSenseAt(bytes: Uint8Array, depth: number): SenseData {
  const responseCode = responseCodeOf(bytes);
  return responseCode <= 0x71 ? decodeFixed(bytes, responseCode) : decodeDescriptorFormat(bytes, responseCode, depth);
}

/**
 * Decodes sense data in fixed (0x70/0x71) or descriptor (0x72/0x73) format.
 *
 * The input is untrusted: bytes past 8 + ADDITIONAL SENSE LENGTH are ignored
 * (sg pads its sense buffer); a buffer shorter than the declared length gives
 * a result with `truncated: true` (a short allocation length is allowed);
 * anything that cannot be sense data throws a {@link DecodeError} naming the
 * structure and byte offset. No other exception is thrown for bad bytes.
 *
 * @param bytes - the sense buffer (for sg: the first `sb_len_wr` bytes)
 * @throws DecodeError if the buffer is empty, the response code is not
 *   0x70..0x73 (0x7f vendor-specific sense included), the buffer stops before
 *   the sense key, or a descriptor is malformed
 * @throws TypeError if `bytes` is not a Uint8Array
 */
export function decodeSense(bytes: Uint8Array): SenseData {
  checkInput(bytes);
  return decodeSenseAt(bytes, 0);
}

/** The fields every sense buffer carries in the same place for its format (cf. sg3_utils' normalized sense). */
export interface SenseHeader {
  /** RESPONSE CODE: 0x70/0x71 fixed, 0x72/0x73 descriptor. */
  readonly responseCode: SenseResponseCode;
  /** `'fixed'` or `'descriptor'`, from the response code. */
  readonly format: SenseFormat;
  /** True for current errors, false for deferred errors. */
  readonly current: boolean;
  /** SENSE KEY (0..15). */
  readonly senseKey: number;
  /** ADDITIONAL SENSE CODE. */
  readonly asc: number;
  /** ADDITIONAL SENSE CODE QUALIFIER. */
  readonly ascq: number;
}

/**
 * Reads only the response code, sense key, ASC and ASCQ, without decoding
 * descriptors: it succeeds on sense data whose descriptors are malformed.
 * Returns undefined when even these cannot be read (empty buffer, response
 * code not 0x70..0x73, or too short for a sense key). Never throws for bad bytes.
 */
export function senseHeader(bytes: Uint8Array): SenseHeader | undefined {
  checkInput(bytes);
  const code = byteAt(bytes, 0) & 0x7f;
  if (bytes.length === 0 || code < 0x70 || code > 0x73) return undefined;
  const responseCode = code as SenseResponseCode;
  const fixed = responseCode <= 0x71;
  if (bytes.length < (fixed ? 3 : 2)) return undefined;
  const declared = bytes.length >= 8 ? 8 + byteAt(bytes, 7) : bytes.length;
  const b = bytes.subarray(0, Math.min(bytes.length, declared));
  return {
    responseCode,
    format: fixed ? 'fixed' : 'descriptor',
    current: responseCode === 0x70 || responseCode === 0x72,
    senseKey: byteAt(b, fixed ? 2 : 1) & 0x0f,
    asc: byteAt(b, fixed ? 12 : 2),
    ascq: byteAt(b, fixed ? 13 : 3),
  };
}

/**
 * The progress of a long operation reported in sense data, from 0 to 1: the
 * sense key specific progress field (NO SENSE / NOT READY) or, failing that,
 * the first another-progress-indication descriptor. Undefined when absent.
 */
export function senseProgress(sense: SenseData): number | undefined {
  if (sense.senseKeySpecific?.kind === 'progress') return sense.senseKeySpecific.fraction;
  for (const d of sense.descriptors) if (d.type === 'progress-indication') return d.fraction;
  return undefined;
}

/** The first descriptor of the given type, typed accordingly, or undefined. */
export function findSenseDescriptor<T extends SenseDescriptor['type']>(
  sense: SenseData,
  type: T,
): Extract<SenseDescriptor, { type: T }> | undefined {
  return sense.descriptors.find((d): d is Extract<SenseDescriptor, { type: T }> => d.type === type);
}
