/** Host tests of the exported flows against a scripted device: re-asking, `{ data, decoded, result }`, decoder registries. */
import { createDecoderRegistry, type CdbDefinition, type FieldSpecs, type FieldsInput } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import type { ExecuteOptions } from '../execute/options.js';
import type { CommandResult } from '../execute/result.js';
import { runFlowAsync, runFlowSync, type Executor } from './command-step.js';
import { compareAndWriteFlow } from './block-flows.js';
import { readCapacityFlow } from './capacity-flow.js';
import { reportZonesFlow, zoneActionFlow } from './zone-flows.js';
import { vpdFlow } from './identify-flows.js';
import { lbaStatusFlow } from './lba-status-flow.js';
import { ownTargetPortGroupFlow, reportTargetPortGroupsFlow, setTargetPortGroupsFlow } from './alua-flows.js';
import { logSenseFlow } from './page-flows.js';

/** A device that answers each CDB with `answer(cdb)` cut to the allocation length it was given. */
function scripted(answer: (cdb: Uint8Array) => Uint8Array): Executor & { cdbs: Uint8Array[]; sent: (Uint8Array | undefined)[] } {
  const cdbs: Uint8Array[] = [];
  const sent: (Uint8Array | undefined)[] = [];
  const run = <F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): CommandResult => {
    const cdb = definition.encode(fields ?? ({}));
    cdbs.push(cdb);
    sent.push(options?.data);
    const full = answer(cdb);
    const room = definition.dataLengthOf(fields);
    return { command: definition.name, cdb, data: full.subarray(0, Math.min(room, full.length)) } as unknown as CommandResult;
  };
  return { cdbs, sent, executeSync: run, execute: (d, f, o) => Promise.resolve(run(d, f, o)) };
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

describe('compareAndWriteFlow', () => {
  it('sends COMPARE AND WRITE with the expected data, then the replacement, as one data-out buffer', () => {
    const dev = scripted(() => new Uint8Array(0));
    const expected = new Uint8Array(1024).fill(1);
    const replacement = new Uint8Array(1024).fill(2);
    runFlowSync(dev, compareAndWriteFlow(0x1234n, expected, replacement, 512, { fua: true }));
    expect(Buffer.from(dev.cdbs[0]!).toString('hex')).toBe('89080000000000001234000000020000');
    expect(dev.sent[0]).toEqual(new Uint8Array([...expected, ...replacement]));
  });

  it.each([
    [new Uint8Array(512), new Uint8Array(1024), /same length/],
    [new Uint8Array(500), new Uint8Array(500), /whole blocks of 512/],
    [new Uint8Array(0), new Uint8Array(0), /whole blocks/],
    [new Uint8Array(256 * 512), new Uint8Array(256 * 512), /at most 255 blocks/],
  ])('refuses %#: data that is not two equal runs of whole blocks', (expected, replacement, message) => {
    const dev = scripted(() => new Uint8Array(0));
    expect(() => runFlowSync(dev, compareAndWriteFlow(0, expected, replacement, 512, {}))).toThrow(message);
    expect(dev.cdbs).toEqual([]);
  });
});

describe('reportZonesFlow', () => {
  /** A REPORT ZONES answer listing `n` zones of 8192 blocks (the first conventional, the rest empty). */
  function zones(n: number): Uint8Array {
    const d = new Uint8Array(64 + 64 * n);
    const v = new DataView(d.buffer);
    v.setUint32(0, 64 * n);
    v.setBigUint64(8, BigInt(n * 8192 - 1));
    for (let i = 0; i < n; i++) {
      const at = 64 + 64 * i;
      d[at] = i === 0 ? 1 : 2;
      d[at + 1] = (i === 0 ? 0 : 1) << 4;
      v.setBigUint64(at + 8, 8192n);
      v.setBigUint64(at + 16, BigInt(i * 8192));
      v.setBigUint64(at + 24, i === 0 ? 0xffffffffffffffffn : BigInt(i * 8192));
    }
    return d;
  }
  const allocation32 = (cdb: Uint8Array): number => new DataView(cdb.buffer, cdb.byteOffset).getUint32(10);

  it('re-asks with the zone list length the device declares, and decodes every zone', async () => {
    const dev = scripted(() => zones(100));
    const { decoded } = await runFlowAsync(dev, reportZonesFlow(0));
    expect(dev.cdbs.map(allocation32)).toEqual([4096, 64 + 6400]);
    expect(decoded.zones).toHaveLength(100);
    expect(decoded.zones[1]).toMatchObject({ zoneTypeName: 'sequential-write-required', zoneConditionName: 'empty', zoneStartLba: 8192n, writePointerLba: 8192n });
  });

  it('asks for at most maxZones descriptors, from the zone start given, with the reporting option', () => {
    const dev = scripted(() => zones(100));
    const { decoded } = runFlowSync(dev, reportZonesFlow(16384n, { maxZones: 2, reportingOptions: 1 }));
    expect(dev.cdbs).toHaveLength(1);
    expect(allocation32(dev.cdbs[0]!)).toBe(64 + 128);
    expect(Buffer.from(dev.cdbs[0]!.subarray(0, 10)).toString('hex')).toBe('95000000000000004000');
    expect(dev.cdbs[0]![14]).toBe(1);
    expect(decoded.zones).toHaveLength(2);
  });

  it('refuses reporting options beyond 6 bits and a maxZones that is not positive', () => {
    const dev = scripted(() => zones(1));
    expect(() => runFlowSync(dev, reportZonesFlow(0, { reportingOptions: 0x40 }))).toThrow(/0\.\.0x3f/);
    expect(() => runFlowSync(dev, reportZonesFlow(0, { maxZones: 0 }))).toThrow(/positive/);
  });
});

describe('zoneActionFlow', () => {
  it.each([
    ['open', '94030000000000002000000000000000', { zoneId: 8192 }],
    ['close', '94010000000000002000000000030000', { zoneId: 8192n, count: 3 }],
    ['finish', '94020000000000000000000000000100', { all: true as const }],
    ['reset', '94040000000000000000000000000000', { zoneId: 0 }],
  ] as const)('%s sends %s', (action, hex, target) => {
    const dev = scripted(() => new Uint8Array(0));
    runFlowSync(dev, zoneActionFlow(action, target));
    expect(Buffer.from(dev.cdbs[0]!).toString('hex')).toBe(hex);
  });
});

describe('ALUA flows', () => {
  /** Two groups: 0 active/optimized with ports 1 and 2, 1 standby with port 3; RETURN DATA LENGTH 28. */
  const rtpg = Uint8Array.from([0, 0, 0, 28, 0x80, 0x0f, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0x02, 0x0f, 0, 1, 0, 0, 0, 1, 0, 0, 0, 3]);

  it('reportTargetPortGroupsFlow decodes the groups, states and ports', async () => {
    const dev = scripted(() => rtpg);
    const { decoded } = await runFlowAsync(dev, reportTargetPortGroupsFlow());
    expect(decoded.groups.map((g) => [g.group, g.accessStateName, g.preferred, g.ports])).toEqual([
      [0, 'active/optimized', true, [1, 2]],
      [1, 'standby', false, [3]],
    ]);
    expect(dev.cdbs[0]![0]).toBe(0xa3);
    expect(dev.cdbs[0]![1]! & 0x1f).toBe(0x0a);
  });

  it('setTargetPortGroupsFlow sends the parameter list; no change or a bad state is refused before any command', async () => {
    const dev = scripted(() => new Uint8Array(0));
    await runFlowAsync(dev, setTargetPortGroupsFlow([{ group: 1, state: 'active/optimized' }]));
    expect(Buffer.from(dev.sent[0]!).toString('hex')).toBe('0000000000000001');
    expect(dev.cdbs[0]!.subarray(6, 10)).toEqual(Uint8Array.of(0, 0, 0, 8));
    await expect(runFlowAsync(dev, setTargetPortGroupsFlow([]))).rejects.toThrow(/at least one/);
    await expect(runFlowAsync(dev, setTargetPortGroupsFlow([{ group: 1, state: 0x4 }]))).rejects.toThrow(/not a state it can set/);
    expect(dev.cdbs).toHaveLength(1);
  });

  it('ownTargetPortGroupFlow reads the TARGET PORT GROUP designator of VPD 0x83', async () => {
    // one designator: association target port (1), type 5 (target port group), group 0x0102
    const page = Uint8Array.from([0, 0x83, 0, 8, 0x01, 0x15, 0, 4, 0, 0, 0x01, 0x02]);
    expect(await runFlowAsync(scripted(() => page), ownTargetPortGroupFlow())).toBe(0x0102);
    expect(await runFlowAsync(scripted(() => Uint8Array.from([0, 0x83, 0, 0])), ownTargetPortGroupFlow())).toBeUndefined();
  });
});
