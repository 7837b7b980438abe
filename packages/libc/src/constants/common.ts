/**
 * Constants whose values are the same on Linux x86_64 and aarch64 (the
 * kernel's generic definitions).
 */

/** Open for reading only. */
export const O_RDONLY = 0;
/** Open for writing only. */
export const O_WRONLY = 0o1;
/** Open for reading and writing. */
export const O_RDWR = 0o2;
/** Mask of the access mode bits. */
export const O_ACCMODE = 0o3;
/** Create the file if it does not exist. */
export const O_CREAT = 0o100;
/** With O_CREAT: fail if the file exists. */
export const O_EXCL = 0o200;
/** Do not make the terminal the controlling terminal. */
export const O_NOCTTY = 0o400;
/** Truncate a regular file to length 0. */
export const O_TRUNC = 0o1000;
/** Append on each write. */
export const O_APPEND = 0o2000;
/** Non-blocking mode. */
export const O_NONBLOCK = 0o4000;
/** Synchronized I/O data integrity. */
export const O_DSYNC = 0o10000;
/** Signal-driven I/O (fcntl F_SETFL). */
export const O_ASYNC = 0o20000;
/** Do not update the access time. */
export const O_NOATIME = 0o1000000;
/** Close on exec. */
export const O_CLOEXEC = 0o2000000;
/** Synchronized I/O file integrity. */
export const O_SYNC = 0o4010000;
/** Obtain a descriptor usable only for path operations. */
export const O_PATH = 0o10000000;

/** Pages may not be accessed. */
export const PROT_NONE = 0;
/** Pages may be read. */
export const PROT_READ = 1;
/** Pages may be written. */
export const PROT_WRITE = 2;
/** Pages may be executed. */
export const PROT_EXEC = 4;
/** mprotect: extend the change down to the start of a grows-down mapping. */
export const PROT_GROWSDOWN = 0x01000000;
/** mprotect: extend the change up to the end of a grows-up mapping. */
export const PROT_GROWSUP = 0x02000000;

/** Share the mapping: writes reach the file and other mappings. */
export const MAP_SHARED = 0x01;
/** Private copy-on-write mapping. */
export const MAP_PRIVATE = 0x02;
/** Like MAP_SHARED, but unknown flags fail with EOPNOTSUPP. */
export const MAP_SHARED_VALIDATE = 0x03;
/** Mask of the mapping type bits. */
export const MAP_TYPE = 0x0f;
/** Place the mapping exactly at the address, replacing what was there. */
export const MAP_FIXED = 0x10;
/** Not backed by a file; contents are zero. */
export const MAP_ANONYMOUS = 0x20;
/** Alias of {@link MAP_ANONYMOUS}. */
export const MAP_ANON = MAP_ANONYMOUS;
/** Stack-like mapping that grows down. */
export const MAP_GROWSDOWN = 0x0100;
/** Ignored by Linux. */
export const MAP_DENYWRITE = 0x0800;
/** Ignored by Linux. */
export const MAP_EXECUTABLE = 0x1000;
/** Lock the pages in memory like mlock(). */
export const MAP_LOCKED = 0x2000;
/** Do not reserve swap space for the mapping. */
export const MAP_NORESERVE = 0x4000;
/** Pre-fault the pages (read-ahead for files). */
export const MAP_POPULATE = 0x8000;
/** With MAP_POPULATE: do not block on I/O (ignored since 2.6.23). */
export const MAP_NONBLOCK = 0x10000;
/** Allocate at an address suitable for a stack. */
export const MAP_STACK = 0x20000;
/** Use huge pages. */
export const MAP_HUGETLB = 0x40000;
/** Synchronous page faults for DAX files (with MAP_SHARED_VALIDATE). */
export const MAP_SYNC = 0x80000;
/** Like MAP_FIXED but fail with EEXIST instead of replacing a mapping. */
export const MAP_FIXED_NOREPLACE = 0x100000;
/** Don't clear anonymous pages (only for kernels built for it). */
export const MAP_UNINITIALIZED = 0x4000000;

/** msync: schedule the write-back and return. */
export const MS_ASYNC = 1;
/** msync: invalidate other mappings of the same file. */
export const MS_INVALIDATE = 2;
/** msync: write back and wait for it. */
export const MS_SYNC = 4;

/** madvise: no special treatment. */
export const MADV_NORMAL = 0;
/** madvise: expect random access. */
export const MADV_RANDOM = 1;
/** madvise: expect sequential access. */
export const MADV_SEQUENTIAL = 2;
/** madvise: the pages will be needed soon. */
export const MADV_WILLNEED = 3;
/** madvise: drop the pages; private anonymous pages read back as zeros. */
export const MADV_DONTNEED = 4;
/** madvise: the pages may be freed lazily. */
export const MADV_FREE = 8;
/** madvise: free the range and its backing store. */
export const MADV_REMOVE = 9;
/** madvise: do not inherit the range across fork(). */
export const MADV_DONTFORK = 10;
/** madvise: undo MADV_DONTFORK. */
export const MADV_DOFORK = 11;
/** madvise: let KSM merge identical pages. */
export const MADV_MERGEABLE = 12;
/** madvise: undo MADV_MERGEABLE. */
export const MADV_UNMERGEABLE = 13;
/** madvise: use transparent huge pages. */
export const MADV_HUGEPAGE = 14;
/** madvise: do not use transparent huge pages. */
export const MADV_NOHUGEPAGE = 15;
/** madvise: exclude from core dumps. */
export const MADV_DONTDUMP = 16;
/** madvise: undo MADV_DONTDUMP. */
export const MADV_DODUMP = 17;
/** madvise: the child sees zero-filled memory after fork(). */
export const MADV_WIPEONFORK = 18;
/** madvise: undo MADV_WIPEONFORK. */
export const MADV_KEEPONFORK = 19;
/** madvise: deactivate the pages. */
export const MADV_COLD = 20;
/** madvise: reclaim the pages. */
export const MADV_PAGEOUT = 21;
/** madvise: populate (prefault) page tables readable. */
export const MADV_POPULATE_READ = 22;
/** madvise: populate (prefault) page tables writable. */
export const MADV_POPULATE_WRITE = 23;

/** mremap: the kernel may move the mapping. */
export const MREMAP_MAYMOVE = 1;
/** mremap: move to the given new address. */
export const MREMAP_FIXED = 2;
/** mremap: leave the old range mapped (zero-fill) after a move. */
export const MREMAP_DONTUNMAP = 4;

/** mlock2: lock pages as they are faulted in. */
export const MLOCK_ONFAULT = 1;

/** poll: there is data to read. */
export const POLLIN = 0x001;
/** poll: urgent data to read. */
export const POLLPRI = 0x002;
/** poll: writing will not block. */
export const POLLOUT = 0x004;
/** poll (revents only): error condition. */
export const POLLERR = 0x008;
/** poll (revents only): hang up (the device or peer is gone). */
export const POLLHUP = 0x010;
/** poll (revents only): the descriptor is not open. */
export const POLLNVAL = 0x020;
/** poll: normal data to read. */
export const POLLRDNORM = 0x040;
/** poll: priority band data to read. */
export const POLLRDBAND = 0x080;
/** poll: normal data may be written. */
export const POLLWRNORM = 0x100;
/** poll: priority data may be written. */
export const POLLWRBAND = 0x200;
/** poll: stream socket peer closed or shut down writing. */
export const POLLRDHUP = 0x2000;

/** fcntl: duplicate the descriptor. */
export const F_DUPFD = 0;
/** fcntl: read the descriptor flags. */
export const F_GETFD = 1;
/** fcntl: set the descriptor flags. */
export const F_SETFD = 2;
/** fcntl: read the file status flags. */
export const F_GETFL = 3;
/** fcntl: set the file status flags (O_APPEND, O_ASYNC, O_NONBLOCK, ...). */
export const F_SETFL = 4;
/** fcntl: set the process receiving SIGIO. */
export const F_SETOWN = 8;
/** fcntl: read the process receiving SIGIO. */
export const F_GETOWN = 9;
/** fcntl: set the signal sent for async I/O. */
export const F_SETSIG = 10;
/** fcntl: read the signal sent for async I/O. */
export const F_GETSIG = 11;
/** fcntl: duplicate the descriptor with close-on-exec set. */
export const F_DUPFD_CLOEXEC = 1030;
/** Descriptor flag: close on exec. */
export const FD_CLOEXEC = 1;

/** sysconf: the page size. */
export const _SC_PAGESIZE = 30;
/** sysconf: the number of online processors. */
export const _SC_NPROCESSORS_ONLN = 84;
