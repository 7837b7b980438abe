/**
 * `defineLayout`: a fixed-size byte layout (a data page's fixed part, a
 * descriptor, a parameter header) described with the field DSL, compiled once
 * into an encoder and a decoder.
 */
import { DecodeError } from '../errors/decode-error.js';
import { FieldTypeError } from '../errors/field-errors.js';
import { compileField, type CompiledField, type Writer } from './compile-field.js';
import { makeFieldSetter, type FieldSetter } from './field-setter.js';
import type { FieldInput, FieldSpec, FieldSpecs, FieldsInput, FieldsOutput, ValueFieldNames } from './fields.js';

/** Public description of one field, for help texts and generic tools. */
export interface FieldInfo {
  /** Field name as used in the fields object. */
  readonly name: string;
  /** Value kind. */
  readonly kind: Exclude<FieldSpec['kind'], 'reserved'>;
  /** Byte offset of the most significant bit. */
  readonly byte: number;
  /** Bit number of the most significant bit (7..0). */
  readonly bit: number;
  /** Width in bits. */
  readonly width: number;
  /** Help text. */
  readonly description: string;
  /** Value used when omitted. */
  readonly default: number | bigint | boolean | string | Uint8Array;
  /** Largest value for integer fields (`2^width - 1`; `2^(width-1) - 1` when signed). */
  readonly max?: number | bigint;
  /** Smallest value, for signed fields (`-2^(width-1)`). */
  readonly min?: number;
}

/** What a layout definition is made from. */
export interface LayoutInit<F extends FieldSpecs> {
  /** Name used in messages (`'INQUIRY data'`, `'Caching mode page'`). */
  readonly name: string;
  /** Size in bytes. */
  readonly length: number;
  /** The fields, by name. */
  readonly fields: F;
}

/** What layouts and CDB definitions share: their fields, and encoding from field values. */
export interface FieldEncoder<F extends FieldSpecs> {
  /** The field specifications as given. */
  readonly fields: F;
  /** The value fields in byte order, with their metadata (for help and generic tools). */
  readonly fieldList: readonly FieldInfo[];
  /** Encodes into a new zeroed array; omitted fields take their defaults (0, false). */
  encode(values?: FieldsInput<F>): Uint8Array;
  /**
   * Encodes into `target` at `offset` (those bytes are zeroed first);
   * allocates nothing when 64-bit fields are given as numbers. Returns the
   * number of bytes encoded.
   */
  encodeInto(target: Uint8Array, offset: number, values?: FieldsInput<F>): number;
  /**
   * A function that overwrites the one value field `name` of a layout (or
   * CDB) already encoded at `offset` in a target, validating the value as
   * {@link encode} does and leaving every other bit alone. For hot loops
   * that change a field or two per command on a CDB encoded once (a READ's
   * LBA and transfer length): cheaper than encoding it again, and small
   * enough that V8's optimizing compiler spends little time on it. Throws
   * `EFIELD_UNKNOWN` for a name that is not a value field.
   */
  fieldSetter<K extends ValueFieldNames<F>>(name: K): FieldSetter<FieldInput<F[K]>>;
}

/** A compiled fixed-size layout. */
export interface Layout<F extends FieldSpecs> extends FieldEncoder<F> {
  /** Name used in messages. */
  readonly name: string;
  /** Size in bytes. */
  readonly length: number;
  /** Decodes `length` bytes at `offset`; throws {@link DecodeError} when they are not all there. */
  decode(bytes: Uint8Array, offset?: number): FieldsOutput<F>;
}


/**
 * How the encode loop writes a field. The common shapes (flags, whole-byte
 * integers up to 32 bits, aligned 64-bit integers) are written inline by
 * {@link CompiledLayout.writeFields}; everything else, and every value that
 * fails the inline checks, goes through the field's validating writer.
 */
const WRITE_GENERIC = 0;
const WRITE_FLAG = 1;
const WRITE_BYTES_UINT = 2;
const WRITE_BYTES_U64 = 3;

/** One step of the encode loop; every step has the same shape so the loop stays monomorphic. */
interface WriteStep {
  readonly name: string;
  /** Position in the step list. */
  readonly index: number;
  readonly how: number;
  /** First byte of the field. */
  readonly first: number;
  /** Last byte of the field (whole-byte fields). */
  readonly last: number;
  /** Bit mask (flags). */
  readonly mask: number;
  /** Largest value (whole-byte integers up to 32 bits). */
  readonly max: number;
  readonly fallback: unknown;
  readonly write: Writer;
}

const MAX_U64 = 0xffffffffffffffffn;
const scratch = new DataView(new ArrayBuffer(8));

/** True when writing `value` would leave zeroed bytes as they are. */
function isZeroBits(value: unknown): boolean {
  if (value === 0 || value === false || value === 0n) return true;
  return value instanceof Uint8Array && value.every((b) => b === 0);
}

function stepOf(spec: Exclude<FieldSpec, { kind: 'reserved' }>, f: CompiledField, index: number): WriteStep {
  const wholeBytes = spec.bit === 7 && (spec.width & 7) === 0;
  let how = WRITE_GENERIC;
  if (spec.kind === 'flag') how = WRITE_FLAG;
  else if (spec.kind === 'uint' && wholeBytes && spec.width <= 32) how = WRITE_BYTES_UINT;
  else if (spec.kind === 'biguint' && wholeBytes && spec.width === 64) how = WRITE_BYTES_U64;
  return {
    name: f.name,
    index,
    how,
    first: spec.byte,
    last: spec.byte + Math.ceil(spec.width / 8) - 1,
    mask: 1 << spec.bit,
    max: spec.kind === 'uint' ? 2 ** spec.width - 1 : 0,
    fallback: f.fallback,
    write: f.write,
  };
}

/** Builds the {@link FieldInfo} list of a field set, in byte order. */
export function fieldInfos(fields: FieldSpecs): FieldInfo[] {
  const list: FieldInfo[] = [];
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.kind === 'reserved') continue;
    const fallback =
      spec.default ?? (spec.kind === 'uint' || spec.kind === 'int' ? 0 : spec.kind === 'biguint' ? 0n : spec.kind === 'flag' ? false : spec.kind === 'ascii' ? '' : new Uint8Array(spec.width >> 3));
    const info: FieldInfo = {
      name,
      kind: spec.kind,
      byte: spec.byte,
      bit: spec.bit,
      width: spec.width,
      description: spec.description ?? '',
      default: fallback,
      ...(spec.kind === 'uint'
        ? { max: 2 ** spec.width - 1 }
        : spec.kind === 'int'
          ? { min: -(2 ** (spec.width - 1)), max: 2 ** (spec.width - 1) - 1 }
          : spec.kind === 'biguint' ? { max: (1n << BigInt(spec.width)) - 1n } : {}),
    };
    list.push(info);
  }
  return list.sort((a, b) => a.byte - b.byte || b.bit - a.bit);
}

/** Checks that every field lies inside `length` bytes and no two fields overlap. */
export function checkFieldPositions(name: string, length: number, fields: FieldSpecs, taken: Uint8Array = new Uint8Array(length * 8)): void {
  for (const [field, spec] of Object.entries(fields)) {
    const start = spec.byte * 8 + (7 - spec.bit);
    const end = start + spec.width;
    if (end > length * 8) throw new RangeError(`${name}: field '${field}' ends past the layout's ${length} bytes`);
    for (let i = start; i < end; i++) {
      if (taken[i]) throw new RangeError(`${name}: field '${field}' overlaps another field at byte ${i >> 3}, bit ${7 - (i & 7)}`);
      taken[i] = 1;
    }
  }
}

/** Writes one value: inline for the common shapes, else through the validating writer. */
function writeStep(f: WriteStep, target: Uint8Array, base: number, v: unknown): void {
  switch (f.how) {
    case WRITE_FLAG:
      if (v === true) target[base + f.first] = target[base + f.first]! | f.mask;
      else if (v !== false) f.write(target, base, v);
      break;
    case WRITE_BYTES_UINT:
      if (typeof v === 'number' && v >>> 0 === v && v <= f.max) {
        let x = v;
        for (let j = base + f.last, end = base + f.first; j >= end; j--) {
          target[j] = x & 0xff;
          x >>>= 8;
        }
      } else {
        f.write(target, base, v);
      }
      break;
    case WRITE_BYTES_U64:
      if (typeof v === 'bigint' && v >= 0n && v <= MAX_U64) {
        scratch.setBigUint64(0, v);
        const at = base + f.first;
        for (let j = 0; j < 8; j++) target[at + j] = scratch.getUint8(j);
      } else if (typeof v === 'number' && v >= 0 && v <= Number.MAX_SAFE_INTEGER && Math.floor(v) === v) {
        const lo = v % 4294967296;
        let hi = (v - lo) / 4294967296;
        let x = lo;
        const at = base + f.first;
        for (let j = at + 7; j >= at + 4; j--) {
          target[j] = x & 0xff;
          x = (x - (x & 0xff)) / 256;
        }
        for (let j = at + 3; j >= at; j--) {
          target[j] = hi & 0xff;
          hi >>>= 8;
        }
      } else {
        f.write(target, base, v);
      }
      break;
    default:
      f.write(target, base, v);
  }
}

/** The compiled core shared by layouts and CDB definitions. */
export class CompiledLayout {
  private readonly plan: readonly CompiledField[];
  private readonly steps: readonly WriteStep[];
  /** Steps whose default is not all-zero bits (the target is zeroed, so the others need no write). */
  private readonly defaultSteps: readonly WriteStep[];
  private readonly stepIndex: ReadonlyMap<string, number>;
  /** Per-step stamp of the last encode that set it (no per-call allocation). */
  private readonly stamps: Uint32Array;
  private generation = 0;
  private readonly known: ReadonlySet<string>;

  constructor(
    readonly name: string,
    readonly length: number,
    /** The field specifications as given. */
    readonly fields: FieldSpecs,
  ) {
    const plan: CompiledField[] = [];
    const steps: WriteStep[] = [];
    for (const [field, spec] of Object.entries(fields)) {
      if (spec.kind === 'reserved') continue;
      const compiled = compileField(name, field, spec);
      plan.push(compiled);
      steps.push(stepOf(spec, compiled, steps.length));
    }
    this.plan = plan;
    this.steps = steps;
    this.defaultSteps = steps.filter((f) => !isZeroBits(f.fallback));
    this.stepIndex = new Map(steps.map((f) => [f.name, f.index]));
    this.stamps = new Uint32Array(steps.length);
    this.known = new Set(plan.map((f) => f.name));
  }

  /** Writes the value fields at `base`; the bytes must already be zero. */
  writeFields(target: Uint8Array, base: number, values: Readonly<Record<string, unknown>> | undefined): void {
    if (values === undefined) {
      for (const f of this.defaultSteps) writeStep(f, target, base, f.fallback);
      return;
    }
    if (typeof values !== 'object' || values === null) {
      throw new FieldTypeError(this.name, '(fields)', `expects an object of field values, got ${typeof values}`);
    }
    const steps = this.steps;
    const stamps = this.stamps;
    let gen = (this.generation + 1) >>> 0;
    if (gen === 0) {
      stamps.fill(0);
      gen = 1;
    }
    this.generation = gen;
    for (const key in values) {
      const index = this.stepIndex.get(key);
      if (index === undefined) throw this.unknownField(key);
      const v = values[key];
      if (v === undefined) continue;
      stamps[index] = gen;
      writeStep(steps[index]!, target, base, v);
    }
    const defaults = this.defaultSteps;
    const reentered = this.generation !== gen;
    for (let i = 0; i < defaults.length; i++) {
      const f = defaults[i]!;
      if (reentered ? values[f.name] === undefined : stamps[f.index] !== gen) writeStep(f, target, base, f.fallback);
    }
  }

  /** Reads the value fields at `base` (the caller has checked the length). */
  readFields(source: Uint8Array, base: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const f of this.plan) out[f.name] = f.read(source, base);
    return out;
  }

  /** Throws a {@link DecodeError} unless `length` bytes are available at `offset`. */
  checkAvailable(bytes: Uint8Array, offset: number): void {
    if (!(bytes instanceof Uint8Array)) throw new DecodeError(this.name, 0, `expected a Uint8Array, got ${typeof bytes}`);
    if (!Number.isInteger(offset) || offset < 0) throw new DecodeError(this.name, 0, `invalid offset ${offset}`);
    if (bytes.length - offset < this.length) {
      throw new DecodeError(this.name, bytes.length, `needs ${this.length} bytes from offset ${offset}, only ${Math.max(0, bytes.length - offset)} given`);
    }
  }

  /** Throws a RangeError unless `target` has room for the layout at `offset`; `action` names the caller in the message. */
  checkRoom(target: Uint8Array, offset: number, action = 'encodeInto()'): void {
    if (!(target instanceof Uint8Array)) throw new TypeError(`${this.name}: ${action} expects a Uint8Array target`);
    if (!Number.isInteger(offset) || offset < 0 || offset + this.length > target.length) {
      throw new RangeError(`${this.name}: ${action} needs ${this.length} bytes at offset ${offset}, the target has ${target.length}`);
    }
  }

  /** The error for `key`, which is not a value field (`EFIELD_UNKNOWN`, listing the fields there are). */
  unknownField(key: string): FieldTypeError {
    return new FieldTypeError(this.name, key, `is not a field of ${this.name}; its fields are: ${[...this.known].join(', ')}`, 'EFIELD_UNKNOWN');
  }

  /** The validating writer of the value field `field`, or undefined when there is none by that name. */
  writerOf(field: string): Writer | undefined {
    const index = this.stepIndex.get(field);
    return index === undefined ? undefined : this.steps[index]!.write;
  }
}

/**
 * `encode` and `encodeInto` over a layout compiled on first use, for
 * layouts and CDB definitions alike: the bytes are zeroed, `header` (a
 * CDB's opcode and service action) is written, then the fields.
 */
export function encodeMethods<F extends FieldSpecs>(
  length: number,
  compiled: () => CompiledLayout,
  header?: (target: Uint8Array, offset: number) => void,
): Pick<FieldEncoder<F>, 'encode' | 'encodeInto' | 'fieldSetter'> {
  // a no-op header, not an optional call: encodeInto runs once per command on hot paths, and 2M READ(10)
  // encodeInto took 150 ms this way against 240 ms with `header?.()` (Node 20)
  const writeHeader = header ?? ((): void => undefined);
  return {
    encode(values) {
      const out = new Uint8Array(length);
      writeHeader(out, 0);
      compiled().writeFields(out, 0, values);
      return out;
    },
    encodeInto(target, offset, values) {
      const core = compiled();
      core.checkRoom(target, offset);
      target.fill(0, offset, offset + length);
      writeHeader(target, offset);
      core.writeFields(target, offset, values);
      return length;
    },
    fieldSetter(name) {
      return makeFieldSetter(compiled(), name);
    },
  };
}

/**
 * Defines a fixed-size layout from field specifications.
 *
 * @example
 * ```ts
 * const header = defineLayout({ name: 'Mode parameter header(6)', length: 4, fields: {
 *   modeDataLength: u8(0), mediumType: u8(1), wp: flag(2, 7), dpofua: flag(2, 4), blockDescriptorLength: u8(3),
 * } });
 * header.decode(bytes).modeDataLength; // number
 * ```
 */
export function defineLayout<const F extends FieldSpecs>(init: LayoutInit<F>): Layout<F> {
  checkFieldPositions(init.name, init.length, init.fields);
  // compiled on first use (the positions are checked above, so a bad layout still fails here)
  let compiled: CompiledLayout | undefined;
  let infos: FieldInfo[] | undefined;
  const compiledLayout = (): CompiledLayout => (compiled ??= new CompiledLayout(init.name, init.length, init.fields));
  const length = init.length;
  return {
    name: init.name,
    length,
    fields: init.fields,
    get fieldList() {
      return (infos ??= fieldInfos(init.fields));
    },
    ...encodeMethods<F>(length, compiledLayout),
    decode(bytes, offset = 0) {
      const core = compiledLayout();
      core.checkAvailable(bytes, offset);
      return core.readFields(bytes, offset) as FieldsOutput<F>;
    },
  };
}
