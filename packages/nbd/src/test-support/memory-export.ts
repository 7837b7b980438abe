/**
 * An {@link NbdExport} over a buffer, for host tests of the connection and
 * the server without an sg device: reads and writes the buffer, answers
 * one allocated extent, and keeps ScsiExport's errors for writes to a
 * read-only export and ranges past the end.
 */
import { NbdErrno, TransmissionFlag } from '../protocol/constants.js';
import type { Extent } from '../protocol/transmission.js';
import { MAX_REQUEST_BYTES } from '../server/block-sizes.js';
import type { NbdExport } from '../server/nbd-export.js';
import { NbdRequestError } from '../server/request-error.js';
import type { ExportFacts } from '../server/scsi-export.js';

/** Options of {@link memoryExport}. */
export interface MemoryExportOptions {
  /** Bytes (default 1 MiB); the content starts as byte i = i & 0xff. */
  readonly size?: number;
  /** Accept writes (default false). */
  readonly writable?: boolean;
  /** Export name (default `mem`). */
  readonly name?: string;
  /** Delay of each read in ms (default 1: replies then come back out of order). */
  readonly readDelayMs?: number;
}

/** A memory export and its bytes. */
export interface MemoryExport extends NbdExport {
  /** The export's content (writes land here). */
  readonly bytes: Uint8Array;
  /** True once the server closed it. */
  readonly closed: boolean;
}

/** Makes a memory export; the content is the pattern byte i = i & 0xff. */
export function memoryExport(options: MemoryExportOptions = {}): MemoryExport {
  const size = options.size ?? 1024 * 1024;
  const writable = options.writable ?? false;
  const delay = options.readDelayMs ?? 1;
  const bytes = new Uint8Array(size).map((_, i) => i & 0xff);
  const facts: ExportFacts = {
    size: BigInt(size),
    blockSize: 512,
    blockSizes: { minimum: 512, preferred: 4096, maximum: MAX_REQUEST_BYTES },
    thin: false,
    canUnmap: false,
    canWriteSameUnmap: false,
    readsZeros: false,
    rotational: false,
    fua: false,
    maxUnmapBlocks: 0,
    maxUnmapDescriptors: 0,
    maxWriteSameBlocks: 0,
    identity: 'memory disk',
  };
  const range = (offset: bigint, length: number, kind: 'read' | 'write'): number => {
    if (offset + BigInt(length) > BigInt(size)) throw new NbdRequestError(kind === 'write' ? NbdErrno.ENOSPC : NbdErrno.EINVAL, `${length} bytes at ${offset} end past the export's ${size} bytes`);
    return Number(offset);
  };
  const mustWrite = (what: string): void => {
    if (!writable) throw new NbdRequestError(NbdErrno.EPERM, `${what}: the export is read-only`);
  };
  /** Runs `work` as a promise: a thrown NbdRequestError becomes a rejection, as from the device. */
  const settle = (work: () => void): Promise<void> => {
    try {
      work();
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  };
  let closed = false;
  return {
    name: options.name ?? 'mem',
    description: 'memory disk',
    writable,
    facts,
    transmissionFlags: TransmissionFlag.HAS_FLAGS | TransmissionFlag.SEND_FLUSH | (writable ? TransmissionFlag.SEND_WRITE_ZEROES : TransmissionFlag.READ_ONLY),
    bytes,
    get closed() {
      return closed;
    },
    read: async (offset: bigint, into: Uint8Array) => {
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      const at = range(offset, into.length, 'read');
      into.set(bytes.subarray(at, at + into.length));
    },
    write: (offset: bigint, data: Uint8Array) =>
      settle(() => {
        mustWrite('WRITE');
        bytes.set(data, range(offset, data.length, 'write'));
      }),
    flush: () => Promise.resolve(),
    trim: () => Promise.reject(new NbdRequestError(NbdErrno.EINVAL, 'TRIM is not offered')),
    writeZeroes: (offset: bigint, length: number) =>
      settle(() => {
        mustWrite('WRITE_ZEROES');
        const at = range(offset, length, 'write');
        bytes.fill(0, at, at + length);
      }),
    blockStatus: (_offset: bigint, length: number): Promise<Extent[]> => Promise.resolve([{ length, flags: 0 }]),
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  };
}
