/**
 * One field of an encoded layout or CDB, overwritten in place: for loops
 * that change a field or two per command (a READ's LBA and transfer
 * length) on a CDB encoded once. Validates the value as `encode` does and
 * leaves every other bit alone.
 */
import type { Writer } from './compile-field.js';
import type { FieldSpec } from './fields.js';
import type { CompiledLayout } from './layout.js';

/**
 * Overwrites one field of the layout that starts at `offset` in `target`.
 * Written as a method's type so its value parameter is bivariant: a
 * definition with specific fields stays assignable to one typed with the
 * general field record (registries, `CdbDefinition<string, FieldSpecs>`).
 */
export type FieldSetter<V> = {
  /**
   * Writes `value` into the field of the layout that starts at `offset` in
   * `target`; throws the encoder's FieldTypeError or FieldRangeError for a
   * refused value (the target is left as it was) and a RangeError when the
   * layout does not fit at `offset`.
   */
  setField(target: Uint8Array, offset: number, value: V): void;
}['setField'];

/**
 * Builds the setter of `field` for the compiled layout `core`, on the
 * field's own validating writer. Throws `EFIELD_UNKNOWN` for a name that is
 * not a value field.
 */
export function makeFieldSetter(core: CompiledLayout, field: string): FieldSetter<unknown> {
  const write = core.writerOf(field);
  const spec = write === undefined ? undefined : core.fields[field];
  if (write === undefined || spec === undefined) throw core.unknownField(field);
  const action = `setting '${field}'`;
  const room = (target: Uint8Array, offset: number): void => core.checkRoom(target, offset, action);
  if (spec.kind === 'flag') {
    const mask = 1 << spec.bit;
    return (target, offset, value) => {
      room(target, offset);
      if (typeof value !== 'boolean') write(target, offset, value); // throws the encoder's type error
      const i = offset + spec.byte;
      target[i] = value ? target[i]! | mask : target[i]! & ~mask;
    };
  }
  if (spec.kind === 'bytes' || spec.kind === 'ascii') return wholeBytesSetter(spec, core.length, room, write);
  // integers: the writers overwrite every bit of the field
  return (target, offset, value) => {
    room(target, offset);
    write(target, offset, value);
  };
}

/** Byte-string fields: encoded into a scratch copy first, so a value shorter than the field clears the rest (as encode's zeroed bytes do). */
function wholeBytesSetter(
  spec: FieldSpec,
  length: number,
  room: (target: Uint8Array, offset: number) => void,
  write: Writer,
): FieldSetter<unknown> {
  const scratch = new Uint8Array(length);
  const first = spec.byte;
  const end = spec.byte + (spec.width >> 3);
  return (target, offset, value) => {
    room(target, offset);
    scratch.fill(0, first, end);
    write(scratch, 0, value);
    target.set(scratch.subarray(first, end), offset + first);
  };
}
