/**
 * The convenience commands (testUnitReady, inquiry, readCapacity,
 * readBlocks, ...) shared by every device: a device (ScsiDevice) only provides
 * `execute` and `executeSync`.
 */
import {
  testUnitReady,
  type CdbDefinition,
  type FieldSpecs,
  type FieldsInput,
  type InquiryData,
  type LogPage,
  type ModeSenseData,
  type ReportLunsData,
  type SenseData,
  type VpdPage,
} from '@sgio/struct';
import { BlockReadStream, type BlockReadStreamOptions } from '../streams/read-stream.js';
import { BlockWriteStream, type BlockWriteStreamOptions } from '../streams/write-stream.js';
import type { ExecuteOptions } from '../execute/options.js';
import type { CommandResult } from '../execute/result.js';
import { finishRead, finishWrite, planRead, planWrite } from './block-io.js';
import { compareAndWriteFlow, verifyFlow, writeSameFlow, unmapFlow, synchronizeCacheFlow } from '../flows/block-flows.js';
import type { Capacity } from './capacity.js';
import { readCapacityFlow } from '../flows/capacity-flow.js';
import {
  commandOptions,
  type CommandOptions,
  type LogSenseOptions,
  type ModeSenseOptions,
  type ReadBlocksOptions,
  type ReadCapacityOptions,
  type ReportLunsOptions,
  type RequestSenseOptions,
  type SynchronizeCacheOptions,
  type UnmapOptions,
  type VerifyOptions,
  type CompareAndWriteOptions,
  type WriteBlocksOptions,
  type WriteSameOptions,
} from './command-options.js';
import { runFlowAsync, runFlowSync, type CommandFlow, type FlowResult } from '../flows/command-step.js';
import { EncoderPool } from './encoder-pool.js';
import { inquiryFlow, reportLunsFlow, requestSenseFlow, vpdFlow } from '../flows/identify-flows.js';
import { logSenseFlow, modeSenseFlow } from '../flows/page-flows.js';
import type { BlockRange } from './unmap-list.js';

/**
 * Base class of devices. A device implements `execute` and
 * `executeSync` (ScsiDevice: through its transport); everything else here is built on them, so the sg and the
 * bsg transport offer the same methods.
 *
 * Every method throws the typed errors of `execute` (CheckConditionError,
 * TransportError, ...); methods that return data decode it with the
 * decoders of `@sgio/struct` and throw a `ResponseDecodeError` (with the raw
 * bytes) when the device's answer makes no sense.
 */
export abstract class ScsiCommands {
  #capacity: Capacity | undefined;
  readonly #encoders = new EncoderPool();

  /** Runs a command asynchronously (see SgDevice.execute). */
  abstract execute<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): Promise<CommandResult>;
  abstract execute(cdb: Uint8Array, options?: ExecuteOptions): Promise<CommandResult>;
  /** Runs a command synchronously (see SgDevice.executeSync). */
  abstract executeSync<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): CommandResult;
  abstract executeSync(cdb: Uint8Array, options?: ExecuteOptions): CommandResult;

  /** The capacity the last `readCapacity()` returned (its block size is what the block methods use by default). */
  get cachedCapacity(): Capacity | undefined {
    return this.#capacity;
  }

  #run<T>(flow: CommandFlow<T>): Promise<T> {
    return runFlowAsync(this, flow);
  }

  #runSync<T>(flow: CommandFlow<T>): T {
    return runFlowSync(this, flow);
  }

  async #decoded<T>(flow: CommandFlow<FlowResult<T>>): Promise<T> {
    return (await runFlowAsync(this, flow)).decoded;
  }

  #decodedSync<T>(flow: CommandFlow<FlowResult<T>>): T {
    return runFlowSync(this, flow).decoded;
  }

  async #blockSize(options: { readonly blockSize?: number }): Promise<number> {
    return options.blockSize ?? this.#capacity?.blockSize ?? (await this.readCapacity()).blockSize;
  }

  #blockSizeSync(options: { readonly blockSize?: number }): number {
    return options.blockSize ?? this.#capacity?.blockSize ?? this.readCapacitySync().blockSize;
  }

  /**
   * TEST UNIT READY. Resolves when the device is ready; rejects with a
   * CheckConditionError saying why not (NOT READY, UNIT ATTENTION after the
   * retries, ...).
   */
  async testUnitReady(options: CommandOptions = {}): Promise<void> {
    await this.execute(testUnitReady, {}, commandOptions(options));
  }

  /** Synchronous {@link testUnitReady}. */
  testUnitReadySync(options: CommandOptions = {}): void {
    this.executeSync(testUnitReady, {}, commandOptions(options));
  }

  /** REQUEST SENSE: the device's current sense data, decoded (undefined when it returned none). */
  requestSense(options: RequestSenseOptions = {}): Promise<SenseData | undefined> {
    return this.#decoded(requestSenseFlow(options));
  }

  /** Synchronous {@link requestSense}. */
  requestSenseSync(options: RequestSenseOptions = {}): SenseData | undefined {
    return this.#decodedSync(requestSenseFlow(options));
  }

  /**
   * Standard INQUIRY data, decoded: device type, vendor, product, revision,
   * version and capability bits.
   *
   * @example
   * ```ts
   * const { vendorId, productId } = await dev.inquiry();
   * ```
   */
  inquiry(options: CommandOptions = {}): Promise<InquiryData> {
    return this.#decoded(inquiryFlow(options));
  }

  /** Synchronous {@link inquiry}. */
  inquirySync(options: CommandOptions = {}): InquiryData {
    return this.#decodedSync(inquiryFlow(options));
  }

  /**
   * A vital product data page (INQUIRY with EVPD), fetched whole and decoded:
   * 0x00 supported pages, 0x80 serial number, 0x83 device identification,
   * 0x86 extended INQUIRY, 0x89 ATA information, 0xB0 block limits, 0xB1
   * block device characteristics, 0xB2 logical block provisioning; other
   * pages come back generic with their raw body.
   */
  vpd(page: number, options: CommandOptions = {}): Promise<VpdPage> {
    return this.#decoded(vpdFlow(page, options));
  }

  /** Synchronous {@link vpd}. */
  vpdSync(page: number, options: CommandOptions = {}): VpdPage {
    return this.#decodedSync(vpdFlow(page, options));
  }

  /**
   * The capacity: READ CAPACITY(10), then (16) when the device has 2^32
   * blocks or more; with `detailed`, (16) first for protection and thin
   * provisioning fields. The block size is remembered for the block methods.
   */
  async readCapacity(options: ReadCapacityOptions = {}): Promise<Capacity> {
    this.#capacity = await this.#decoded(readCapacityFlow(options));
    return this.#capacity;
  }

  /** Synchronous {@link readCapacity}. */
  readCapacitySync(options: ReadCapacityOptions = {}): Capacity {
    this.#capacity = this.#decodedSync(readCapacityFlow(options));
    return this.#capacity;
  }

  /**
   * Reads `count` logical blocks at `lba` with READ(10), or READ(16) when the
   * LBA is 2^32 or more or the count above 65535. Resolves with the data
   * (`count` x block size bytes); a short transfer is a ShortTransferError.
   *
   * @example
   * ```ts
   * const first = await dev.readBlocks(0, 8); // 4096 bytes on a 512-byte disk
   * ```
   */
  async readBlocks(lba: number | bigint, count: number, options: ReadBlocksOptions = {}): Promise<Uint8Array> {
    const plan = planRead(this.#encoders, lba, count, await this.#blockSize(options), options);
    if (!plan) return options.into ? options.into.subarray(0, 0) : new Uint8Array(0);
    return finishRead(this.#encoders, plan, await this.execute(plan.cdb, plan.options));
  }

  /** Synchronous {@link readBlocks}. */
  readBlocksSync(lba: number | bigint, count: number, options: ReadBlocksOptions = {}): Uint8Array {
    const plan = planRead(this.#encoders, lba, count, this.#blockSizeSync(options), options);
    if (!plan) return options.into ? options.into.subarray(0, 0) : new Uint8Array(0);
    return finishRead(this.#encoders, plan, this.executeSync(plan.cdb, plan.options));
  }

  /**
   * Writes `data` (whole logical blocks) at `lba` with WRITE(10), or
   * WRITE(16) when the range needs it.
   */
  async writeBlocks(lba: number | bigint, data: Uint8Array, options: WriteBlocksOptions = {}): Promise<void> {
    const plan = planWrite(this.#encoders, lba, data, await this.#blockSize(options), options);
    if (plan) finishWrite(this.#encoders, plan, await this.execute(plan.cdb, plan.options));
  }

  /** Synchronous {@link writeBlocks}. */
  writeBlocksSync(lba: number | bigint, data: Uint8Array, options: WriteBlocksOptions = {}): void {
    const plan = planWrite(this.#encoders, lba, data, this.#blockSizeSync(options), options);
    if (plan) finishWrite(this.#encoders, plan, this.executeSync(plan.cdb, plan.options));
  }

  /**
   * VERIFY(10)/(16) of `count` blocks at `lba`: a medium check, or with
   * `options.data` a comparison (a mismatch is a CheckConditionError with
   * sense key MISCOMPARE).
   */
  async verify(lba: number | bigint, count: number, options: VerifyOptions = {}): Promise<void> {
    await this.#run(verifyFlow(lba, count, await this.#blockSize(options), options));
  }

  /** Synchronous {@link verify}. */
  verifySync(lba: number | bigint, count: number, options: VerifyOptions = {}): void {
    this.#runSync(verifyFlow(lba, count, this.#blockSizeSync(options), options));
  }

  /**
   * COMPARE AND WRITE: atomically compares the blocks at `lba` with
   * `expected` and, only if they are equal, writes `replacement` (the same
   * length, whole blocks, at most 255 blocks and the device's MAXIMUM
   * COMPARE AND WRITE LENGTH): the test-and-set primitive cluster locks use.
   * A difference rejects with a `MiscompareError` whose `offset` is the
   * first differing byte; nothing is written then.
   */
  async compareAndWrite(lba: number | bigint, expected: Uint8Array, replacement: Uint8Array, options: CompareAndWriteOptions = {}): Promise<void> {
    await this.#run(compareAndWriteFlow(lba, expected, replacement, await this.#blockSize(options), options));
  }

  /** Synchronous {@link compareAndWrite}. */
  compareAndWriteSync(lba: number | bigint, expected: Uint8Array, replacement: Uint8Array, options: CompareAndWriteOptions = {}): void {
    this.#runSync(compareAndWriteFlow(lba, expected, replacement, this.#blockSizeSync(options), options));
  }

  /**
   * WRITE SAME(10)/(16): writes one block (default zeros) to `count` blocks
   * at `lba`; with `unmap` a thin-provisioned device may deallocate them.
   */
  async writeSame(lba: number | bigint, count: number, options: WriteSameOptions = {}): Promise<void> {
    await this.#run(writeSameFlow(lba, count, await this.#blockSize(options), options));
  }

  /** Synchronous {@link writeSame}. */
  writeSameSync(lba: number | bigint, count: number, options: WriteSameOptions = {}): void {
    this.#runSync(writeSameFlow(lba, count, this.#blockSizeSync(options), options));
  }

  /** UNMAP: deallocates one range or a list of ranges (thin provisioning, TRIM). */
  async unmap(ranges: BlockRange | readonly BlockRange[], options: UnmapOptions = {}): Promise<void> {
    await this.#run(unmapFlow(ranges, options));
  }

  /** Synchronous {@link unmap}. */
  unmapSync(ranges: BlockRange | readonly BlockRange[], options: UnmapOptions = {}): void {
    this.#runSync(unmapFlow(ranges, options));
  }

  /** SYNCHRONIZE CACHE(10)/(16): writes cached data to the medium (all of it by default). */
  async synchronizeCache(options: SynchronizeCacheOptions = {}): Promise<void> {
    await this.#run(synchronizeCacheFlow(options));
  }

  /** Synchronous {@link synchronizeCache}. */
  synchronizeCacheSync(options: SynchronizeCacheOptions = {}): void {
    this.#runSync(synchronizeCacheFlow(options));
  }

  /** REPORT LUNS: every logical unit of the target, decoded. */
  reportLuns(options: ReportLunsOptions = {}): Promise<ReportLunsData> {
    return this.#decoded(reportLunsFlow(options));
  }

  /** Synchronous {@link reportLuns}. */
  reportLunsSync(options: ReportLunsOptions = {}): ReportLunsData {
    return this.#decodedSync(reportLunsFlow(options));
  }

  /**
   * MODE SENSE(10) (falling back to (6)) of `page` (0x3F: all pages):
   * header, block descriptors and the decoded pages.
   *
   * @example
   * ```ts
   * const { pages } = await dev.modeSense(0x08); // the caching page
   * ```
   */
  modeSense(page: number, options: ModeSenseOptions = {}): Promise<ModeSenseData> {
    return this.#decoded(modeSenseFlow(page, options));
  }

  /** Synchronous {@link modeSense}. */
  modeSenseSync(page: number, options: ModeSenseOptions = {}): ModeSenseData {
    return this.#decodedSync(modeSenseFlow(page, options));
  }

  /** LOG SENSE of `page` (0: supported pages), decoded. */
  logSense(page: number, options: LogSenseOptions = {}): Promise<LogPage> {
    return this.#decoded(logSenseFlow(page, options));
  }

  /** Synchronous {@link logSense}. */
  logSenseSync(page: number, options: LogSenseOptions = {}): LogPage {
    return this.#decodedSync(logSenseFlow(page, options));
  }

  /**
   * A Readable stream of the blocks from `start` up to `end` (exclusive;
   * default: the whole device), read `blocksPerTransfer` at a time with a
   * few commands in flight, with backpressure.
   *
   * @example
   * ```ts
   * await pipeline(dev.createReadStream(), createWriteStream('disk.img'));
   * ```
   */
  createReadStream(options: BlockReadStreamOptions = {}): BlockReadStream {
    return new BlockReadStream(this, options);
  }

  /**
   * A Writable stream that writes what it is given to consecutive blocks
   * from `start`, `blocksPerTransfer` at a time with a few commands in
   * flight, and synchronizes the cache at the end.
   */
  createWriteStream(options: BlockWriteStreamOptions = {}): BlockWriteStream {
    return new BlockWriteStream(this, options);
  }
}
