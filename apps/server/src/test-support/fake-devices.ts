/**
 * An in-memory {@link DeviceAccess} for host unit tests of the HTTP layer
 * (auth, config, errors, ranges, OpenAPI). Not a device proof: the lab
 * tests run the same routes against real sg devices.
 */
import { CheckConditionError, CommandResult, type DeviceHealth, type SgDeviceInfo } from '@sgio/core';
import { classifySense, decodeSense, encodeSense } from '@sgio/struct';
import type { CommandReply, CommandRequest, DeviceAccess, DeviceCapacity } from '../devices/access.js';
import { WriteStoppedError } from '../errors/write-stopped.js';

/** A fake disk row. */
export function fakeRow(n: number): SgDeviceInfo {
  return {
    name: `sg${n}`,
    path: `/dev/sg${n}`,
    hctl: `0:0:${n}:0`,
    host: 0,
    channel: 0,
    target: n,
    lun: 0,
    peripheralType: 0,
    vendor: 'Linux',
    model: 'scsi_debug',
    revision: '0191',
  };
}

/** Fixed-format sense bytes. */
export function fixedSense(key: number, asc: number, ascq: number): Uint8Array {
  return encodeSense({ key, asc, ascq });
}

/** A CHECK CONDITION error as @sgio/core throws it. */
export function checkCondition(key: number, asc: number, ascq: number, command = 'READ(16)'): CheckConditionError {
  const senseBytes = fixedSense(key, asc, ascq);
  const result = new CommandResult({
    command,
    cdb: new Uint8Array(16),
    completion: { status: 2, senseLength: 18, hostStatus: 0, driverStatus: 8, resid: 0, duration: 1, info: 1 },
    senseBytes,
    requested: 0,
    data: undefined,
    elapsedMs: 1,
    retries: [],
  });
  const sense = decodeSense(senseBytes);
  return new CheckConditionError(result, sense, classifySense(sense));
}

function inquiryBytes(): Uint8Array {
  const b = new Uint8Array(36);
  b[2] = 7;
  b[3] = 2;
  b[4] = 31;
  b.set(Buffer.from('Linux   scsi_debug      0191', 'latin1'), 8);
  return b;
}

/** What the fake records. */
export interface FakeLog {
  /** Commands run through `command()`. */
  readonly commands: CommandRequest[];
  /** Writes: lba and length. */
  readonly writes: { lba: bigint; bytes: number }[];
}

/** An in-memory disk set: `sg0` and `sg1`, 2048 blocks of 512 bytes each, filled with a pattern. */
export class FakeDevices implements DeviceAccess {
  readonly blockSize = 512;
  readonly blocks = 2048n;
  readonly rows = [fakeRow(0), fakeRow(1)];
  readonly disk: Buffer;
  readonly log: FakeLog = { commands: [], writes: [] };
  /** Set to make the next device call fail with this error. */
  failNext: Error | undefined;
  closing = false;

  constructor() {
    this.disk = Buffer.alloc(Number(this.blocks) * this.blockSize);
    for (let i = 0; i < this.disk.length; i++) this.disk[i] = (i * 7 + (i >> 9)) & 0xff;
  }

  #maybeFail(): void {
    const e = this.failNext;
    this.failNext = undefined;
    if (e) throw e;
  }

  list(): readonly SgDeviceInfo[] {
    return this.rows;
  }

  resolve(id: string): SgDeviceInfo | undefined {
    return this.rows.find((r) => r.name === id || r.hctl === id);
  }

  inquiry(): Promise<Uint8Array> {
    this.#maybeFail();
    return Promise.resolve(inquiryBytes());
  }

  vpd(_row: SgDeviceInfo, page: number): Promise<Uint8Array> {
    this.#maybeFail();
    if (page === 0) return Promise.resolve(Uint8Array.from([0, 0, 0, 2, 0x00, 0x80]));
    if (page === 0x80) return Promise.resolve(Uint8Array.from([0, 0x80, 0, 4, 0x31, 0x32, 0x33, 0x34]));
    return Promise.reject(checkCondition(5, 0x24, 0, 'INQUIRY'));
  }

  modeSense(_row: SgDeviceInfo, page: number): Promise<Uint8Array> {
    this.#maybeFail();
    // 8-byte MODE SENSE(10) header, then the caching page (0x08, 18 bytes)
    const b = new Uint8Array(8 + 20);
    b[1] = b.length - 2;
    b[8] = page;
    b[9] = 18;
    b[10] = 0x04; // WCE
    return Promise.resolve(b);
  }

  /** The fake has no health facts: the route's answer is proven in the lab (device-health.lab.test.ts). */
  health(): Promise<DeviceHealth> {
    this.#maybeFail();
    return Promise.reject(new Error('FakeDevices has no health facts'));
  }

  logSense(_row: SgDeviceInfo, page: number): Promise<Uint8Array> {
    this.#maybeFail();
    return Promise.resolve(Uint8Array.from([page, 0, 0, 3, 0x00, 0x0d, 0x2f]));
  }

  capacity(): Promise<DeviceCapacity> {
    this.#maybeFail();
    return Promise.resolve({ blocks: this.blocks, blockSize: this.blockSize, bytes: this.blocks * BigInt(this.blockSize), detail: {} });
  }

  async *readBlocks(_row: SgDeviceInfo, lba: bigint, count: bigint): AsyncGenerator<Uint8Array> {
    this.#maybeFail();
    const per = 64n;
    for (let at = lba; at < lba + count; at += per) {
      const n = lba + count - at < per ? lba + count - at : per;
      await Promise.resolve();
      yield this.disk.subarray(Number(at) * this.blockSize, Number(at + n) * this.blockSize);
    }
  }

  async writeBlocks(_row: SgDeviceInfo, lba: bigint, source: AsyncIterable<Uint8Array>, byteLength: number): Promise<number> {
    this.#maybeFail();
    let offset = Number(lba) * this.blockSize;
    let total = 0;
    try {
      for await (const piece of source) {
        this.disk.set(piece, offset);
        offset += piece.length;
        total += piece.length;
      }
      if (total !== byteLength) throw new Error('short body');
    } catch (e) {
      const blocks = Math.floor(total / this.blockSize);
      throw new WriteStoppedError(e, lba, blocks, blocks * this.blockSize);
    }
    this.log.writes.push({ lba, bytes: total });
    return total;
  }

  command(_row: SgDeviceInfo, request: CommandRequest): Promise<CommandReply> {
    this.#maybeFail();
    this.log.commands.push(request);
    const data = request.direction === 'in' ? inquiryBytes().subarray(0, Math.min(36, request.receive)) : new Uint8Array(0);
    return Promise.resolve({ command: request.name, status: 0, statusName: 'GOOD', data, durationMs: 0, senseBytes: new Uint8Array(0) });
  }

  close(): Promise<void> {
    this.closing = true;
    return Promise.resolve();
  }
}
