/**
 * Linux constants for the running architecture. Values that differ between
 * x86_64 and aarch64 are picked from {@link openFlagsX64} / {@link openFlagsArm64};
 * on unsupported platforms the x86_64 values are exported so that importing
 * never fails.
 */
import { constantsArch } from '../platform.js';
import { openFlagsArm64 } from './arm64.js';
import { openFlagsX64 } from './x64.js';

export * from './common.js';
export { openFlagsArm64 } from './arm64.js';
export { openFlagsX64 } from './x64.js';

const archOpenFlags = constantsArch === 'arm64' ? openFlagsArm64 : openFlagsX64;

/** Direct I/O, bypassing the page cache (architecture-specific value). */
export const O_DIRECT: number = archOpenFlags.O_DIRECT;
/** Large-file support; implied on 64-bit (architecture-specific value). */
export const O_LARGEFILE: number = archOpenFlags.O_LARGEFILE;
/** Fail unless the path is a directory (architecture-specific value). */
export const O_DIRECTORY: number = archOpenFlags.O_DIRECTORY;
/** Fail if the last path component is a symbolic link (architecture-specific value). */
export const O_NOFOLLOW: number = archOpenFlags.O_NOFOLLOW;
/** Create an unnamed temporary file in a directory (architecture-specific value). */
export const O_TMPFILE: number = 0o20000000 | archOpenFlags.O_DIRECTORY;
