import { describe, expect, it } from 'vitest';
import { defaultBlocksPerTransfer, parseDdOperands } from './operands.js';

describe('parseDdOperands', () => {
  it('parses sg_dd operands with defaults', () => {
    const o = parseDdOperands(['if=/dev/sg0', 'of=out.bin', 'bs=512', 'bpt=64', 'count=1k', 'skip=8', 'seek=0x10']);
    expect(o).toMatchObject({ input: '/dev/sg0', output: 'out.bin', blockSize: 512, blocksPerTransfer: 64, count: 1024, skip: 8, seek: 16, cdbSize: undefined, dio: false, time: false });
    const d = parseDdOperands([]);
    expect(d).toMatchObject({ input: '-', output: '-', blockSize: undefined, count: undefined, skip: 0, seek: 0 });
  });
  it('treats of=. as /dev/null and accepts sg_dd flags', () => {
    expect(parseDdOperands(['of=.', 'time=1', 'dio=1', 'cdbsz=16', 'sync=1']).output).toBe('/dev/null');
    expect(parseDdOperands(['time=1,30']).time).toBe(true);
    expect(parseDdOperands(['cdbsz=16']).cdbSize).toBe(16);
  });
  it('rejects unknown, repeated and contradicting operands', () => {
    expect(() => parseDdOperands(['iflag=dio'])).toThrow(/unknown operand 'iflag='/);
    expect(() => parseDdOperands(['bs=512', 'bs=1024'])).toThrow(/given twice/);
    expect(() => parseDdOperands(['bs=512', 'ibs=4096'])).toThrow(/differs from bs/);
    expect(() => parseDdOperands(['/dev/sg0'])).toThrow(/not an operand/);
    expect(() => parseDdOperands(['cdbsz=12'])).toThrow(/10 or 16/);
    expect(() => parseDdOperands(['bs=0'])).toThrow(/positive/);
  });
  it("uses sg_dd's default bpt", () => {
    expect(defaultBlocksPerTransfer(512)).toBe(128);
    expect(defaultBlocksPerTransfer(4096)).toBe(32);
  });
});
