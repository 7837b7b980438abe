/**
 * `classifyCdb`: what a raw CDB does and which way its data flows, from the
 * registry's definitions where one matches and from the T10 opcode table
 * otherwise. Anything sgio cannot place is `destructive`.
 */
import { standardCommands } from '../commands/registry.js';
import type { CdbDefinition } from '../dsl/cdb.js';
import type { CommandSet } from '../dsl/command-set.js';
import { maxEffect, type Effect } from '../dsl/effect.js';
import { opcodeEntries, opcodeGroupsFor, opcodeName, type OpcodeDeviceGroup } from '../tables/opcodes.js';
import { OPCODE_RULES, UNKNOWN_OPCODE_RULE, type CdbDirection, type OpcodeGroupRule, type OpcodeRule } from './opcode-effects.js';

/** Options of {@link classifyCdb}. */
export interface ClassifyCdbOptions {
  /**
   * The registry to look CDBs up in (default `standardCommands`). Its packs'
   * declared effects are trusted: pass only sets whose packs the operator
   * chose to load.
   */
  readonly commands?: CommandSet;
  /**
   * Peripheral device type of the target (INQUIRY byte 0 bits 4..0). Pass it
   * when known: some opcodes mean different commands on different device
   * types (0x93 is WRITE SAME(16) on disks and ERASE(16) on tapes). Without
   * it a CDB is read as for a disk, and a definition limited to other device
   * types counts for no less than the disk command of its opcode; with it,
   * an opcode the listing does not define for that device type is
   * `destructive`.
   */
  readonly deviceType?: number;
}

/** What {@link classifyCdb} found out about a CDB. */
export interface CdbClassification {
  /** What the command does (`destructive` for anything unknown). */
  readonly effect: Effect;
  /** Its data direction (`unknown` when no definition or standard fixes it). */
  readonly direction: CdbDirection;
  /** True when a registered definition decoded the CDB (effect and direction come from its fields). */
  readonly known: boolean;
  /** The definition's name, or the T10 listing's name of the opcode; absent for reserved and vendor opcodes. */
  readonly name?: string;
  /** The definition that decoded the CDB, when {@link known}. */
  readonly definition?: CdbDefinition;
}

const UNKNOWN: CdbClassification = Object.freeze({ effect: 'destructive', direction: 'unknown', known: false });

/**
 * The shortest CDB an opcode can have, by its group code (bits 7..5, SPC-6
 * 4.2.5): 6, 10, 16 or 12 bytes; 10 for variable-length CDBs (7Fh: the
 * service action is in bytes 8..9); 1 for vendor-specific groups 6 and 7.
 */
export function minimumCdbLength(opcode: number): number {
  switch (opcode >> 5) {
    case 0:
      return 6;
    case 1:
    case 2:
      return 10;
    case 3:
      return opcode === 0x7f ? 10 : 6;
    case 4:
      return 16;
    case 5:
      return 12;
    default:
      return 1;
  }
}

function resolve(rule: OpcodeGroupRule, cdb: Uint8Array): OpcodeRule {
  if ('effect' in rule) return rule;
  const sa = rule.serviceActionAt === 'byte1' ? cdb[1]! & 0x1f : (cdb[8]! << 8) | cdb[9]!;
  return rule.byServiceAction.get(sa) ?? rule.other;
}

const normalize = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * True when a general definition (no `deviceTypes`) does not describe the
 * opcode on this device type: the T10 listing names another command for the
 * type's own group (0x93 is ERASE(16) on tapes, not WRITE SAME(16)).
 */
function meansOtherCommand(definition: CdbDefinition, opcode: number, deviceType: number | undefined): boolean {
  if (deviceType === undefined || definition.deviceTypes !== undefined) return false;
  const groups: readonly string[] = opcodeGroupsFor(deviceType);
  const specific = opcodeEntries(opcode).filter((e) => groups.includes(e.group));
  return specific.length > 0 && !specific.some((e) => normalize(e.name) === normalize(definition.name));
}

const DISK_READING: readonly OpcodeDeviceGroup[] = ['ALL', 'DISK', 'DISK_ZBC'];

/** The opcode table's rule for a CDB (long enough for its group), by device type. */
function tableRule(cdb: Uint8Array, deviceType: number | undefined): OpcodeRule {
  const groups = OPCODE_RULES.get(cdb[0]!);
  if (groups === undefined) return UNKNOWN_OPCODE_RULE;
  const order = deviceType === undefined ? DISK_READING : [...opcodeGroupsFor(deviceType), 'ALL' as const];
  for (const g of order) {
    const r = groups[g];
    if (r !== undefined) return resolve(r, cdb);
  }
  if (deviceType !== undefined) return UNKNOWN_OPCODE_RULE;
  // no device type and no disk meaning: the most dangerous of the opcode's meanings
  let effect: Effect = 'read';
  for (const r of Object.values(groups)) effect = maxEffect(effect, resolve(r, cdb).effect);
  return { effect, direction: 'unknown' };
}

/**
 * Classifies a raw CDB: its {@link Effect} and data direction.
 *
 * 1. An empty CDB, or one shorter than its opcode's group requires, is
 *    `destructive` (direction `unknown`).
 * 2. When the registry (`options.commands`, default the standard commands)
 *    has a definition for the opcode and service action (and, with
 *    `options.deviceType`, the T10 listing names no other command for that
 *    device type's group), the CDB is decoded
 *    through it and its `effectOf`/`directionOf` decide (so WRITE SAME(16)
 *    with NDOB is `write`, direction `none`).
 * 3. Otherwise the T10 opcode table decides, by service action for opcodes
 *    that multiplex (9Eh, A3h, 83h, ZBC IN/OUT, ... and 7Fh by bytes 8..9);
 *    reserved service actions, reserved opcodes and vendor-specific opcodes
 *    (C0h..FFh) are `destructive`.
 *
 * Pure and allocation-light; never throws for bad bytes.
 *
 * @example
 * ```ts
 * classifyCdb(Uint8Array.of(0x12, 0, 0, 0, 96, 0)); // { effect: 'read', direction: 'in', known: true, name: 'INQUIRY', ... }
 * ```
 */
export function classifyCdb(cdb: Uint8Array, options: ClassifyCdbOptions = {}): CdbClassification {
  if (cdb.length === 0) return UNKNOWN;
  const opcode = cdb[0]!;
  const listed = opcodeEntries(opcode).length > 0;
  const tableName = listed ? opcodeName(opcode, options.deviceType) : undefined;
  if (cdb.length < minimumCdbLength(opcode)) return tableName === undefined ? UNKNOWN : { ...UNKNOWN, name: tableName };
  const set = options.commands ?? standardCommands;
  const found = set.lookup(cdb, options.deviceType === undefined ? {} : { deviceType: options.deviceType });
  const definition = found !== undefined && meansOtherCommand(found, opcode, options.deviceType) ? undefined : found;
  if (definition !== undefined) {
    if (cdb.length < definition.length) return { ...UNKNOWN, name: definition.name };
    let effect: Effect;
    let direction: CdbDirection;
    try {
      const fields = definition.decode(cdb);
      effect = definition.effectOf(fields);
      direction = definition.directionOf(fields);
    } catch {
      return { ...UNKNOWN, name: definition.name };
    }
    if (definition.deviceTypes !== undefined && options.deviceType === undefined) effect = maxEffect(effect, tableRule(cdb, undefined).effect);
    return { effect, direction, known: true, name: definition.name, definition };
  }
  const rule = tableRule(cdb, options.deviceType);
  return tableName === undefined ? { effect: rule.effect, direction: rule.direction, known: false } : { effect: rule.effect, direction: rule.direction, known: false, name: tableName };
}
