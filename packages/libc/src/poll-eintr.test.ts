import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// the built package: the child runs plain node, without vitest's loader
const dist = pathToFileURL(fileURLToPath(new URL('../dist/index.js', import.meta.url))).href;
const profiles = mkdtempSync(join(tmpdir(), 'sgio-eintr-'));
afterAll(() => rmSync(profiles, { recursive: true, force: true }));

/**
 * `node --cpu-prof` samples every thread with SIGPROF, worker threads
 * included: a poll blocked in the async pool's worker is interrupted
 * (EINTR) many times a second. Before pollAsync retried, the first sample
 * rejected the wait (measured: "EINTR" after 81 ms of an 800 ms poll).
 */
function pollUnderProfiler(body: string): string {
  const script = `import { pollAsync, pipe, write, POLLIN, O_CLOEXEC } from ${JSON.stringify(dist)};
const [r, w] = pipe(O_CLOEXEC);
const t0 = performance.now();
${body}`;
  // a file, not -e: --input-type=module would reach the pool's eval-ed (CommonJS) worker source too
  const file = join(profiles, 'poll.mjs');
  writeFileSync(file, script);
  const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profiles}`, file], { encoding: 'utf8', timeout: 20_000 });
  expect(run.stderr).toBe('');
  return run.stdout.trim();
}

describe('pollAsync under signals (EINTR)', () => {
  it('waits its whole timeout although SIGPROF interrupts the call, and resolves 0', () => {
    const out = pollUnderProfiler(`
const fds = [{ fd: r, events: POLLIN }];
const n = await pollAsync(fds, 600);
console.log(JSON.stringify({ n, ms: performance.now() - t0, revents: fds[0].revents }));`);
    const { n, ms, revents } = JSON.parse(out) as { n: number; ms: number; revents: number };
    expect(n).toBe(0);
    expect(revents).toBe(0);
    expect(ms).toBeGreaterThanOrEqual(590);
  });

  it('sees an event that arrives between interruptions', () => {
    const out = pollUnderProfiler(`
setTimeout(() => write(w, new Uint8Array([1]), 1), 300);
const fds = [{ fd: r, events: POLLIN }];
const n = await pollAsync(fds, -1);
console.log(JSON.stringify({ n, ms: performance.now() - t0, revents: fds[0].revents }));`);
    const { n, ms, revents } = JSON.parse(out) as { n: number; ms: number; revents: number };
    expect(n).toBe(1);
    expect(revents & 1).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(290);
  });
});
