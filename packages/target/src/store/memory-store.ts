/** A backing store in memory, allocated lazily in 1 MiB chunks (a sparse disk costs only what is written). */
import { TargetError } from '../errors.js';
import type { BackingStore } from './backing-store.js';

const CHUNK = 1 << 20;

/** A zero-filled store of `size` bytes kept in memory. */
export class MemoryStore implements BackingStore {
  /** Size in bytes. */
  readonly size: number;
  readonly #chunks = new Map<number, Uint8Array>();

  /** A store of `size` bytes (a positive multiple of 512). */
  constructor(size: number) {
    if (!Number.isSafeInteger(size) || size <= 0 || size % 512 !== 0) throw new TargetError('ETCMU_ARGUMENT', `MemoryStore: size must be a positive multiple of 512 bytes, got ${size}`);
    this.size = size;
  }

  #check(what: string, offset: number, length: number): void {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new TargetError('ETCMU_STORE', `MemoryStore.${what}: bytes ${offset}..${offset + length} are outside the ${this.size}-byte store`);
    }
  }

  /** Reads bytes (unwritten ranges are zeros). */
  read(offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.readInto(offset, out);
    return out;
  }

  /** Reads `out.length` bytes into `out` (unwritten ranges are zeros). */
  readInto(offset: number, out: Uint8Array): void {
    const length = out.length;
    this.#check('read', offset, length);
    let done = 0;
    while (done < length) {
      const at = offset + done;
      const index = Math.floor(at / CHUNK);
      const within = at - index * CHUNK;
      const n = Math.min(CHUNK - within, length - done);
      const chunk = this.#chunks.get(index);
      if (chunk) out.set(chunk.subarray(within, within + n), done);
      else out.fill(0, done, done + n);
      done += n;
    }
  }

  /** Writes bytes. */
  write(offset: number, data: Uint8Array): void {
    this.#check('write', offset, data.length);
    let done = 0;
    while (done < data.length) {
      const at = offset + done;
      const index = Math.floor(at / CHUNK);
      const within = at - index * CHUNK;
      const n = Math.min(CHUNK - within, data.length - done);
      let chunk = this.#chunks.get(index);
      if (!chunk) {
        chunk = new Uint8Array(Math.min(CHUNK, this.size - index * CHUNK));
        this.#chunks.set(index, chunk);
      }
      chunk.set(data.subarray(done, done + n), within);
      done += n;
    }
  }

  /** Allocation in whole 1 MiB chunks: a chunk is allocated from its first write until a discard covers all of it. */
  allocation(offset: number, length: number): { allocated: boolean; length: number } {
    this.#check('allocation', offset, length);
    const first = Math.floor(offset / CHUNK);
    const allocated = this.#chunks.has(first);
    let end = (first + 1) * CHUNK;
    while (end < offset + length && this.#chunks.has(end / CHUNK) === allocated) end += CHUNK;
    return { allocated, length: Math.min(end, offset + length) - offset };
  }

  /** Zeroes a range; whole chunks are freed. */
  discard(offset: number, length: number): void {
    this.#check('discard', offset, length);
    let done = 0;
    while (done < length) {
      const at = offset + done;
      const index = Math.floor(at / CHUNK);
      const within = at - index * CHUNK;
      const n = Math.min(CHUNK - within, length - done);
      const chunk = this.#chunks.get(index);
      if (chunk) {
        if (within === 0 && n === chunk.length) this.#chunks.delete(index);
        else chunk.fill(0, within, within + n);
      }
      done += n;
    }
  }
}
