/**
 * SG_IO on the libc worker pool when `shutdownAsync({ timeoutMs })` stops
 * waiting for a call the kernel still holds: the caller's promise rejects
 * with `ERR_ASYNC_SHUTDOWN` at once, but the call keeps its buffers, its
 * place in flight and its prepared request until the kernel returns it, and
 * `close()` waits for that (the kernel writes sense and data into those
 * buffers when it returns). On the real sg and bsg drivers, with scsi_debug
 * delaying every command.
 */
import { callReturned, shutdownAsync } from '@sgio/libc';
import { firstDevice, requireLab, setScsiDebugDelay } from '@sgio/lab';
import { read10 } from '@sgio/struct';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BsgDevice } from '../device/bsg-device.js';
import { SgDevice } from '../device/sg-device.js';
import type { ScsiDevice } from '../device/scsi-device.js';

requireLab('The pool calls lab test');

/** scsi_debug's delay in jiffies: over a second in the guest. */
const DELAY_JIFFIES = 150;

afterEach(async () => {
  await setScsiDebugDelay(0);
});

const opens: [string, () => Promise<ScsiDevice>][] = [
  // a read-only sg fd runs SG_IO on the pool (the sg-io-worker transport)
  ['a read-only sg node', () => SgDevice.open(firstDevice().path, { readOnly: true, via: 'sg' })],
  // the bsg transport without the ring runs SG_IO on the pool too
  ['a bsg node over SG_IO', () => BsgDevice.open(firstDevice().path, { transport: 'sg_io', readOnly: true })],
];

describe.each(opens)('pool calls on %s when shutdownAsync({ timeoutMs }) gives up on them', (_name, openDevice) => {
  it('keeps a rejected call in flight with its buffer until the kernel returns it, and close() waits for it', async () => {
    const dev = await openDevice();
    const expected = execFileSync('sh', ['-c', `sg_dd if=${firstDevice().path} of=- bs=512 skip=24 count=8 2>/dev/null`], { maxBuffer: 1 << 20 });
    await setScsiDebugDelay(DELAY_JIFFIES);
    const into = new Uint8Array(4096);
    const started = performance.now();
    const pending = dev.execute(read10, { lba: 24, transferLength: 8 }, { receive: into, retry: false }).catch((e: unknown) => e);
    // the call is on a worker and in the kernel
    await new Promise((r) => setTimeout(r, 300));
    await shutdownAsync({ timeoutMs: 50 });
    const error = await pending;
    expect(error).toMatchObject({ code: 'ERR_ASYNC_SHUTDOWN' });
    expect(performance.now() - started, 'rejected before the kernel returned the call').toBeLessThan(1000);
    let returned = false;
    void callReturned(error).then(() => (returned = true));
    expect(returned).toBe(false);
    await dev.close();
    const closedAfter = performance.now() - started;
    expect(returned, 'close() resolved only after the call had returned').toBe(true);
    expect(closedAfter).toBeGreaterThan(1000);
    // the kernel wrote into the memory the call was given, which stayed the caller's buffer
    expect(Buffer.from(into)).toEqual(expected);
  });

  it('settles a prepared request only once the kernel returned its call', async () => {
    const dev = await openDevice();
    await setScsiDebugDelay(DELAY_JIFFIES);
    const request = dev.prepare(read10, { lba: 40, transferLength: 8 }, { receive: 4096 });
    const started = performance.now();
    const settled = request.submit().then(
      () => performance.now() - started,
      (e: unknown) => ({ error: e, after: performance.now() - started }),
    );
    await new Promise((r) => setTimeout(r, 300));
    await shutdownAsync({ timeoutMs: 50 });
    const outcome = await settled;
    // the kernel held the request's header and buffers for over a second: it was not free to be issued before that
    expect(outcome).toMatchObject({ error: { code: 'ERR_ASYNC_SHUTDOWN' } });
    expect((outcome as { after: number }).after).toBeGreaterThan(1000);
    await setScsiDebugDelay(0);
    const again = await request.submit();
    expect([again.status, again.hostStatus, again.transferred]).toEqual([0, 0, 4096]);
    await dev.close();
  });
});
