/**
 * The buffers READ replies are read into, kept for the next READs of the
 * connection instead of allocated per request: a fresh 256 KiB buffer is
 * 64 pages the kernel must fault in before the device's data can be copied
 * there (measured in the lab: 2.4 ms a request with fresh buffers, 0.33 ms
 * reusing one). A buffer goes back only once the socket has taken its
 * bytes (the write's callback), so a reply still queued in the socket is
 * never overwritten.
 */

/** Smallest buffer kept: smaller requests share it. */
const MIN_CLASS = 4096;

/** Size classes are powers of two from {@link MIN_CLASS}. */
function classOf(length: number): number {
  return length <= MIN_CLASS ? MIN_CLASS : 2 ** Math.ceil(Math.log2(length));
}

/** Free buffers by size class, holding at most a given number of bytes. */
export class ReplyBuffers {
  readonly #free = new Map<number, ArrayBuffer[]>();
  /** The memory this pool made: only that comes back in (never, say, a slice of Node's shared Buffer pool). */
  readonly #own = new WeakSet<ArrayBuffer>();
  readonly #maxBytes: number;
  #bytes = 0;

  /** @param maxBytes most bytes kept free (a connection's in-flight payload bound is a fit) */
  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Bytes kept free now. */
  get freeBytes(): number {
    return this.#bytes;
  }

  /** A buffer of `length` bytes (contents undefined): a kept one of its class, or a new one. */
  acquire(length: number): Buffer {
    const size = classOf(length);
    const kept = this.#free.get(size)?.pop();
    if (kept !== undefined) {
      this.#bytes -= size;
      return Buffer.from(kept, 0, length);
    }
    const made = new ArrayBuffer(size);
    this.#own.add(made);
    return Buffer.from(made, 0, length);
  }

  /** Gives back a buffer from {@link acquire}; dropped when the pool is full. */
  release(buffer: Buffer): void {
    const whole = buffer.buffer as ArrayBuffer;
    const size = whole.byteLength;
    if (!this.#own.has(whole) || this.#bytes + size > this.#maxBytes) return;
    let list = this.#free.get(size);
    if (list === undefined) {
      list = [];
      this.#free.set(size, list);
    }
    list.push(whole);
    this.#bytes += size;
  }
}
