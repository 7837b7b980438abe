/** REPORT ZONES (ZBC-2, ZBC IN 0x95 / 0x00): the zones of a zoned block device, with their write pointers. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, flag, u64 } from '../../dsl/fields.js';
import { allocationLength32 } from '../common.js';

/** REPORTING OPTIONS values of REPORT ZONES (ZBC-2). */
export const REPORT_ZONES_OPTION = {
  /** Every zone. */
  all: 0x00,
  /** Empty zones. */
  empty: 0x01,
  /** Implicitly opened zones. */
  implicitlyOpened: 0x02,
  /** Explicitly opened zones. */
  explicitlyOpened: 0x03,
  /** Closed zones. */
  closed: 0x04,
  /** Full zones. */
  full: 0x05,
  /** Read-only zones. */
  readOnly: 0x06,
  /** Offline zones. */
  offline: 0x07,
  /** Inactive zones. */
  inactive: 0x08,
  /** Zones whose RWP RECOMMENDED bit is set. */
  resetRecommended: 0x10,
  /** Zones with NON_SEQ set. */
  nonSequential: 0x11,
  /** Zones that are not write pointer zones. */
  notWritePointer: 0x3f,
} as const;

/** REPORT ZONES. Allocation length defaults to 4096 (a 64-byte header and 63 descriptors). */
export const reportZones = defineCdb({
  id: 'reportZones',
  name: 'REPORT ZONES',
  standard: 'ZBC-2',
  description: 'List the zones from an LBA on: type, condition, start, length and write pointer of each',
  opcode: 0x95,
  serviceAction: 0x00,
  length: 16,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    zoneStartLba: u64(2, { description: 'ZONE START LBA: report zones from the one holding this LBA' }),
    allocationLength: allocationLength32(10),
    partial: flag(14, 7, { description: 'PARTIAL: the zone list length counts only the descriptors returned' }),
    reportingOptions: bits(14, 5, 6, { description: 'REPORTING OPTIONS: 0 all zones, 1 empty, 2 implicitly open, 3 explicitly open, 4 closed, 5 full, 6 read only, 7 offline, 0x3F not write pointer' }),
    control: control(15),
  },
});
