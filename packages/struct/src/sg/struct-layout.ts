/**
 * C struct layouts of the sg driver as data (name, C name, offset, type), and
 * a generic encoder/decoder over them. The structs are in the host's byte
 * order; offsets are those of LP64 Linux (x86_64, aarch64), proven against
 * the system headers by test/c-layout.
 */

/** C scalar types used by the sg structs (`ptr` is a 64-bit pointer). */
export type CScalarType = 'u8' | 'u16' | 'i16' | 'u32' | 'i32' | 'u64' | 'ptr';

/** One member of a C struct. */
export interface StructMember {
  /** Property name in TypeScript objects (camel case). */
  readonly name: string;
  /** The member's name in the C header. */
  readonly cName: string;
  /** Byte offset (`offsetof`). */
  readonly offset: number;
  /** Scalar type, or `'reserved'` for spare members that are written as zero. */
  readonly type: CScalarType | 'reserved';
  /** Size in bytes (`sizeof` the member). */
  readonly size: number;
}

/** A C struct's layout. */
export interface StructLayout {
  /** The C struct name (`sg_io_hdr`). */
  readonly name: string;
  /** `sizeof` the struct. */
  readonly size: number;
  /** Members in offset order. */
  readonly members: readonly StructMember[];
}

const SIZES: Readonly<Record<CScalarType, number>> = { u8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, ptr: 8 };

/** Builds a member list from `[name, cName, offset, type]` rows (reserved rows give their size). */
export function members(rows: readonly (readonly [string, string, number, CScalarType] | readonly [string, string, number, 'reserved', number])[]): StructMember[] {
  return rows.map((r) => ({ name: r[0], cName: r[1], offset: r[2], type: r[3], size: r[3] === 'reserved' ? r[4] : SIZES[r[3]] }));
}

/** True on little-endian hosts (every Linux platform sgio supports). */
export const HOST_LITTLE_ENDIAN: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

let lastBytes: Uint8Array | undefined;
let lastView: DataView | undefined;
const views = new WeakMap<Uint8Array, DataView>();

/**
 * A DataView over `bytes`, created once per array and cached (weakly), so
 * hot-path encoders allocate nothing after the first call on a buffer.
 */
export function viewOf(bytes: Uint8Array): DataView {
  if (bytes === lastBytes) return lastView!;
  let view = views.get(bytes);
  if (view === undefined) {
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    views.set(bytes, view);
  }
  lastBytes = bytes;
  lastView = view;
  return view;
}

/** Throws a RangeError unless `size` bytes fit at `offset`. */
export function checkSpan(what: string, bytes: Uint8Array, offset: number, size: number): void {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${what}: expected a Uint8Array, got ${typeof bytes}`);
  if (!Number.isInteger(offset) || offset < 0 || offset + size > bytes.length) {
    throw new RangeError(`${what}: needs ${size} bytes at offset ${offset}, the buffer has ${bytes.length}`);
  }
}

/** Writes a 64-bit pointer or tag given as a bigint or a non-negative safe integer. */
export function writePointer(view: DataView, at: number, value: bigint | number): void {
  if (typeof value === 'bigint') {
    view.setBigUint64(at, value, HOST_LITTLE_ENDIAN);
    return;
  }
  const lo = value >>> 0;
  const hi = (value - lo) / 4294967296;
  view.setUint32(HOST_LITTLE_ENDIAN ? at : at + 4, lo, HOST_LITTLE_ENDIAN);
  view.setUint32(HOST_LITTLE_ENDIAN ? at + 4 : at, hi, HOST_LITTLE_ENDIAN);
}

/** Reads a 64-bit value as a number (exact below 2^53, as every user-space pointer is). */
export function readPointerNumber(view: DataView, at: number): number {
  const lo = view.getUint32(HOST_LITTLE_ENDIAN ? at : at + 4, HOST_LITTLE_ENDIAN);
  const hi = view.getUint32(HOST_LITTLE_ENDIAN ? at + 4 : at, HOST_LITTLE_ENDIAN);
  return hi * 4294967296 + lo;
}

function readMember(view: DataView, at: number, type: CScalarType): number | bigint {
  switch (type) {
    case 'u8':
      return view.getUint8(at);
    case 'u16':
      return view.getUint16(at, HOST_LITTLE_ENDIAN);
    case 'i16':
      return view.getInt16(at, HOST_LITTLE_ENDIAN);
    case 'u32':
      return view.getUint32(at, HOST_LITTLE_ENDIAN);
    case 'i32':
      return view.getInt32(at, HOST_LITTLE_ENDIAN);
    case 'u64':
    case 'ptr':
      return view.getBigUint64(at, HOST_LITTLE_ENDIAN);
  }
}

const LIMITS: Readonly<Record<Exclude<CScalarType, 'u64' | 'ptr'>, readonly [number, number]>> = {
  u8: [0, 0xff],
  u16: [0, 0xffff],
  i16: [-0x8000, 0x7fff],
  u32: [0, 0xffffffff],
  i32: [-0x80000000, 0x7fffffff],
};

function writeMember(layout: StructLayout, m: StructMember, view: DataView, at: number, value: unknown): void {
  const type = m.type;
  if (type === 'reserved') return;
  if (type === 'u64' || type === 'ptr') {
    if (typeof value === 'bigint' ? value < 0n || value > 0xffffffffffffffffn : typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${layout.name}.${m.cName}: expects a 64-bit unsigned bigint (or a safe non-negative integer), got ${String(value)}`);
    }
    writePointer(view, at, value as bigint | number);
    return;
  }
  const [min, max] = LIMITS[type];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${layout.name}.${m.cName}: expects an integer ${min}..${max}, got ${String(value)}`);
  }
  switch (type) {
    case 'u8':
      view.setUint8(at, value);
      break;
    case 'u16':
    case 'i16':
      view.setUint16(at, value & 0xffff, HOST_LITTLE_ENDIAN);
      break;
    case 'u32':
    case 'i32':
      view.setUint32(at, value >>> 0, HOST_LITTLE_ENDIAN);
      break;
  }
}

/** Decodes a struct into an object keyed by the members' TypeScript names (64-bit members as bigint). */
export function decodeStruct(layout: StructLayout, bytes: Uint8Array, offset = 0): Record<string, number | bigint> {
  checkSpan(`decode ${layout.name}`, bytes, offset, layout.size);
  const view = viewOf(bytes);
  const out: Record<string, number | bigint> = {};
  for (const m of layout.members) if (m.type !== 'reserved') out[m.name] = readMember(view, offset + m.offset, m.type);
  return out;
}

/** Encodes a struct (zeroing it first); omitted members are written as 0. Validates every value. */
export function encodeStruct(layout: StructLayout, target: Uint8Array, offset: number, values: Readonly<Record<string, unknown>>): void {
  checkSpan(`encode ${layout.name}`, target, offset, layout.size);
  const known = new Set(layout.members.map((m) => m.name));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) throw new TypeError(`${layout.name}: '${key}' is not a member; members: ${[...known].join(', ')}`);
  }
  target.fill(0, offset, offset + layout.size);
  const view = viewOf(target);
  for (const m of layout.members) {
    const v = values[m.name];
    if (v !== undefined) writeMember(layout, m, view, offset + m.offset, v);
  }
}
