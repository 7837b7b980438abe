/**
 * The parameter data of REPORT TARGET PORT GROUPS (SPC-6 6.36): a header,
 * then one descriptor per target port group, each followed by its target
 * ports. Built from `defineLayout`, so every field position reads like the
 * T10 table.
 */
import { RTPG_FORMAT } from '../commands/spc/target-port-groups.js';
import { bits, flag, u16, u32, u8 } from '../dsl/fields.js';
import { defineLayout } from '../dsl/layout.js';
import { checkInput, readUint } from './bytes.js';

/** Layout of one target port group descriptor's fixed 8 bytes. */
export const TARGET_PORT_GROUP_LAYOUT = defineLayout({
  name: 'target port group descriptor',
  length: 8,
  fields: {
    pref: flag(0, 7, { description: 'PREF: preferred target port group' }),
    accessState: bits(0, 3, 4, { description: 'ASYMMETRIC ACCESS STATE' }),
    tSup: flag(1, 7, { description: 'T_SUP: transitioning supported' }),
    oSup: flag(1, 6, { description: 'O_SUP: offline supported' }),
    lbdSup: flag(1, 4, { description: 'LBD_SUP: logical block dependent supported' }),
    uSup: flag(1, 3, { description: 'U_SUP: unavailable supported' }),
    sSup: flag(1, 2, { description: 'S_SUP: standby supported' }),
    anSup: flag(1, 1, { description: 'AN_SUP: active/non-optimized supported' }),
    aoSup: flag(1, 0, { description: 'AO_SUP: active/optimized supported' }),
    group: u16(2, { description: 'TARGET PORT GROUP' }),
    statusCode: u8(5, { description: 'STATUS CODE' }),
    vendorSpecific: u8(6, { description: 'VENDOR SPECIFIC' }),
    portCount: u8(7, { description: 'TARGET PORT COUNT' }),
  },
});

/** ASYMMETRIC ACCESS STATE names (SPC-6 table 175). */
const ACCESS_STATES: Readonly<Record<number, string>> = {
  0x0: 'active/optimized',
  0x1: 'active/non-optimized',
  0x2: 'standby',
  0x3: 'unavailable',
  0x4: 'logical block dependent',
  0xe: 'offline',
  0xf: 'transitioning',
};

/** The name of an asymmetric access state (`reserved (0x5)` for unassigned values). */
export function accessStateName(state: number): string {
  return ACCESS_STATES[state] ?? `reserved (0x${state.toString(16)})`;
}

/** One target port group. */
export interface TargetPortGroup {
  /** TARGET PORT GROUP identifier. */
  readonly group: number;
  /** PREF: the group is preferred. */
  readonly preferred: boolean;
  /** ASYMMETRIC ACCESS STATE. */
  readonly accessState: number;
  /** Its name (`active/optimized`, `standby`, ...). */
  readonly accessStateName: string;
  /** The access states the group supports, by name. */
  readonly supportedStates: readonly string[];
  /** STATUS CODE (0 none, 1 changed by SET TARGET PORT GROUPS, 2 changed by implicit behaviour). */
  readonly statusCode: number;
  /** VENDOR SPECIFIC byte. */
  readonly vendorSpecific: number;
  /** RELATIVE TARGET PORT IDENTIFIERs of the group's ports. */
  readonly ports: readonly number[];
}

/** Decoded REPORT TARGET PORT GROUPS parameter data. */
export interface TargetPortGroups {
  /** The header format the device used. */
  readonly format: 'length-only' | 'extended';
  /** IMPLICIT TRANSITION TIME in seconds (extended header only). */
  readonly implicitTransitionTime: number | undefined;
  /** The groups, in the order returned. */
  readonly groups: readonly TargetPortGroup[];
  /** True when the device had more data than the buffer held. */
  readonly truncated: boolean;
}

const SUPPORT_FLAGS = [
  ['aoSup', 'active/optimized'],
  ['anSup', 'active/non-optimized'],
  ['sSup', 'standby'],
  ['uSup', 'unavailable'],
  ['lbdSup', 'logical block dependent'],
  ['oSup', 'offline'],
  ['tSup', 'transitioning'],
] as const;

/**
 * Decodes REPORT TARGET PORT GROUPS parameter data. `format` is the
 * PARAMETER DATA FORMAT the command asked for (the extended header also says
 * so itself in byte 4).
 * @throws {@link DecodeError} when the data is shorter than its header.
 */
export function decodeTargetPortGroups(data: Uint8Array, format: number = RTPG_FORMAT.lengthOnly): TargetPortGroups {
  checkInput(data, 'REPORT TARGET PORT GROUPS data', 4);
  const returnLength = readUint(data, 0, 4);
  const extended = format === RTPG_FORMAT.extended && data.length >= 8 && ((data[4]! >> 4) & 0x7) === 1;
  const end = Math.min(data.length, 4 + returnLength);
  const groups: TargetPortGroup[] = [];
  let offset = extended ? 8 : 4;
  while (offset + TARGET_PORT_GROUP_LAYOUT.length <= end) {
    const d = TARGET_PORT_GROUP_LAYOUT.decode(data, offset);
    const ports: number[] = [];
    let p = offset + TARGET_PORT_GROUP_LAYOUT.length;
    for (let i = 0; i < d.portCount && p + 4 <= end; i++, p += 4) ports.push((data[p + 2]! << 8) | data[p + 3]!);
    groups.push({
      group: d.group,
      preferred: d.pref,
      accessState: d.accessState,
      accessStateName: accessStateName(d.accessState),
      supportedStates: SUPPORT_FLAGS.filter(([key]) => d[key]).map(([, name]) => name),
      statusCode: d.statusCode,
      vendorSpecific: d.vendorSpecific,
      ports,
    });
    offset = p;
  }
  return {
    format: extended ? 'extended' : 'length-only',
    implicitTransitionTime: extended ? data[5] : undefined,
    groups,
    truncated: 4 + returnLength > data.length,
  };
}

/** Layout of the 4-byte length-only header (for encoding test data or a target emulator). */
export const RTPG_HEADER_LAYOUT = defineLayout({
  name: 'REPORT TARGET PORT GROUPS header',
  length: 4,
  fields: { returnDataLength: u32(0, { description: 'RETURN DATA LENGTH: bytes that follow' }) },
});

/** The asymmetric access states SET TARGET PORT GROUPS may ask for (SPC-6 table 181), by name. */
export const SETTABLE_ACCESS_STATES = {
  'active/optimized': 0x0,
  'active/non-optimized': 0x1,
  standby: 0x2,
  unavailable: 0x3,
  offline: 0xe,
} as const;

/** A name of {@link SETTABLE_ACCESS_STATES}. */
export type SettableAccessState = keyof typeof SETTABLE_ACCESS_STATES;

/** One change SET TARGET PORT GROUPS asks for: a target port group and the state it should take. */
export interface TargetPortGroupChange {
  /** TARGET PORT GROUP identifier (0..65535). */
  readonly group: number;
  /** The state, by name or code (a code of {@link SETTABLE_ACCESS_STATES}). */
  readonly state: SettableAccessState | number;
}

/**
 * The parameter list of SET TARGET PORT GROUPS: 4 reserved bytes, then a
 * 4-byte descriptor per change (ASYMMETRIC ACCESS STATE in byte 0 bits 3..0,
 * the TARGET PORT GROUP in bytes 2..3).
 * @throws RangeError for a state that cannot be set or a group out of range.
 */
export function encodeSetTargetPortGroups(changes: readonly TargetPortGroupChange[]): Uint8Array {
  const settable = new Set<number>(Object.values(SETTABLE_ACCESS_STATES));
  const out = new Uint8Array(4 + 4 * changes.length);
  changes.forEach((c, i) => {
    const code = typeof c.state === 'number' ? c.state : SETTABLE_ACCESS_STATES[c.state];
    if (code === undefined || !settable.has(code)) {
      throw new RangeError(`SET TARGET PORT GROUPS: '${String(c.state)}' is not a state it can set; use ${Object.keys(SETTABLE_ACCESS_STATES).join(', ')}`);
    }
    if (!Number.isInteger(c.group) || c.group < 0 || c.group > 0xffff) throw new RangeError(`SET TARGET PORT GROUPS: target port group must be 0..65535, got ${String(c.group)}`);
    const at = 4 + 4 * i;
    out[at] = code;
    out[at + 2] = c.group >> 8;
    out[at + 3] = c.group & 0xff;
  });
  return out;
}
