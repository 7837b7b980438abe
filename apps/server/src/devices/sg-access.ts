/**
 * The real device layer: discovery through @sgio/core, commands through
 * `SgDevice.execute`, block data through each lane's mapped reserved buffer
 * (`transfer: 'mmap'`). Every command is counted in the metrics. A device
 * that goes away fails its lanes: its in-flight and waiting requests get
 * clean errors, and later requests no longer find it.
 */
import { listDevices, sgNodeForBlockDevice, type SgDevice, type SgDeviceInfo } from '@sgio/core';
import {
  decodeReadCapacity16,
  inquiry,
  logSense,
  modeSense10,
  read16,
  readCapacity16,
  write16,
  type DataDirection,
} from '@sgio/struct';
import type { ServerConfig } from '../config/config.js';
import { ProblemError } from '../errors/problem-error.js';
import { toJsonSafe } from '../http/json-safe.js';
import type { ServerMetrics } from '../metrics/metrics.js';
import type { CommandReply, CommandRequest, DeviceAccess, DeviceCapacity } from './access.js';
import { Allowlist } from './allowlist.js';
import { DeviceCatalog } from './catalog.js';
import { DeviceLanes } from './lanes.js';
import { isGone, outcomeOf } from './outcome.js';

interface OpenDevice {
  readonly lanes: DeviceLanes;
  capacity: Promise<DeviceCapacity> | undefined;
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
      const device = row.name;
      d = {
        capacity: undefined,
        lanes: new DeviceLanes(row.path, {
          limit: this.#config.concurrency,
          readOnly: !this.#config.allowWrite,
          ioSizeBytes: this.#config.ioSizeBytes,
          onInFlight: (n, peak) => {
            this.#metrics.inFlight.set({ device }, n);
            this.#metrics.inFlightPeak.set({ device }, peak);
          },
        }),
      };
      this.#open.set(key, d);
    }
    return d;
  }

  /** Runs `fn` on a lane of `row`, counting the command; a gone device fails its lanes. */
  async #run<T>(row: SgDeviceInfo, meta: CommandMeta, fn: (lane: SgDevice) => Promise<{ value: T; bytes: number }>): Promise<T> {
    const d = this.#device(row);
    try {
      return await d.lanes.use(async (lane) => {
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
      }, this.#config.requestTimeoutMs);
    } catch (e) {
      if (isGone(e)) this.#forget(row, d, e);
      throw e;
    }
  }

  #forget(row: SgDeviceInfo, d: OpenDevice, error: unknown): void {
    const key = `${row.path}|${row.hctl}`;
    if (this.#open.get(key) === d) this.#open.delete(key);
    this.#catalog.invalidate();
    void d.lanes.fail(error);
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
        const n = end - at < perCommand ? end - at : perCommand;
        const r = await lane.execute(read16, { lba: at, transferLength: Number(n) }, { blockSize, transfer: 'mmap', timeout: this.#timeout() });
        // copy out of the mapping before the lane runs its next command
        const data = Buffer.from(r.data ?? new Uint8Array(0));
        if (data.length !== Number(n) * blockSize) throw new ProblemError(502, 'short-transfer', 'Short transfer', `READ(16) at LBA ${at} returned ${data.length} of ${Number(n) * blockSize} bytes.`);
        return { value: data, bytes: data.length };
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
          const data = staging.subarray(offset, offset + room);
          await lane.execute(write16, { lba: at, transferLength: room / blockSize }, { blockSize, data, transfer: 'mmap', timeout: this.#timeout() });
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
    await Promise.all(devices.map((d) => d.lanes.drained(graceMs)));
    await Promise.all(
      devices.map((d) => d.lanes.fail(new ProblemError(503, 'shutting-down', 'Shutting down', 'sgiod is shutting down; the device was closed.'))),
    );
  }
}
