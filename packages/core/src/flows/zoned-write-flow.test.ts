/** Planning a write on a host-managed zoned device against a scripted device: refusals before writing, zone boundaries. */
import type { CdbDefinition, FieldSpecs, FieldsInput } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { describeError } from '../errors/error-table.js';
import type { ExecuteOptions } from '../execute/options.js';
import type { CommandResult } from '../execute/result.js';
import { runFlowSync, type Executor } from './command-step.js';
import { ZonedWriteError, zonedWritePlanFlow } from './zoned-write-flow.js';

const ZONE = 8192;

/** Zones of 8192 blocks from `first` on: zone 0 conventional, the others sequential write required with the write pointers given (default empty). */
function reportFrom(first: number, n: number, wp: Record<number, number> = {}, same = 1): Uint8Array {
  const d = new Uint8Array(64 + 64 * n);
  const v = new DataView(d.buffer);
  v.setUint32(0, 64 * n);
  d[4] = same;
  for (let k = 0; k < n; k++) {
    const i = first + k;
    const at = 64 + 64 * k;
    const start = i * ZONE;
    const pointer = wp[i] ?? start;
    d[at] = i === 0 ? 1 : 2;
    d[at + 1] = (i === 0 ? 0 : pointer === start ? 1 : pointer === start + ZONE ? 0xe : 2) << 4;
    v.setBigUint64(at + 8, BigInt(ZONE));
    v.setBigUint64(at + 16, BigInt(start));
    v.setBigUint64(at + 24, i === 0 ? 0xffffffffffffffffn : BigInt(pointer));
  }
  return d;
}

function device(type: number, zones: (startLba: number) => Uint8Array): Executor & { names: string[] } {
  const names: string[] = [];
  const run = <F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): CommandResult => {
    void options;
    const cdb = definition.encode(fields ?? {});
    names.push(definition.name);
    let full: Uint8Array;
    if (cdb[0] === 0x12) {
      full = new Uint8Array(36);
      full[0] = type;
      full[4] = 31;
    } else full = zones(Number(new DataView(cdb.buffer, cdb.byteOffset).getBigUint64(2)));
    const room = definition.dataLengthOf(fields);
    return { command: definition.name, cdb, data: full.subarray(0, Math.min(room, full.length)) } as unknown as CommandResult;
  };
  return { names, executeSync: run, execute: (d, f, o) => Promise.resolve(run(d, f, o)) };
}

const zoned = (wp: Record<number, number> = {}, same = 1): Executor & { names: string[] } => device(0x14, (lba) => reportFrom(Math.floor(lba / ZONE), 16 - Math.floor(lba / ZONE), wp, same));

describe('zonedWritePlanFlow', () => {
  it('does nothing beyond one INQUIRY on a device that is not host-managed zoned', () => {
    const disk = device(0x00, () => new Uint8Array(0));
    expect(runFlowSync(disk, zonedWritePlanFlow(100, 10))).toBeUndefined();
    expect(disk.names).toEqual(['INQUIRY']);
  });

  it('plans a write from a write pointer into empty zones, with the boundaries to split at', () => {
    const dev = zoned({ 2: 2 * ZONE + 100 });
    const plan = runFlowSync(dev, zonedWritePlanFlow(2 * ZONE + 100, ZONE + 50))!;
    expect(dev.names).toEqual(['INQUIRY', 'REPORT ZONES']);
    expect(plan.zones.map((z) => Number(z.zoneStartLba))).toEqual([2 * ZONE, 3 * ZONE]);
    expect(plan.blocksToBoundary(2 * ZONE + 100)).toBe(ZONE - 100);
    expect(plan.blocksToBoundary(3 * ZONE)).toBe(ZONE);
    expect(plan.blocksToBoundary(15 * ZONE + 1)).toBe(ZONE - 1); // the last zone reported
    expect(plan.blocksToBoundary(16 * ZONE + 5)).toBe(ZONE - 5); // past the report: zones are uniform (SAME 1)
  });

  it('writes anywhere in a conventional zone', () => {
    expect(runFlowSync(zoned(), zonedWritePlanFlow(77, 100))).toBeDefined();
  });

  it('refuses a start off the write pointer, saying where the pointer is and how to reset, with exit status 5', () => {
    const dev = zoned({ 3: 3 * ZONE + 8 });
    let error: unknown;
    try {
      runFlowSync(dev, zonedWritePlanFlow(3 * ZONE + 100, 10));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ZonedWriteError);
    expect(error).toMatchObject({ code: 'ERR_ZONE_NOT_AT_WRITE_POINTER', message: expect.stringMatching(/Write from LBA 24584.*sgio zone DEVICE --reset --zone 24576/) });
    expect(describeError(error)).toMatchObject({ exitStatus: 5, httpStatus: 409 });
  });

  it('refuses a range that runs into a zone holding data, and a full zone', () => {
    expect(() => runFlowSync(zoned({ 4: 4 * ZONE + 1 }), zonedWritePlanFlow(3 * ZONE, ZONE + 10))).toThrow(expect.objectContaining({ code: 'ERR_ZONE_NOT_EMPTY' }));
    // open-ended (input of unknown length): later zones are left to the device
    expect(runFlowSync(zoned({ 4: 4 * ZONE + 1 }), zonedWritePlanFlow(3 * ZONE, undefined))).toBeDefined();
    expect(() => runFlowSync(zoned({ 5: 6 * ZONE }), zonedWritePlanFlow(5 * ZONE, 1))).toThrow(expect.objectContaining({ code: 'ERR_ZONE_NOT_WRITABLE' }));
  });
});
