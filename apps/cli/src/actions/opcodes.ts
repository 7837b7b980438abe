/** `sgio opcodes DEV [--timeouts]`: REPORT SUPPORTED OPERATION CODES (like sg_opcodes). */
import { decodeSupportedOpcodes, opcodeName, reportSupportedOpcodes } from '@sgio/struct';
import { dataOf, runDefinition, withDevice } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { commandRegistry } from '../common/registry.js';

/** Options of `opcodes`. */
export interface OpcodesOptions extends CommonOptions {
  /** Ask for command timeouts descriptors (RCTD). */
  timeouts?: boolean;
}

/** One supported command, as `opcodes --json` prints it. */
export interface OpcodeRow {
  /** Operation code. */
  opcode: number;
  /** Service action, or null when the command has none. */
  serviceAction: number | null;
  /** CDB length. */
  cdbLength: number;
  /** Command name (registry's T10 name, else the T10 opcode table's). */
  name: string;
  /** Registry id usable with `sgio cmd`, or null when the registry lacks it. */
  id: string | null;
  /** RWCDLP and CDLP. */
  rwcdlp: boolean;
  /** Command duration limit page. */
  cdlp: number;
  /** Nominal and recommended timeouts in seconds, with --timeouts. */
  timeouts: { nominalTimeout: number; recommendedTimeout: number } | null;
}

/** Runs `opcodes`. */
export async function opcodes(device: string, options: OpcodesOptions): Promise<number> {
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    let raw = dataOf(await runDefinition(session, reportSupportedOpcodes, { rctd: options.timeouts ?? false, allocationLength: 8192 }));
    const declared = raw.length >= 4 ? new DataView(raw.buffer, raw.byteOffset).getUint32(0) + 4 : 0;
    if (declared > raw.length) raw = dataOf(await runDefinition(session, reportSupportedOpcodes, { rctd: options.timeouts ?? false, allocationLength: declared }));
    const data = decodeSupportedOpcodes(raw);
    const registry = commandRegistry();
    const type = session.device.scsiId.peripheralType;
    const commands: OpcodeRow[] = data.commands.map((c) => {
      const definition = registry.byOpcode(c.opcode, c.servactv ? c.serviceAction : undefined, { deviceType: type });
      return {
        opcode: c.opcode,
        serviceAction: c.servactv ? c.serviceAction : null,
        cdbLength: c.cdbLength,
        name: definition?.name ?? opcodeName(c.opcode, type),
        id: definition?.id ?? null,
        rwcdlp: c.rwcdlp,
        cdlp: c.cdlp,
        timeouts: c.timeouts ? { nominalTimeout: c.timeouts.nominalTimeout, recommendedTimeout: c.timeouts.recommendedTimeout } : null,
      };
    });
    const text = (): string => {
      const lines = ['Opcode  Service    CDB  RWCDLP,  Name', '(hex)   action(h)  size   CDLP', '-----------------------------------------------'];
      for (const c of commands) {
        const sa = c.serviceAction === null ? '' : c.serviceAction.toString(16);
        const t = c.timeouts ? `  [timeouts ${c.timeouts.nominalTimeout}/${c.timeouts.recommendedTimeout} s]` : '';
        lines.push(` ${c.opcode.toString(16).padStart(2, '0')}     ${sa.padStart(5)}     ${String(c.cdbLength).padStart(3)}    ${c.rwcdlp ? 1 : 0},${c.cdlp}    ${c.name}${t}`);
      }
      return lines.join('\n');
    };
    emit({ json: { commands, truncated: data.truncated }, raw, text }, options);
    return 0;
  });
}
