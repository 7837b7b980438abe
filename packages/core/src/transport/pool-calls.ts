/**
 * SG_IO calls on the libc worker pool for one fd: what the bsg transport and
 * the read-only sg transport (`sg-io-worker`) share.
 *
 * - Each call is counted from issue until the ioctl has returned; `close()`
 *   withdraws calls still waiting for a worker (or for the device's gate)
 *   and waits for those in the kernel, so the fd is closed and the buffers
 *   are released only once the kernel is done with them.
 * - An AbortSignal withdraws a call that is still waiting; once issued, SG_IO
 *   cannot be withdrawn, so an abort then rejects the caller's promise at
 *   once while the call keeps its memory (the caller's closure holds it) and
 *   its place until the kernel returns it.
 * - Errors: a call withdrawn by `close()` ends with `CommandCanceledError`
 *   ('closed'); ENODEV and ENXIO make the device gone (`deviceGone`).
 * - A call that `shutdownAsync({ timeoutMs })` gave up on while it was in the
 *   kernel rejects with libc's `ERR_ASYNC_SHUTDOWN` at once, but counts as in
 *   flight, keeps its memory and its slot, and holds `close()`, until it has
 *   returned (libc's `callReturned`); a prepared request settles only then.
 */
import { LibcError, callReturned, ioctlAsync } from '@sgio/libc';
import { SG_IO } from '@sgio/struct';
import { isGoneErrno } from '../errors/gone-errno.js';
import { CommandCanceledError } from '../errors/sgio-error.js';
import { settlePrepared, type PreparedRequest } from '../execute/prepared-request.js';
import type { DeviceGate } from './sg-io-worker/device-gate.js';

/** How one fd's pool calls behave. */
export interface PoolCallsOptions {
  /** The fd the calls go to (owned by the device). */
  readonly fd: number;
  /** Turns the ENODEV/ENXIO of a call into the device's gone error (kept by the transport). */
  readonly deviceGone: (cause: unknown) => Error;
  /** A cap of calls on the pool shared with the device's other fds; a call waits for a place first. */
  readonly gate?: DeviceGate;
  /**
   * Whether a call that returns from the kernel after `close()` was asked for
   * still delivers its result (bsg: yes, the fd and buffers were valid until
   * then) or ends canceled (the read-only sg transport).
   */
  readonly deliverAfterClose: boolean;
}

/** One fd's SG_IO calls on the worker pool, counted until the kernel returns each. */
export class PoolCalls {
  readonly #options: PoolCallsOptions;
  /** Aborted by close(): withdraws calls still waiting for a worker or the gate. */
  readonly #closing = new AbortController();
  /** Calls issued and not yet returned (close() waits for them). */
  readonly #pending = new Set<Promise<void>>();
  #closed = false;
  #inFlight = 0;
  #maxInFlight = 0;
  #submitted = 0;

  constructor(options: PoolCallsOptions) {
    this.#options = options;
  }

  /** Whether `close()` was asked for. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Calls issued and not yet returned by the kernel. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The most calls that were in flight at once. */
  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  /** Calls issued since the transport was made. */
  get submitted(): number {
    return this.#submitted;
  }

  /**
   * Why a new call must not be issued, or undefined: the device is `gone`
   * (the transport's error), the calls are closed, or the caller's signal
   * has already aborted.
   */
  refusal(name: string, signal: AbortSignal | undefined, gone: Error | undefined): Error | undefined {
    if (gone) return gone;
    if (this.#closed) return new CommandCanceledError('closed', name);
    if (signal?.aborted) return new CommandCanceledError('aborted', name, { cause: signal.reason });
    return undefined;
  }

  /**
   * Issues SG_IO for `header` (once the gate, if any, has a place). `read`
   * runs when the kernel has returned the call, before anything else can
   * reuse its memory, and makes the call's value; `returned` runs after it,
   * whatever happened to the caller's promise (aborted, failed): the place
   * to reuse a slot and its buffers. The caller keeps `header` and everything
   * it points to referenced (in `read`'s and `returned`'s closures) until
   * then.
   */
  issue<T>(header: Uint8Array, name: string, signal: AbortSignal | undefined, read: () => T, returned?: () => void): Promise<T> {
    this.#submitted++;
    if (++this.#inFlight > this.#maxInFlight) this.#maxInFlight = this.#inFlight;
    const { fd, gate, deviceGone, deliverAfterClose } = this.#options;
    const closing = this.#closing.signal;
    const onReturn = (): T => {
      // with deliverAfterClose off, the data of a call that returns after close() was asked for is not delivered
      if (!deliverAfterClose && this.#closed) throw new CommandCanceledError('closed', name);
      return read();
    };
    const onError = (e: unknown): never => {
      if (e instanceof LibcError && e.code === 'ERR_ASYNC_ABORTED') throw new CommandCanceledError('closed', name, { cause: e });
      if (isGoneErrno(e)) throw deviceGone(e);
      throw e;
    };
    let call: Promise<T>;
    if (gate) {
      const refusal = (by: AbortSignal): Error => (by === closing ? new CommandCanceledError('closed', name) : new CommandCanceledError('aborted', name, { cause: by.reason }));
      call = gate.acquire(signal ? [closing, signal] : [closing], refusal).then(() =>
        ioctlAsync(fd, SG_IO, header, { signal: closing })
          .finally(() => gate.release())
          .then(onReturn, onError),
      );
    } else {
      call = ioctlAsync(fd, SG_IO, header, { signal: closing }).then(onReturn, onError);
    }
    // the call is over when the kernel has returned it: a shutdownAsync({ timeoutMs }) that stopped waiting rejects a
    // call still in the kernel, which may write its sense and data until it returns (callReturned says when)
    const tracked = call.then(
      () => undefined,
      (e: unknown) => callReturned(e),
    );
    this.#pending.add(tracked);
    void tracked.then(() => {
      this.#pending.delete(tracked);
      this.#inFlight--;
      returned?.();
    });
    return signal ? abortable(call, signal, name) : call;
  }

  /**
   * Issues SG_IO with a prepared request's own header and settles the
   * request once the kernel returned it (the completion taken into the
   * request first; `mmapView`: the reserved-buffer mapping of an mmap-ed
   * request); or at once, refused, when the device is `gone` or the calls
   * are closed. The request keeps its header and buffers, and is not issued
   * again before it settled.
   */
  issuePrepared(request: PreparedRequest, gone: Error | undefined, mmapView: Uint8Array | undefined): void {
    const name = request.command.name;
    const refused = this.refusal(name, undefined, gone);
    if (refused) {
      settlePrepared(request, refused);
      return;
    }
    const header = request.header;
    // the header is issued as it is: a copy of the data it sends (bsg's bounce page) is brought up to date first
    header.refresh();
    this.issue(header.bytes, name, undefined, () => request.complete(header.read(), header.sense, mmapView)).then(
      () => settlePrepared(request, undefined),
      // settled (and so free to be issued again) only once the kernel is done with its header and buffers
      (e: unknown) => callReturned(e).then(() => settlePrepared(request, e)),
    );
  }

  /**
   * Takes no more calls (the transport checks {@link closed}), withdraws
   * those still waiting for a worker and resolves once those in the kernel
   * have returned (each ends within its timeout). Called again, it waits
   * again.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#closing.abort();
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }
}

/** `call`, or a CommandCanceledError as soon as `signal` aborts (the call itself goes on). */
function abortable<T>(call: Promise<T>, signal: AbortSignal, name: string): Promise<T> {
  if (signal.aborted) return call;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CommandCanceledError('aborted', name, { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    call.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
