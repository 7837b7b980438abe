import { describe, expect, it } from 'vitest';
import { mustRunPeer, runPeer } from './peer-run.js';

describe('runPeer', () => {
  it('gives the exit status and both streams, and never rejects', async () => {
    const r = await runPeer('sh', ['-c', 'echo out; echo err >&2; exit 3']);
    expect(r).toEqual({ status: 3, stdout: 'out\n', stderr: 'err\n', out: 'out\nerr\n' });
    expect((await runPeer('/nonexistent/tool', [])).status).toBeNull();
  });

  it('says null for a tool its timeout ended', async () => {
    const started = performance.now();
    const r = await runPeer('sleep', ['5'], { timeoutMs: 100 });
    expect(r.status).toBeNull();
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('mustRunPeer', () => {
  it('returns standard output of a tool that exits 0', async () => {
    await expect(mustRunPeer('sh', ['-c', 'echo fine'])).resolves.toBe('fine\n');
  });

  it('rejects with the command, the status and both streams otherwise', async () => {
    await expect(mustRunPeer('sh', ['-c', 'echo said; echo why >&2; exit 2'])).rejects.toThrow(/sh -c .* exited 2:\nwhy\nsaid/);
  });
});
