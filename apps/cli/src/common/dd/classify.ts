/**
 * What a dd operand path is: an sg device, a block device (with its size
 * from sysfs), a regular file, /dev/zero, /dev/null, or a stream. A SCSI
 * device is `sg`, whether its node is the sg driver's or bsg's (`bsg` set).
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import type { EndpointKind } from './endpoint.js';

/** Major number of the sg driver's character devices. */
const SG_MAJOR = 21;
/** Major number of /dev/null, /dev/zero and friends. */
const MEM_MAJOR = 1;

/** A classified path. */
export interface PathInfo {
  /** The kind of endpoint. */
  readonly kind: EndpointKind;
  /** Size in bytes when known (regular files, block devices). */
  readonly sizeBytes: number | undefined;
  /** Logical block size of a block device (sysfs), when known. */
  readonly blockSize: number | undefined;
  /** True for a SCSI device's bsg node (`/dev/bsg/H:C:T:L`) rather than its sg node. */
  readonly bsg?: boolean;
}

function major(rdev: number): number {
  return Math.floor(rdev / 256) & 0xfff;
}

function minor(rdev: number): number {
  return (rdev & 0xff) | ((rdev >> 12) & 0xfff00);
}

function readSysfsNumber(path: string): number | undefined {
  if (!existsSync(path)) return undefined;
  const n = Number(readFileSync(path, 'utf8').trim());
  return Number.isFinite(n) ? n : undefined;
}

/** True for a character device of the bsg driver (its major number is given out at boot: sysfs names its class). */
function isBsgNode(rdev: number): boolean {
  try {
    return realpathSync(`/sys/dev/char/${major(rdev)}:${minor(rdev)}`).split('/').includes('bsg');
  } catch {
    return false;
  }
}

/**
 * Classifies `path` for reading (`in`) or writing (`out`). A missing input
 * is a file error (exit status 15, as sg_dd); a missing output will be
 * created as a regular file.
 */
export function classifyPath(path: string, role: 'in' | 'out'): PathInfo {
  if (path === '-') return { kind: 'stream', sizeBytes: undefined, blockSize: undefined };
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    if (role === 'out' && (e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'file', sizeBytes: 0, blockSize: undefined };
    throw new CliError(`unable to access ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, ExitCode.FILE_ERROR);
  }
  if (st.isFile()) return { kind: 'file', sizeBytes: st.size, blockSize: undefined };
  if (st.isDirectory()) throw new CliError(`${path} is a directory`, ExitCode.FILE_ERROR);
  if (st.isBlockDevice()) {
    const sys = `/sys/dev/block/${major(st.rdev)}:${minor(st.rdev)}`;
    const sectors = readSysfsNumber(`${sys}/size`);
    const logical = readSysfsNumber(`${sys}/queue/logical_block_size`) ?? readSysfsNumber(`${sys}/../queue/logical_block_size`);
    return { kind: 'block', sizeBytes: sectors === undefined ? undefined : sectors * 512, blockSize: logical };
  }
  if (st.isCharacterDevice()) {
    if (major(st.rdev) === SG_MAJOR) return { kind: 'sg', sizeBytes: undefined, blockSize: undefined };
    if (major(st.rdev) === MEM_MAJOR && minor(st.rdev) === 3) return { kind: 'null', sizeBytes: undefined, blockSize: undefined };
    if (major(st.rdev) === MEM_MAJOR && minor(st.rdev) === 5) return { kind: 'zero', sizeBytes: undefined, blockSize: undefined };
    // last: the only check that asks sysfs
    if (isBsgNode(st.rdev)) return { kind: 'sg', sizeBytes: undefined, blockSize: undefined, bsg: true };
  }
  return { kind: 'stream', sizeBytes: undefined, blockSize: undefined };
}
