/**
 * The kernel header of a prepared request: the bytes SG_IO gets (sg's
 * `sg_io_hdr` on an sg node, `sg_io_v4` on a bsg node), with the CDB and
 * sense buffer it points at, encoded once and re-issued as is. Each node
 * type implements it beside its transport (`transport/sg-v3`,
 * `transport/bsg`); the prepared request itself does not know which.
 */
import type { SgIoHdrResult } from '@sgio/struct';
import type { PreparedCommand } from './prepare.js';

/** One prepared request's header memory (internal to @sgio/core). */
export interface PreparedHeader {
  /** The header bytes handed to SG_IO. */
  readonly bytes: Uint8Array;
  /** The CDB the header points at, as long as the command's: the caller updates it in place between runs. */
  readonly cdb: Uint8Array;
  /** The sense buffer the header points at. */
  readonly sense: Uint8Array;
  /** The completion fields in sg_io_hdr terms (one object, filled by {@link read}). */
  readonly completion: SgIoHdrResult;
  /**
   * Encodes the header for `command`, whose `cdb` must be {@link cdb}; again
   * after the command's length changed.
   */
  encode(command: PreparedCommand): void;
  /**
   * Called before each issue of {@link bytes} (a `run()`, a submission on
   * the worker pool): a header whose data to send is a copy of the caller's
   * buffer (`transport/out-bounce.ts`: bsg, and sg with direct IO) copies it
   * again; others do nothing. The io_uring transport reads the command, not
   * the header, and copies into a page of its own slot.
   */
  refresh(): void;
  /** Reads the completion SG_IO wrote into the header; returns {@link completion}. */
  read(): SgIoHdrResult;
}
