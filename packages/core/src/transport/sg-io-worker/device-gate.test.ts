import { afterEach, describe, expect, it } from 'vitest';
import { DeviceGate } from './device-gate.js';

const toError = (s: AbortSignal): Error => new Error(`aborted: ${String(s.reason)}`);
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('DeviceGate', () => {
  afterEach(() => DeviceGate.setPerDevice(8));

  it('lets at most perDevice calls of one device through, shared by every fd of it, the rest in arrival order', async () => {
    DeviceGate.setPerDevice(2);
    const a = DeviceGate.take('0:0:0:0');
    const b = DeviceGate.take('0:0:0:0'); // a second fd of the same device
    const other = DeviceGate.take('1:0:0:0');
    expect(b).toBe(a);
    const order: number[] = [];
    const calls = [1, 2, 3, 4].map((n) => a.acquire([], toError).then(() => order.push(n)));
    await tick();
    expect([order, a.running, a.waiting]).toEqual([[1, 2], 2, 2]);
    await other.acquire([], toError); // another device is not held up
    a.release();
    await tick();
    expect(order).toEqual([1, 2, 3]);
    DeviceGate.setPerDevice(3); // a raised cap lets a waiting call go at once
    await Promise.all(calls);
    expect(order).toEqual([1, 2, 3, 4]);
    DeviceGate.put(a);
    DeviceGate.put(b);
    DeviceGate.put(other);
    expect(DeviceGate.take('0:0:0:0')).not.toBe(a); // the last user forgot it
  });

  it('withdraws a waiting call when one of its signals aborts, with the error the caller chose', async () => {
    DeviceGate.setPerDevice(1);
    const gate = DeviceGate.take('2:0:0:0');
    await gate.acquire([], toError);
    const controller = new AbortController();
    const waiting = gate.acquire([new AbortController().signal, controller.signal], toError);
    controller.abort('client gone');
    await expect(waiting).rejects.toThrow('aborted: client gone');
    expect(gate.waiting).toBe(1); // skipped when its turn comes
    gate.release();
    expect([gate.running, gate.waiting]).toEqual([0, 0]);
    await expect(gate.acquire([controller.signal], toError)).rejects.toThrow('aborted: client gone');
    DeviceGate.put(gate);
  });
});
