/** Open flags whose values are specific to Linux x86_64. */
export const openFlagsX64 = {
  /** Direct I/O, bypassing the page cache. */
  O_DIRECT: 0o40000,
  /** Allow files larger than 2 GiB (implied on 64-bit). */
  O_LARGEFILE: 0o100000,
  /** Fail unless the path is a directory. */
  O_DIRECTORY: 0o200000,
  /** Fail if the last path component is a symbolic link. */
  O_NOFOLLOW: 0o400000,
} as const;
