/** Host tests of the exported flows against a scripted device: re-asking, `{ data, decoded, result }`, decoder registries. */
import { createDecoderRegistry, type CdbDefinition, type FieldSpecs, type FieldsInput } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import type { ExecuteOptions } from '../execute/options.js';
import type { CommandResult } from '../execute/result.js';
import { runFlowAsync, runFlowSync, type Executor } from './command-step.js';
import { readCapacityFlow } from './capacity-flow.js';
import { vpdFlow } from './identify-flows.js';
import { lbaStatusFlow } from './lba-status-flow.js';
import { logSenseFlow } from './page-flows.js';

/** A device that answers each CDB with `answer(cdb)` cut to the allocation length it was given. */
function scripted(answer: (cdb: Uint8Array) => Uint8Array): Executor & { cdbs: Uint8Array[] } {
  const cdbs: Uint8Array[] = [];
  const run = <F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, _options?: ExecuteOptions): CommandResult => {
    const cdb = definition.encode(fields ?? ({}));
    cdbs.push(cdb);
    const full = answer(cdb);
    const room = definition.dataLengthOf(fields);
    return { command: definition.name, cdb, data: full.subarray(0, Math.min(room, full.length)) } as unknown as CommandResult;
  };
  return { cdbs, executeSync: run, execute: (d, f, o) => Promise.resolve(run(d, f, o)) };
}

const allocation16 = (cdb: Uint8Array, at: number): number => (cdb[at]! << 8) | cdb[at + 1]!;

describe('vpdFlow', () => {
  it('re-asks with the length the page declares, as sg_vpd does', async () => {
    const page = new Uint8Array(400);
    page[1] = 0xc0;
    new DataView(page.buffer).setUint16(2, 396);
    const dev = scripted(() => page);
    const { data, decoded, result } = await runFlowAsync(dev, vpdFlow(0xc0));
    expect(dev.cdbs.map((c) => allocation16(c, 3))).toEqual([252, 400]);
    expect(data).toHaveLength(400);
    expect(decoded).toMatchObject({ pageCode: 0xc0, generic: true });
    expect(result.cdb).toBe(dev.cdbs[1]);
  });
});

describe('logSenseFlow', () => {
  const vendorLog = Uint8Array.of(0x30, 0, 0, 4, 0, 1, 0x03, 0, 0, 0, 0, 0);
  vendorLog[3] = 8;
  const dev = (): ReturnType<typeof scripted> => scripted(() => vendorLog);

  it('decodes a page with the registry it is given, generic without', () => {
    const decoders = createDecoderRegistry().use({ name: 'vendor', logPages: [{ pageCode: 0x30, name: 'Vendor health', decode: (b: Uint8Array) => ({ vendorHealth: b.length }) }] });
    expect(runFlowSync(dev(), logSenseFlow(0x30, { decoders })).decoded).toEqual({ vendorHealth: 12 });
    expect(runFlowSync(dev(), logSenseFlow(0x30)).decoded).toMatchObject({ pageCode: 0x30, generic: true });
  });

  it('takes the page control by name or value', () => {
    const d = dev();
    runFlowSync(d, logSenseFlow(0x30, { pageControl: 3 }));
    runFlowSync(d, logSenseFlow(0x30, { pageControl: 'current-threshold' }));
    expect(d.cdbs.map((c) => c[2]! >> 6)).toEqual([3, 0]);
    expect(() => runFlowSync(d, logSenseFlow(0x30, { pageControl: 4 }))).toThrow(RangeError);
  });
});

describe('readCapacityFlow', () => {
  it('returns the bytes and result of READ CAPACITY(16) when (10) says the capacity needs it', () => {
    const rc10 = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 2, 0);
    const rc16 = new Uint8Array(32);
    new DataView(rc16.buffer).setBigUint64(0, 2n ** 33n - 1n);
    new DataView(rc16.buffer).setUint32(8, 512);
    const dev = scripted((cdb) => (cdb[0] === 0x25 ? rc10 : rc16));
    const { data, decoded, result } = runFlowSync(dev, readCapacityFlow());
    expect(decoded).toMatchObject({ source: 16, blocks: 2n ** 33n, blockSize: 512 });
    expect(data).toHaveLength(32);
    expect(result.command).toBe('READ CAPACITY(16)');
  });
});

describe('lbaStatusFlow', () => {
  // 8-byte header (RTP set) and one descriptor: 16 blocks from LBA 0, anchored
  const answer = Uint8Array.of(0, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 2, 0, 0, 0);

  it('sends REPORT TYPE as the whole byte 14 (SBC-5: 4 anchored, 10h unrecovered error)', () => {
    const dev = scripted(() => answer);
    const r = runFlowSync(dev, lbaStatusFlow(0, { reportType: 4 }));
    runFlowSync(dev, lbaStatusFlow(0, { reportType: 0x10 }));
    expect(dev.cdbs.map((c) => c[14])).toEqual([4, 0x10]);
    expect(r.decoded).toMatchObject({ rtp: true, descriptors: [{ numberOfBlocks: 16, provisioningStatusName: 'anchored' }] });
  });

  it('refuses a report type that is not a byte', () => {
    const dev = scripted(() => answer);
    expect(() => runFlowSync(dev, lbaStatusFlow(0, { reportType: 0x100 }))).toThrow(RangeError);
    expect(() => runFlowSync(dev, lbaStatusFlow(0, { reportType: -1 }))).toThrow(RangeError);
  });
});
