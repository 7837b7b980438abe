/**
 * A disk in memory behind the ScsiCommands interface, for host unit tests
 * of the convenience methods and the streams: it answers TEST UNIT READY,
 * INQUIRY (VPD 0x80), READ CAPACITY(10)/(16), READ/WRITE(10)/(16),
 * SYNCHRONIZE CACHE and MODE SENSE, with real sense data for errors, and
 * completes asynchronous commands after a random delay (out of order).
 */
import { encodeSense, type CdbDefinition, type FieldSpecs, type FieldsInput } from '@sgio/struct';
import { ScsiCommands } from '../../commands/scsi-commands.js';
import { buildResult } from '../../execute/build-result.js';
import type { ExecuteOptions } from '../../execute/options.js';
import { errorFor } from '../../execute/outcome.js';
import { prepareCommand, type PreparedCommand } from '../../execute/prepare.js';
import type { CommandResult } from '../../execute/result.js';

/** Settings of a {@link FakeDisk}. */
export interface FakeDiskOptions {
  /** Blocks stored in memory. */
  readonly blocks: number;
  /** Block size (default 512). */
  readonly blockSize?: number;
  /** Block count READ CAPACITY reports (default `blocks`); larger values test the (16) path. */
  readonly reportedBlocks?: bigint;
  /** Answer MODE SENSE(10) with INVALID COMMAND OPERATION CODE. */
  readonly noModeSense10?: boolean;
  /** Longest random completion delay of async commands, ms (default 0: next macrotask). */
  readonly maxDelayMs?: number;
  /** Serial number returned in VPD 0x80. */
  readonly serial?: string;
}

const sense = (key: number, asc: number): Uint8Array => encodeSense({ key, asc });

/** The in-memory disk. */
export class FakeDisk extends ScsiCommands {
  /** The stored bytes. */
  readonly storage: Uint8Array;
  /** Every CDB received, copied. */
  readonly cdbs: Uint8Array[] = [];
  /** Async commands running now / at most at once. */
  inFlight = 0;
  maxInFlight = 0;
  readonly #o: FakeDiskOptions;
  readonly #bs: number;

  constructor(options: FakeDiskOptions) {
    super();
    this.#o = options;
    this.#bs = options.blockSize ?? 512;
    this.storage = new Uint8Array(options.blocks * this.#bs);
  }

  executeSync<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): CommandResult;
  executeSync(cdb: Uint8Array, options?: ExecuteOptions): CommandResult;
  executeSync(a: CdbDefinition | Uint8Array, b?: object, c?: ExecuteOptions): CommandResult {
    const options = (a instanceof Uint8Array ? b : c) ?? {};
    const command = prepareCommand(a instanceof Uint8Array ? a : { definition: a, fields: b as FieldsInput<FieldSpecs> }, options, undefined);
    return this.#finish(command, options);
  }

  execute<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): Promise<CommandResult>;
  execute(cdb: Uint8Array, options?: ExecuteOptions): Promise<CommandResult>;
  async execute(a: CdbDefinition | Uint8Array, b?: object, c?: ExecuteOptions): Promise<CommandResult> {
    const options = (a instanceof Uint8Array ? b : c) ?? {};
    const command = prepareCommand(a instanceof Uint8Array ? a : { definition: a, fields: b as FieldsInput<FieldSpecs> }, options, undefined);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((r) => setTimeout(r, Math.random() * (this.#o.maxDelayMs ?? 0)));
      return this.#finish(command, options);
    } finally {
      this.inFlight--;
    }
  }

  #finish(command: PreparedCommand, options: ExecuteOptions): CommandResult {
    this.cdbs.push(command.cdb.slice());
    const { status, senseBytes, response, written } = this.#respond(command);
    let resid = command.length;
    if (response && command.data) {
      const n = Math.min(response.length, command.length);
      command.data.set(response.subarray(0, n));
      resid = command.length - n;
    } else if (written) resid = 0;
    const senseBuffer = new Uint8Array(252);
    senseBuffer.set(senseBytes);
    const completion = { status, maskedStatus: 0, msgStatus: 0, sbLenWr: senseBytes.length, hostStatus: 0, driverStatus: senseBytes.length ? 0x08 : 0, resid, duration: 0, info: 0, packId: 0, usrPtr: 0 };
    const result = buildResult(command, completion, senseBuffer, undefined, undefined, undefined);
    const error = errorFor(result, command.timeoutMs);
    if (error && options.throwOnError !== false) throw error;
    return result;
  }

  #respond(command: PreparedCommand): { status: number; senseBytes: Uint8Array; response?: Uint8Array; written?: boolean } {
    const cdb = command.cdb;
    const v = new DataView(cdb.buffer, cdb.byteOffset, cdb.length);
    const ok = { status: 0, senseBytes: new Uint8Array(0) };
    const bad = (asc: number): { status: number; senseBytes: Uint8Array } => ({ status: 2, senseBytes: sense(5, asc) });
    const blocks = this.#o.reportedBlocks ?? BigInt(this.#o.blocks);
    const bs = this.#bs;
    const range = (lba: bigint, count: number): [number, number] | undefined => (lba + BigInt(count) > BigInt(this.#o.blocks) ? undefined : [Number(lba) * bs, count * bs]);
    switch (cdb[0]) {
      case 0x00:
      case 0x35:
      case 0x91:
        return ok;
      case 0x12: {
        if (!(cdb[1]! & 1) || cdb[2] !== 0x80) return bad(0x24);
        const serial = new TextEncoder().encode(this.#o.serial ?? 'FAKE');
        const page = new Uint8Array(4 + serial.length);
        page[1] = 0x80;
        new DataView(page.buffer).setUint16(2, serial.length);
        page.set(serial, 4);
        return { ...ok, response: page };
      }
      case 0x25: {
        const r = new Uint8Array(8);
        const last = blocks - 1n;
        new DataView(r.buffer).setUint32(0, last > 0xffffffffn ? 0xffffffff : Number(last));
        new DataView(r.buffer).setUint32(4, bs);
        return { ...ok, response: r };
      }
      case 0x9e: {
        const r = new Uint8Array(32);
        new DataView(r.buffer).setBigUint64(0, blocks - 1n);
        new DataView(r.buffer).setUint32(8, bs);
        r[14] = 0xc0;
        return { ...ok, response: r };
      }
      case 0x28:
      case 0x88:
      case 0x2a:
      case 0x8a: {
        const long = cdb[0] === 0x88 || cdb[0] === 0x8a;
        const lba = long ? v.getBigUint64(2) : BigInt(v.getUint32(2));
        const count = long ? v.getUint32(10) : v.getUint16(7);
        const at = range(lba, count);
        if (!at) return bad(0x21);
        if (cdb[0] === 0x28 || cdb[0] === 0x88) return { ...ok, response: this.storage.subarray(at[0], at[0] + at[1]) };
        this.storage.set(command.data!.subarray(0, at[1]), at[0]);
        return { ...ok, written: true };
      }
      case 0x5a:
      case 0x1a: {
        if (cdb[0] === 0x5a && this.#o.noModeSense10) return bad(0x20);
        const header = cdb[0] === 0x5a ? 8 : 4;
        const r = new Uint8Array(header + 20);
        if (header === 8) new DataView(r.buffer).setUint16(0, r.length - 2);
        else r[0] = r.length - 1;
        r[header] = 0x08;
        r[header + 1] = 18;
        r[header + 2] = 0x04; // WCE
        return { ...ok, response: r };
      }
      default:
        return bad(0x20);
    }
  }
}
