import { describe, expect, it } from 'vitest';
import { summarize, summaryLines } from './summary.js';

const outcome = { blocksIn: 1000, partialIn: 0, blocksOut: 1000, partialOut: 0, bytes: 512000, transfers: 8, error: undefined, failedAt: undefined, failedLba: undefined, interrupted: false, remaining: 0 };
const plan = { blockSize: 512, blocksPerTransfer: 128, count: 1000, skip: 0, seek: 0, queueDepth: 1 };
const sg = { residual: 0, dioIncomplete: 0, commands: 16 };

describe('summary', () => {
  it('computes MB/s (10^6) and IOPS like sg_dd time=1', () => {
    const s = summarize(outcome, plan, { seconds: 0.5, mode: 'indirect', verify: false, sg, exitStatus: 0 });
    expect(s).toMatchObject({ recordsIn: 1000, recordsOut: 1000, bytes: 512000, seconds: 0.5, mbPerSecond: 1.02, iops: 16, error: null });
    const lines = summaryLines(s, { time: true, dioAllowed: true });
    expect(lines[0]).toMatch(/^time to transfer data: 0\.500000 secs at 1\.02 MB\/sec, 16 IOPS/);
    expect(lines.slice(1)).toEqual(['1000+0 records in', '1000+0 records out']);
  });
  it('reports errors, interruptions and verify the way sg_dd does', () => {
    const failed = summarize({ ...outcome, blocksOut: 0, blocksIn: 0, error: new Error('x'), failedAt: 'write', failedLba: 7, remaining: 1000 }, plan, {
      seconds: 0.1,
      mode: 'indirect',
      verify: true,
      sg,
      errorMessage: 'x',
      exitStatus: 14,
    });
    expect(summaryLines(failed, { time: false, dioAllowed: true })).toEqual(['Some error occurred,  remaining block count=1000', '0+0 records in', '0+0 records verified', '1 miscompare error(s)']);
    const stopped = summarize({ ...outcome, interrupted: true, remaining: 10 }, plan, { seconds: 0.1, mode: 'mmap', verify: false, sg: { ...sg, dioIncomplete: 2 }, exitStatus: 0 });
    expect(summaryLines(stopped, { time: false, dioAllowed: false })).toEqual([
      'Interrupted by signal,  remaining block count=10',
      '1000+0 records in',
      '1000+0 records out',
      '>> Direct IO requested but incomplete 2 times',
      ">>> /proc/scsi/sg/allow_dio set to '0' but should be set to '1' for direct IO",
    ]);
  });
  it('says which sg ends switched from queueing to SG_IO (JSON always, text with --time)', () => {
    const s = summarize(outcome, { ...plan, queueDepth: 4 }, { seconds: 0.5, mode: 'mmap', verify: false, sg, switchedToSgIo: ['/dev/sg0'], exitStatus: 0 });
    expect(s.switchedToSgIo).toEqual(['/dev/sg0']);
    expect(summarize(outcome, plan, { seconds: 0.5, mode: 'indirect', verify: false, sg, exitStatus: 0 }).switchedToSgIo).toEqual([]);
    expect(summaryLines(s, { time: true, dioAllowed: true })[1]).toMatch(/^>> \/dev\/sg0 answered each queued command inside its submit: the rest went through SG_IO/);
    expect(summaryLines(s, { time: false, dioAllowed: true })).toEqual(['1000+0 records in', '1000+0 records out']);
  });
});
