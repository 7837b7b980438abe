/** classifyCdb over the whole registry and the whole T10 opcode table. */
import { describe, expect, it } from 'vitest';
import * as commands from '../commands/index.js';
import { standardCommands } from '../commands/registry.js';
import { defineCdb } from '../dsl/cdb.js';
import { CommandSet, defineCommandPack } from '../dsl/command-set.js';
import { isEffect } from '../dsl/effect.js';
import { control, u8 } from '../dsl/fields.js';
import { PeripheralDeviceType } from '../tables/device-types.js';
import { opcodeEntries, opcodeGroupsFor, type OpcodeDeviceGroup } from '../tables/opcodes.js';
import { classifyCdb, minimumCdbLength } from './classify-cdb.js';
import { OPCODE_RULES, type OpcodeGroupRule } from './opcode-effects.js';

const listedOpcodes = Array.from({ length: 256 }, (_, i) => i).filter((op) => opcodeEntries(op).length > 0);

/** A zeroed CDB of the right length for an opcode (32 bytes for 7Fh). */
function cdbOf(opcode: number, length = opcode === 0x7f ? 32 : Math.max(minimumCdbLength(opcode), 6)): Uint8Array {
  const cdb = new Uint8Array(length);
  cdb[0] = opcode;
  return cdb;
}

function rulesOf(r: OpcodeGroupRule): { effect: string }[] {
  return 'effect' in r ? [r] : [...r.byServiceAction.values(), r.other];
}

describe('the opcode effect table', () => {
  it('has a rule for every opcode and device type group of the T10 table', () => {
    expect(listedOpcodes.length).toBeGreaterThan(140);
    for (const op of listedOpcodes) {
      const groups = OPCODE_RULES.get(op);
      expect(groups, `opcode 0x${op.toString(16)} has no effect rule`).toBeDefined();
      for (const e of opcodeEntries(op)) {
        expect(groups![e.group as OpcodeDeviceGroup], `opcode 0x${op.toString(16)} (${e.name}, ${e.group}) has no effect rule`).toBeDefined();
      }
    }
  });

  it('has no rule for an opcode the T10 table does not list, and only valid effects', () => {
    for (const [op, groups] of OPCODE_RULES) {
      expect(opcodeEntries(op).length, `0x${op.toString(16)}`).toBeGreaterThan(0);
      for (const [group, r] of Object.entries(groups)) {
        expect(opcodeEntries(op).some((e) => e.group === group), `0x${op.toString(16)} ${group}`).toBe(true);
        for (const x of rulesOf(r)) expect(isEffect(x.effect)).toBe(true);
      }
    }
  });

  it('agrees with every registered definition', () => {
    for (const d of standardCommands.list()) {
      const groups = OPCODE_RULES.get(d.opcode);
      expect(groups, d.id).toBeDefined();
      const order: OpcodeDeviceGroup[] = d.deviceTypes === undefined ? ['ALL', 'DISK', 'DISK_ZBC'] : [...d.deviceTypes.flatMap((t) => opcodeGroupsFor(t)), 'ALL'];
      const group = order.find((g) => groups![g] !== undefined);
      expect(group, d.id).toBeDefined();
      const r = groups![group!]!;
      if ('effect' in r) expect(r.effect, d.id).toBe(d.effect);
      else if (d.serviceAction !== undefined) expect((r.byServiceAction.get(d.serviceAction) ?? r.other).effect, d.id).toBe(d.effect);
      else for (const sa of r.byServiceAction.values()) expect(sa.effect, d.id).toBe(d.effect);
    }
  });
});

describe('classifyCdb', () => {
  it('classifies every opcode of the T10 table, with a name and a valid effect', () => {
    for (const op of listedOpcodes) {
      const c = classifyCdb(cdbOf(op));
      expect(isEffect(c.effect), `0x${op.toString(16)}`).toBe(true);
      expect(c.name, `0x${op.toString(16)}`).toBeDefined();
      for (const pdt of Object.values(PeripheralDeviceType)) expect(isEffect(classifyCdb(cdbOf(op), { deviceType: pdt }).effect)).toBe(true);
    }
  });

  it('calls vendor-specific opcodes destructive', () => {
    for (let op = 0xc0; op <= 0xff; op++) {
      const c = classifyCdb(cdbOf(op, 16));
      expect(c).toEqual({ effect: 'destructive', direction: 'unknown', known: false });
    }
  });

  it('calls reserved opcodes destructive', () => {
    const reserved = Array.from({ length: 0xc0 }, (_, i) => i).filter((op) => opcodeEntries(op).length === 0);
    expect(reserved).toContain(0x02);
    expect(reserved).toContain(0x60);
    for (const op of reserved) expect(classifyCdb(cdbOf(op, 16)).effect, `0x${op.toString(16)}`).toBe('destructive');
  });

  it('calls empty and short CDBs destructive', () => {
    expect(classifyCdb(new Uint8Array(0)).effect).toBe('destructive');
    expect(classifyCdb(Uint8Array.of(0x12)).effect).toBe('destructive');
    expect(classifyCdb(Uint8Array.of(0x28, 0, 0, 0, 0, 0)).effect).toBe('destructive');
    expect(classifyCdb(new Uint8Array(12).fill(0x88, 0, 1)).effect).toBe('destructive'); // READ(16) in 12 bytes
  });

  it('knows the standard commands', () => {
    expect(classifyCdb(commands.inquiry.encode())).toMatchObject({ effect: 'read', direction: 'in', known: true, name: 'INQUIRY' });
    expect(classifyCdb(commands.write10.encode({ lba: 1, transferLength: 1 }))).toMatchObject({ effect: 'write', direction: 'out', known: true });
    expect(classifyCdb(commands.formatUnit.encode())).toMatchObject({ effect: 'destructive', known: true });
    expect(classifyCdb(commands.startStopUnit.encode())).toMatchObject({ effect: 'state', direction: 'none', known: true });
    expect(classifyCdb(commands.persistentReserveOut.encode())).toMatchObject({ effect: 'destructive', known: true });
    expect(classifyCdb(commands.readCapacity16.encode())).toMatchObject({ effect: 'read', direction: 'in', known: true, definition: commands.readCapacity16 });
  });

  it('WRITE SAME(16) with NDOB (byte 1 bit 0) is a write without data-out', () => {
    const cdb = cdbOf(0x93, 16);
    cdb[1] = 0x01;
    cdb[13] = 8;
    expect(classifyCdb(cdb)).toMatchObject({ effect: 'write', direction: 'none', known: true, name: 'WRITE SAME(16)' });
    expect(classifyCdb(cdb, { deviceType: PeripheralDeviceType.DISK })).toMatchObject({ effect: 'write', known: true });
    expect(classifyCdb(cdb, { deviceType: PeripheralDeviceType.TAPE })).toMatchObject({ effect: 'destructive', known: false, name: 'Erase(16)' });
  });

  it('uses a general definition only where the device type has no other command on its opcode', () => {
    expect(classifyCdb(commands.formatUnit.encode(), { deviceType: PeripheralDeviceType.DISK })).toMatchObject({ effect: 'destructive', known: true });
    expect(classifyCdb(commands.synchronizeCache16.encode(), { deviceType: PeripheralDeviceType.TAPE })).toMatchObject({ effect: 'state', known: false, name: 'Space(16)' });
    expect(classifyCdb(commands.reportSupportedOpcodes.encode(), { deviceType: PeripheralDeviceType.MMC })).toMatchObject({ effect: 'state', known: false, name: 'Send key' });
    expect(classifyCdb(commands.read10.encode(), { deviceType: PeripheralDeviceType.MMC })).toMatchObject({ effect: 'read', known: true });
  });

  it('raises by fields: SEND DIAGNOSTIC with UNITOFFL self-test', () => {
    expect(classifyCdb(Uint8Array.of(0x1d, 0x04, 0, 0, 0, 0)).effect).toBe('state');
    expect(classifyCdb(Uint8Array.of(0x1d, 0x05, 0, 0, 0, 0)).effect).toBe('destructive');
  });

  it('classifies variable-length (7Fh) CDBs by the service action in bytes 8..9', () => {
    const v = (sa: number): Uint8Array => {
      const cdb = cdbOf(0x7f);
      cdb[7] = 0x18;
      cdb[8] = sa >> 8;
      cdb[9] = sa & 0xff;
      return cdb;
    };
    expect(classifyCdb(v(0x0009))).toMatchObject({ effect: 'read', direction: 'in', known: false });
    expect(classifyCdb(v(0x000b))).toMatchObject({ effect: 'write', direction: 'out' });
    expect(classifyCdb(v(0x000d)).effect).toBe('write');
    expect(classifyCdb(v(0x000a)).effect).toBe('read');
    expect(classifyCdb(v(0x1800)).effect).toBe('destructive');
    expect(classifyCdb(v(0x0009).subarray(0, 9)).effect).toBe('destructive');
  });

  it('classifies service-action opcodes the registry lacks by the table', () => {
    const sa = (op: number, action: number, len = 16): Uint8Array => {
      const cdb = cdbOf(op, len);
      cdb[1] = action;
      return cdb;
    };
    expect(classifyCdb(sa(0x9e, 0x13)).effect).toBe('read'); // REPORT REFERRALS
    expect(classifyCdb(sa(0x9e, 0x18)).effect).toBe('destructive'); // REMOVE ELEMENT AND TRUNCATE
    expect(classifyCdb(sa(0x9e, 0x1f)).effect).toBe('destructive'); // reserved
    expect(classifyCdb(sa(0xa3, 0x0a, 12)).effect).toBe('read'); // REPORT TARGET PORT GROUPS
    expect(classifyCdb(sa(0xa4, 0x0a, 12)).effect).toBe('state'); // SET TARGET PORT GROUPS
    expect(classifyCdb(sa(0x83, 0x11)).effect).toBe('write'); // WRITE USING TOKEN
    expect(classifyCdb(sa(0x94, 0x04), { deviceType: PeripheralDeviceType.ZBC }).effect).toBe('write'); // RESET WRITE POINTER
    expect(classifyCdb(sa(0x95, 0x00), { deviceType: PeripheralDeviceType.ZBC }).effect).toBe('read'); // REPORT ZONES
    expect(classifyCdb(sa(0x48, 0x01, 10)).effect).toBe('destructive'); // SANITIZE
  });

  it('reads tape-only definitions as the disk command too when the device type is unknown', () => {
    const readPosition = commands.readPosition.encode();
    expect(classifyCdb(readPosition, { deviceType: PeripheralDeviceType.TAPE })).toMatchObject({ effect: 'read', known: true, name: 'READ POSITION' });
    expect(classifyCdb(readPosition).effect).toBe('state'); // PRE-FETCH(10) on a disk
    expect(classifyCdb(cdbOf(0x05), { deviceType: PeripheralDeviceType.DISK }).effect).toBe('destructive'); // READ BLOCK LIMITS is no disk command
  });

  it('trusts the effects of the packs in the set it is given', () => {
    const peek = defineCdb({ id: 'vendorPeek', name: 'VENDOR PEEK', opcode: 0xc6, length: 6, direction: 'in', effect: 'read', dataLength: () => 8, fields: { n: u8(4), control: control(5) } });
    const set = standardCommands.clone().use(defineCommandPack({ name: 'vendor', commands: [peek] }));
    expect(classifyCdb(peek.encode(), { commands: set })).toMatchObject({ effect: 'read', direction: 'in', known: true, name: 'VENDOR PEEK' });
    expect(classifyCdb(peek.encode()).effect).toBe('destructive');
    expect(classifyCdb(commands.inquiry.encode(), { commands: new CommandSet() })).toMatchObject({ effect: 'read', known: false });
  });
});
