/**
 * The device layer as the routes see it. The real implementation
 * ({@link SgDeviceAccess}) drives sg devices through @sgio/core; host unit
 * tests give the routes a fake one.
 */
import type { DeviceHealth, SgDeviceInfo } from '@sgio/core';
import type { DataDirection } from '@sgio/struct';

/** The capacity of a block device. */
export interface DeviceCapacity {
  /** Number of logical blocks. */
  readonly blocks: bigint;
  /** Logical block size in bytes. */
  readonly blockSize: number;
  /** Capacity in bytes. */
  readonly bytes: bigint;
  /** Decoded READ CAPACITY data (JSON-safe). */
  readonly detail: Readonly<Record<string, unknown>>;
}

/** A command to run as given (the commands endpoint). */
export interface CommandRequest {
  /** Name for messages and metrics (`INQUIRY`, or `CDB 0x12`). */
  readonly name: string;
  /** The CDB. */
  readonly cdb: Uint8Array;
  /** Data direction. */
  readonly direction: DataDirection;
  /** Bytes to receive (data-in). */
  readonly receive: number;
  /** Bytes to send (data-out). */
  readonly data: Uint8Array | undefined;
  /** Timeout in ms. */
  readonly timeoutMs: number;
}

/** What a command returned. */
export interface CommandReply {
  /** Command name. */
  readonly command: string;
  /** SCSI status byte. */
  readonly status: number;
  /** Its name. */
  readonly statusName: string;
  /** Data received (data-in). */
  readonly data: Uint8Array;
  /** Driver-measured duration in ms. */
  readonly durationMs: number;
  /** Non-fatal sense data (recovered error), as raw bytes. */
  readonly senseBytes: Uint8Array;
}

/**
 * Everything the routes need from devices. The optional `signal` of a
 * method is the request's (`request.clientSignal`): when it aborts, the
 * method settles at once with a canceled error and its device work stops.
 */
export interface DeviceAccess {
  /** The allowed devices that exist now, discovery rows sorted by H:C:T:L. */
  list(): readonly SgDeviceInfo[];
  /** The allowed device named `id` (`sg1` or `H:C:T:L`), or undefined. */
  resolve(id: string): SgDeviceInfo | undefined;
  /** Standard INQUIRY data. */
  inquiry(device: SgDeviceInfo, signal?: AbortSignal): Promise<Uint8Array>;
  /** A VPD page. */
  vpd(device: SgDeviceInfo, page: number, signal?: AbortSignal): Promise<Uint8Array>;
  /** MODE SENSE(10) data for a page (and subpage), page control `pc`. */
  modeSense(device: SgDeviceInfo, page: number, subpage: number, pc: number, signal?: AbortSignal): Promise<Uint8Array>;
  /** LOG SENSE data for a page (and subpage). */
  logSense(device: SgDeviceInfo, page: number, subpage: number, signal?: AbortSignal): Promise<Uint8Array>;
  /**
   * The device's health facts (core's `readHealth`: INQUIRY, VPD, capacity, the IE mode
   * page and the health log pages it supports, READ DEFECT DATA), on one lane, one command
   * after another (about 20 commands).
   */
  health(device: SgDeviceInfo, signal?: AbortSignal): Promise<DeviceHealth>;
  /** The capacity (cached per opened device; dropped when the device reports that its capacity changed). */
  capacity(device: SgDeviceInfo): Promise<DeviceCapacity>;
  /** Reads `count` blocks from `lba`, in transfer-sized chunks, one command at a time as the consumer pulls. */
  readBlocks(device: SgDeviceInfo, lba: bigint, count: bigint, signal?: AbortSignal): AsyncIterable<Uint8Array>;
  /**
   * Writes `byteLength` bytes (whole blocks) from `source` at `lba`; resolves with the bytes written.
   * A write that fails (the device, or `source` throwing: a body too short, too long or too slow)
   * rejects with a `WriteStoppedError` saying how many whole blocks from `lba` were written.
   */
  writeBlocks(device: SgDeviceInfo, lba: bigint, source: AsyncIterable<Uint8Array>, byteLength: number, signal?: AbortSignal): Promise<number>;
  /** Runs one command. */
  command(device: SgDeviceInfo, request: CommandRequest, signal?: AbortSignal): Promise<CommandReply>;
  /** True once {@link close} started. */
  readonly closing: boolean;
  /** Drains in-flight commands (up to `graceMs`), then closes every device. */
  close(graceMs: number): Promise<void>;
}
