/**
 * SCSI operation code names.
 *
 * @packageDocumentation
 */

import { OPCODE_LINES } from './opcodes.generated.js';
import { PeripheralDeviceType as Pdt } from './device-types.js';

/** The device type groups used by the T10 operation code listing. */
export type OpcodeDeviceGroup =
  | 'ALL'
  | 'DISK'
  | 'DISK_ZBC'
  | 'TAPE'
  | 'ADC'
  | 'PRINTER'
  | 'PROCESSOR'
  | 'MMC'
  | 'MCHANGER'
  | 'OPTICAL'
  | 'OCRW';

/** One entry of the operation code table. */
export interface OpcodeEntry {
  /** The operation code (CDB byte 0). */
  readonly opcode: number;
  /** The device type group the name applies to. */
  readonly group: string;
  /** The command name, e.g. `"Read(10)"`. */
  readonly name: string;
}

// Codes the T10 listing copy lacks (it starts at 0x01 and stops before the
// 0x7e/0x7f extended forms). Kept here, by hand, with their SPC names.
const SUPPLEMENT: readonly OpcodeEntry[] = [
  { opcode: 0x00, group: 'ALL', name: 'Test Unit Ready' },
  { opcode: 0x7e, group: 'ALL', name: 'Extended cdb (XCDB)' },
  { opcode: 0x7f, group: 'ALL', name: 'Variable length' },
];

let entries: Map<number, OpcodeEntry[]> | undefined;

function opcodeTable(): Map<number, OpcodeEntry[]> {
  if (entries === undefined) {
    const map = new Map<number, OpcodeEntry[]>();
    const add = (e: OpcodeEntry): void => {
      const list = map.get(e.opcode);
      if (list === undefined) map.set(e.opcode, [e]);
      else list.push(e);
    };
    for (const line of OPCODE_LINES.split('\n')) {
      if (line.length === 0) continue;
      const [op = '', group = '', name = ''] = line.split('\t');
      add({ opcode: Number.parseInt(op, 16), group, name });
    }
    for (const e of SUPPLEMENT) if (!map.has(e.opcode)) add(e);
    entries = map;
  }
  return entries;
}

/**
 * The device type groups of the opcode listing that apply to a peripheral
 * device type, most specific first (`ALL` not included); empty for device
 * types the listing has no group for.
 */
export function opcodeGroupsFor(pdt: number): readonly OpcodeDeviceGroup[] {
  switch (pdt) {
    case Pdt.DISK:
    case Pdt.RBC:
      return ['DISK', 'DISK_ZBC'];
    case Pdt.ZBC:
      return ['DISK_ZBC', 'DISK'];
    case Pdt.WRITE_ONCE:
    case Pdt.OPTICAL:
      return ['OPTICAL', 'DISK', 'DISK_ZBC'];
    case Pdt.TAPE:
      return ['TAPE'];
    case Pdt.ADC:
      return ['ADC', 'TAPE'];
    case Pdt.PRINTER:
      return ['PRINTER'];
    case Pdt.PROCESSOR:
      return ['PROCESSOR'];
    case Pdt.MMC:
      return ['MMC'];
    case Pdt.MEDIUM_CHANGER:
      return ['MCHANGER'];
    case Pdt.OCRW:
      return ['OCRW'];
    default:
      return [];
  }
}

/** Every table entry for an operation code (several when the name depends on the device type). */
export function opcodeEntries(opcode: number): readonly OpcodeEntry[] {
  return opcodeTable().get(opcode) ?? [];
}

/**
 * The name of an operation code, e.g. `opcodeName(0x28)` is `"Read(10)"`.
 *
 * With a peripheral device type, the name specific to that type wins
 * (`opcodeName(0x01, 1)` is `"Rewind"`); without one, the name that applies
 * to all types, else the disk name, else the first listed. Unlisted codes
 * give `"Vendor specific [0xc5]"` (0xc0..0xff) or `"Unknown opcode [0x..]"`.
 * Service actions are not resolved here.
 */
export function opcodeName(opcode: number, peripheralDeviceType?: number): string {
  const list = opcodeEntries(opcode);
  const groups: readonly string[] = [
    ...(peripheralDeviceType === undefined ? [] : opcodeGroupsFor(peripheralDeviceType)),
    'ALL',
    ...(peripheralDeviceType === undefined ? ['DISK', 'DISK_ZBC'] : []),
  ];
  for (const group of groups) {
    const hit = list.find((e) => e.group === group);
    if (hit !== undefined) return hit.name;
  }
  const hex = `0x${(opcode & 0xff).toString(16).padStart(2, '0')}`;
  if (list[0] !== undefined) return list[0].name;
  return opcode >= 0xc0 && opcode <= 0xff ? `Vendor specific [${hex}]` : `Unknown opcode [${hex}]`;
}
