/**
 * REPORT TARGET PORT GROUPS and SET TARGET PORT GROUPS (SPC-6, MAINTENANCE
 * IN/OUT 0xA3/0xA4, service action 0x0A): asymmetric logical unit access
 * (ALUA) states of the target port groups.
 */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, u32 } from '../../dsl/fields.js';
import { allocationLength32 } from '../common.js';

/** PARAMETER DATA FORMAT values of REPORT TARGET PORT GROUPS. */
export const RTPG_FORMAT = {
  /** Length-only header: descriptors start at byte 4. */
  lengthOnly: 0,
  /** Extended header: format type and implicit transition time, descriptors at byte 8. */
  extended: 1,
} as const;

/** REPORT TARGET PORT GROUPS. Allocation length defaults to 1024. */
export const reportTargetPortGroups = defineCdb({
  id: 'reportTargetPortGroups',
  name: 'REPORT TARGET PORT GROUPS',
  standard: 'SPC-6',
  description: 'Return the asymmetric access (ALUA) state of every target port group and its ports',
  opcode: 0xa3,
  serviceAction: 0x0a,
  length: 12,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    parameterDataFormat: bits(1, 7, 3, { description: 'PARAMETER DATA FORMAT: 0 length only, 1 extended header' }),
    allocationLength: allocationLength32(6, 1024),
    control: control(11),
  },
});

/** SET TARGET PORT GROUPS: sends a 4-byte header and one 4-byte descriptor per group to change. */
export const setTargetPortGroups = defineCdb({
  id: 'setTargetPortGroups',
  name: 'SET TARGET PORT GROUPS',
  standard: 'SPC-6',
  description: 'Change the asymmetric access (ALUA) state of target port groups (explicit ALUA)',
  opcode: 0xa4,
  serviceAction: 0x0a,
  length: 12,
  direction: (f) => (f.parameterListLength === 0 ? 'none' : 'out'),
  effect: 'state',
  dataLength: allocationLength('parameterListLength'),
  fields: {
    parameterListLength: u32(6, { description: 'PARAMETER LIST LENGTH: bytes sent (4 + 4 per target port group descriptor)' }),
    control: control(11),
  },
});
