/**
 * Exact-length reads from a stream socket with bounded buffering: the
 * socket is paused once more than `highWater` bytes wait unread (and the
 * pending read does not need them), so a client that sends faster than the
 * server works is held back by TCP / the Unix socket, not by memory.
 */
import type { Socket } from 'node:net';

/** The peer closed the connection before the bytes asked for arrived. */
export class ConnectionClosedError extends Error {
  /** Stable code: `ERR_NBD_CONNECTION_CLOSED`. */
  readonly code = 'ERR_NBD_CONNECTION_CLOSED';
  constructor(message = 'the NBD client closed the connection') {
    super(message);
    this.name = 'ConnectionClosedError';
  }
}

interface Waiter {
  readonly n: number;
  readonly resolve: (bytes: Uint8Array) => void;
  readonly reject: (e: unknown) => void;
}

/** Reads exact byte counts from a socket, one read at a time. */
export class SocketReader {
  readonly #socket: Socket;
  readonly #highWater: number;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #waiter: Waiter | undefined;
  #closed: Error | undefined;
  readonly #onData = (chunk: Buffer): void => {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    this.#settle();
    this.#pauseIfFull();
  };
  readonly #onEnd = (): void => this.#close(new ConnectionClosedError());
  readonly #onError = (e: Error): void => this.#close(new ConnectionClosedError(`the NBD connection failed: ${e.message}`));

  constructor(socket: Socket, highWater = 256 * 1024) {
    this.#socket = socket;
    this.#highWater = highWater;
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('close', this.#onEnd);
    socket.on('error', this.#onError);
  }

  /** Bytes received and not read yet. */
  get buffered(): number {
    return this.#buffered;
  }

  /** The next `n` bytes; rejects with {@link ConnectionClosedError} when the connection ends first. */
  read(n: number): Promise<Uint8Array> {
    if (this.#waiter) return Promise.reject(new Error('SocketReader.read(): a read is already pending'));
    if (this.#buffered >= n) return Promise.resolve(this.#take(n));
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise<Uint8Array>((resolve, reject) => {
      this.#waiter = { n, resolve, reject };
      if (this.#socket.isPaused()) this.#socket.resume();
    });
  }

  /**
   * Stops reading the socket for good, so that another reader (a TLS layer
   * after NBD_OPT_STARTTLS) can take it over: removes this reader's
   * listeners, pauses the socket, ends a pending read and every later one
   * with {@link ConnectionClosedError}, and returns the bytes received and
   * not read yet. The caller decides what those mean; nothing is lost.
   */
  detach(): Buffer {
    const s = this.#socket;
    s.off('data', this.#onData);
    s.off('end', this.#onEnd);
    s.off('close', this.#onEnd);
    s.off('error', this.#onError);
    s.pause();
    const rest = Buffer.concat(this.#chunks);
    this.#chunks = [];
    this.#buffered = 0;
    this.#close(new ConnectionClosedError('the NBD connection was handed to another reader (STARTTLS)'));
    return rest;
  }

  /** Ends a pending read with `reason` and every later one (shutdown). */
  cancel(reason: Error): void {
    this.#close(reason);
  }

  #close(reason: Error): void {
    this.#closed ??= reason;
    const w = this.#waiter;
    if (w && this.#buffered < w.n) {
      this.#waiter = undefined;
      w.reject(this.#closed);
    }
  }

  #settle(): void {
    const w = this.#waiter;
    if (w && this.#buffered >= w.n) {
      this.#waiter = undefined;
      w.resolve(this.#take(w.n));
    }
  }

  #pauseIfFull(): void {
    const need = this.#waiter?.n ?? 0;
    if (this.#buffered >= Math.max(this.#highWater, need) && !this.#socket.isPaused()) this.#socket.pause();
  }

  #take(n: number): Uint8Array {
    let out: Buffer;
    const head = this.#chunks[0];
    if (head && head.length >= n) {
      out = head.subarray(0, n);
      if (head.length === n) this.#chunks.shift();
      else this.#chunks[0] = head.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let at = 0;
      while (at < n) {
        const c = this.#chunks[0]!;
        const k = Math.min(c.length, n - at);
        c.copy(out, at, 0, k);
        at += k;
        if (k === c.length) this.#chunks.shift();
        else this.#chunks[0] = c.subarray(k);
      }
    }
    this.#buffered -= n;
    if (this.#buffered < this.#highWater && this.#socket.isPaused() && !this.#closed) this.#socket.resume();
    return out;
  }
}
