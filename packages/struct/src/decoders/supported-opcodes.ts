/**
 * REPORT SUPPORTED OPERATION CODES parameter data (SPC-6 6.36): the list of
 * all commands (reporting options 0) and the one-command format (1..3), with
 * command timeouts descriptors.
 */
import { bits, flag, u16, u32, u8 } from '../dsl/fields.js';
import { defineLayout } from '../dsl/layout.js';
import { DecodeError } from '../errors/decode-error.js';
import { checkInput, readUint, toHex } from './bytes.js';
import { responseExtent } from './extent.js';

/** Layout of a command descriptor of the all-commands format (8 bytes). */
export const COMMAND_DESCRIPTOR_LAYOUT = defineLayout({
  name: 'command descriptor',
  length: 8,
  fields: {
    opcode: u8(0, { description: 'operation code' }),
    serviceAction: u16(2, { description: 'service action (when SERVACTV)' }),
    rwcdlp: flag(5, 6, { description: 'command duration limit page selector' }),
    mlu: bits(5, 5, 2, { description: 'multiple logical units' }),
    cdlp: bits(5, 3, 2, { description: 'command duration limit page' }),
    ctdp: flag(5, 1, { description: 'command timeouts descriptor present' }),
    servactv: flag(5, 0, { description: 'service action valid' }),
    cdbLength: u16(6, { description: 'CDB length' }),
  },
});

/** Layout of a command timeouts descriptor (12 bytes). */
export const COMMAND_TIMEOUTS_DESCRIPTOR_LAYOUT = defineLayout({
  name: 'command timeouts descriptor',
  length: 12,
  fields: {
    descriptorLength: u16(0, { description: 'descriptor length (0x0A)' }),
    commandSpecific: u8(3, { description: 'command specific' }),
    nominalTimeout: u32(4, { description: 'nominal command processing timeout, seconds (0: not specified)' }),
    recommendedTimeout: u32(8, { description: 'recommended command timeout, seconds (0: not specified)' }),
  },
});

/** Layout of the one-command format header (4 bytes). */
export const ONE_COMMAND_HEADER_LAYOUT = defineLayout({
  name: 'one-command parameter data',
  length: 4,
  fields: {
    ctdp: flag(1, 7, { description: 'command timeouts descriptor present' }),
    mlu: bits(1, 6, 2, { description: 'multiple logical units' }),
    cdlp: bits(1, 4, 2, { description: 'command duration limit page' }),
    support: bits(1, 2, 3, { description: 'support: 0 not available, 1 not supported, 3 supported, 5 supported (vendor)' }),
    cdbSize: u16(2, { description: 'CDB size' }),
  },
});

/** A command timeouts descriptor. */
export interface CommandTimeouts {
  /** Command specific byte. */
  readonly commandSpecific: number;
  /** Nominal command processing timeout in seconds (0: not specified). */
  readonly nominalTimeout: number;
  /** Recommended command timeout in seconds (0: not specified). */
  readonly recommendedTimeout: number;
}

/** One command of the all-commands list. */
export interface SupportedCommand {
  /** Operation code. */
  readonly opcode: number;
  /** Service action (meaningful when `servactv`). */
  readonly serviceAction: number;
  /** Service action valid. */
  readonly servactv: boolean;
  /** CDB length in bytes. */
  readonly cdbLength: number;
  /** Multiple logical units (MLU). */
  readonly mlu: number;
  /** Command duration limit page (CDLP). */
  readonly cdlp: number;
  /** RWCDLP bit. */
  readonly rwcdlp: boolean;
  /** Command timeouts descriptor present. */
  readonly ctdp: boolean;
  /** The timeouts, when the descriptor was returned; else null. */
  readonly timeouts: CommandTimeouts | null;
}

/** Decoded all-commands parameter data. */
export interface SupportedOpcodesData {
  /** Command data length as declared (bytes). */
  readonly commandDataLength: number;
  /** The commands, in the device's order. */
  readonly commands: SupportedCommand[];
  /** Whether the device declared more than the buffer holds. */
  readonly truncated: boolean;
}

/** Values of the SUPPORT field. */
export type CommandSupportName = 'not-available' | 'not-supported' | 'supported' | 'supported-vendor-specific' | 'reserved';

/** Decoded one-command parameter data. */
export interface OneSupportedOpcodeData {
  /** SUPPORT field. */
  readonly support: number;
  /** SUPPORT by name. */
  readonly supportName: CommandSupportName;
  /** Multiple logical units (MLU). */
  readonly mlu: number;
  /** Command duration limit page (CDLP). */
  readonly cdlp: number;
  /** Command timeouts descriptor present. */
  readonly ctdp: boolean;
  /** CDB size in bytes. */
  readonly cdbSize: number;
  /** The CDB usage data (which bits the device examines) as hex. */
  readonly cdbUsageDataHex: string;
  /** The timeouts, when the descriptor was returned; else null. */
  readonly timeouts: CommandTimeouts | null;
  /** Whether part of the usage data or the timeouts descriptor is missing. */
  readonly truncated: boolean;
}

function readTimeouts(bytes: Uint8Array, offset: number): CommandTimeouts {
  const t = COMMAND_TIMEOUTS_DESCRIPTOR_LAYOUT.decode(bytes, offset);
  return { commandSpecific: t.commandSpecific, nominalTimeout: t.nominalTimeout, recommendedTimeout: t.recommendedTimeout };
}

/**
 * Decodes the all-commands format (reporting options 0). A descriptor cut by
 * a short buffer ends the list with `truncated: true`.
 * @throws {@link DecodeError} on fewer than 4 bytes or a descriptor running past the declared length.
 */
export function decodeSupportedOpcodes(bytes: Uint8Array): SupportedOpcodesData {
  const page = 'REPORT SUPPORTED OPERATION CODES data';
  checkInput(bytes, page, 4);
  const commandDataLength = readUint(bytes, 0, 4);
  const { end, truncated } = responseExtent(bytes.length, commandDataLength + 4);
  const commands: SupportedCommand[] = [];
  let off = 4;
  while (off < end) {
    const ctdp = off + 5 < end && (bytes[off + 5]! & 0x02) !== 0;
    const next = off + 8 + (ctdp ? 12 : 0);
    if (next > end) {
      if (truncated) break;
      throw new DecodeError(page, off, `command descriptor runs past the command data length (${commandDataLength})`);
    }
    const d = COMMAND_DESCRIPTOR_LAYOUT.decode(bytes, off);
    commands.push({ ...d, timeouts: d.ctdp ? readTimeouts(bytes, off + 8) : null });
    off = next;
  }
  return { commandDataLength, commands, truncated };
}

/**
 * Decodes the one-command format (reporting options 1, 2 or 3). Usage data
 * or a timeouts descriptor cut by a short buffer gives `truncated: true`.
 * @throws {@link DecodeError} on fewer than 4 bytes.
 */
export function decodeOneSupportedOpcode(bytes: Uint8Array): OneSupportedOpcodeData {
  checkInput(bytes, ONE_COMMAND_HEADER_LAYOUT.name, 4);
  const h = ONE_COMMAND_HEADER_LAYOUT.decode(bytes);
  const usageEnd = 4 + h.cdbSize;
  let truncated = bytes.length < usageEnd;
  let timeouts: CommandTimeouts | null = null;
  if (h.ctdp) {
    if (bytes.length >= usageEnd + 12) timeouts = readTimeouts(bytes, usageEnd);
    else truncated = true;
  }
  const names: Partial<Record<number, CommandSupportName>> = { 0: 'not-available', 1: 'not-supported', 3: 'supported', 5: 'supported-vendor-specific' };
  return {
    support: h.support,
    supportName: names[h.support] ?? 'reserved',
    mlu: h.mlu,
    cdlp: h.cdlp,
    ctdp: h.ctdp,
    cdbSize: h.cdbSize,
    cdbUsageDataHex: toHex(bytes, 4, usageEnd),
    timeouts,
    truncated,
  };
}
