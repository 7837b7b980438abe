/**
 * What `sgio dd` reads from and writes to: the source and sink interfaces
 * the copy loop uses, whatever the endpoint is (sg device, block device,
 * file, /dev/zero, /dev/null, a pipe).
 */

/** One transfer: `blocks` blocks at `lba`, carried by queue slot `slot`. */
export interface Transfer {
  /** Queue slot (0 .. qd-1); with mmap-ed IO also the lane (fd) used. */
  readonly slot: number;
  /** First block, counted in the endpoint's own blocks (skip/seek included). */
  readonly lba: number;
  /** Number of blocks. */
  readonly blocks: number;
}

/** What both ends share. */
export interface Endpoint {
  /** Kind, for messages (`sg device`, `regular file`, ...). */
  readonly kind: EndpointKind;
  /** The path given. */
  readonly path: string;
  /** The device's logical block size, when it has one (sg devices). */
  readonly blockSize: number | undefined;
  /** Size in bytes, when known (undefined: endless or a pipe). */
  readonly sizeBytes: number | undefined;
  /** False for pipes, stdin and stdout: data must flow in order. */
  readonly seekable: boolean;
  /** Releases the endpoint (idempotent). */
  close(): Promise<void>;
  /**
   * True when this end gains nothing from transfers in flight at once, so a
   * copy at a queue depth above one may go on one transfer at a time through
   * `readSync`/`writeSync`: files (their reads and writes are synchronous
   * anyway), an sg device whose queued commands were each answered inside
   * their submit (see inline-probe.ts). Absent or false: keep queueing.
   */
  serialSuffices?(): boolean;
}

/** Endpoint kinds. */
export type EndpointKind = 'sg' | 'block' | 'file' | 'zero' | 'null' | 'stream';

/** Where data comes from. */
export interface DdSource extends Endpoint {
  /**
   * Reads a transfer; `into` is the slot's buffer (blocks x block size
   * bytes) the data should go to. Returns the bytes read: a view of `into`
   * or of the endpoint's own mapping; shorter than asked only at the end of
   * the input.
   */
  read(transfer: Transfer, into: Uint8Array): Promise<Uint8Array>;
  /**
   * The same as {@link read}, synchronously, for endpoints that can (sg
   * devices through SG_IO, files, /dev/zero): with one transfer at a time the
   * copy loop then runs without a promise per transfer.
   */
  readSync?(transfer: Transfer, into: Uint8Array): Uint8Array;
  /**
   * A buffer of the source's own that `slot`'s transfers may be read into
   * when the sink has none (a bsg node's buffers registered with its
   * io_uring ring: the kernel pinned them once).
   */
  readBuffer?(slot: number): Uint8Array | undefined;
}

/** Where data goes. */
export interface DdSink extends Endpoint {
  /** The buffer the source should fill for `slot` (an mmap-ed reserved buffer), if the sink has one. */
  buffer(slot: number): Uint8Array | undefined;
  /** Writes (or, for --verify, compares) a transfer's data. */
  write(transfer: Transfer, data: Uint8Array): Promise<void>;
  /** The same as {@link write}, synchronously (see {@link DdSource.readSync}). */
  writeSync?(transfer: Transfer, data: Uint8Array): void;
  /** Flushes what was written (SYNCHRONIZE CACHE for sg devices with --sync). */
  flush(): Promise<void>;
}

/** Counters the sg endpoints keep, for the summary. */
export interface SgCounters {
  /** Sum of residual counts reported by the driver. */
  residual: number;
  /** Commands asked for direct IO that the driver did indirectly. */
  dioIncomplete: number;
  /** SCSI commands sent. */
  commands: number;
}
