/**
 * GET LBA STATUS(16) (SBC-5, SERVICE ACTION IN(16) 0x9E / 0x12) and GET LBA
 * STATUS(32) (variable-length 0x7F / 0x0012): provisioning status of LBAs.
 */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control, u32, u64, u8 } from '../../dsl/fields.js';
import { additionalCdbLength, VARIABLE_LENGTH_SERVICE_ACTION } from '../common.js';

/** REPORT TYPE values of GET LBA STATUS (SBC-5: a whole byte, values 05h..0Fh and 11h..FFh reserved). */
export const LBA_STATUS_REPORT_TYPE = {
  /** Every LBA. */
  all: 0x00,
  /** LBAs whose provisioning status is not 0 (deallocated, anchored, mapped, unknown). */
  nonZero: 0x01,
  /** Mapped LBAs. */
  mapped: 0x02,
  /** Deallocated LBAs. */
  deallocated: 0x03,
  /** Anchored LBAs. */
  anchored: 0x04,
  /** LBAs that may return an unrecovered error. */
  unrecoveredError: 0x10,
} as const;

const reportTypeHelp = 'REPORT TYPE: 0 all, 1 non-zero provisioning status, 2 mapped, 3 deallocated, 4 anchored, 0x10 may return an unrecovered error';
const lbaHelp = 'STARTING LOGICAL BLOCK ADDRESS';
const allocationHelp = 'ALLOCATION LENGTH: bytes the initiator can receive (default 4096)';

/** GET LBA STATUS(16). Allocation length defaults to 4096 (255 descriptors). */
export const getLbaStatus = defineCdb({
  id: 'getLbaStatus',
  name: 'GET LBA STATUS',
  standard: 'SBC-5',
  description: 'Return the provisioning status (mapped, deallocated, anchored) of blocks from an LBA on',
  opcode: 0x9e,
  serviceAction: 0x12,
  length: 16,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    lba: u64(2, { description: lbaHelp }),
    allocationLength: u32(10, { default: 4096, description: allocationHelp }),
    reportType: u8(14, { description: reportTypeHelp }),
    control: control(15),
  },
});

/** GET LBA STATUS(32): adds a scan length and a physical element to report on. Same parameter data. */
export const getLbaStatus32 = defineCdb({
  id: 'getLbaStatus32',
  name: 'GET LBA STATUS(32)',
  standard: 'SBC-5',
  description: 'Return the provisioning status of blocks from an LBA on, limited to a scan length or a physical element',
  opcode: 0x7f,
  serviceAction: 0x0012,
  serviceActionAt: VARIABLE_LENGTH_SERVICE_ACTION,
  length: 32,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    control: control(1),
    additionalCdbLength: additionalCdbLength(),
    reportType: u8(10, { description: reportTypeHelp }),
    lba: u64(12, { description: lbaHelp }),
    scanLength: u32(20, { description: 'SCAN LENGTH: most blocks to scan for the report type (0: no limit)' }),
    elementIdentifier: u32(24, { description: 'ELEMENT IDENTIFIER: report only LBAs of this physical element (0: any)' }),
    allocationLength: u32(28, { default: 4096, description: allocationHelp }),
  },
});
