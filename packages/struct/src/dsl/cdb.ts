/**
 * `defineCdb`: a SCSI command descriptor block described with the field DSL.
 * The definition encodes and decodes the CDB and tells the transport the
 * data direction and length, so generic tools (`sgio cmd`, the server) need
 * nothing but the definition.
 */
import { DecodeError } from '../errors/decode-error.js';
import { FieldTypeError } from '../errors/field-errors.js';
import type { FieldSpecs, FieldsInput, FieldsOutput } from './fields.js';
import { CompiledLayout, checkFieldPositions, encodeMethods, fieldInfos, type FieldEncoder, type FieldInfo } from './layout.js';
import { isEffect, maxEffect, type Effect } from './effect.js';

/** Direction of the data phase, seen from the initiator. */
export type DataDirection = 'none' | 'in' | 'out';

/** What a data-length rule may need besides the fields. */
export interface DataLengthContext {
  /** Logical block size of the device, for commands that count blocks. */
  readonly blockSize?: number;
}

/** Where the service action lives in the CDB (default: byte 1, bits 4..0). */
export interface ServiceActionPosition {
  /** Byte offset. */
  readonly byte: number;
  /** Most significant bit (7..0). */
  readonly bit: number;
  /** Width in bits. */
  readonly width: number;
}

/** What a CDB definition is made from. */
export interface CdbInit<Id extends string, F extends FieldSpecs> {
  /** Registry key and CLI name: lower camel case, e.g. `read16`, `modeSense6`. */
  readonly id: Id;
  /** The T10 name, e.g. `READ(16)`. */
  readonly name: string;
  /** Operation code (byte 0). */
  readonly opcode: number;
  /** Service action, for opcodes that multiplex several commands. */
  readonly serviceAction?: number;
  /** Position of the service action when it is not byte 1 bits 4..0. */
  readonly serviceActionAt?: ServiceActionPosition;
  /** CDB length in bytes. */
  readonly length: number;
  /** Data direction, fixed or computed from the fields. */
  readonly direction: DataDirection | ((fields: FieldsOutput<F>) => DataDirection);
  /**
   * What the command does at least, whatever its fields (see {@link Effect}).
   * Required: a registry refuses definitions without one (`ECOMMAND_EFFECT`).
   */
  readonly effect: Effect;
  /**
   * Field values that make the command more dangerous than {@link effect}:
   * returns the effect for these fields. It can only raise the effect (the
   * definition takes the more dangerous of the two), e.g. SEND DIAGNOSTIC
   * is `state`, raised to `destructive` when UNITOFFL lets the self-test
   * write to the medium.
   */
  readonly raiseEffect?: (fields: FieldsOutput<F>) => Effect;
  /** Number of data bytes the command transfers (default 0). */
  readonly dataLength?: (fields: FieldsOutput<F>, context: DataLengthContext) => number;
  /** The fields (byte 0 and the service action are implicit). */
  readonly fields: F;
  /** One line for help texts. */
  readonly description?: string;
  /** The standard that defines it (`SPC-6`, `SBC-5`, ...). */
  readonly standard?: string;
  /**
   * Peripheral device types (INQUIRY byte 0 bits 4..0) this definition is
   * for, when its opcode means something else on other devices: SSC's LOAD
   * UNLOAD (0x1B on tapes, `[0x01]`) shares its opcode with SBC's START STOP
   * UNIT. Omitted: the definition applies to any device type.
   */
  readonly deviceTypes?: readonly number[];
}

/** A compiled CDB definition. */
export interface CdbDefinition<Id extends string = string, F extends FieldSpecs = FieldSpecs> extends FieldEncoder<F> {
  /** Discriminator for generic code. */
  readonly kind: 'cdb';
  /** Registry key and CLI name. */
  readonly id: Id;
  /** The T10 name. */
  readonly name: string;
  /** Operation code. */
  readonly opcode: number;
  /** Service action, when the opcode has several. */
  readonly serviceAction: number | undefined;
  /** Where the service action lives, when there is one. */
  readonly serviceActionAt: ServiceActionPosition | undefined;
  /** CDB length in bytes. */
  readonly length: number;
  /** One line for help texts. */
  readonly description: string;
  /** The defining standard. */
  readonly standard: string;
  /** Peripheral device types it is limited to; `undefined`: any device type. */
  readonly deviceTypes: readonly number[] | undefined;
  /**
   * The declared base effect: what every use of the command does at least.
   * {@link effectOf} gives the effect of given field values, which may be
   * higher (never lower).
   */
  readonly effect: Effect;
  /** True when field values can raise the effect above {@link effect} (the definition has a `raiseEffect` rule). */
  readonly effectDependsOnFields: boolean;
  /** Decodes a CDB back to its fields; throws {@link DecodeError} for another opcode or too few bytes. */
  decode(cdb: Uint8Array): FieldsOutput<F>;
  /** True when `cdb` carries this definition's opcode (and service action). */
  matches(cdb: Uint8Array): boolean;
  /** The data direction for these field values. */
  directionOf(values?: FieldsInput<F>): DataDirection;
  /**
   * The effect for these field values: the base {@link effect}, raised by the
   * definition's `raiseEffect` rule. A definition made without an effect (from
   * JavaScript) gives `destructive`.
   */
  effectOf(values?: FieldsInput<F>): Effect;
  /** The data length in bytes for these field values. */
  dataLengthOf(values?: FieldsInput<F>, context?: DataLengthContext): number;
  /** The complete field values: the given ones over the defaults. */
  withDefaults(values?: FieldsInput<F>): FieldsOutput<F>;
}

const DEFAULT_SA: ServiceActionPosition = { byte: 1, bit: 4, width: 5 };

/**
 * Defines a command. Byte 0 (the opcode) and the service action are written
 * by the definition; `fields` describes the rest, T10 style.
 *
 * @example
 * ```ts
 * const myRead = defineCdb({
 *   id: 'myRead', name: 'MY READ', opcode: 0xc8, length: 10, direction: 'in', effect: 'read',
 *   dataLength: (f, { blockSize = 512 }) => f.blocks * blockSize,
 *   fields: { lba: u32(2), blocks: u16(7), control: control(9) },
 * });
 * myRead.encode({ lba: 100, blocks: 8 });
 * ```
 */
export function defineCdb<const Id extends string, const F extends FieldSpecs>(init: CdbInit<Id, F>): CdbDefinition<Id, F> {
  const { id, name, opcode, length } = init;
  if (!/^[a-z][A-Za-z0-9]*$/.test(id)) throw new TypeError(`defineCdb: id '${id}' must be lower camel case (letters and digits), e.g. 'read16'`);
  if (!Number.isInteger(opcode) || opcode < 0 || opcode > 0xff) throw new RangeError(`defineCdb(${name}): opcode must be 0..255, got ${opcode}`);
  if (!Number.isInteger(length) || length < 6 || length > 260) throw new RangeError(`defineCdb(${name}): length must be 6..260 bytes, got ${length}`);
  if (init.deviceTypes !== undefined) {
    if (init.deviceTypes.length === 0) throw new RangeError(`defineCdb(${name}): deviceTypes must list at least one peripheral device type (omit it for all)`);
    for (const t of init.deviceTypes) {
      if (!Number.isInteger(t) || t < 0 || t > 0x1f) throw new RangeError(`defineCdb(${name}): peripheral device type must be 0..31, got ${t}`);
    }
  }
  // A missing effect (JavaScript callers) is left for the registry to refuse with ECOMMAND_EFFECT.
  const baseEffect = init.effect as Effect | undefined;
  if (baseEffect !== undefined && !isEffect(baseEffect)) {
    throw new RangeError(`defineCdb(${name}): effect must be 'read', 'state', 'write' or 'destructive', got ${String(baseEffect)}`);
  }
  const raiseEffect = init.raiseEffect;
  const sa = init.serviceAction;
  const saAt = sa === undefined ? undefined : (init.serviceActionAt ?? DEFAULT_SA);
  const taken = new Uint8Array(length * 8);
  taken.fill(1, 0, 8); // opcode
  if (saAt) {
    if (sa! < 0 || sa! >= 2 ** saAt.width) throw new RangeError(`defineCdb(${name}): service action ${sa} does not fit ${saAt.width} bits`);
    const start = saAt.byte * 8 + (7 - saAt.bit);
    taken.fill(1, start, start + saAt.width);
  }
  checkFieldPositions(name, length, init.fields, taken);
  // compiled on first use: a command set defines a hundred commands and a program uses a few
  // (the positions are checked above, so a bad definition still fails where it is written)
  let compiled: CompiledLayout | undefined;
  let infos: FieldInfo[] | undefined;
  let defaultValues: Record<string, unknown> | undefined;
  const fieldList = (): FieldInfo[] => (infos ??= fieldInfos(init.fields));
  const compiledLayout = (): CompiledLayout => (compiled ??= new CompiledLayout(name, length, init.fields));
  const defaultsOf = (): Record<string, unknown> => (defaultValues ??= Object.fromEntries(fieldList().map((f) => [f.name, f.default])));

  const writeHeader = (target: Uint8Array, offset: number): void => {
    target[offset] = opcode;
    if (saAt) {
      const start = saAt.byte * 8 + (7 - saAt.bit);
      for (let i = 0; i < saAt.width; i++) {
        if ((sa! >> (saAt.width - 1 - i)) & 1) {
          const b = start + i;
          target[offset + (b >> 3)] = target[offset + (b >> 3)]! | (0x80 >> (b & 7));
        }
      }
    }
  };
  const readSa = (cdb: Uint8Array): number => {
    let v = 0;
    const start = saAt!.byte * 8 + (7 - saAt!.bit);
    for (let i = 0; i < saAt!.width; i++) {
      const b = start + i;
      v = (v << 1) | ((cdb[b >> 3]! >> (7 - (b & 7))) & 1);
    }
    return v;
  };
  const matches = (cdb: Uint8Array): boolean => cdb.length >= length && cdb[0] === opcode && (saAt === undefined || readSa(cdb) === sa);
  const withDefaults = (values?: FieldsInput<F>): FieldsOutput<F> => {
    const defaults = defaultsOf();
    if (values !== undefined) {
      for (const key of Object.keys(values)) {
        if (!(key in defaults)) throw new FieldTypeError(name, key, `is not a field of ${name}; its fields are: ${Object.keys(defaults).join(', ')}`, 'EFIELD_UNKNOWN');
      }
    }
    const out: Record<string, unknown> = { ...defaults };
    if (values) for (const [k, v] of Object.entries(values)) if (v !== undefined) out[k] = typeof v === 'number' && typeof defaults[k] === 'bigint' ? BigInt(v) : v;
    return out as FieldsOutput<F>;
  };
  const direction = init.direction;
  const dataLength = init.dataLength;

  return {
    kind: 'cdb',
    id,
    name,
    opcode,
    serviceAction: sa,
    serviceActionAt: saAt,
    length,
    description: init.description ?? '',
    standard: init.standard ?? '',
    deviceTypes: init.deviceTypes === undefined ? undefined : Object.freeze([...init.deviceTypes]),
    effect: baseEffect as Effect,
    effectDependsOnFields: raiseEffect !== undefined,
    fields: init.fields,
    get fieldList() {
      return fieldList();
    },
    ...encodeMethods<F>(length, compiledLayout, writeHeader),
    decode(cdb) {
      const core = compiledLayout();
      core.checkAvailable(cdb, 0);
      if (cdb[0] !== opcode) throw new DecodeError(name, 0, `opcode 0x${cdb[0]!.toString(16).padStart(2, '0')} is not ${name} (0x${opcode.toString(16).padStart(2, '0')})`);
      if (saAt && readSa(cdb) !== sa) throw new DecodeError(name, saAt.byte, `service action 0x${readSa(cdb).toString(16)} is not ${name}'s 0x${sa!.toString(16)}`);
      return core.readFields(cdb, 0) as FieldsOutput<F>;
    },
    matches,
    directionOf(values) {
      return typeof direction === 'function' ? direction(withDefaults(values)) : direction;
    },
    effectOf(values) {
      if (baseEffect === undefined || !isEffect(baseEffect)) return 'destructive';
      if (raiseEffect === undefined) return baseEffect;
      const raised = raiseEffect(withDefaults(values));
      return isEffect(raised) ? maxEffect(baseEffect, raised) : 'destructive';
    },
    dataLengthOf(values, context = {}) {
      return dataLength ? dataLength(withDefaults(values), context) : 0;
    },
    withDefaults,
  };
}

/** Reads the service action a definition would find in `cdb` (for registry look-ups). */
export function serviceActionIn(cdb: Uint8Array, at: ServiceActionPosition = DEFAULT_SA): number {
  let v = 0;
  const start = at.byte * 8 + (7 - at.bit);
  for (let i = 0; i < at.width; i++) {
    const b = start + i;
    if (b >> 3 >= cdb.length) return -1;
    v = (v << 1) | ((cdb[b >> 3]! >> (7 - (b & 7))) & 1);
  }
  return v;
}

/** Data-length rule: the value of an allocation length field, in bytes. */
export function allocationLength<K extends string>(field: K): (fields: Readonly<Record<K, number>>) => number {
  return (f) => f[field];
}

/**
 * Data-length rule: a transfer length in blocks times the block size
 * (`blockSize` from the context, default 512). `zeroMeans` handles READ(6)
 * style fields where 0 means 256 blocks.
 */
export function transferBlocks<K extends string>(
  field: K,
  options: { zeroMeans?: number } = {},
): (fields: Readonly<Record<K, number>>, context: DataLengthContext) => number {
  return (f, context) => {
    const blocks = f[field] === 0 && options.zeroMeans !== undefined ? options.zeroMeans : f[field];
    return blocks * (context.blockSize ?? 512);
  };
}
