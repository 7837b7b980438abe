/**
 * The real device layer: discovery through @sgio/core, one set of lanes per
 * device (`--concurrency` of them, core's `openLanes`), so a command waits
 * for a free lane up to the request timeout (then 503). With `--allow-write`
 * the lanes are `SgLanes` (an fd each, its reserved buffer mapped; block
 * data moves through the mapping); read-only, they are `BsgLanes` over the
 * device's bsg node and io_uring where the kernel has it (Linux 7.2+; block
 * data moves through the request's own buffer; no worker thread to wait
 * for), else read-only `SgLanes` (SG_IO on the worker pool). READ(16) /
 * WRITE(16) as the lanes' `transfer` says; INQUIRY, VPD, mode and log
 * pages and the capacity come from core's flows. Every command a lane sends
 * is counted in the metrics through core's `onCommand` hook; requests that
 * fail before a command completes are counted here. A device that goes away closes its lanes: its in-flight and
 * waiting requests get clean errors, and later requests no longer find it.
 *
 * Every request's work carries an AbortSignal: the client's (it went away)
 * and the request timeout (waiting for a lane; a command gets the timeout
 * plus a grace, after the driver's own SCSI timeout). An abort settles the
 * request at once; core frees the lane of an abandoned command (SgLanes
 * replace its fd; BsgLanes need not). The cached capacity is dropped when
 * any command of the device meets the UNIT ATTENTION "capacity data has
 * changed", and block I/O refuses a block size that is not a power of two
 * within 512..what one command through a lane moves.
 */
import {
  CommandCanceledError,
  configureWorkerPool,
  prestartWorkerPool,
  reportsCapacityChange,
  inquiryFlow,
  listDevices,
  logSenseFlow,
  modeSenseFlow,
  readHealth,
  readCapacity16Flow,
  openLanes,
  runFlowAsync,
  sgNodeForBlockDevice,
  vpdFlow,
  type CommandFlow,
  type CommandListener,
  type DeviceHealth,
  type FlowResult,
  type ScsiDevice,
  type ScsiLanes,
  type SgDeviceInfo,
} from '@sgio/core';
import { decodeReadCapacity16, inquiry, logSense, modeSense10, read16, readCapacity16, write16, type CdbDefinition } from '@sgio/struct';
import type { ServerConfig } from '../config/config.js';
import { ProblemError } from '../errors/problem-error.js';
import { WriteStoppedError } from '../errors/write-stopped.js';
import { toJsonSafe } from '../http/json-safe.js';
import { metricsListener } from '../metrics/command-listener.js';
import type { ServerMetrics } from '../metrics/metrics.js';
import type { CommandReply, CommandRequest, DeviceAccess, DeviceCapacity } from './access.js';
import { Allowlist } from './allowlist.js';
import { checkBlockSize } from './block-size.js';
import { DeviceCatalog } from './catalog.js';
import { isGone, outcomeOf } from './outcome.js';
import { Deadline } from './deadline.js';

/** How long after the driver's SCSI timeout sgiod stops waiting for a command (ms). */
export const COMMAND_GRACE_MS = 2_000;

/** True when `e` ends a command sgiod stopped waiting for at its own deadline (answered 504, counted as a timeout). */
function givenUpAtDeadline(e: unknown, deadline: Deadline | undefined): boolean {
  return e instanceof CommandCanceledError && e.reason === 'aborted' && deadline?.aborted === true;
}

interface OpenDevice {
  /** The lanes, opened on first use. */
  lanes: Promise<ScsiLanes> | undefined;
  capacity: Promise<DeviceCapacity> | undefined;
  /** Commands running or waiting for a lane (drained on shutdown). */
  readonly pending: Set<Promise<unknown>>;
  /** Set once the device is gone or closing: later commands get it. */
  failure: Error | undefined;
}

/** What a request is, for the metrics of a request that fails before any command completes. */
interface RequestLabel {
  /** Opcode of the command it would send. */
  readonly opcode: number;
  /** Its name. */
  readonly name: string;
}

/** The metric label of a request that may fail before any command completes: the definition it runs. */
function labelOf(definition: CdbDefinition): RequestLabel {
  return { opcode: definition.opcode, name: definition.name };
}

/** Options of {@link SgDeviceAccess}. */
export interface SgDeviceAccessOptions {
  /** The server configuration. */
  readonly config: ServerConfig;
  /** Where commands are counted. */
  readonly metrics: ServerMetrics;
  /** Discovery (default listDevices()). */
  readonly discover?: () => SgDeviceInfo[];
  /** Told once a device's lanes are open (and the device checked): which kind, on which node (sgiod logs it). */
  readonly onLanesOpened?: (row: SgDeviceInfo, lanes: ScsiLanes) => void;
}

/** {@link DeviceAccess} over real sg devices. */
export class SgDeviceAccess implements DeviceAccess {
  readonly #config: ServerConfig;
  readonly #metrics: ServerMetrics;
  readonly #catalog: DeviceCatalog;
  readonly #onLanesOpened: ((row: SgDeviceInfo, lanes: ScsiLanes) => void) | undefined;
  readonly #open = new Map<string, OpenDevice>();
  #closing = false;
  /** The canonical allowlist (for start-up logs). */
  readonly allowlist: Allowlist;

  constructor(options: SgDeviceAccessOptions) {
    this.#config = options.config;
    this.#metrics = options.metrics;
    configureWorkerPool({ threads: options.config.workerThreads, perDevice: options.config.workerCallsPerDevice });
    this.allowlist = Allowlist.resolve(options.config.allow, (p) => sgNodeForBlockDevice(p));
    this.#catalog = new DeviceCatalog(options.discover ?? (() => listDevices()), this.allowlist);
    this.#onLanesOpened = options.onLanesOpened;
  }

  get closing(): boolean {
    return this.#closing;
  }

  /**
   * Starts a thread of core's worker pool now, when devices are allowed:
   * device requests need one (SG_IO on read-only sg lanes; the poller for a
   * command that does not complete at once), and starting it made the first device request 0.4-0.6 s slower
   * than the next ones in the lab (35-45 ms on a 2-CPU host). When it is
   * called: `pool-warm-up.ts`.
   */
  warmUp(): void {
    if (this.allowlist.entries.length > 0) prestartWorkerPool();
  }

  list(): readonly SgDeviceInfo[] {
    return this.#catalog.list();
  }

  resolve(id: string): SgDeviceInfo | undefined {
    return this.#catalog.resolve(id);
  }

  #device(row: SgDeviceInfo): OpenDevice {
    if (this.#closing) throw new ProblemError(503, 'shutting-down', 'Shutting down', 'sgiod is shutting down; retry against another instance or later.');
    const key = `${row.path}|${row.hctl}`;
    let d = this.#open.get(key);
    if (!d) {
      d = { lanes: undefined, capacity: undefined, pending: new Set(), failure: undefined };
      this.#open.set(key, d);
    }
    return d;
  }

  #lanes(row: SgDeviceInfo, d: OpenDevice): Promise<ScsiLanes> {
    if (!d.lanes) {
      // read-only: through the device's bsg node over io_uring where the kernel has it (core's openLanes says why)
      const opening = openLanes(row.path, {
        lanes: this.#config.concurrency,
        readOnly: !this.#config.allowWrite,
        reservedSize: this.#config.ioSizeBytes,
        onCommand: this.#listener(row, d),
      }).then(async (lanes) => {
        // the device opened may not be the one looked up: a hot swap can land between the two
        try {
          this.#catalog.verifyOpened(row);
        } catch (e) {
          await lanes.close();
          throw e;
        }
        this.#onLanesOpened?.(row, lanes);
        return lanes;
      });
      d.lanes = opening;
      opening.then(
        (lanes) => {
          // gone or closing while the lanes opened
          if (d.failure) void lanes.close();
        },
        () => {
          if (d.lanes === opening) d.lanes = undefined;
        },
      );
    }
    return d.lanes;
  }

  /** Counts every command in the metrics and drops the cached capacity when the device says it changed. */
  #listener(row: SgDeviceInfo, d: OpenDevice): CommandListener {
    const count = metricsListener(this.#metrics, row.name);
    return (event) => {
      count(event);
      if (reportsCapacityChange(event.result)) d.capacity = undefined;
    };
  }

  /**
   * Runs `fn` on a lane of `row`, counting the command; a gone device closes
   * its lanes. `fn` gets the signal its commands must carry: `signal` (the
   * client's) and the request timeout plus {@link COMMAND_GRACE_MS}.
   */
  #run<T>(row: SgDeviceInfo, label: RequestLabel, fn: (lane: ScsiDevice, signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const d = this.#device(row);
    const run = this.#runOn(row, d, label, fn, signal);
    d.pending.add(run);
    void run.then(
      () => d.pending.delete(run),
      () => d.pending.delete(run),
    );
    return run;
  }

  async #runOn<T>(row: SgDeviceInfo, d: OpenDevice, label: RequestLabel, fn: (lane: ScsiDevice, signal: AbortSignal) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    const device = row.name;
    const timeoutMs = this.#config.requestTimeoutMs;
    try {
      failIfFailed(d);
      const lanes = await this.#lanes(row, d);
      failIfFailed(d);
      const inFlight = (): void => {
        const s = lanes.stats();
        this.#metrics.inFlight.set({ device }, s.busy);
        this.#metrics.inFlightPeak.set({ device }, s.maxBusy);
      };
      // Both bounds are timers cleared as soon as they are moot, not AbortSignal.timeout()s: those stay armed (with a
      // weak reference each) for the whole timeout after the request is done, which per request cost a timer, a
      // WeakRef and an AbortSignal.any() that the lab's profile of sgiod under load showed among its top costs.
      // The wait for a lane is bounded only when no lane is free: withLane() takes a free one at once.
      const waited = lanes.stats().busy < lanes.lanes ? undefined : new Deadline(timeoutMs);
      let deadline: Deadline | undefined;
      return await lanes.withLane(async (lane) => {
        waited?.clear();
        inFlight();
        const started = performance.now();
        deadline = new Deadline(timeoutMs + COMMAND_GRACE_MS);
        try {
          return await fn(lane, signal ? AbortSignal.any([deadline.signal, signal]) : deadline.signal);
        } catch (e) {
          // a completed command was counted by the lane's onCommand hook; count the rest here (one given up on at
          // sgiod's own deadline is a timeout, as its 504 says, not a cancellation)
          const outcome = !signal?.aborted && givenUpAtDeadline(e, deadline) ? 'timeout' : outcomeOf(e);
          if (!hasResult(e)) this.#metrics.observeCommand(row.name, label.opcode, label.name, outcome, (performance.now() - started) / 1000, undefined);
          throw e;
        } finally {
          deadline.clear();
        }
      }, waited ? (signal ? AbortSignal.any([waited.signal, signal]) : waited.signal) : signal).finally(() => {
        waited?.clear();
        inFlight();
      }).catch((e: unknown) => {
        // the client went away: nobody reads the answer, the error only ends the work
        if (signal?.aborted) throw e instanceof Error ? e : new Error(String(e));
        if (givenUpAtDeadline(e, deadline) && !d.failure) {
          throw new ProblemError(504, 'command-timeout', 'Command timed out', `${row.path} did not complete the command within ${timeoutMs + COMMAND_GRACE_MS} ms (the request timeout plus ${COMMAND_GRACE_MS} ms); ${lanes.kind === 'sg' ? 'its lane was replaced' : 'the device takes the next commands beside it'}. Retry; if it keeps happening, check the device.`);
        }
        if (e instanceof CommandCanceledError && e.reason === 'aborted' && waited?.aborted && !d.failure) {
          throw new ProblemError(503, 'device-busy', 'Device busy', `${row.path} stayed busy (all ${lanes.lanes} lanes in use) for ${timeoutMs} ms; retry later.`, {
            headers: { 'retry-after': '1' },
          });
        }
        // a request waiting for a lane when the device went away gets the reason
        if (d.failure && e instanceof CommandCanceledError) throw d.failure;
        throw e instanceof Error ? e : new Error(String(e));
      });
    } catch (e) {
      if (isGone(e)) this.#forget(row, d, e);
      throw e;
    }
  }

  /** Fails the device (gone or closing): later and waiting commands get `error`, the lanes close. */
  async #fail(d: OpenDevice, error: unknown): Promise<void> {
    d.failure ??= error instanceof Error ? error : new Error(String(error));
    const lanes = await d.lanes?.catch(() => undefined);
    await lanes?.close();
  }

  #forget(row: SgDeviceInfo, d: OpenDevice, error: unknown): void {
    const key = `${row.path}|${row.hctl}`;
    if (this.#open.get(key) === d) this.#open.delete(key);
    this.#catalog.invalidate();
    void this.#fail(d, error);
  }

  #timeout(): number {
    return this.#config.requestTimeoutMs;
  }

  /** Runs one of core's flows on a lane; returns a copy of its bytes (the lane reuses its buffers). */
  async #flow<T>(row: SgDeviceInfo, label: RequestLabel, flow: CommandFlow<FlowResult<T>>, signal?: AbortSignal): Promise<FlowResult<T>> {
    const r = await this.#run(row, label, (lane, commandSignal) => runFlowAsync(lane, flow, { signal: commandSignal }), signal);
    return { ...r, data: Uint8Array.from(r.data) };
  }

  async inquiry(row: SgDeviceInfo, signal?: AbortSignal): Promise<Uint8Array> {
    return (await this.#flow(row, labelOf(inquiry), inquiryFlow({ timeout: this.#timeout() }), signal)).data;
  }

  async vpd(row: SgDeviceInfo, page: number, signal?: AbortSignal): Promise<Uint8Array> {
    return (await this.#flow(row, labelOf(inquiry), vpdFlow(page, { timeout: this.#timeout() }), signal)).data;
  }

  async modeSense(row: SgDeviceInfo, page: number, subpage: number, pc: number, signal?: AbortSignal): Promise<Uint8Array> {
    const flow = modeSenseFlow(page, { subpage, pageControl: pc, cdbSize: 10, disableBlockDescriptors: false, timeout: this.#timeout() });
    return (await this.#flow(row, labelOf(modeSense10), flow, signal)).data;
  }

  async logSense(row: SgDeviceInfo, page: number, subpage: number, signal?: AbortSignal): Promise<Uint8Array> {
    return (await this.#flow(row, labelOf(logSense), logSenseFlow(page, { subpage, timeout: this.#timeout() }), signal)).data;
  }

  health(row: SgDeviceInfo, signal?: AbortSignal): Promise<DeviceHealth> {
    // the whole read holds one lane; each of its commands is counted by the lane's onCommand hook
    return this.#run(row, labelOf(inquiry), (lane, commandSignal) => readHealth(lane, { timeout: this.#timeout(), signal: commandSignal }), signal);
  }

  capacity(row: SgDeviceInfo): Promise<DeviceCapacity> {
    const d = this.#device(row);
    if (!d.capacity) {
      d.capacity = this.#flow(row, labelOf(readCapacity16), readCapacity16Flow({ timeout: this.#timeout() })).then(({ data, decoded }) => ({
        blocks: decoded.blocks,
        blockSize: decoded.blockSize,
        bytes: decoded.bytes,
        detail: toJsonSafe(decodeReadCapacity16(data)) as Record<string, unknown>,
      }));
      d.capacity.catch(() => {
        d.capacity = undefined;
      });
    }
    return d.capacity;
  }

  /** The most bytes one block command moves: the I/O size, within what a lane can move at once. */
  #chunkBytes(lanes: ScsiLanes): number {
    return Math.min(this.#config.ioSizeBytes, lanes.maxTransferBytes ?? Infinity);
  }

  /** The device's block size, refused unless block I/O through the lanes can move it; and the lanes. */
  async #blockSize(row: SgDeviceInfo): Promise<{ blockSize: number; lanes: ScsiLanes }> {
    const { blockSize } = await this.capacity(row);
    const lanes = await this.#lanes(row, this.#device(row));
    return { blockSize: checkBlockSize(row.path, blockSize, lanes.maxTransferBytes ?? this.#config.ioSizeBytes), lanes };
  }

  async *readBlocks(row: SgDeviceInfo, lba: bigint, count: bigint, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
    const { blockSize, lanes } = await this.#blockSize(row);
    const perCommand = BigInt(Math.max(1, Math.floor(this.#chunkBytes(lanes) / blockSize)));
    let next = lba;
    const end = lba + count;
    while (next < end) {
      const at = next;
      const chunk = await this.#run(row, labelOf(read16), async (lane, commandSignal) => {
        const n = Number(end - at < perCommand ? end - at : perCommand);
        // sg lanes: core copies the data out of the mapping before the lane runs its next command; bsg: read into it
        const into = Buffer.allocUnsafeSlow(n * blockSize);
        await lane.readBlocks(at, n, { blockSize, into, transfer: lanes.transfer, cdbSize: 16, timeout: this.#timeout(), signal: commandSignal });
        return into;
      }, signal);
      next += BigInt(chunk.length / blockSize);
      yield chunk;
    }
  }

  async writeBlocks(row: SgDeviceInfo, lba: bigint, source: AsyncIterable<Uint8Array>, byteLength: number, signal?: AbortSignal): Promise<number> {
    const { blockSize, lanes } = await this.#blockSize(row);
    const chunk = Math.max(blockSize, Math.floor(this.#chunkBytes(lanes) / blockSize) * blockSize);
    const staging = Buffer.allocUnsafe(chunk);
    let filled = 0;
    let written = 0;
    let next = lba;
    const flush = async (): Promise<void> => {
      let offset = 0;
      while (offset < filled) {
        const at = next;
        const sent = await this.#run(row, labelOf(write16), async (lane, commandSignal) => {
          const room = Math.floor(Math.min(filled - offset, chunk) / blockSize) * blockSize;
          // never loop on an empty chunk (#blockSize keeps a block within a lane's reach; this guards the loop itself)
          if (room === 0) throw new Error(`writeBlocks: a ${blockSize}-byte block does not fit a ${chunk}-byte command`);
          await lane.writeBlocks(at, staging.subarray(offset, offset + room), { blockSize, transfer: lanes.transfer, cdbSize: 16, timeout: this.#timeout(), signal: commandSignal });
          return room;
        }, signal);
        offset += sent;
        written += sent;
        next += BigInt(sent / blockSize);
      }
      filled = 0;
    };
    try {
      for await (const piece of source) {
        let at = 0;
        while (at < piece.length) {
          if (written + filled + (piece.length - at) > byteLength) throw new ProblemError(400, 'body-too-long', 'Body longer than declared', `The body is longer than its Content-Length of ${byteLength} bytes.`);
          const n = Math.min(piece.length - at, staging.length - filled);
          staging.set(piece.subarray(at, at + n), filled);
          filled += n;
          at += n;
          if (filled === staging.length) await flush();
        }
      }
      if (written + filled !== byteLength) throw new ProblemError(400, 'body-too-short', 'Body shorter than declared', `The body ended after ${written + filled} of ${byteLength} bytes.`);
      await flush();
    } catch (e) {
      // the blocks flushed so far are on the device: say how many
      throw new WriteStoppedError(e, lba, written / blockSize, written);
    }
    return written;
  }

  command(row: SgDeviceInfo, request: CommandRequest, signal?: AbortSignal): Promise<CommandReply> {
    return this.#run(row, { opcode: request.cdb[0] ?? 0, name: request.name }, async (lane, commandSignal) => {
      const r = await lane.execute(request.cdb, {
        direction: request.direction,
        ...(request.direction === 'in' ? { receive: request.receive } : {}),
        ...(request.direction === 'out' && request.data ? { data: request.data } : {}),
        timeout: request.timeoutMs,
        retry: false,
        name: request.name,
        signal: commandSignal,
      });
      // indirect IO: core allocated r.data for this command alone, so it is handed on without a copy
      const data = r.data ?? new Uint8Array(0);
      return { command: request.name, status: r.status, statusName: r.statusName, data, durationMs: r.durationMs, senseBytes: Uint8Array.from(r.senseBytes) };
    }, signal);
  }

  async close(graceMs: number): Promise<void> {
    this.#closing = true;
    const devices = [...this.#open.values()];
    this.#open.clear();
    await drained(devices, graceMs);
    await Promise.all(devices.map((d) => this.#fail(d, new ProblemError(503, 'shutting-down', 'Shutting down', 'sgiod is shutting down; the device was closed.'))));
  }
}

/** Resolves once no command of `devices` runs or waits (commands started meanwhile count too), or after `graceMs`. */
async function drained(devices: readonly OpenDevice[], graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
  const idle = (async () => {
    for (let pending = devices.flatMap((d) => [...d.pending]); pending.length > 0; pending = devices.flatMap((d) => [...d.pending])) {
      await Promise.allSettled(pending);
    }
  })();
  await Promise.race([idle, deadline]);
  clearTimeout(timer);
}

/** True when `error` carries the result of a completed command (which the onCommand hook already counted). */
function hasResult(error: unknown): boolean {
  const r = (error as { result?: unknown } | undefined)?.result;
  return typeof r === 'object' && r !== null && 'cdb' in r;
}

/** Throws the error that ended `d` (gone or closing), if any. */
function failIfFailed(d: OpenDevice): void {
  if (d.failure) throw d.failure;
}
