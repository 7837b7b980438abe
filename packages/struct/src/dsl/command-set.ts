/**
 * The command registry. Built-in commands register as a pack exactly like a
 * third-party pack does; any CDB can be looked up by opcode (and service
 * action) and decoded back to named fields.
 */
import { DecodeError } from '../errors/decode-error.js';
import type { FieldSpecs, FieldsOutput } from './fields.js';
import type { LogPageDecoder, ModePageDecoder, VpdPageDecoder } from '../decoders/registry/page-decoder.js';
import { CommandEffectError } from '../errors/command-effect-error.js';
import { CommandConflictError } from '../errors/command-conflict-error.js';
import { serviceActionIn, type CdbDefinition } from './cdb.js';
import { isEffect } from './effect.js';

/**
 * A named group of command definitions, as a vendor would publish it, with
 * the page decoders its pages need (`vpdPages`, `modePages`, `logPages`).
 */
export interface CommandPack {
  /** Pack name (`'spc'`, `'acme-vendor'`). */
  readonly name: string;
  /** One line saying what it holds. */
  readonly description?: string;
  /** The definitions. */
  readonly commands: readonly CdbDefinition[];
  /** VPD page decoders, registered by `DecoderRegistry.use(pack)` (not by `CommandSet`). */
  readonly vpdPages?: readonly VpdPageDecoder[];
  /** Mode page decoders, registered by `DecoderRegistry.use(pack)`. */
  readonly modePages?: readonly ModePageDecoder[];
  /** Log page decoders, registered by `DecoderRegistry.use(pack)`. */
  readonly logPages?: readonly LogPageDecoder[];
}

/** Throws {@link CommandEffectError} when a definition has no valid effect. */
function checkEffect(definition: CdbDefinition, pack: string): void {
  const effect: unknown = (definition as { effect?: unknown }).effect;
  if (!isEffect(effect)) throw new CommandEffectError(definition.id, definition.name, pack, effect);
}

/**
 * Declares a command pack (identity function that checks and types it).
 * Throws {@link CommandEffectError} (`ECOMMAND_EFFECT`) for a command without
 * an effect.
 */
export function defineCommandPack<const P extends CommandPack>(pack: P): P {
  const seen = new Set<string>();
  for (const c of pack.commands) {
    if (seen.has(c.id)) throw new Error(`command pack '${pack.name}': '${c.id}' appears twice`);
    checkEffect(c, `pack '${pack.name}'`);
    seen.add(c.id);
  }
  return pack;
}

/** A CDB decoded through the registry. */
export interface DecodedCdb {
  /** The definition that matched. */
  readonly definition: CdbDefinition;
  /** Its fields. */
  readonly fields: FieldsOutput<FieldSpecs>;
}


/** Context for look-ups of opcodes whose meaning depends on the device. */
export interface LookupOptions {
  /**
   * Peripheral device type of the target (INQUIRY byte 0 bits 4..0). With
   * it, a definition limited to that type wins over a general one; without
   * it, the general definition wins.
   */
  readonly deviceType?: number;
}

function overlaps(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.some((t) => b.includes(t));
}

/** Picks among same-opcode candidates by device type (see {@link LookupOptions}). */
function pick(candidates: readonly CdbDefinition[], deviceType: number | undefined): CdbDefinition | undefined {
  if (candidates.length <= 1) {
    const only = candidates[0];
    if (only === undefined || deviceType === undefined || only.deviceTypes === undefined || only.deviceTypes.includes(deviceType)) return only;
    return undefined;
  }
  if (deviceType !== undefined) {
    const specific = candidates.find((d) => d.deviceTypes?.includes(deviceType));
    if (specific) return specific;
    return candidates.find((d) => d.deviceTypes === undefined);
  }
  return candidates.find((d) => d.deviceTypes === undefined) ?? candidates[0];
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** A registry of command definitions. */
export class CommandSet {
  private readonly byId = new Map<string, CdbDefinition>();
  private readonly byKey = new Map<string, CdbDefinition>();
  private readonly byOpcodeList = new Map<number, CdbDefinition[]>();
  private readonly packList: CommandPack[] = [];

  /**
   * Registers every command of a pack; returns `this` for chaining. Nothing
   * is registered when a command lacks an effect ({@link CommandEffectError}).
   */
  use(pack: CommandPack): this {
    for (const c of pack.commands) checkEffect(c, `pack '${pack.name}'`);
    for (const c of pack.commands) this.register(c, pack.name);
    this.packList.push(pack);
    return this;
  }

  /**
   * Registers one definition. Throws {@link CommandConflictError} on a clash
   * and {@link CommandEffectError} when it has no effect.
   */
  register(definition: CdbDefinition, pack = '(direct)'): this {
    checkEffect(definition, pack);
    const key = normalize(definition.id);
    const existing = this.byKey.get(key);
    if (existing) throw new CommandConflictError(`command '${definition.id}' from ${pack} clashes with '${existing.id}' already registered`);
    const same = (this.byOpcodeList.get(definition.opcode) ?? []).find(
      (d) => d.serviceAction === definition.serviceAction && overlaps(d.deviceTypes, definition.deviceTypes),
    );
    if (same) {
      throw new CommandConflictError(
        `${definition.name} from ${pack} uses opcode 0x${definition.opcode.toString(16)}${definition.serviceAction === undefined ? '' : `/0x${definition.serviceAction.toString(16)}`}${definition.deviceTypes === undefined ? '' : ` for device types ${definition.deviceTypes.join(', ')}`}, already taken by ${same.name}; limit one of them with deviceTypes`,
      );
    }
    this.byId.set(definition.id, definition);
    this.byKey.set(key, definition);
    this.byKey.set(normalize(definition.name), definition);
    const list = this.byOpcodeList.get(definition.opcode) ?? [];
    list.push(definition);
    this.byOpcodeList.set(definition.opcode, list);
    return this;
  }

  /** The definition named `name`: its id (`read16`), kebab form (`read-16`) or T10 name (`READ(16)`). */
  get(name: string): CdbDefinition | undefined {
    return this.byId.get(name) ?? this.byKey.get(normalize(name));
  }

  /** Like {@link get}, but throws an error listing close names when there is none. */
  require(name: string): CdbDefinition {
    const d = this.get(name);
    if (d) return d;
    const n = normalize(name);
    const close = [...this.byId.keys()].filter((k) => normalize(k).includes(n) || n.includes(normalize(k))).slice(0, 5);
    throw new Error(`unknown command '${name}'${close.length ? `; did you mean ${close.join(', ')}?` : ''} (list them with the registry's list())`);
  }

  /**
   * The definition for an opcode and, where the opcode needs one, a service
   * action; `options.deviceType` chooses among device-specific definitions.
   */
  byOpcode(opcode: number, serviceAction?: number, options: LookupOptions = {}): CdbDefinition | undefined {
    const list = this.byOpcodeList.get(opcode);
    if (!list) return undefined;
    return pick(
      list.filter((d) => d.serviceAction === serviceAction),
      options.deviceType,
    );
  }

  /** Finds the definition a CDB belongs to (reading its service action where needed). */
  lookup(cdb: Uint8Array, options: LookupOptions = {}): CdbDefinition | undefined {
    if (cdb.length === 0) return undefined;
    const list = this.byOpcodeList.get(cdb[0]!);
    if (!list) return undefined;
    const withSa = list.filter((d) => d.serviceActionAt !== undefined && serviceActionIn(cdb, d.serviceActionAt) === d.serviceAction);
    return pick(withSa.length > 0 ? withSa : list.filter((d) => d.serviceAction === undefined), options.deviceType);
  }

  /** Decodes any registered CDB to its definition and fields; throws {@link DecodeError} otherwise. */
  decode(cdb: Uint8Array, options: LookupOptions = {}): DecodedCdb {
    const definition = this.lookup(cdb, options);
    if (!definition) {
      throw new DecodeError('CDB', 0, cdb.length === 0 ? 'empty CDB' : `no registered command has opcode 0x${cdb[0]!.toString(16).padStart(2, '0')}${cdb.length > 1 ? ` (service action 0x${serviceActionIn(cdb).toString(16)})` : ''}`);
    }
    return { definition, fields: definition.decode(cdb) };
  }

  /** Every registered definition, in registration order. */
  list(): CdbDefinition[] {
    return [...this.byId.values()];
  }

  /** The packs registered with {@link use}. */
  packs(): readonly CommandPack[] {
    return this.packList;
  }

  /** A copy of this set, to extend without changing the original. */
  clone(): CommandSet {
    const copy = new CommandSet();
    for (const p of this.packList) copy.use(p);
    for (const d of this.list()) if (!copy.get(d.id)) copy.register(d);
    return copy;
  }
}
