import { createSgIoHdrResult, read10 } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { buildResult } from './build-result.js';
import { prepareCommand } from './prepare.js';

describe('buildResult', () => {
  const command = prepareCommand({ definition: read10, fields: { lba: 0, transferLength: 1 } }, { receive: 512 }, undefined);

  it.each([
    [-100, 0, 512],
    [0, 0, 512],
    [12, 12, 500],
    [512, 512, 0],
    [100_000, 512, 0],
  ])('clamps the driver resid %i to %i (transferred %i)', (resid, residual, transferred) => {
    const completion = { ...createSgIoHdrResult(), resid };
    const r = buildResult(command, completion, new Uint8Array(32), undefined, undefined, undefined);
    expect([r.residual, r.transferred, r.data?.length]).toEqual([residual, transferred, transferred]);
  });
});
