/**
 * The real device layer: discovery through @sgio/core, one `SgLanes` per
 * device (`--concurrency` fds, each with its reserved buffer mapped), so a
 * command waits for a free lane up to the request timeout (then 503). Block
 * data moves through the lane's mapping (`readBlocks` / `writeBlocks` with
 * `transfer: 'mmap'`, READ(16) / WRITE(16)). Every command is counted in the
 * metrics. A device that goes away closes its lanes: its in-flight and
 * waiting requests get clean errors, and later requests no longer find it.
 */
import { CommandCanceledError, listDevices, sgNodeForBlockDevice, SgLanes, type SgDevice, type SgDeviceInfo } from '@sgio/core';
import { decodeReadCapacity16, inquiry, logSense, modeSense10, readCapacity16, type DataDirection } from '@sgio/struct';
import type { ServerConfig } from '../config/config.js';
import { ProblemError } from '../errors/problem-error.js';
import { toJsonSafe } from '../http/json-safe.js';
import type { ServerMetrics } from '../metrics/metrics.js';
import type { CommandReply, CommandRequest, DeviceAccess, DeviceCapacity } from './access.js';
import { Allowlist } from './allowlist.js';
import { DeviceCatalog } from './catalog.js';
import { isGone, outcomeOf } from './outcome.js';

interface OpenDevice {
  /** The lanes, opened on first use. */
  lanes: Promise<SgLanes> | undefined;
  capacity: Promise<DeviceCapacity> | undefined;
  /** Commands running or waiting for a lane (drained on shutdown). */
  readonly pending: Set<Promise<unknown>>;
  /** Set once the device is gone or closing: later commands get it. */
  failure: Error | undefined;
}

interface CommandMeta {
  readonly opcode: number;
  readonly name: string;
  readonly direction: DataDirection;
}

const META = {
  inquiry: { opcode: 0x12, name: 'INQUIRY', direction: 'in' },
  modeSense10: { opcode: 0x5a, name: 'MODE SENSE(10)', direction: 'in' },
  logSense: { opcode: 0x4d, name: 'LOG SENSE', direction: 'in' },
  readCapacity16: { opcode: 0x9e, name: 'READ CAPACITY(16)', direction: 'in' },
  read16: { opcode: 0x88, name: 'READ(16)', direction: 'in' },
  write16: { opcode: 0x8a, name: 'WRITE(16)', direction: 'out' },
} as const satisfies Record<string, CommandMeta>;

/** Options of {@link SgDeviceAccess}. */
export interface SgDeviceAccessOptions {
  /** The server configuration. */
  readonly config: ServerConfig;
  /** Where commands are counted. */
  readonly metrics: ServerMetrics;
  /** Discovery (default listDevices()). */
  readonly discover?: () => SgDeviceInfo[];
}

/** {@link DeviceAccess} over real sg devices. */
export class SgDeviceAccess implements DeviceAccess {
  readonly #config: ServerConfig;
  readonly #metrics: ServerMetrics;
  readonly #catalog: DeviceCatalog;
  readonly #open = new Map<string, OpenDevice>();
  #closing = false;
  /** The canonical allowlist (for start-up logs). */
  readonly allowlist: Allowlist;

  constructor(options: SgDeviceAccessOptions) {
    this.#config = options.config;
    this.#metrics = options.metrics;
    this.allowlist = Allowlist.resolve(options.config.allow, (p) => sgNodeForBlockDevice(p));
    this.#catalog = new DeviceCatalog(options.discover ?? (() => listDevices()), this.allowlist);
  }

  get closing(): boolean {
    return this.#closing;
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

  #lanes(row: SgDeviceInfo, d: OpenDevice): Promise<SgLanes> {
    if (!d.lanes) {
      const opening = SgLanes.open(row.path, { lanes: this.#config.concurrency, readOnly: !this.#config.allowWrite, reservedSize: this.#config.ioSizeBytes });
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

  /** Runs `fn` on a lane of `row`, counting the command; a gone device closes its lanes. */
  #run<T>(row: SgDeviceInfo, meta: CommandMeta, fn: (lane: SgDevice) => Promise<{ value: T; bytes: number }>): Promise<T> {
    const d = this.#device(row);
    const run = this.#runOn(row, d, meta, fn);
    d.pending.add(run);
    void run.then(
      () => d.pending.delete(run),
      () => d.pending.delete(run),
    );
    return run;
  }

  async #runOn<T>(row: SgDeviceInfo, d: OpenDevice, meta: CommandMeta, fn: (lane: SgDevice) => Promise<{ value: T; bytes: number }>): Promise<T> {
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
      const waited = AbortSignal.timeout(timeoutMs);
      return await lanes.withLane(async (lane) => {
        inFlight();
        const started = performance.now();
        try {
          const { value, bytes } = await fn(lane);
          this.#metrics.observeCommand(row.name, meta.opcode, meta.name, 'ok', (performance.now() - started) / 1000, {
            direction: meta.direction === 'out' ? 'write' : 'read',
            count: bytes,
          });
          return value;
        } catch (e) {
          this.#metrics.observeCommand(row.name, meta.opcode, meta.name, outcomeOf(e), (performance.now() - started) / 1000, undefined);
          const sense = (e as { senseKeyName?: unknown }).senseKeyName;
          if (typeof sense === 'string') this.#metrics.senseErrors.inc({ sense_key: sense });
          throw e;
        }
      }, waited).finally(inFlight).catch((e: unknown) => {
        if (e instanceof CommandCanceledError && e.reason === 'aborted' && waited.aborted && !d.failure) {
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

  async #dataIn(row: SgDeviceInfo, meta: CommandMeta, run: (lane: SgDevice) => Promise<{ data: Uint8Array | undefined }>): Promise<Uint8Array> {
    return this.#run(row, meta, async (lane) => {
      const r = await run(lane);
      const data = r.data ? Uint8Array.from(r.data) : new Uint8Array(0);
      return { value: data, bytes: data.length };
    });
  }

  inquiry(row: SgDeviceInfo): Promise<Uint8Array> {
    return this.#dataIn(row, META.inquiry, (lane) => lane.execute(inquiry, { allocationLength: 252 }, { timeout: this.#timeout() }));
  }

  vpd(row: SgDeviceInfo, page: number): Promise<Uint8Array> {
    return this.#dataIn(row, META.inquiry, (lane) => lane.execute(inquiry, { evpd: true, pageCode: page, allocationLength: 0xffff }, { timeout: this.#timeout() }));
  }

  modeSense(row: SgDeviceInfo, page: number, subpage: number, pc: number): Promise<Uint8Array> {
    return this.#dataIn(row, META.modeSense10, (lane) =>
      lane.execute(modeSense10, { pageCode: page, subpageCode: subpage, pc, allocationLength: 0xfff0 }, { timeout: this.#timeout() }),
    );
  }

  logSense(row: SgDeviceInfo, page: number, subpage: number): Promise<Uint8Array> {
    return this.#dataIn(row, META.logSense, (lane) => lane.execute(logSense, { pageCode: page, subpageCode: subpage, allocationLength: 0xfff0 }, { timeout: this.#timeout() }));
  }

  capacity(row: SgDeviceInfo): Promise<DeviceCapacity> {
    const d = this.#device(row);
    if (!d.capacity) {
      d.capacity = this.#dataIn(row, META.readCapacity16, (lane) => lane.execute(readCapacity16, {}, { timeout: this.#timeout() })).then((bytes) => {
        const c = decodeReadCapacity16(bytes);
        return { blocks: c.numberOfBlocks, blockSize: c.blockLength, bytes: c.capacityBytes, detail: toJsonSafe(c) as Record<string, unknown> };
      });
      d.capacity.catch(() => {
        d.capacity = undefined;
      });
    }
    return d.capacity;
  }

  async *readBlocks(row: SgDeviceInfo, lba: bigint, count: bigint): AsyncGenerator<Uint8Array> {
    const { blockSize } = await this.capacity(row);
    let next = lba;
    const end = lba + count;
    while (next < end) {
      const at = next;
      const chunk = await this.#run(row, META.read16, async (lane) => {
        const perCommand = BigInt(Math.max(1, Math.floor(Math.min(this.#config.ioSizeBytes, lane.reservedMapping!.length) / blockSize)));
        const n = Number(end - at < perCommand ? end - at : perCommand);
        // core copies the data out of the mapping before the lane runs its next command
        const into = Buffer.allocUnsafeSlow(n * blockSize);
        await lane.readBlocks(at, n, { blockSize, into, transfer: 'mmap', cdbSize: 16, timeout: this.#timeout() });
        return { value: into, bytes: into.length };
      });
      next += BigInt(chunk.length / blockSize);
      yield chunk;
    }
  }

  async writeBlocks(row: SgDeviceInfo, lba: bigint, source: AsyncIterable<Uint8Array>, byteLength: number): Promise<number> {
    const { blockSize } = await this.capacity(row);
    const staging = Buffer.allocUnsafe(Math.max(blockSize, Math.floor(this.#config.ioSizeBytes / blockSize) * blockSize));
    let filled = 0;
    let written = 0;
    let next = lba;
    const flush = async (): Promise<void> => {
      let offset = 0;
      while (offset < filled) {
        const at = next;
        const sent = await this.#run(row, META.write16, async (lane) => {
          const room = Math.floor(Math.min(filled - offset, lane.reservedMapping!.length) / blockSize) * blockSize;
          await lane.writeBlocks(at, staging.subarray(offset, offset + room), { blockSize, transfer: 'mmap', cdbSize: 16, timeout: this.#timeout() });
          return { value: room, bytes: room };
        });
        offset += sent;
        written += sent;
        next += BigInt(sent / blockSize);
      }
      filled = 0;
    };
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
    if (written + filled !== byteLength) throw new ProblemError(400, 'body-too-short', 'Body shorter than declared', `The body ended after ${written + filled} of ${byteLength} bytes; ${written} were written.`);
    await flush();
    return written;
  }

  command(row: SgDeviceInfo, request: CommandRequest): Promise<CommandReply> {
    const meta: CommandMeta = { opcode: request.cdb[0] ?? 0, name: request.name, direction: request.direction };
    return this.#run(row, meta, async (lane) => {
      const r = await lane.execute(request.cdb, {
        direction: request.direction,
        ...(request.direction === 'in' ? { receive: request.receive } : {}),
        ...(request.direction === 'out' && request.data ? { data: request.data } : {}),
        timeout: request.timeoutMs,
        retry: false,
      });
      const data = r.data ? Uint8Array.from(r.data) : new Uint8Array(0);
      return {
        value: { command: request.name, status: r.status, statusName: r.statusName, data, durationMs: r.durationMs, senseBytes: Uint8Array.from(r.senseBytes) },
        bytes: request.direction === 'out' ? (request.data?.length ?? 0) : data.length,
      };
    });
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

/** Throws the error that ended `d` (gone or closing), if any. */
function failIfFailed(d: OpenDevice): void {
  if (d.failure) throw d.failure;
}
