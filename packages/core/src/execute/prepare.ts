/**
 * Turning (definition + fields | raw CDB) + options into what the driver
 * needs: CDB bytes, direction, data buffer and length, flags, timeout.
 */
import { opcodeName, type CdbDefinition, type DataDirection, type FieldSpecs, type FieldsInput } from '@sgio/struct';
import { SG_DXFER_FROM_DEV, SG_DXFER_NONE, SG_DXFER_TO_DEV, SG_FLAG_DIRECT_IO, SG_FLAG_MMAP_IO, SG_FLAG_Q_AT_HEAD, SG_FLAG_Q_AT_TAIL } from '@sgio/struct';
import { TransferModeError } from '../errors/sgio-error.js';
import { alignedBuffer } from './aligned.js';
import type { ExecuteOptions, TransferMode } from './options.js';

/** Default command timeout in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Default sense buffer size. */
export const DEFAULT_SENSE_LENGTH = 64;
/** Largest sense buffer sg accepts (mx_sb_len is one byte). */
export const MAX_SENSE_LENGTH = 252;

/** A command ready to go to the driver. */
export interface PreparedCommand {
  /** Name for messages and results. */
  readonly name: string;
  /** The CDB. */
  readonly cdb: Uint8Array;
  /** Direction. */
  readonly direction: DataDirection;
  /** sg dxfer_direction value. */
  readonly dxferDirection: number;
  /** Data buffer (undefined with no data or with mmap IO). */
  readonly data: Uint8Array | undefined;
  /** Data length in bytes. */
  readonly length: number;
  /** Transfer mode. */
  readonly transfer: TransferMode;
  /** sg flags. */
  readonly flags: number;
  /** Timeout in ms. */
  readonly timeoutMs: number;
  /** Sense buffer size. */
  readonly senseLength: number;
  /** For mmap data-out: bytes to copy into the mapping before submission. */
  readonly mmapSource: Uint8Array | undefined;
  /** For mmap data-in: the caller's buffer the received bytes are copied to at completion. */
  readonly mmapTarget: Uint8Array | undefined;
}

/** A command: a DSL definition with its fields, or raw CDB bytes. */
export type CommandSource<F extends FieldSpecs = FieldSpecs> =
  | {
      /** The command's definition (`defineCdb`). */
      definition: CdbDefinition<string, F>;
      /** Its field values (defaults where absent). */
      fields?: FieldsInput<F>;
    }
  | Uint8Array;

function checkInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer ${min}..${max}, got ${value}`);
}

/** Builds a {@link PreparedCommand}; throws RangeError/TypeError/TransferModeError for bad options. */
export function prepareCommand(source: CommandSource, options: ExecuteOptions, mmapLength: number | undefined): PreparedCommand {
  let cdb: Uint8Array;
  let name: string;
  let direction: DataDirection;
  let length: number;
  if (source instanceof Uint8Array) {
    if (source.length < 6 || source.length > 260) throw new RangeError(`a raw CDB must be 6..260 bytes, got ${source.length}`);
    cdb = source;
    name = options.name ?? `${opcodeName(source[0]!) ?? 'CDB'} (opcode 0x${source[0]!.toString(16).padStart(2, '0')})`;
    direction = options.direction ?? (options.data ? 'out' : options.receive !== undefined ? 'in' : 'none');
    length = options.data ? options.data.length : typeof options.receive === 'number' ? options.receive : (options.receive?.length ?? 0);
  } else {
    const def = source.definition;
    cdb = def.encode(source.fields);
    name = def.name;
    direction = options.direction ?? def.directionOf(source.fields);
    const blockSize = options.blockSize;
    length =
      options.data?.length ??
      (typeof options.receive === 'number' ? options.receive : (options.receive?.length ?? def.dataLengthOf(source.fields, blockSize === undefined ? {} : { blockSize })));
  }
  checkInt('data length', length, 0, 0x7fffffff);
  if (direction === 'none') length = 0;
  if (direction === 'out' && length > 0 && !options.data) throw new TypeError(`${name} sends ${length} bytes: pass them as options.data`);
  if (direction === 'in' && options.data) throw new TypeError(`${name} receives data: pass options.receive (a length or a buffer), not options.data`);
  if (options.data && options.data.length < length) throw new RangeError(`${name}: options.data has ${options.data.length} bytes, the command sends ${length}`);
  const timeoutMs = options.timeout ?? DEFAULT_TIMEOUT_MS;
  checkInt('timeout', timeoutMs, 1, 0xffffffff);
  const senseLength = options.senseLength ?? DEFAULT_SENSE_LENGTH;
  checkInt('senseLength', senseLength, 0, MAX_SENSE_LENGTH);
  const transfer = options.transfer ?? 'indirect';
  let flags = options.queueAt === 'head' ? SG_FLAG_Q_AT_HEAD : options.queueAt === 'tail' ? SG_FLAG_Q_AT_TAIL : 0;
  let data: Uint8Array | undefined;
  let mmapSource: Uint8Array | undefined;
  let mmapTarget: Uint8Array | undefined;
  if (transfer === 'mmap') {
    if (mmapLength === undefined) {
      throw new TransferModeError(
        `${name}: mmap IO needs the reserved buffer mapped first: call device.mapReservedBuffer() (and set its size with setReservedSize() before that).`,
        'ERR_MMAP_NOT_MAPPED',
      );
    }
    if (length > mmapLength) {
      throw new TransferModeError(
        `${name}: transfers ${length} bytes but the mapped reserved buffer holds ${mmapLength}; split the transfer, or use a new fd whose reserved size is set before mapping.`,
        'ERR_MMAP_TOO_SHORT',
      );
    }
    flags |= SG_FLAG_MMAP_IO;
    if (direction === 'out') mmapSource = options.data!.subarray(0, length);
    else if (direction === 'in' && options.receive instanceof Uint8Array) {
      if (options.receive.length < length) throw new RangeError(`${name}: the receive buffer has ${options.receive.length} bytes, the command returns up to ${length}`);
      mmapTarget = options.receive;
    }
  } else {
    if (transfer === 'direct') flags |= SG_FLAG_DIRECT_IO;
    else if (transfer !== 'indirect') throw new TransferModeError(`unknown transfer mode '${String(transfer)}': use 'indirect', 'direct' or 'mmap'`);
    if (direction === 'out') data = options.data!.length === length ? options.data : options.data!.subarray(0, length);
    else if (direction === 'in' && length > 0) {
      const r = options.receive;
      if (r instanceof Uint8Array) {
        if (r.length < length) throw new RangeError(`${name}: the receive buffer has ${r.length} bytes, the command returns up to ${length}`);
        data = r.length === length ? r : r.subarray(0, length);
      } else data = transfer === 'direct' ? alignedBuffer(length) : new Uint8Array(length);
    }
  }
  if ((flags & (SG_FLAG_DIRECT_IO | SG_FLAG_MMAP_IO)) === (SG_FLAG_DIRECT_IO | SG_FLAG_MMAP_IO)) {
    throw new TransferModeError(`${name}: direct IO and mmap IO cannot be combined; choose one transfer mode.`, 'ERR_TRANSFER_MODE');
  }
  return {
    name,
    cdb,
    direction,
    dxferDirection: length === 0 ? SG_DXFER_NONE : direction === 'in' ? SG_DXFER_FROM_DEV : SG_DXFER_TO_DEV,
    data,
    length,
    transfer,
    flags,
    timeoutMs,
    senseLength,
    mmapSource,
    mmapTarget,
  };
}
