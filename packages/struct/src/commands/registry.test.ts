/** Registry and property tests over every built-in definition. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CdbDefinition } from '../dsl/cdb.js';
import { CommandSet } from '../dsl/command-set.js';
import type { FieldInfo } from '../dsl/layout.js';
import * as commands from './index.js';
import { ataCommands, mmcCommands, sbcCommands, spcCommands, sscCommands, zbcCommands } from './packs.js';
import { createCommandSet, standardCommands } from './registry.js';

const all = standardCommands.list();

/** An arbitrary valid value for one field. */
function arbitraryFor(f: FieldInfo): fc.Arbitrary<unknown> {
  switch (f.kind) {
    case 'flag':
      return fc.boolean();
    case 'uint':
      return fc.bigInt({ min: 0n, max: (1n << BigInt(f.width)) - 1n }).map(Number);
    case 'int':
      return fc.bigInt({ min: -(1n << BigInt(f.width - 1)), max: (1n << BigInt(f.width - 1)) - 1n }).map(Number);
    case 'biguint':
      return fc.bigInt({ min: 0n, max: (1n << BigInt(f.width)) - 1n });
    case 'bytes':
      return fc.uint8Array({ minLength: f.width / 8, maxLength: f.width / 8 });
    case 'ascii':
      return fc.string({ unit: fc.constantFrom(...'ABCxyz019 -'), maxLength: f.width / 8 }).map((s) => s.trimEnd());
  }
}

type AnyFields = NonNullable<Parameters<CdbDefinition['encode']>[0]>;

function arbitraryFields(d: CdbDefinition): fc.Arbitrary<AnyFields> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of d.fieldList) model[f.name] = arbitraryFor(f);
  return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<AnyFields>;
}

describe('standardCommands', () => {
  it('holds every definition exported by name, and nothing else', () => {
    const exported = (Object.values(commands) as unknown[]).filter((v): v is CdbDefinition => typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'cdb');
    expect(exported.length).toBe(85);
    expect(new Set(all)).toEqual(new Set(exported));
    for (const d of exported) expect(commands[d.id as keyof typeof commands]).toBe(d);
  });
  const packs = [spcCommands, sbcCommands, zbcCommands, sscCommands, mmcCommands, ataCommands];
  it('is built from the six packs with use(), in order', () => {
    expect(standardCommands.packs()).toEqual(packs);
    expect(all.length).toBe(packs.reduce((n, p) => n + p.commands.length, 0));
  });
  it('re-registering the packs in a fresh set raises no clash', () => {
    expect(() => packs.reduce((set, p) => set.use(p), new CommandSet())).not.toThrow();
  });
  it.each(all.map((d) => [d.id, d] as const))('%s: found by id, T10 name, kebab name and opcode/service action', (_id, d) => {
    expect(standardCommands.get(d.id)).toBe(d);
    expect(standardCommands.get(d.name)).toBe(d);
    expect(standardCommands.get(d.id.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`))).toBe(d);
    const deviceType = d.deviceTypes?.[0];
    expect(standardCommands.byOpcode(d.opcode, d.serviceAction, { deviceType })).toBe(d);
    expect(standardCommands.lookup(d.encode(), { deviceType })).toBe(d);
  });
  it('has lower camel case ids, a T10 name, standard, description and a description on every field', () => {
    for (const d of all) {
      expect(d.id).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(d.name, d.id).toMatch(/^[A-Z][A-Z0-9 ()-]+$/);
      expect(d.standard, d.id).toMatch(/^(SPC-6|SBC-5|ZBC-2|SSC-5|MMC-6|SAT-5)$/);
      expect(d.description.length, d.id).toBeGreaterThan(10);
      for (const f of d.fieldList) expect(f.description.length, `${d.id}.${f.name}`).toBeGreaterThan(5);
    }
  });
  it('no two definitions share an id, a name or (device types aside) an opcode/service action', () => {
    const keys = all.map((d) => `${d.opcode}/${d.serviceAction ?? '-'}/${d.deviceTypes?.join(',') ?? '*'}`);
    expect(new Set(keys).size).toBe(all.length);
    expect(new Set(all.map((d) => d.id)).size).toBe(all.length);
    expect(new Set(all.map((d) => d.name)).size).toBe(all.length);
  });
  it('resolves shared opcodes by peripheral device type: 0x1B START STOP UNIT vs LOAD UNLOAD, 0x01/0x34', () => {
    const cdb = commands.startStopUnit.encode();
    expect(standardCommands.lookup(cdb)).toBe(commands.startStopUnit);
    expect(standardCommands.lookup(cdb, { deviceType: 0 })).toBe(commands.startStopUnit);
    expect(standardCommands.lookup(cdb, { deviceType: 1 })).toBe(commands.loadUnload);
    expect(standardCommands.decode(commands.readPosition.encode({ serviceAction: 6 }), { deviceType: 1 }).definition).toBe(commands.readPosition);
    expect(standardCommands.lookup(commands.rewind.encode(), { deviceType: 0 })).toBeUndefined();
  });
  it('createCommandSet() returns an extendable copy that leaves standardCommands alone', () => {
    const mine = createCommandSet();
    expect(mine).not.toBe(standardCommands);
    expect(mine.list().length).toBe(all.length);
    const vendor = { ...commands.read10, id: 'vendorRead', name: 'VENDOR READ', opcode: 0xc8 } as CdbDefinition;
    mine.register(vendor);
    expect(mine.get('vendorRead')).toBe(vendor);
    expect(standardCommands.get('vendorRead')).toBeUndefined();
    expect(() => mine.register({ ...vendor, id: 'other', name: 'OTHER', opcode: 0x28 })).toThrow(/already taken by READ\(10\)/);
  });
});

describe('round trips (fast-check) for every definition', () => {
  it.each(all.map((d) => [d.id, d] as const))('%s: encode → decode gives the fields over the defaults; the registry finds it', (_id, d) => {
    fc.assert(
      fc.property(arbitraryFields(d), (fields) => {
        const cdb = d.encode(fields);
        expect(cdb.length).toBe(d.length);
        expect(d.decode(cdb)).toEqual(d.withDefaults(fields));
        const found = standardCommands.decode(cdb, { deviceType: d.deviceTypes?.[0] });
        expect(found.definition).toBe(d);
        expect(found.fields).toEqual(d.withDefaults(fields));
        const into = new Uint8Array(d.length + 3).fill(0xa5);
        expect(d.encodeInto(into, 3, fields)).toBe(d.length);
        expect([...into.subarray(3)]).toEqual([...cdb]);
        expect(['none', 'in', 'out']).toContain(d.directionOf(fields));
        const n = d.dataLengthOf(fields, { blockSize: 4096 });
        expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
        if (d.directionOf(fields) === 'none') expect(n).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});

describe('data direction and length rules', () => {
  const ctx = { blockSize: 4096 };
  it('allocation and parameter list lengths', () => {
    expect(commands.inquiry.dataLengthOf()).toBe(252);
    expect(commands.modeSense6.dataLengthOf()).toBe(0xfc);
    expect(commands.modeSelect10.dataLengthOf({ parameterListLength: 28 })).toBe(28);
    expect(commands.modeSelect10.directionOf()).toBe('out');
    expect(commands.logSelect.directionOf()).toBe('none');
    expect(commands.logSelect.directionOf({ parameterListLength: 8 })).toBe('out');
    expect(commands.unmap.dataLengthOf()).toBe(24);
    expect(commands.persistentReserveOut.dataLengthOf()).toBe(24);
    expect(commands.securityProtocolIn.dataLengthOf({ inc512: true, allocationLength: 3 })).toBe(1536);
    expect(commands.securityProtocolOut.dataLengthOf({ transferLength: 100 })).toBe(100);
    expect(commands.sendDiagnostic.directionOf({ selftest: true })).toBe('none');
    expect(commands.sendDiagnostic.dataLengthOf({ parameterListLength: 16 })).toBe(16);
    expect(commands.writeBuffer.dataLengthOf({ parameterListLength: 0x8000 })).toBe(0x8000);
    expect(commands.readCapacity10.dataLengthOf()).toBe(8);
    expect(commands.readCapacity16.dataLengthOf()).toBe(32);
    expect(commands.testUnitReady.directionOf()).toBe('none');
  });
  it('blocks times block size; READ(6)/WRITE(6) 0 means 256', () => {
    expect(commands.read6.dataLengthOf({ transferLength: 0 })).toBe(256 * 512);
    expect(commands.write6.dataLengthOf({ transferLength: 0 }, ctx)).toBe(256 * 4096);
    expect(commands.read10.dataLengthOf({ transferLength: 0 })).toBe(0);
    expect(commands.read16.dataLengthOf({ transferLength: 8 }, ctx)).toBe(32768);
    expect(commands.write12.directionOf()).toBe('out');
  });
  it('WRITE SAME sends one block (none with NDOB); COMPARE AND WRITE twice the blocks', () => {
    expect(commands.writeSame10.dataLengthOf({ numberOfBlocks: 1000 }, ctx)).toBe(4096);
    expect(commands.writeSame16.dataLengthOf({ numberOfBlocks: 1000 })).toBe(512);
    expect(commands.writeSame16.directionOf({ ndob: true })).toBe('none');
    expect(commands.writeSame16.dataLengthOf({ ndob: true })).toBe(0);
    expect(commands.compareAndWrite.dataLengthOf({ numberOfBlocks: 3 }, ctx)).toBe(6 * 4096);
  });
  it('VERIFY follows BYTCHK', () => {
    expect(commands.verify16.directionOf()).toBe('none');
    expect(commands.verify16.dataLengthOf({ verificationLength: 9 })).toBe(0);
    expect(commands.verify10.dataLengthOf({ bytchk: 1, verificationLength: 9 })).toBe(9 * 512);
    expect(commands.verify10.dataLengthOf({ bytchk: 3, verificationLength: 9 })).toBe(512);
  });
  it('FORMAT UNIT sends the parameter list header with FMTDATA', () => {
    expect(commands.formatUnit.directionOf()).toBe('none');
    expect(commands.formatUnit.dataLengthOf({ fmtdata: true })).toBe(4);
    expect(commands.formatUnit.dataLengthOf({ fmtdata: true, longlist: true })).toBe(8);
  });
  it('READ POSITION: fixed form sizes unless an allocation length is given', () => {
    expect(commands.readPosition.dataLengthOf()).toBe(20);
    expect(commands.readPosition.dataLengthOf({ serviceAction: 6 })).toBe(32);
    expect(commands.readPosition.dataLengthOf({ serviceAction: 8 })).toBe(28);
    expect(commands.readPosition.dataLengthOf({ serviceAction: 8, allocationLength: 64 })).toBe(64);
  });
  it('ATA PASS-THROUGH: direction from PROTOCOL / T_DIR, length from T_LENGTH, BYT_BLOK, T_TYPE', () => {
    const pt16 = commands.ataPassThrough16;
    expect(pt16.directionOf()).toBe('none');
    expect(pt16.directionOf({ protocol: 3, tLength: 2, count: 1 })).toBe('none');
    expect(pt16.directionOf({ protocol: 5, tLength: 2, count: 1, bytBlok: true })).toBe('out');
    expect(pt16.directionOf({ protocol: 6, tDir: true, tLength: 2, count: 1 })).toBe('in');
    expect(pt16.directionOf({ protocol: 6, tDir: false, tLength: 2, count: 1 })).toBe('out');
    expect(pt16.dataLengthOf({ protocol: 4, tDir: true, tLength: 2, count: 0x0102, bytBlok: true })).toBe(2 * 512);
    expect(pt16.dataLengthOf({ protocol: 4, extend: true, tDir: true, tLength: 2, count: 0x0102, bytBlok: true })).toBe(0x102 * 512);
    expect(pt16.dataLengthOf({ protocol: 6, extend: true, tDir: true, tLength: 2, count: 2, bytBlok: true, tType: true }, ctx)).toBe(8192);
    expect(pt16.dataLengthOf({ protocol: 4, tDir: true, tLength: 1, features: 36 })).toBe(36);
    expect(commands.ataPassThrough12.dataLengthOf({ protocol: 4, tDir: true, tLength: 2, count: 1, bytBlok: true })).toBe(512);
  });
  it('splitAtaLba48 and joinAtaLba48 are inverse', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 2n ** 48n - 1n }).map(Number), (lba) => {
        expect(commands.joinAtaLba48(commands.splitAtaLba48(lba))).toBe(lba);
      }));
    expect(() => commands.splitAtaLba48(2 ** 48)).toThrow(RangeError);
  });
});
