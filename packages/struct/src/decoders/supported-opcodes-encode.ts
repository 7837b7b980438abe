/**
 * REPORT SUPPORTED OPERATION CODES parameter data from command definitions
 * (SPC-6 6.36), for a device server that answers the command (the TCMU
 * target): the all-commands list and the one-command format, whose CDB
 * USAGE DATA is read off the definition's own field table.
 */
import type { CdbDefinition } from '../dsl/cdb.js';
import { COMMAND_DESCRIPTOR_LAYOUT, COMMAND_TIMEOUTS_DESCRIPTOR_LAYOUT, ONE_COMMAND_HEADER_LAYOUT } from './supported-opcodes.js';

/** A command a device server serves without a definition (a vendor opcode, say). */
export interface BareCommand {
  /** Operation code. */
  readonly opcode: number;
  /** CDB length in bytes. */
  readonly length: number;
}

/** A command a device server reports: a definition, or a bare opcode it serves without one. */
export type ReportedCommand = CdbDefinition | BareCommand;

/** Timeouts to report with each command (RCTD set), in seconds; 0 means not specified. */
export interface ReportedTimeouts {
  /** Nominal command processing timeout. */
  readonly nominal: number;
  /** Recommended command timeout. */
  readonly recommended: number;
}

/**
 * The CDB length an operation code's group gives (SPC-6 4.2.5.1): group 0
 * is 6 bytes, 1 and 2 are 10, 4 is 16, 5 is 12; 3 (0x7F variable length
 * and reserved) and the vendor groups 6 and 7 have no fixed length (0).
 */
export function cdbLengthOfGroup(opcode: number): number {
  return [6, 10, 10, 0, 16, 12, 0, 0][(opcode >> 5) & 7]!;
}

/**
 * The CDB USAGE DATA of a definition: byte 0 the operation code, the
 * service action where the definition has one, and a 1 in every bit a
 * field of the definition occupies (the bits the device server examines).
 */
export function cdbUsageData(definition: CdbDefinition): Uint8Array {
  const usage = definition.encode();
  for (const f of definition.fieldList) {
    const first = f.byte * 8 + (7 - f.bit);
    for (let p = first; p < first + f.width; p++) usage[p >> 3]! |= 0x80 >> (p & 7);
  }
  return usage;
}

function isDefinition(c: ReportedCommand): c is CdbDefinition {
  return (c as CdbDefinition).kind === 'cdb';
}

function timeoutsDescriptor(t: ReportedTimeouts): Uint8Array {
  return COMMAND_TIMEOUTS_DESCRIPTOR_LAYOUT.encode({ descriptorLength: 0x0a, commandSpecific: 0, nominalTimeout: t.nominal, recommendedTimeout: t.recommended });
}

/**
 * The all-commands parameter data (REPORTING OPTIONS 0): a 4-byte COMMAND
 * DATA LENGTH, then one 8-byte command descriptor per command (with a
 * 12-byte command timeouts descriptor after each when `timeouts` is given).
 */
export function encodeSupportedOpcodes(commands: readonly ReportedCommand[], timeouts?: ReportedTimeouts): Uint8Array {
  const each = 8 + (timeouts ? 12 : 0);
  const out = new Uint8Array(4 + commands.length * each);
  new DataView(out.buffer).setUint32(0, commands.length * each);
  commands.forEach((c, i) => {
    const sa = isDefinition(c) ? c.serviceAction : undefined;
    const at = 4 + i * each;
    out.set(COMMAND_DESCRIPTOR_LAYOUT.encode({ opcode: c.opcode, serviceAction: sa ?? 0, servactv: sa !== undefined, ctdp: timeouts !== undefined, cdbLength: c.length }), at);
    if (timeouts) out.set(timeoutsDescriptor(timeouts), at + 8);
  });
  return out;
}

/**
 * The one-command parameter data (REPORTING OPTIONS 1..3): SUPPORT 3 and
 * the definition's CDB USAGE DATA when `command` is supported, SUPPORT 1
 * (not supported) and no usage data when it is undefined.
 */
export function encodeOneSupportedOpcode(command: ReportedCommand | undefined, timeouts?: ReportedTimeouts): Uint8Array {
  if (!command) return ONE_COMMAND_HEADER_LAYOUT.encode({ support: 1, cdbSize: 0 });
  const usage = isDefinition(command) ? cdbUsageData(command) : Uint8Array.of(command.opcode, ...new Uint8Array(Math.max(command.length - 1, 0)));
  const header = ONE_COMMAND_HEADER_LAYOUT.encode({ ctdp: timeouts !== undefined, support: 3, cdbSize: usage.length });
  const out = new Uint8Array(4 + usage.length + (timeouts ? 12 : 0));
  out.set(header, 0);
  out.set(usage, 4);
  if (timeouts) out.set(timeoutsDescriptor(timeouts), 4 + usage.length);
  return out;
}
