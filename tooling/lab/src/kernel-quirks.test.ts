import { describe, expect, it } from 'vitest';
import { kernelMajor, scsiDebugPanicsOnFormatUnit } from './kernel-quirks.js';

describe('kernel quirks', () => {
  it('reads the major version of a release string', () => {
    expect(kernelMajor('6.1.0-28-amd64')).toBe(6);
    expect(kernelMajor('7.2.7')).toBe(7);
  });

  it("knows 7.2's scsi_debug panics on FORMAT UNIT and 6.1's does not", () => {
    expect(scsiDebugPanicsOnFormatUnit('6.1.176')).toBe(false);
    expect(scsiDebugPanicsOnFormatUnit('7.2.7')).toBe(true);
  });
});
