/** `sgio opcodes DEV [--opcode OP [--sa SA]] [--timeouts]`: REPORT SUPPORTED OPERATION CODES (like sg_opcodes). */
import { oneSupportedOpcodeFlow, supportedOpcodesFlow } from '@sgio/core';
import { decodeOneSupportedOpcode, opcodeName } from '@sgio/struct';
import { flowOptions, runFlow, withDevice, type DeviceSession } from '../common/device.js';
import { emit } from '../common/emit.js';
import { CliError } from '../common/cli-error.js';
import type { CommonOptions } from '../common/global-options.js';
import { toHex } from '../common/output.js';
import { commandRegistry } from '../common/registry.js';

/** Options of `opcodes`. */
export interface OpcodesOptions extends CommonOptions {
  /** Ask for command timeouts descriptors (RCTD). */
  timeouts?: boolean;
  /** Describe this one operation code (reporting options 1, or 2 with `sa`). */
  opcode?: number;
  /** Service action of `opcode`. */
  sa?: number;
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

/** One command, as `opcodes --opcode OP [--sa SA] --json` prints it. */
export interface OneOpcodeReport {
  /** Operation code asked about. */
  opcode: number;
  /** Service action asked about, or null without --sa. */
  serviceAction: number | null;
  /** Command name (registry's T10 name, else the T10 opcode table's). */
  name: string;
  /** Registry id usable with `sgio cmd`, or null when the registry lacks it. */
  id: string | null;
  /** SUPPORT field (0 not available, 1 not supported, 3 supported, 5 vendor specific). */
  support: number;
  /** SUPPORT by name. */
  supportName: string;
  /** SUPPORT is 3 or 5. */
  supported: boolean;
  /** Multiple logical units (MLU). */
  mlu: number;
  /** Command duration limit page (CDLP). */
  cdlp: number;
  /** CDB size in bytes (0 when not supported). */
  cdbSize: number;
  /** CDB usage data: the bits of each CDB byte the device examines, hex bytes. */
  cdbUsageData: string;
  /** Timeouts in seconds with --timeouts when the device returned them, else null. */
  timeouts: { nominalTimeout: number; recommendedTimeout: number; commandSpecific: number } | null;
  /** Usage data or timeouts descriptor cut short. */
  truncated: boolean;
}

const SUPPORT_TEXT: Partial<Record<number, string>> = {
  0: 'not currently available',
  1: 'NOT supported',
  3: 'supported [conforming to SCSI standard]',
  5: 'supported [in a vendor specific manner]',
};
const CDLP_TEXT: Partial<Record<number, string>> = {
  0: 'No command duration limit mode page',
  1: 'Command duration limit A mode page',
  2: 'Command duration limit B mode page',
};
const MLU_TEXT = ['not reported', 'affects only this logical unit', 'affects more than 1, but not all LUs in this target', 'affects all LUs in this target'];

/** The text of `opcodes --opcode`, in sg_opcodes' words. */
export function formatOneOpcode(r: OneOpcodeReport): string {
  const sa = r.serviceAction === null ? '' : `  Service_action=0x${r.serviceAction.toString(16).padStart(4, '0')}`;
  const lines = [
    `  Opcode=0x${r.opcode.toString(16).padStart(2, '0')}${sa}`,
    `  Command_name: ${r.name}`,
    `  Command is ${SUPPORT_TEXT[r.support] ?? `[unknown value: ${r.support}]`}`,
    `  ${CDLP_TEXT[r.cdlp] ?? `reserved [CDLP=${r.cdlp}]`}`,
    `  Multiple Logical Units (MLU): ${MLU_TEXT[r.mlu] ?? String(r.mlu)}`,
  ];
  if (r.cdbSize > 0) lines.push(`  Usage data: ${r.cdbUsageData}`);
  if (r.timeouts) {
    const { nominalTimeout: n, recommendedTimeout: rec } = r.timeouts;
    lines.push(`  ${n ? `nominal timeout: ${n} secs` : 'no nominal timeout'}, ${rec ? `recommended timeout: ${rec} secs` : 'no recommended timeout'}`);
  }
  if (r.truncated) lines.push('  (response truncated)');
  return lines.join('\n');
}

/** Decodes a one-command response (reporting options 1 or 2) into the report. */
export function oneOpcodeReport(raw: Uint8Array, opcode: number, serviceAction: number | null, deviceType: number): OneOpcodeReport {
  const d = decodeOneSupportedOpcode(raw);
  const definition = commandRegistry().byOpcode(opcode, serviceAction ?? undefined, { deviceType });
  return {
    opcode,
    serviceAction,
    name: definition?.name ?? opcodeName(opcode, deviceType),
    id: definition?.id ?? null,
    support: d.support,
    supportName: d.supportName,
    supported: d.support === 3 || d.support === 5,
    mlu: d.mlu,
    cdlp: d.cdlp,
    cdbSize: d.cdbSize,
    cdbUsageData: toHex(raw.subarray(4, 4 + d.cdbSize)),
    timeouts: d.timeouts ? { nominalTimeout: d.timeouts.nominalTimeout, recommendedTimeout: d.timeouts.recommendedTimeout, commandSpecific: d.timeouts.commandSpecific } : null,
    truncated: d.truncated,
  };
}

async function one(session: DeviceSession, options: OpcodesOptions & { opcode: number }): Promise<number> {
  const serviceAction = options.sa ?? null;
  const { data: raw } = await runFlow(session, oneSupportedOpcodeFlow(options.opcode, serviceAction ?? undefined, { ...flowOptions(session), timeouts: options.timeouts ?? false }));
  const report = oneOpcodeReport(raw, options.opcode, serviceAction, session.device.scsiId.peripheralType);
  emit({ json: report, raw, text: () => formatOneOpcode(report) }, options);
  return 0;
}

/** Runs `opcodes`. */
export async function opcodes(device: string, options: OpcodesOptions): Promise<number> {
  const opcode = options.opcode;
  if (options.sa !== undefined && opcode === undefined) throw new CliError('--sa needs --opcode');
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    if (opcode !== undefined) return one(session, { ...options, opcode });
    const { data: raw, decoded: data } = await runFlow(session, supportedOpcodesFlow({ ...flowOptions(session), timeouts: options.timeouts ?? false }));
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
