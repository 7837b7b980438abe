/**
 * REPORT TARGET PORT GROUPS (SPC-6, MAINTENANCE IN 0xA3 / service action
 * 0x0A): the ALUA state of each target port group. Not in sgio's built-in
 * set; defined here exactly as a third party would.
 */
import { allocationLength, bits, control, defineCdb, u32 } from '@sgio/struct';

/** PARAMETER DATA FORMAT values of REPORT TARGET PORT GROUPS. */
export const RTPG_FORMAT = {
  /** Length-only header: descriptors start at byte 4. */
  lengthOnly: 0,
  /** Extended header: format type and implicit transition time, descriptors at byte 8. */
  extended: 1,
} as const;

/** The REPORT TARGET PORT GROUPS command definition. */
export const reportTargetPortGroups = defineCdb({
  id: 'reportTargetPortGroups',
  name: 'REPORT TARGET PORT GROUPS',
  standard: 'SPC-6',
  description: 'Return the asymmetric access (ALUA) state of every target port group',
  opcode: 0xa3,
  serviceAction: 0x0a,
  length: 12,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    parameterDataFormat: bits(1, 7, 3, { description: 'PARAMETER DATA FORMAT: 0 length only, 1 extended header' }),
    allocationLength: u32(6, { default: 1024, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 1024)' }),
    control: control(11),
  },
});
