/**
 * The koffi declarations of the C library functions, made once and only on
 * first use, so that importing the package never loads koffi or libc (and
 * never fails on an unsupported platform).
 */
import type * as KoffiModule from 'koffi';
import { requireKoffi } from './koffi-module.js';
import { assertSupportedPlatform } from './platform.js';

/** The koffi module's type. */
export type Koffi = typeof KoffiModule;

/**
 * Anything a pointer argument accepts: a Buffer, typed array, DataView or
 * ArrayBuffer (its memory is passed), a bigint address, or null.
 */
export type PointerLike = ArrayBufferView | ArrayBuffer | bigint | null;

/** Callback of a koffi asynchronous call. */
type AsyncCallback<R> = (err: unknown, result: R) => void;

/** A declared C function, with koffi's `.async` variant. */
export interface CFunction<A extends unknown[], R> {
  (...args: A): R;
  /** koffi's thread-pool variant; errno is not available from it. */
  async(...args: [...A, AsyncCallback<R>]): void;
}

/** The declared functions. Pointer results are returned as integers. */
export interface LibcBindings {
  readonly koffi: Koffi;
  readonly open: CFunction<[path: string, flags: number, mode: number], number>;
  readonly close: CFunction<[fd: number], number>;
  readonly pipe2: CFunction<[fds: PointerLike, flags: number], number>;
  readonly read: CFunction<[fd: number, buf: PointerLike, count: number], number>;
  readonly write: CFunction<[fd: number, buf: PointerLike, count: number], number>;
  readonly pread: CFunction<[fd: number, buf: PointerLike, count: number, offset: number | bigint], number>;
  readonly pwrite: CFunction<[fd: number, buf: PointerLike, count: number, offset: number | bigint], number>;
  readonly ioctlInt: CFunction<[fd: number, request: number, arg: number | bigint], number>;
  readonly ioctlPtr: CFunction<[fd: number, request: number, arg: PointerLike], number>;
  readonly poll: CFunction<[fds: PointerLike, nfds: number, timeout: number], number>;
  readonly fcntl: CFunction<[fd: number, cmd: number, arg: number], number>;
  readonly mmap: CFunction<[addr: bigint, length: number, prot: number, flags: number, fd: number, offset: number | bigint], number>;
  readonly munmap: CFunction<[addr: bigint, length: number], number>;
  readonly msync: CFunction<[addr: bigint, length: number, flags: number], number>;
  readonly madvise: CFunction<[addr: bigint, length: number, advice: number], number>;
  readonly mprotect: CFunction<[addr: bigint, length: number, prot: number], number>;
  readonly mlock: CFunction<[addr: bigint, length: number], number>;
  readonly munlock: CFunction<[addr: bigint, length: number], number>;
  readonly mincore: CFunction<[addr: bigint, length: number, vec: PointerLike], number>;
  readonly mremap: CFunction<[addr: bigint, oldLength: number, newLength: number, flags: number, newAddr: bigint], number>;
  readonly sysconf: CFunction<[name: number], number>;
  readonly getpid: CFunction<[], number>;
  readonly eventfd: CFunction<[initval: number, flags: number], number>;
  readonly processVmReadv: CFunction<[pid: number, local: PointerLike, localCount: number, remote: PointerLike, remoteCount: number, flags: number], number>;
  readonly processVmWritev: CFunction<[pid: number, local: PointerLike, localCount: number, remote: PointerLike, remoteCount: number, flags: number], number>;
  /** syscall(2) with (int, pointer): io_uring_setup(entries, params). */
  readonly syscallIntPtr: CFunction<[nr: number, a: number, p: PointerLike], number>;
  /** syscall(2) with (int, int, pointer, int): io_uring_register(fd, opcode, arg, nr_args). */
  readonly syscallIntIntPtrInt: CFunction<[nr: number, a: number, b: number, p: PointerLike, c: number], number>;
  /** syscall(2) with four ints, a pointer and an int: io_uring_enter(fd, to_submit, min_complete, flags, arg, argsz). */
  readonly syscallEnter: CFunction<[nr: number, fd: number, toSubmit: number, minComplete: number, flags: number, arg: PointerLike, argSize: number], number>;
  /** memmove(p, p, 0) returns p: the address of any memory koffi can pass, on koffi < 2.16 too. */
  readonly identity: CFunction<[dst: PointerLike, src: PointerLike, n: number], number | bigint>;
}

let koffiModule: Koffi | undefined;
let bindings: LibcBindings | undefined;

/** The koffi module, loaded on first use. */
export function loadKoffi(what = 'koffi'): Koffi {
  if (koffiModule) return koffiModule;
  assertSupportedPlatform(what);
  koffiModule = requireKoffi<Koffi>();
  return koffiModule;
}


/**
 * The declared libc functions, declared on first use and cached.
 * Variadic C functions (open, ioctl, fcntl, mremap) are declared with a fixed
 * last argument: on the x86_64 System V and aarch64 Linux ABIs, integer
 * variadic arguments are passed exactly like fixed ones, and fixed
 * declarations are much faster to call and can be called asynchronously.
 * @param what - the function the caller tried to use, for the error message
 */
export function libc(what = 'libc'): LibcBindings {
  if (bindings) return bindings;
  const koffi = loadKoffi(what);
  const lib = koffi.load('libc.so.6');
  const f = <A extends unknown[], R>(decl: string): CFunction<A, R> => lib.func(decl);
  bindings = {
    koffi,
    open: f('int open(const char *path, int flags, uint32_t mode)'),
    close: f('int close(int fd)'),
    pipe2: f('int pipe2(int *fds, int flags)'),
    read: f('intptr_t read(int fd, void *buf, size_t count)'),
    write: f('intptr_t write(int fd, const void *buf, size_t count)'),
    pread: f('intptr_t pread64(int fd, void *buf, size_t count, int64_t offset)'),
    pwrite: f('intptr_t pwrite64(int fd, const void *buf, size_t count, int64_t offset)'),
    ioctlInt: f('int ioctl(int fd, unsigned long request, long arg)'),
    ioctlPtr: f('int ioctl(int fd, unsigned long request, void *arg)'),
    poll: f('int poll(void *fds, unsigned long nfds, int timeout)'),
    fcntl: f('int fcntl(int fd, int cmd, long arg)'),
    mmap: f('intptr_t mmap(void *addr, size_t length, int prot, int flags, int fd, int64_t offset)'),
    munmap: f('int munmap(void *addr, size_t length)'),
    msync: f('int msync(void *addr, size_t length, int flags)'),
    madvise: f('int madvise(void *addr, size_t length, int advice)'),
    mprotect: f('int mprotect(void *addr, size_t length, int prot)'),
    mlock: f('int mlock(void *addr, size_t length)'),
    munlock: f('int munlock(void *addr, size_t length)'),
    mincore: f('int mincore(void *addr, size_t length, void *vec)'),
    mremap: f('intptr_t mremap(void *addr, size_t old_length, size_t new_length, int flags, void *new_address)'),
    sysconf: f('long sysconf(int name)'),
    getpid: f('int getpid()'),
    eventfd: f('int eventfd(unsigned int initval, int flags)'),
    processVmReadv: f('intptr_t process_vm_readv(int pid, void *local_iov, unsigned long liovcnt, void *remote_iov, unsigned long riovcnt, unsigned long flags)'),
    processVmWritev: f('intptr_t process_vm_writev(int pid, void *local_iov, unsigned long liovcnt, void *remote_iov, unsigned long riovcnt, unsigned long flags)'),
    // syscall(2) is variadic: integer and pointer arguments travel as fixed ones do (see above)
    syscallIntPtr: f('long syscall(long nr, long a, void *p)'),
    syscallIntIntPtrInt: f('long syscall(long nr, long a, long b, void *p, long c)'),
    syscallEnter: f('long syscall(long nr, long fd, long to_submit, long min_complete, long flags, void *arg, long argsz)'),
    identity: f('uintptr_t memmove(void *dst, const void *src, size_t n)'),
  };
  return bindings;
}

/** The errno value the last call on this thread left, read through koffi. */
export function lastErrno(): number {
  return (koffiModule as Koffi).errno();
}
