/**
 * `Mapping`: a memory mapping with checked arguments and a view that can
 * never crash the process, not even after `close()`.
 */
import { fstatSync } from 'node:fs';
import { libc, lastErrno } from './bindings.js';
import {
  MADV_NORMAL,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_PRIVATE,
  MAP_SHARED,
  MAP_SHARED_VALIDATE,
  MAP_TYPE,
  MREMAP_MAYMOVE,
  MS_ASYNC,
  MS_INVALIDATE,
  MS_SYNC,
  PROT_READ,
  PROT_WRITE,
} from './constants/index.js';
import { InvalidArgumentError, MappingClosedError, MappingPastEndError, SystemError } from './errors.js';
import { kernelCopy, type MappingPiece } from './kernel-copy.js';
import { type Region, registerView, retireRegion, trackRegion } from './regions.js';
import { pageSize } from './system.js';

/** Options of {@link mmap}. */
export interface MmapOptions {
  /** Bytes to map; must be above 0. */
  length: number;
  /** The descriptor to map; omit (or -1) for anonymous memory. */
  fd?: number;
  /** Offset in the file; must be a multiple of the page size. Default 0. */
  offset?: number | bigint;
  /** `PROT_*` bits; default `PROT_READ | PROT_WRITE`. */
  prot?: number;
  /**
   * `MAP_*` flags; default `MAP_SHARED`. `MAP_ANONYMOUS` is added when no
   * `fd` is given. `MAP_FIXED` is refused (it could replace memory the
   * process is using): use `MAP_FIXED_NOREPLACE` with `address`.
   */
  flags?: number;
  /** Address hint (or the exact address with `MAP_FIXED_NOREPLACE`). */
  address?: bigint;
  /** The file's path, for error messages. */
  path?: string;
  /**
   * Skip the end-of-file check. A regular-file mapping that extends past the
   * end of the file is refused by default: touching such pages raises SIGBUS.
   */
  allowPastEnd?: boolean;
}

/** A range inside a mapping, in bytes from its start. */
export interface MappingRange {
  /** Start of the range; must be a multiple of the page size. Default 0. */
  offset?: number;
  /** Bytes in the range; must be above 0. Default: up to the end of the mapping. */
  length?: number;
}

/** Options of {@link Mapping.sync}. */
export interface SyncOptions extends MappingRange {
  /** Schedule the write-back and return (MS_ASYNC) instead of waiting (MS_SYNC). */
  async?: boolean;
  /** Also invalidate other mappings of the file (MS_INVALIDATE). */
  invalidate?: boolean;
  /** Raw `MS_*` flags, instead of `async`/`invalidate`. */
  flags?: number;
}

/** Options of {@link Mapping.remap}. */
export interface RemapOptions {
  /**
   * Let the kernel move the mapping when it cannot grow in place (default
   * true). Moving is done only while no view of the mapping is alive; with
   * live views the mapping only grows in place.
   */
  mayMove?: boolean;
}

const addressCell = new BigUint64Array(1);

function checkInteger(what: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new InvalidArgumentError(`${what} must be an integer >= ${min}, got ${String(value)}`);
}

function refuse(errno: number, syscall: string, detail: string): never {
  throw new SystemError(errno, syscall, { detail, beforeCall: true });
}

const EINVAL = 22;
const ENOMEM = 12;

/**
 * A memory mapping created by {@link mmap}.
 *
 * `view` is a Uint8Array over the mapped bytes. After {@link Mapping.close}
 * every method throws {@link MappingClosedError}, and views handed out
 * before keep working on harmless placeholder memory (zeros, writes
 * discarded) until they are garbage-collected: they never crash the process.
 */
export class Mapping {
  #region: Region | undefined;
  #view: Uint8Array | undefined;
  #length: number;
  #prot: number;
  readonly #flags: number;
  readonly #fd: number;
  readonly #offset: number | bigint;

  /** @internal Use {@link mmap}. */
  constructor(region: Region, length: number, prot: number, flags: number, fd: number, offset: number | bigint) {
    this.#region = region;
    this.#length = length;
    this.#prot = prot;
    this.#flags = flags;
    this.#fd = fd;
    this.#offset = offset;
  }

  /** The start address of the mapping. */
  get address(): bigint {
    return this.#live('address').address;
  }

  /** Bytes mapped (as requested; the kernel maps whole pages). */
  get length(): number {
    return this.#length;
  }

  /** The `PROT_*` bits currently in force. */
  get prot(): number {
    return this.#prot;
  }

  /** The `MAP_*` flags the mapping was created with. */
  get flags(): number {
    return this.#flags;
  }

  /** The mapped descriptor, or -1 for anonymous memory. */
  get fd(): number {
    return this.#fd;
  }

  /** The file offset of the first byte. */
  get offset(): number | bigint {
    return this.#offset;
  }

  /** True once {@link Mapping.close} has been called. */
  get closed(): boolean {
    return this.#region === undefined;
  }

  /**
   * A Uint8Array over the mapped bytes (the same object on every access
   * until the mapping is remapped or closed). Throws when the mapping is not
   * readable. Writing through the view of a mapping without PROT_WRITE is a
   * memory fault: don't.
   */
  get view(): Uint8Array {
    const region = this.#live('view');
    if (this.#view) return this.#view;
    if ((this.#prot & PROT_READ) === 0) {
      throw new InvalidArgumentError('Mapping.view: the mapping is not readable (no PROT_READ); a view would fault on first access. Call protect(PROT_READ | ...) first.');
    }
    const koffi = libc('Mapping.view').koffi;
    addressCell[0] = region.address;
    const pointer: unknown = koffi.decode(addressCell, 'void *');
    const buffer = koffi.view(pointer, this.#length);
    registerView(region, buffer);
    this.#view = new Uint8Array(buffer);
    return this.#view;
  }

  /**
   * msync(2) on the whole mapping or a range. Default MS_SYNC: returns when
   * the data is on the file. Checked before the call: the range lies inside
   * the mapping, `offset` is a page multiple, `length` > 0, and not both
   * MS_SYNC and MS_ASYNC.
   */
  sync(options: SyncOptions = {}): void {
    const region = this.#live('sync');
    const flags = options.flags ?? ((options.async ? MS_ASYNC : MS_SYNC) | (options.invalidate ? MS_INVALIDATE : 0));
    if ((flags & MS_SYNC) !== 0 && (flags & MS_ASYNC) !== 0) {
      refuse(EINVAL, 'msync', 'MS_SYNC and MS_ASYNC were both given; choose one (async: true selects MS_ASYNC)');
    }
    const [offset, length] = this.#range('msync', options);
    if (libc('msync').msync(region.address + BigInt(offset), length, flags) < 0) this.#fail('msync', offset);
  }

  /** madvise(2) on the whole mapping or a range, with a `MADV_*` advice. */
  advise(advice: number = MADV_NORMAL, range: MappingRange = {}): void {
    const region = this.#live('advise');
    const [offset, length] = this.#range('madvise', range);
    if (libc('madvise').madvise(region.address + BigInt(offset), length, advice) < 0) this.#fail('madvise', offset);
  }

  /**
   * mprotect(2): change the protection of the whole mapping or a range.
   * Removing PROT_READ (or PROT_WRITE) makes reads (writes) through existing
   * views fault, which kills the process: only do it when no code uses them.
   */
  protect(prot: number, range: MappingRange = {}): void {
    const region = this.#live('protect');
    const [offset, length] = this.#range('mprotect', range);
    if (libc('mprotect').mprotect(region.address + BigInt(offset), length, prot) < 0) this.#fail('mprotect', offset);
    if (offset === 0 && length >= this.#length) this.#prot = prot;
  }

  /** mlock(2): keep the pages of the mapping (or a range) in RAM. */
  lock(range: MappingRange = {}): void {
    const region = this.#live('lock');
    const [offset, length] = this.#range('mlock', range);
    if (libc('mlock').mlock(region.address + BigInt(offset), length) < 0) this.#fail('mlock', offset);
  }

  /** munlock(2). */
  unlock(range: MappingRange = {}): void {
    const region = this.#live('unlock');
    const [offset, length] = this.#range('munlock', range);
    if (libc('munlock').munlock(region.address + BigInt(offset), length) < 0) this.#fail('munlock', offset);
  }

  /** mincore(2): for each page of the mapping (or range), whether it is resident in RAM. */
  residency(range: MappingRange = {}): boolean[] {
    const region = this.#live('residency');
    const [offset, length] = this.#range('mincore', range);
    const vec = new Uint8Array(Math.ceil(length / pageSize()));
    if (libc('mincore').mincore(region.address + BigInt(offset), length, vec) < 0) this.#fail('mincore', offset);
    return Array.from(vec, (b) => (b & 1) === 1);
  }

  /**
   * mremap(2): change the length of the mapping; the contents are kept. The
   * mapping grows in place when it can; otherwise it moves, but only when no
   * view of it is alive (a moved range would leave views dangling) and
   * `mayMove` allows it. Shrinking is allowed only without live views. After
   * a remap, `view` and `address` return the new values.
   */
  remap(newLength: number, options: RemapOptions = {}): void {
    const region = this.#live('remap');
    checkInteger('Mapping.remap: newLength', newLength, 1);
    this.#checkFileEnd(newLength);
    const page = pageSize();
    const oldMapped = Math.ceil(this.#length / page) * page;
    const newMapped = Math.ceil(newLength / page) * page;
    const c = libc('mremap');
    if (region.liveViews > 0) {
      if (newMapped < oldMapped) {
        throw new InvalidArgumentError(
          'Mapping.remap: cannot shrink while views of the mapping may still be in use (they would point past the end). Drop the views, or close() and map again.',
        );
      }
      if (newMapped > oldMapped && c.mremap(region.address, oldMapped, newMapped, 0, 0n) === -1) {
        throw new SystemError(lastErrno(), 'mremap', {
          address: region.address,
          hint: 'The mapping cannot grow in place, and moving it is not safe while views of it may still be in use. Drop the views (let them be collected) and retry, or map a new range',
        });
      }
      region.length = newMapped;
      this.#length = newLength;
      this.#view = undefined;
      return;
    }
    const flags = options.mayMove === false ? 0 : MREMAP_MAYMOVE;
    const r = c.mremap(region.address, oldMapped, newMapped, flags, 0n);
    if (r === -1) throw new SystemError(lastErrno(), 'mremap', { address: region.address });
    region.address = BigInt(r);
    region.length = newMapped;
    this.#length = newLength;
    this.#view = undefined;
  }

  /**
   * Unmaps the memory (idempotent). Views handed out before keep pointing at
   * valid placeholder memory until they are garbage-collected.
   */
  close(): void {
    const region = this.#region;
    if (!region) return;
    this.#region = undefined;
    this.#view = undefined;
    const errno = retireRegion(region);
    if (errno !== 0) throw new SystemError(errno, 'munmap', { address: region.address });
  }

  /**
   * Copies `source` into `pieces` of the mapping, in order, until either runs
   * out, with one system call (process_vm_writev on this process) instead of
   * JavaScript stores: the kernel faults the pages in itself. Use it for
   * device mappings whose pages the driver maps per request (the TCMU data
   * area), where touching fresh pages from user space is slow.
   * Each piece is checked to lie inside the mapping, which must be writable.
   * @returns the bytes copied: the shorter of `source` and the pieces, or
   *   fewer when the kernel could not fault a page in (the caller decides
   *   what a short copy means)
   */
  copyIn(source: Uint8Array, pieces: readonly MappingPiece[]): number {
    const region = this.#live('copyIn');
    if ((this.#prot & PROT_WRITE) === 0) throw new InvalidArgumentError('Mapping.copyIn: the mapping is not writable (no PROT_WRITE)');
    this.#checkPieces('copyIn', pieces);
    return kernelCopy('in', region.address, pieces, source);
  }

  /**
   * Copies `pieces` of the mapping, in order, into `target` until either
   * runs out, with one system call (process_vm_readv on this process); the
   * reverse of {@link Mapping.copyIn}, with the same checks (the mapping must
   * be readable).
   * @returns the bytes copied
   */
  copyOut(pieces: readonly MappingPiece[], target: Uint8Array): number {
    const region = this.#live('copyOut');
    if ((this.#prot & PROT_READ) === 0) throw new InvalidArgumentError('Mapping.copyOut: the mapping is not readable (no PROT_READ)');
    this.#checkPieces('copyOut', pieces);
    return kernelCopy('out', region.address, pieces, target);
  }

  #checkPieces(method: string, pieces: readonly MappingPiece[]): void {
    for (const { offset, length } of pieces) {
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.#length) {
        throw new InvalidArgumentError(`Mapping.${method}: the piece [${String(offset)}, +${String(length)}) is not inside the mapping [0, ${this.#length})`);
      }
    }
  }

  /** Same as {@link Mapping.close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  #live(method: string): Region {
    const region = this.#region;
    if (!region) throw new MappingClosedError(method);
    return region;
  }

  #range(syscall: string, range: MappingRange): [number, number] {
    const offset = range.offset ?? 0;
    if (!Number.isSafeInteger(offset) || offset < 0) refuse(EINVAL, syscall, `offset ${String(offset)} is not a non-negative integer`);
    if (offset % pageSize() !== 0) refuse(EINVAL, syscall, `offset ${offset} is not a multiple of the page size ${pageSize()}`);
    const length = range.length ?? this.#length - offset;
    if (!Number.isSafeInteger(length) || length <= 0) refuse(EINVAL, syscall, `length ${String(length)} must be an integer above 0`);
    if (offset + length > this.#length) {
      refuse(ENOMEM, syscall, `the range [${offset}, ${offset + length}) is outside the mapping [0, ${this.#length})`);
    }
    return [offset, length];
  }

  #fail(syscall: string, offset: number): never {
    const errno = lastErrno();
    throw new SystemError(errno, syscall, { address: (this.#region?.address ?? 0n) + BigInt(offset) });
  }

  #checkFileEnd(length: number): void {
    if (this.#fd >= 0 && (this.#flags & MAP_ANONYMOUS) === 0) checkFileEnd(this.#fd, this.#offset, length, undefined);
  }
}

// Node versions without Symbol.dispose get the symbol Node itself uses.
{
  const polyfilled = Symbol.for('nodejs.dispose');
  const proto = Mapping.prototype as unknown as Record<symbol, unknown>;
  const builtin = (Symbol as { dispose?: symbol }).dispose;
  if (builtin !== polyfilled) {
    Object.defineProperty(proto, polyfilled, {
      value(this: Mapping) {
        this.close();
      },
      configurable: true,
      writable: true,
    });
  }
}

function checkFileEnd(fd: number, offset: number | bigint, length: number, path: string | undefined): void {
  let size: number;
  let regular: boolean;
  try {
    const st = fstatSync(fd);
    size = st.size;
    regular = st.isFile();
  } catch {
    return; // a bad descriptor: let mmap report EBADF itself
  }
  if (!regular) return;
  const end = Number(offset) + length;
  if (end > size) throw new MappingPastEndError(size, end, path);
}

/**
 * Creates a memory mapping: of a file or device (`fd`) or of anonymous
 * memory (no `fd`). Arguments are checked before the call; a regular-file
 * mapping that would extend past the end of the file is refused with
 * {@link MappingPastEndError} (touching such pages raises SIGBUS).
 *
 * @example
 * ```ts
 * using m = mmap({ fd, length: 4096, prot: PROT_READ | PROT_WRITE, flags: MAP_SHARED });
 * m.view[0] = 42;
 * m.sync();
 * ```
 */
export function mmap(options: MmapOptions): Mapping {
  const { length } = options;
  const fd = options.fd ?? -1;
  const offset = options.offset ?? 0;
  const prot = options.prot ?? PROT_READ | PROT_WRITE;
  let flags = options.flags ?? MAP_SHARED;
  if (!Number.isSafeInteger(length) || length <= 0) refuse(EINVAL, 'mmap', `length ${String(length)} must be an integer above 0`);
  if (!Number.isInteger(fd)) throw new InvalidArgumentError(`mmap: fd must be an integer, got ${String(fd)}`);
  const offsetNumber = Number(offset);
  if (!Number.isInteger(offsetNumber) || offsetNumber < 0) refuse(EINVAL, 'mmap', `offset ${String(offset)} is not a non-negative integer`);
  if (BigInt(offset) % BigInt(pageSize()) !== 0n) refuse(EINVAL, 'mmap', `offset ${String(offset)} is not a multiple of the page size ${pageSize()}`);
  if ((flags & MAP_FIXED) !== 0) {
    throw new InvalidArgumentError('mmap: MAP_FIXED is refused because it silently replaces whatever is mapped at the address; use MAP_FIXED_NOREPLACE');
  }
  const type = flags & MAP_TYPE;
  if (type !== MAP_SHARED && type !== MAP_PRIVATE && type !== MAP_SHARED_VALIDATE) {
    refuse(EINVAL, 'mmap', 'flags must contain exactly one of MAP_SHARED, MAP_SHARED_VALIDATE or MAP_PRIVATE');
  }
  if (fd < 0) flags |= MAP_ANONYMOUS;
  else if ((flags & MAP_ANONYMOUS) === 0 && !options.allowPastEnd) checkFileEnd(fd, offset, length, options.path);
  const c = libc('mmap');
  const r = c.mmap(options.address ?? 0n, length, prot, flags, fd, offset);
  if (r === -1) {
    const errno = lastErrno();
    const context = options.path !== undefined ? { path: options.path, fd } : fd >= 0 ? { fd } : {};
    throw new SystemError(errno, 'mmap', context);
  }
  const page = pageSize();
  const region = trackRegion(BigInt(r), Math.ceil(length / page) * page);
  return new Mapping(region, length, prot, flags, fd, offset);
}
