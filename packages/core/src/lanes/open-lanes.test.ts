import { describe, expect, it } from 'vitest';
import type { SgDevice } from '../device/sg-device.js';
import { caught } from '../test-support/caught.js';
import { openLanes, type LanesChoice } from './open-lanes.js';

describe('openLanes arguments', () => {
  it('refuses an unknown via before opening anything', async () => {
    const e = await caught(openLanes('/dev/sg-none', { via: 'nvme' as LanesChoice }));
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(/'auto', 'sg' or 'bsg-io-uring'/);
  });

  it("refuses a first lane with via 'bsg-io-uring', which could not use it", async () => {
    const first = { path: '/dev/sg-none' } as unknown as SgDevice;
    const e = await caught(openLanes('/dev/sg-none', { via: 'bsg-io-uring', readOnly: true, first }));
    expect(e).toBeInstanceOf(RangeError);
    expect((e as Error).message).toMatch(/'first' is an sg device/);
  });
});
