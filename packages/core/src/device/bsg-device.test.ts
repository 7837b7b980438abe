import { describe, expect, it } from 'vitest';
import { BsgDevice } from './bsg-device.js';

describe('BsgDevice.openSync options', () => {
  it('refuses fixed buffer sizes the kernel would not register, before it looks at the path', () => {
    for (const sizes of [[0], [1.5], [2 ** 30 + 1], [-4096], new Array(1025).fill(4096)]) {
      expect(() => BsgDevice.openSync('/dev/bsg/0:0:0:0', { fixedBuffers: sizes })).toThrow(RangeError);
    }
    expect(() => BsgDevice.openSync('/dev/bsg/0:0:0:0', { fixedBuffers: [0] })).toThrow(/each size is 1 byte to 1 GiB/);
  });
});
