/** REPORT ZONES parameter data (ZBC-2 5.4.3): a 64-byte header, then 64-byte zone descriptors. */
import { bits, flag, u32, u64 } from '../dsl/fields.js';
import { defineLayout } from '../dsl/layout.js';
import { checkInput } from './bytes.js';
import { responseExtent } from './extent.js';

const PAGE = 'REPORT ZONES data';

/** Layout of the 64-byte header (the fields sgio reads). */
export const REPORT_ZONES_HEADER_LAYOUT = defineLayout({
  name: 'REPORT ZONES header',
  length: 64,
  fields: {
    zoneListLength: u32(0, { description: 'ZONE LIST LENGTH: bytes of zone descriptors that follow the header' }),
    same: bits(4, 3, 4, { description: 'SAME: 0 zones differ, 1 all alike, 2 last differs, 3 same type and length' }),
    maximumLba: u64(8, { description: 'MAXIMUM LBA: the last LBA of the device' }),
  },
});

/** Layout of one 64-byte zone descriptor. */
export const ZONE_DESCRIPTOR_LAYOUT = defineLayout({
  name: 'zone descriptor',
  length: 64,
  fields: {
    zoneType: bits(0, 3, 4, { description: 'ZONE TYPE: 1 conventional, 2 sequential write required, 3 sequential write preferred, 4 sequential or before required, 5 gap' }),
    zoneCondition: bits(1, 7, 4, { description: 'ZONE CONDITION: 0 not write pointer, 1 empty, 2 implicitly open, 3 explicitly open, 4 closed, 5 inactive, 0xD read only, 0xE full, 0xF offline' }),
    nonSeq: flag(1, 1, { description: 'NON_SEQ: the zone was written out of sequence (sequential write preferred zones)' }),
    reset: flag(1, 0, { description: 'RESET: a RESET WRITE POINTER is recommended' }),
    zoneLength: u64(8, { description: 'ZONE LENGTH in logical blocks' }),
    zoneStartLba: u64(16, { description: 'ZONE START LBA' }),
    writePointerLba: u64(24, { description: 'WRITE POINTER LBA (invalid for conventional, full, read only, offline zones)' }),
  },
});

/** Zone type names. */
export type ZoneTypeName = 'conventional' | 'sequential-write-required' | 'sequential-write-preferred' | 'sequential-or-before-required' | 'gap' | 'reserved';

/** Zone condition names. */
export type ZoneConditionName = 'not-write-pointer' | 'empty' | 'implicitly-opened' | 'explicitly-opened' | 'closed' | 'inactive' | 'read-only' | 'full' | 'offline' | 'reserved';

const TYPE_NAMES: Readonly<Record<number, ZoneTypeName>> = {
  1: 'conventional',
  2: 'sequential-write-required',
  3: 'sequential-write-preferred',
  4: 'sequential-or-before-required',
  5: 'gap',
};

const CONDITION_NAMES: Readonly<Record<number, ZoneConditionName>> = {
  0x0: 'not-write-pointer',
  0x1: 'empty',
  0x2: 'implicitly-opened',
  0x3: 'explicitly-opened',
  0x4: 'closed',
  0x5: 'inactive',
  0xd: 'read-only',
  0xe: 'full',
  0xf: 'offline',
};

/** How sg_rep_zones prints each zone type (the sgio CLI prints the same). */
export const ZONE_TYPE_TEXT: Readonly<Record<ZoneTypeName, string>> = {
  conventional: 'Conventional',
  'sequential-write-required': 'Sequential write required',
  'sequential-write-preferred': 'Sequential write preferred',
  'sequential-or-before-required': 'Sequential or before required',
  gap: 'Gap',
  reserved: 'Reserved',
};

/** How sg_rep_zones prints each zone condition (the sgio CLI prints the same). */
export const ZONE_CONDITION_TEXT: Readonly<Record<ZoneConditionName, string>> = {
  'not-write-pointer': 'Not write pointer',
  empty: 'Empty',
  'implicitly-opened': 'Implicitly opened',
  'explicitly-opened': 'Explicitly opened',
  closed: 'Closed',
  inactive: 'Inactive',
  'read-only': 'Read only',
  full: 'Full',
  offline: 'Offline',
  reserved: 'Reserved',
};

/** One zone. */
export interface ZoneDescriptor {
  /** ZONE TYPE code. */
  readonly zoneType: number;
  /** Its name. */
  readonly zoneTypeName: ZoneTypeName;
  /** ZONE CONDITION code. */
  readonly zoneCondition: number;
  /** Its name. */
  readonly zoneConditionName: ZoneConditionName;
  /** NON_SEQ bit. */
  readonly nonSeq: boolean;
  /** RESET bit: a reset of the write pointer is recommended. */
  readonly reset: boolean;
  /** Length in logical blocks. */
  readonly zoneLength: bigint;
  /** First LBA. */
  readonly zoneStartLba: bigint;
  /** Write pointer (meaningful for sequential zones that are not full, read only or offline). */
  readonly writePointerLba: bigint;
}

/** Decoded REPORT ZONES parameter data. */
export interface ReportZonesData {
  /** ZONE LIST LENGTH as declared. */
  readonly zoneListLength: number;
  /** SAME code. */
  readonly same: number;
  /** MAXIMUM LBA. */
  readonly maximumLba: bigint;
  /** The zone descriptors that are present. */
  readonly zones: ZoneDescriptor[];
  /** Whether the device declared more descriptors than the buffer holds. */
  readonly truncated: boolean;
}

/**
 * Decodes REPORT ZONES parameter data. A short buffer gives the whole
 * descriptors it holds and `truncated: true`.
 * @throws {@link DecodeError} on fewer than 64 bytes.
 */
export function decodeReportZones(bytes: Uint8Array): ReportZonesData {
  checkInput(bytes, PAGE, 64);
  const h = REPORT_ZONES_HEADER_LAYOUT.decode(bytes);
  const { end, truncated } = responseExtent(bytes.length, 64 + h.zoneListLength);
  const zones: ZoneDescriptor[] = [];
  for (let off = 64; off + 64 <= end; off += 64) {
    const z = ZONE_DESCRIPTOR_LAYOUT.decode(bytes, off);
    zones.push({ ...z, zoneTypeName: TYPE_NAMES[z.zoneType] ?? 'reserved', zoneConditionName: CONDITION_NAMES[z.zoneCondition] ?? 'reserved' });
  }
  return { zoneListLength: h.zoneListLength, same: h.same, maximumLba: h.maximumLba, zones, truncated };
}
