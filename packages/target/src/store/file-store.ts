/** A backing store on a file (or a block device), through node:fs positional reads and writes. */
import { type FileHandle, open } from 'node:fs/promises';
import { TargetError } from '../errors.js';
import type { BackingStore } from './backing-store.js';

/** Options of {@link FileStore.open}. */
export interface FileStoreOptions {
  /** Size in bytes; default the file's size. A larger size extends the file (sparse). */
  readonly size?: number;
  /** Open read-only: writes fail with a TargetError. */
  readonly readOnly?: boolean;
}

/** A store backed by a file. */
export class FileStore implements BackingStore {
  /** Size in bytes. */
  readonly size: number;
  /** The file's path. */
  readonly path: string;
  readonly #file: FileHandle;
  readonly #readOnly: boolean;

  private constructor(path: string, file: FileHandle, size: number, readOnly: boolean) {
    this.path = path;
    this.#file = file;
    this.size = size;
    this.#readOnly = readOnly;
  }

  /** Opens (creating it when a size is given) the file at `path`. */
  static async open(path: string, options: FileStoreOptions = {}): Promise<FileStore> {
    const readOnly = options.readOnly ?? false;
    const file = await open(path, readOnly ? 'r' : options.size === undefined ? 'r+' : 'a+').catch((e: unknown) => {
      throw new TargetError('ETCMU_STORE', `FileStore: cannot open '${path}' (${(e as Error).message})`, { cause: e });
    });
    // 'a+' creates the file; reopen r+ so positional writes are not appended
    let handle = file;
    if (!readOnly && options.size !== undefined) {
      await file.close();
      handle = await open(path, 'r+');
    }
    const stat = await handle.stat();
    let size = options.size ?? (stat.isBlockDevice() ? Number(stat.size) : stat.size);
    if (options.size !== undefined && stat.size < options.size && !readOnly) await handle.truncate(options.size);
    size -= size % 512;
    if (size <= 0) {
      await handle.close();
      throw new TargetError('ETCMU_STORE', `FileStore: '${path}' holds no whole 512-byte block; give a size`);
    }
    return new FileStore(path, handle, size, readOnly);
  }

  #check(what: string, offset: number, length: number): void {
    if (offset < 0 || length < 0 || offset + length > this.size) throw new TargetError('ETCMU_STORE', `FileStore.${what}: bytes ${offset}..${offset + length} are outside the ${this.size}-byte store`);
  }

  /** Reads bytes (past the file's end: zeros). */
  async read(offset: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    await this.readInto(offset, out);
    return out;
  }

  /** Reads `out.length` bytes into `out` (past the file's end: zeros). */
  async readInto(offset: number, out: Uint8Array): Promise<void> {
    const length = out.length;
    this.#check('read', offset, length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.#file.read(out, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    if (done < length) out.fill(0, done);
  }

  /** Writes bytes. */
  async write(offset: number, data: Uint8Array): Promise<void> {
    this.#check('write', offset, data.length);
    if (this.#readOnly) throw new TargetError('ETCMU_STORE', `FileStore: '${this.path}' is open read-only`);
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.#file.write(data, done, data.length - done, offset + done);
      done += bytesWritten;
    }
  }

  /** fsync(2). */
  async flush(): Promise<void> {
    await this.#file.sync();
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.#file.close();
  }
}
