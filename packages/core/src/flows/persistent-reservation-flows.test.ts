/** Persistent reservation flows against a scripted device: CDBs as sg_persist sends them, re-asking, parameter lists, refusals. */
import { PR_TYPE, encodeTransportId, type CdbDefinition, type FieldSpecs, type FieldsInput } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import type { ExecuteOptions } from '../execute/options.js';
import type { CommandResult } from '../execute/result.js';
import { runFlowSync, type Executor } from './command-step.js';
import { persistentReserveInFlow, persistentReserveOutFlow } from './persistent-reservation-flows.js';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

function scripted(answer: Uint8Array = new Uint8Array(0)): Executor & { sent: { cdb: Uint8Array; data?: Uint8Array }[] } {
  const sent: { cdb: Uint8Array; data?: Uint8Array }[] = [];
  const run = <F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): CommandResult => {
    const cdb = definition.encode(fields ?? {});
    sent.push({ cdb, ...(options?.data ? { data: options.data } : {}) });
    const room = definition.dataLengthOf(fields);
    return { command: definition.name, cdb, data: answer.subarray(0, Math.min(room, answer.length)) } as unknown as CommandResult;
  };
  return { sent, executeSync: run, execute: (d, f, o) => Promise.resolve(run(d, f, o)) };
}

describe('persistentReserveInFlow', () => {
  it('reads keys, asking again with the declared length', () => {
    const keys = new Uint8Array(8 + 8 * 200);
    const v = new DataView(keys.buffer);
    v.setUint32(0, 7);
    v.setUint32(4, 8 * 200);
    for (let i = 0; i < 200; i++) v.setBigUint64(8 + 8 * i, BigInt(i + 1));
    const dev = scripted(keys);
    const { decoded } = runFlowSync(dev, persistentReserveInFlow('readKeys'));
    expect(dev.sent.map((s) => hex(s.cdb))).toEqual(['5e 00 00 00 00 00 00 04 00 00', '5e 00 00 00 00 00 00 06 48 00']);
    expect(decoded.keys).toHaveLength(200);
    expect(decoded.generation).toBe(7);
  });

  it('sends each service action in byte 1', () => {
    for (const [action, sa] of [['readReservation', 1], ['reportCapabilities', 2], ['readFullStatus', 3]] as const) {
      const dev = scripted(new Uint8Array(8));
      runFlowSync(dev, persistentReserveInFlow(action));
      expect(dev.sent[0]!.cdb[1], action).toBe(sa);
    }
  });
});

describe('persistentReserveOutFlow', () => {
  it('registers with the basic 24-byte list, as sg_persist --register does', () => {
    const dev = scripted();
    runFlowSync(dev, persistentReserveOutFlow({ action: 'register', serviceActionKey: 0xa1n, aptpl: true }));
    expect(hex(dev.sent[0]!.cdb)).toBe('5f 00 00 00 00 00 00 00 18 00');
    expect(hex(dev.sent[0]!.data!)).toBe('00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 a1 00 00 00 00 01 00 00 00');
  });

  it('puts scope and type in byte 2 for the typed actions', () => {
    for (const [action, sa] of [['reserve', 1], ['release', 2], ['preempt', 4], ['preemptAndAbort', 5]] as const) {
      const dev = scripted();
      runFlowSync(dev, persistentReserveOutFlow({ action, key: 1n, serviceActionKey: 2n, type: PR_TYPE.exclusiveAccessRegistrantsOnly }));
      expect([dev.sent[0]!.cdb[1], dev.sent[0]!.cdb[2]], action).toEqual([sa, 0x06]);
    }
    const clear = scripted();
    runFlowSync(clear, persistentReserveOutFlow({ action: 'clear', key: 1n, type: 1 }));
    expect([clear.sent[0]!.cdb[1], clear.sent[0]!.cdb[2]]).toEqual([3, 0]);
  });

  it('register and move sends its own list with the TransportID', () => {
    const dev = scripted();
    const transportId = encodeTransportId({ protocol: 'sas', address: 0x50014050000b0002n });
    runFlowSync(dev, persistentReserveOutFlow({ action: 'registerAndMove', key: 1n, serviceActionKey: 2n, type: 1, transportId, relativeTargetPortId: 1 }));
    expect(dev.sent[0]!.cdb[1]).toBe(7);
    expect(dev.sent[0]!.data).toHaveLength(48);
  });

  it('refuses a missing type or TransportID with a message that says what to give', () => {
    expect(() => runFlowSync(scripted(), persistentReserveOutFlow({ action: 'reserve', key: 1n }))).toThrow(/type must be one of 1, 3, 5, 6, 7, 8/);
    expect(() => runFlowSync(scripted(), persistentReserveOutFlow({ action: 'registerAndMove', key: 1n, type: 1 }))).toThrow(/transportId/);
  });
});
