/** What the default handlers know about the logical unit they serve. */
import type { BufferPool } from '@sgio/libc';
import type { BackingStore } from '../store/backing-store.js';
import type { Sanitizer } from './sanitize.js';
import type { SelfTests } from './self-test.js';
import type { WriteGate } from './write-gate.js';

/** Identity strings and numbers of the logical unit (INQUIRY, VPD 0x80/0x83). */
export interface DiskIdentity {
  /** T10 vendor identification, up to 8 ASCII characters. */
  readonly vendor: string;
  /** Product identification, up to 16 ASCII characters. */
  readonly product: string;
  /** Product revision level, up to 4 ASCII characters. */
  readonly revision: string;
  /** Unit serial number (VPD 0x80). */
  readonly serial: string;
  /** NAA IEEE Registered designator (VPD 0x83), 64 bits starting with nibble 5. */
  readonly naa: bigint;
}

/** The state the default SBC/SPC handlers work on. */
export interface DiskContext {
  /** The bytes of the logical unit. */
  readonly store: BackingStore;
  /** Logical block length in bytes. */
  readonly blockSize: number;
  /** Number of logical blocks. */
  readonly blocks: number;
  /** Identity. */
  readonly identity: DiskIdentity;
  /** Thin provisioning: UNMAP and WRITE SAME with UNMAP deallocate. */
  readonly thin: boolean;
  /** Write protected: writes fail with DATA PROTECT. */
  readonly readOnly: boolean;
  /** Largest transfer in blocks (Block Limits VPD). */
  readonly maxTransferBlocks: number;
  /** Every write of the store goes through it; COMPARE AND WRITE holds it alone. */
  readonly writeGate: WriteGate;
  /** Reused buffers for READ data (with a store that has `readInto`); a response gives its buffer back through `release`. */
  readonly dataInBuffers: BufferPool;
  /** Self-tests: the one running, its progress, the Self-Test Results log. */
  readonly selfTests: SelfTests;
  /** SANITIZE: whether one runs, its progress. */
  readonly sanitizer: Sanitizer;
  /** Sense data REQUEST SENSE returns next (then cleared), or undefined. */
  lastSense: Uint8Array | undefined;
}
