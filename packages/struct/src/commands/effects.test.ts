/** Every built-in command declares what it does; the dangerous ones are the ones the standards say. */
import { describe, expect, it } from 'vitest';
import { isEffect } from '../dsl/effect.js';
import * as commands from './index.js';
import { standardCommands } from './registry.js';

describe('built-in effects', () => {
  it('every registered command has a valid effect', () => {
    for (const d of standardCommands.list()) expect(isEffect(d.effect), d.id).toBe(true);
  });

  it('reads, writes, state changes and destructive commands are what SPC/SBC/SSC/SAT say', () => {
    const byEffect = (e: string): string[] => standardCommands.list().filter((d) => d.effect === e).map((d) => d.id).sort();
    expect(byEffect('destructive')).toEqual(['ataPassThrough12', 'ataPassThrough16', 'ataPassThrough32', 'formatUnit', 'persistentReserveOut', 'sanitize', 'securityProtocolOut', 'writeBuffer']);
    expect(byEffect('write')).toEqual(
      [
        'compareAndWrite',
        'resetWritePointer',
        'unmap',
        'write10',
        'write12',
        'write16',
        'write32',
        'write6',
        'writeAndVerify10',
        'writeAndVerify16',
        'writeFilemarks6',
        'writeSame10',
        'writeSame16',
        'writeSame32',
      ].sort(),
    );
    expect(byEffect('state')).toEqual(
      [
        'backgroundControl',
        'closeZone',
        'finishZone',
        'loadUnload',
        'logSelect',
        'modeSelect10',
        'modeSelect6',
        'openZone',
        'preFetch10',
        'preFetch16',
        'preventAllowMediumRemoval',
        'rewind',
        'seek10',
        'sendDiagnostic',
        'setTargetPortGroups',
        'setTimestamp',
        'space6',
        'startStopUnit',
        'streamControl',
        'synchronizeCache10',
        'synchronizeCache16',
      ].sort(),
    );
  });

  it('every other command only reads', () => {
    const reads = standardCommands.list().filter((d) => d.effect === 'read').map((d) => d.id);
    for (const id of ['getLbaStatus32', 'readBuffer16', 'readLong10', 'readLong16', 'reportZones', 'reportTimestamp', 'reportTargetPortGroups', 'getConfiguration', 'readBlockLimits', 'receiveCopyOperatingParameters']) {
      expect(reads, id).toContain(id);
    }
  });

  it('RESET WRITE POINTER loses the data of its zones (write); the other zone actions only change zone state', () => {
    expect(commands.resetWritePointer.effectOf({ all: true })).toBe('write');
    for (const d of [commands.openZone, commands.closeZone, commands.finishZone]) expect(d.effectOf({ all: true }), d.id).toBe('state');
  });

  it('WRITE SAME(32) with NDOB still writes (no data-out buffer)', () => {
    expect(commands.writeSame32.directionOf({ ndob: true })).toBe('none');
    expect(commands.writeSame32.effectOf({ ndob: true })).toBe('write');
  });

  it('WRITE SAME(16) with NDOB still writes (no data-out buffer, zeros written)', () => {
    expect(commands.writeSame16.directionOf({ ndob: true })).toBe('none');
    expect(commands.writeSame16.effectOf({ ndob: true })).toBe('write');
    expect(commands.writeSame16.effectOf({ ndob: true, unmap: true })).toBe('write');
  });

  it('WRITE BUFFER is destructive in every mode, MODE SELECT is state with or without SP', () => {
    for (const mode of [0x02, 0x05, 0x07, 0x0a, 0x0d, 0x0e, 0x0f]) expect(commands.writeBuffer.effectOf({ mode })).toBe('destructive');
    expect(commands.modeSelect6.effectOf({ sp: true })).toBe('state');
    expect(commands.modeSelect10.effectOf({ sp: false })).toBe('state');
  });

  it('SEND DIAGNOSTIC: self-tests change state; UNITOFFL self-tests and diagnostic pages are destructive', () => {
    expect(commands.sendDiagnostic.effect).toBe('state');
    expect(commands.sendDiagnostic.effectOf({ selfTestCode: 1 })).toBe('state');
    expect(commands.sendDiagnostic.effectOf({ selftest: true })).toBe('state');
    expect(commands.sendDiagnostic.effectOf({ selftest: true, devoffl: true })).toBe('state');
    expect(commands.sendDiagnostic.effectOf({ selftest: true, unitoffl: true })).toBe('destructive');
    expect(commands.sendDiagnostic.effectOf({ pf: true, parameterListLength: 16 })).toBe('destructive');
  });

  it('ATA PASS-THROUGH is destructive whatever its fields', () => {
    expect(commands.ataPassThrough16.effectOf()).toBe('destructive');
    expect(commands.ataPassThrough12.effectOf({ command: 0xec })).toBe('destructive');
  });
});
