/** GET LBA STATUS parameter data (SBC-5 5.7): LBA status descriptors. */
import { bits, flag, u32, u64, u8 } from '../dsl/fields.js';
import { defineLayout } from '../dsl/layout.js';
import { DecodeError } from '../errors/decode-error.js';
import { checkInput } from './bytes.js';
import { responseExtent } from './extent.js';

const PAGE = 'GET LBA STATUS data';

/** Layout of one LBA status descriptor (16 bytes). */
export const LBA_STATUS_DESCRIPTOR_LAYOUT = defineLayout({
  name: 'LBA status descriptor',
  length: 16,
  fields: {
    lba: u64(0, { description: 'first LBA of the extent' }),
    numberOfBlocks: u32(8, { description: 'number of logical blocks in the extent' }),
    provisioningStatus: bits(12, 3, 4, { description: 'PROVISIONING STATUS: 0 mapped or unknown, 1 deallocated, 2 anchored, 3 mapped, 4 unknown' }),
    additionalStatus: u8(13, { description: 'ADDITIONAL STATUS: 0 none, 1 the extent may return unrecovered errors' }),
  },
});

/** Provisioning status names (SBC-5: 0h mapped or unknown, 1h deallocated, 2h anchored, 3h mapped, 4h unknown; the rest reserved). */
export type ProvisioningStatusName = 'mapped-or-unknown' | 'deallocated' | 'anchored' | 'mapped' | 'unknown' | 'reserved';

const STATUS_NAMES: readonly ProvisioningStatusName[] = ['mapped-or-unknown', 'deallocated', 'anchored', 'mapped', 'unknown'];

/** One LBA status descriptor. */
export interface LbaStatusDescriptor {
  /** First LBA of the extent. */
  readonly lba: bigint;
  /** Number of logical blocks. */
  readonly numberOfBlocks: number;
  /** Provisioning status code. */
  readonly provisioningStatus: number;
  /** Provisioning status by name. */
  readonly provisioningStatusName: ProvisioningStatusName;
  /** ADDITIONAL STATUS (SBC-5: 1 means the extent may return unrecovered errors; the answer to REPORT TYPE 10h). */
  readonly additionalStatus: number;
}

/** Decoded GET LBA STATUS parameter data. */
export interface LbaStatusData {
  /** Parameter data length as declared (bytes after byte 3). */
  readonly parameterDataLength: number;
  /** Report type pending (RTP, byte 7 bit 0). */
  readonly rtp: boolean;
  /** The descriptors, in order. */
  readonly descriptors: LbaStatusDescriptor[];
  /** Whether the device declared more than the buffer holds. */
  readonly truncated: boolean;
}

const HEADER = defineLayout({ name: PAGE, length: 8, fields: { parameterDataLength: u32(0), rtp: flag(7, 0) } });

/**
 * Decodes GET LBA STATUS parameter data. A short buffer gives the descriptors
 * that fit and `truncated: true`.
 * @throws {@link DecodeError} on fewer than 8 bytes or a length that leaves a partial descriptor.
 */
export function decodeLbaStatus(bytes: Uint8Array): LbaStatusData {
  checkInput(bytes, PAGE, 8);
  const h = HEADER.decode(bytes);
  const declared = h.parameterDataLength + 4;
  if (declared < 8 || (declared - 8) % 16 !== 0) {
    throw new DecodeError(PAGE, 0, `parameter data length ${h.parameterDataLength} is not 4 plus a multiple of 16`);
  }
  const { end, truncated } = responseExtent(bytes.length, declared);
  const descriptors: LbaStatusDescriptor[] = [];
  for (let off = 8; off + 16 <= end; off += 16) {
    const d = LBA_STATUS_DESCRIPTOR_LAYOUT.decode(bytes, off);
    descriptors.push({ ...d, provisioningStatusName: STATUS_NAMES[d.provisioningStatus] ?? 'reserved' });
  }
  return { parameterDataLength: h.parameterDataLength, rtp: h.rtp, descriptors, truncated };
}
