/** REPORT REFERRALS parameter data (SBC-5 5.27): user data segments and the target port groups serving them. */
import { checkInput, readUint, readUint64 } from './bytes.js';
import { responseExtent } from './extent.js';

/** A target port group of a referral, with its access state. */
export interface SegmentTargetPortGroup {
  /** ASYMMETRIC ACCESS STATE of the group for this segment. */
  readonly accessState: number;
  /** TARGET PORT GROUP. */
  readonly group: number;
}

/** One user data segment referral descriptor. */
export interface UserDataSegmentReferral {
  /** FIRST USER DATA SEGMENT LBA. */
  readonly firstLba: bigint;
  /** LAST USER DATA SEGMENT LBA. */
  readonly lastLba: bigint;
  /** The target port group descriptors. */
  readonly targetPortGroups: SegmentTargetPortGroup[];
}

/** Decoded REPORT REFERRALS parameter data. */
export interface ReferralsData {
  /** USER DATA SEGMENT REFERRAL DESCRIPTOR LENGTH as declared. */
  readonly descriptorLength: number;
  /** The descriptors present. */
  readonly segments: UserDataSegmentReferral[];
  /** Whether the device declared more than the buffer holds. */
  readonly truncated: boolean;
}

/**
 * Decodes REPORT REFERRALS parameter data: a 4-byte header (length in bytes
 * 2..3), then descriptors of 20 bytes plus 4 per target port group.
 * @throws {@link DecodeError} on fewer than 4 bytes.
 */
export function decodeReferrals(bytes: Uint8Array): ReferralsData {
  checkInput(bytes, 'REPORT REFERRALS data', 4);
  const descriptorLength = readUint(bytes, 2, 2);
  const { end, truncated } = responseExtent(bytes.length, 4 + descriptorLength);
  const segments: UserDataSegmentReferral[] = [];
  let off = 4;
  while (off + 20 <= end) {
    const count = bytes[off + 3]!;
    const targetPortGroups: SegmentTargetPortGroup[] = [];
    let p = off + 20;
    for (let i = 0; i < count && p + 4 <= end; i++, p += 4) targetPortGroups.push({ accessState: bytes[p]! & 0x0f, group: readUint(bytes, p + 2, 2) });
    segments.push({ firstLba: readUint64(bytes, off + 4), lastLba: readUint64(bytes, off + 12), targetPortGroups });
    off = off + 20 + 4 * count;
  }
  return { descriptorLength, segments, truncated: truncated || off < end };
}
