/** GET CONFIGURATION response (MMC-6 6.6): an 8-byte feature header, then feature descriptors. */
import { checkInput, readUint } from './bytes.js';
import { responseExtent } from './extent.js';

/** One feature descriptor. */
export interface FeatureDescriptor {
  /** FEATURE CODE (0x0000 profile list, 0x0001 core, ...). */
  readonly featureCode: number;
  /** VERSION. */
  readonly version: number;
  /** PERSISTENT: the feature is always current. */
  readonly persistent: boolean;
  /** CURRENT: the feature is active now. */
  readonly current: boolean;
  /** The feature dependent data. */
  readonly data: Uint8Array;
  /** For the profile list feature (0000h): the profiles and which one is current. */
  readonly profiles?: {
    /** Profile number (e.g. 0x0010 DVD-ROM). */
    readonly profile: number;
    /** CURRENTP: the medium in the drive is of this profile. */
    readonly current: boolean;
  }[];
}

/** Decoded GET CONFIGURATION response. */
export interface ConfigurationData {
  /** DATA LENGTH as declared (bytes after byte 3). */
  readonly dataLength: number;
  /** CURRENT PROFILE (0x0008 CD-ROM, 0x0010 DVD-ROM, 0x0040 BD-ROM, ...; 0 none). */
  readonly currentProfile: number;
  /** The feature descriptors present. */
  readonly features: FeatureDescriptor[];
  /** Whether the device declared more than the buffer holds. */
  readonly truncated: boolean;
}

/**
 * Decodes a GET CONFIGURATION response.
 * @throws {@link DecodeError} on fewer than 8 bytes.
 */
export function decodeConfiguration(bytes: Uint8Array): ConfigurationData {
  checkInput(bytes, 'GET CONFIGURATION data', 8);
  const dataLength = readUint(bytes, 0, 4);
  const { end, truncated } = responseExtent(bytes.length, 4 + dataLength);
  const features: FeatureDescriptor[] = [];
  let off = 8;
  while (off + 4 <= end) {
    const featureCode = readUint(bytes, off, 2);
    const length = bytes[off + 3]!;
    const data = bytes.slice(off + 4, Math.min(end, off + 4 + length));
    const feature: FeatureDescriptor = { featureCode, version: (bytes[off + 2]! >> 2) & 0x0f, persistent: (bytes[off + 2]! & 0x02) !== 0, current: (bytes[off + 2]! & 0x01) !== 0, data };
    if (featureCode === 0) {
      const profiles: { profile: number; current: boolean }[] = [];
      for (let p = 0; p + 4 <= data.length; p += 4) profiles.push({ profile: readUint(data, p, 2), current: (data[p + 2]! & 0x01) !== 0 });
      features.push({ ...feature, profiles });
    } else features.push(feature);
    off += 4 + length;
  }
  return { dataLength, currentProfile: readUint(bytes, 6, 2), features, truncated: truncated || off > end };
}
