/**
 * The short soak: every execution path in its own process under
 * MALLOC_CHECK_=3, with a forced collection every 100 commands. The full
 * soak (`pnpm soak`, 1,000,000 commands per process) is a script; this keeps
 * it from rotting and catches a path that loses hold of kernel memory.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { firstDevice, requireLab } from '@sgio/lab';
import { SOAK_PATHS, clean, runSoak, soakTable } from './soak-run.js';

requireLab('The short soak');

describe('soak --short', () => {
  it('runs every path clean: no abort, no signal, no mismatch, no leaked descriptor', () => {
    const processes = runSoak({ commands: 1000, runs: 1, gcEvery: 100, paths: SOAK_PATHS, device: firstDevice().path, log: () => undefined, worker: fileURLToPath(new URL('../dist/workers/soak-path.js', import.meta.url)) });
    const table = soakTable(processes);
    console.log(table);
    expect(processes.map((p) => p.path)).toEqual([...SOAK_PATHS]);
    for (const p of processes) expect({ path: p.path, clean: clean(p), stderr: p.stderr }).toEqual({ path: p.path, clean: true, stderr: p.stderr });
  }, 600_000);
});
