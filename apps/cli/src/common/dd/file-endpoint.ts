/**
 * Files as dd endpoints: regular files and block devices (positioned
 * reads and writes through the page cache), /dev/zero, /dev/null, and
 * streams (stdin, stdout, pipes, other character devices), read and
 * written in order.
 */
import { closeSync, constants, fsyncSync, openSync, readSync as fsReadSync, writeSync as fsWriteSync } from 'node:fs';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import type { DdSink, DdSource, EndpointKind, Transfer } from './endpoint.js';

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Retries a non-blocking fd's EAGAIN (a pipe another process set O_NONBLOCK on). */
function retrying<T>(op: () => T): T {
  for (;;) {
    try {
      return op();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(sleepCell, 0, 0, 1);
    }
  }
}

/** A file-like endpoint; which operations make sense depends on its kind. */
export class FileEndpoint implements DdSource, DdSink {
  readonly blockSize = undefined;
  readonly seekable: boolean;
  #fd: number | undefined;
  readonly #ownsFd: boolean;
  readonly #blockSize: () => number;

  /**
   * @param kind - what the path is
   * @param path - the path given (`-` for stdin/stdout)
   * @param fd - an open fd (undefined for zero/null, which need none)
   * @param sizeBytes - size when known
   * @param blockSize - the copy's block size (known only after both ends are open)
   */
  constructor(
    readonly kind: Exclude<EndpointKind, 'sg'>,
    readonly path: string,
    fd: number | undefined,
    readonly sizeBytes: number | undefined,
    blockSize: () => number,
  ) {
    this.#fd = fd;
    this.#ownsFd = fd !== undefined && fd > 2;
    this.seekable = kind === 'file' || kind === 'block' || kind === 'zero' || kind === 'null';
    this.#blockSize = blockSize;
  }

  buffer(): undefined {
    return undefined;
  }

  /** Always: a file's reads and writes are synchronous whatever the queue depth. */
  serialSuffices(): boolean {
    return true;
  }

  read(t: Transfer, into: Uint8Array): Promise<Uint8Array> {
    return Promise.resolve(this.readSync(t, into));
  }

  readSync(t: Transfer, into: Uint8Array): Uint8Array {
    const bytes = t.blocks * this.#blockSize();
    const target = bytes === into.length ? into : into.subarray(0, bytes);
    if (this.kind === 'null') return target.subarray(0, 0);
    if (this.kind === 'zero') {
      target.fill(0);
      return target;
    }
    const fd = this.#open();
    let done = 0;
    while (done < bytes) {
      const position = this.seekable ? t.lba * this.#blockSize() + done : null;
      const n = retrying(() => fsReadSync(fd, target, done, bytes - done, position));
      if (n === 0) break;
      done += n;
    }
    return done === bytes ? target : target.subarray(0, done);
  }

  write(t: Transfer, data: Uint8Array): Promise<void> {
    this.writeSync(t, data);
    return Promise.resolve();
  }

  writeSync(t: Transfer, data: Uint8Array): void {
    if (this.kind === 'null') return;
    if (this.kind === 'zero') throw new CliError(`cannot write to ${this.path}`, ExitCode.FILE_ERROR);
    const fd = this.#open();
    let done = 0;
    while (done < data.length) {
      const position = this.seekable ? t.lba * this.#blockSize() + done : null;
      done += retrying(() => fsWriteSync(fd, data, done, data.length - done, position));
    }
  }

  /** fsync for files and block devices. */
  flush(): Promise<void> {
    if (this.#fd !== undefined && this.seekable) fsyncSync(this.#fd);
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.#fd !== undefined && this.#ownsFd) closeSync(this.#fd);
    this.#fd = undefined;
    return Promise.resolve();
  }

  #open(): number {
    if (this.#fd === undefined) throw new Error(`${this.path} is closed`);
    return this.#fd;
  }
}

/** Opens a path that is not an sg device for reading or writing (`-` is stdin/stdout). */
export function openFileEndpoint(path: string, role: 'in' | 'out', kind: Exclude<EndpointKind, 'sg'>, sizeBytes: number | undefined, blockSize: () => number): FileEndpoint {
  if (kind === 'zero' || kind === 'null') return new FileEndpoint(kind, path, undefined, role === 'in' && kind === 'null' ? 0 : undefined, blockSize);
  if (path === '-') return new FileEndpoint('stream', path, role === 'in' ? 0 : 1, undefined, blockSize);
  let fd: number;
  try {
    fd = role === 'in' ? openSync(path, 'r') : openSync(path, constants.O_WRONLY | constants.O_CREAT, 0o666);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(`cannot open ${path} for ${role === 'in' ? 'reading' : 'writing'}: ${err.code ?? err.message}`, ExitCode.FILE_ERROR);
  }
  return new FileEndpoint(kind, path, fd, sizeBytes, blockSize);
}
