import { describe, expect, it } from 'vitest';
import { CommandCanceledError, DeviceClosedError } from '../errors/sgio-error.js';
import { caught } from '../test-support/caught.js';
import { LaneGate } from './lane-gate.js';

describe('LaneGate', () => {
  it('hands out free lanes at once, lowest first, and counts them', async () => {
    const gate = new LaneGate(3, '/dev/x', 'test');
    expect(await gate.acquire(undefined)).toBe(0);
    expect(await gate.acquire(undefined)).toBe(1);
    expect(gate.busy).toBe(2);
    expect(gate.maxBusy).toBe(2);
    gate.release(0);
    expect(gate.busy).toBe(1);
    expect(await gate.acquire(undefined)).toBe(0);
    expect(gate.stats(0).perLane).toEqual([2, 1, 0]);
  });

  it('makes callers wait in order once every lane is taken, and hands a released lane to the first', async () => {
    const gate = new LaneGate(1, '/dev/x', 'test');
    const lane = await gate.acquire(undefined);
    const order: string[] = [];
    const a = gate.acquire(undefined).then((l) => order.push(`a${l}`));
    const b = gate.acquire(undefined).then((l) => order.push(`b${l}`));
    expect(gate.waiting).toBe(2);
    gate.release(lane);
    await a;
    expect(order).toEqual(['a0']);
    expect(gate.busy).toBe(1);
    gate.release(0);
    await b;
    expect(order).toEqual(['a0', 'b0']);
    expect(gate.maxBusy).toBe(1);
    expect(gate.stats(0).perLane).toEqual([3]);
  });

  it('lets a waiter leave when its signal fires; the lane goes to the next one', async () => {
    const gate = new LaneGate(1, '/dev/x', 'test');
    await gate.acquire(undefined);
    const leave = new AbortController();
    const leaving = gate.acquire(leave.signal);
    const staying = gate.acquire(undefined);
    leave.abort(new Error('client went away'));
    const e = (await caught(leaving)) as CommandCanceledError;
    expect(e).toBeInstanceOf(CommandCanceledError);
    expect(e.reason).toBe('aborted');
    gate.release(0);
    expect(await staying).toBe(0);
    expect(gate.waiting).toBe(0);
  });

  it('refuses a caller whose signal has fired already', async () => {
    const gate = new LaneGate(2, '/dev/x', 'test');
    expect(await caught(gate.acquire(AbortSignal.abort()))).toBeInstanceOf(CommandCanceledError);
    expect(gate.busy).toBe(0);
  });

  it('rejects the waiting callers when closed, and refuses later ones with DeviceClosedError', async () => {
    const gate = new LaneGate(1, '/dev/x', 'the call');
    await gate.acquire(undefined);
    const signal = new AbortController();
    const waiting = [gate.acquire(undefined), gate.acquire(signal.signal)];
    gate.close();
    for (const w of waiting) expect(await caught(w)).toMatchObject({ reason: 'closed' });
    // the signal's listener went with the waiter: aborting now changes nothing
    signal.abort();
    const later = await caught(gate.acquire(undefined));
    expect(later).toBeInstanceOf(DeviceClosedError);
    expect((later as Error).message).toMatch(/\/dev\/x/);
    gate.close();
  });
});
