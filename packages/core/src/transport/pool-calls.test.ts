import { close, open, O_RDONLY, SystemError } from '@sgio/libc';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandCanceledError } from '../errors/sgio-error.js';
import { PoolCalls } from './pool-calls.js';

// SG_IO on /dev/null fails with ENOTTY: enough to see the bookkeeping without a device
describe('PoolCalls', () => {
  let fd = -1;
  beforeEach(() => {
    fd = open('/dev/null', O_RDONLY);
  });
  afterEach(() => close(fd));

  const gone = new Error('gone');
  const make = (deliverAfterClose = true): PoolCalls => new PoolCalls({ fd, deviceGone: () => gone, deliverAfterClose });

  it('passes the ioctl error through, counts the call until the kernel returned it, then runs returned', async () => {
    const calls = make();
    const order: string[] = [];
    const p = calls.issue(new Uint8Array(88), 'TEST', undefined, () => order.push('read'), () => order.push('returned'));
    expect(calls.inFlight).toBe(1);
    await expect(p).rejects.toSatisfy((e) => e instanceof SystemError && e.code === 'ENOTTY');
    await calls.close();
    expect(order).toEqual(['returned']); // read runs only for a call the kernel completed
    expect({ inFlight: calls.inFlight, max: calls.maxInFlight, submitted: calls.submitted }).toEqual({ inFlight: 0, max: 1, submitted: 1 });
  });

  it('an abort rejects the caller at once; the call is still counted until it returns', async () => {
    const calls = make();
    const ac = new AbortController();
    let returned = false;
    const p = calls.issue(new Uint8Array(88), 'TEST', ac.signal, () => 0, () => (returned = true));
    ac.abort(new Error('user'));
    await expect(p).rejects.toBeInstanceOf(CommandCanceledError);
    await calls.close();
    expect(returned).toBe(true);
    expect(calls.inFlight).toBe(0);
  });

  it('close() withdraws calls still waiting for a worker: they end canceled, and close() waits for all', async () => {
    const calls = make(false);
    const many = Array.from({ length: 64 }, () => calls.issue(new Uint8Array(88), 'TEST', undefined, () => 0));
    const settled = Promise.allSettled(many);
    await calls.close();
    expect(calls.closed).toBe(true);
    expect(calls.inFlight).toBe(0);
    const reasons = (await settled).map((r) => (r.status === 'rejected' ? (r.reason as Error).constructor.name : 'fulfilled'));
    // each one either reached the kernel (ENOTTY) or was withdrawn (canceled); none was left hanging,
    // and with at most 16 pool threads most of the 64 were still waiting when close() came
    for (const r of reasons) expect(['SystemError', 'CommandCanceledError']).toContain(r);
    expect(reasons.filter((r) => r === 'CommandCanceledError').length).toBeGreaterThanOrEqual(64 - 16);
  });
});
