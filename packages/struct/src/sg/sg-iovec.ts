/** `struct sg_iovec` (`<scsi/sg.h>`): one scatter-gather element, 16 bytes on LP64. */
import { checkSpan, decodeStruct, members, viewOf, writePointer, type StructLayout } from './struct-layout.js';

/** `sizeof(struct sg_iovec)` on LP64. */
export const SG_IOVEC_SIZE = 16;

/** The layout of `struct sg_iovec` (LP64). */
export const sgIovecLayout: StructLayout = {
  name: 'sg_iovec',
  size: SG_IOVEC_SIZE,
  members: members([
    ['iovBase', 'iov_base', 0, 'ptr'],
    ['iovLen', 'iov_len', 8, 'u64'],
  ]),
};

/** A decoded sg_iovec. */
export interface SgIovec {
  /** `iov_base`: start address. */
  iovBase: bigint;
  /** `iov_len`: length in bytes. */
  iovLen: bigint;
}

/** Encodes one sg_iovec at `offset` (entry `i` of an array lives at `i * SG_IOVEC_SIZE`). Allocates nothing. */
export function encodeSgIovec(target: Uint8Array, offset: number, iovBase: bigint | number, iovLen: number): void {
  checkSpan('encodeSgIovec', target, offset, SG_IOVEC_SIZE);
  if (typeof iovBase === 'bigint' ? iovBase < 0n || iovBase > 0xffffffffffffffffn : !Number.isSafeInteger(iovBase) || iovBase < 0) {
    throw new RangeError(`sg_iovec.iov_base: expects a 64-bit address, got ${String(iovBase)}`);
  }
  if (!Number.isSafeInteger(iovLen) || iovLen < 0) throw new RangeError(`sg_iovec.iov_len: expects a non-negative safe integer, got ${iovLen}`);
  const v = viewOf(target);
  writePointer(v, offset, iovBase);
  writePointer(v, offset + 8, iovLen);
}

/** Decodes one sg_iovec. */
export function decodeSgIovec(bytes: Uint8Array, offset = 0): SgIovec {
  return decodeStruct(sgIovecLayout, bytes, offset) as unknown as SgIovec;
}
