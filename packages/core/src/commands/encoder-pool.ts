/**
 * A stack of {@link BlockCdbEncoder}s: a command takes one for as long as it
 * is in flight and gives it back when it completes, so concurrent block
 * commands never share a CDB buffer and steady-state commands allocate none.
 */
import { BlockCdbEncoder } from './block-cdb.js';

/** Reusable block CDB encoders. */
export class EncoderPool {
  readonly #free: BlockCdbEncoder[] = [];
  /** At most this many idle encoders are kept. */
  readonly #keep: number;

  constructor(keep = 32) {
    this.#keep = keep;
  }

  /** An encoder for one command. */
  acquire(): BlockCdbEncoder {
    return this.#free.pop() ?? new BlockCdbEncoder();
  }

  /**
   * Gives an encoder back. Do not release the encoder of a failed command
   * whose error (and its `result.cdb`) may still be looked at.
   */
  release(encoder: BlockCdbEncoder): void {
    if (this.#free.length < this.#keep) this.#free.push(encoder);
  }
}
