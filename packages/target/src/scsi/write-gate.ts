/**
 * The order of a disk's writes around COMPARE AND WRITE: SBC-5 makes its
 * read, compare and write one atomic operation, so no other write may land
 * between them. Writes run through {@link WriteGate.write} (many at once);
 * COMPARE AND WRITE through {@link WriteGate.exclusive}, which waits for
 * the writes already in the store to finish and holds new ones back until
 * it is done. Reads are not held: they see the blocks before or after.
 */
export class WriteGate {
  #writers = 0;
  #exclusive: Promise<void> | undefined;
  #idle: (() => void) | undefined;

  /** Runs a write, once no exclusive operation holds the gate. */
  async write<T>(fn: () => T | Promise<T>): Promise<T> {
    while (this.#exclusive) await this.#exclusive;
    this.#writers++;
    try {
      return await fn();
    } finally {
      if (--this.#writers === 0 && this.#idle) {
        const idle = this.#idle;
        this.#idle = undefined;
        idle();
      }
    }
  }

  /** Runs `fn` alone: after the writes in progress, before any new one. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.#exclusive) await this.#exclusive;
    let release!: () => void;
    this.#exclusive = new Promise<void>((r) => (release = r));
    try {
      if (this.#writers > 0) await new Promise<void>((r) => (this.#idle = r));
      return await fn();
    } finally {
      this.#exclusive = undefined;
      release();
    }
  }
}
