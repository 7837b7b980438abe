/**
 * The harness cannot rot: its quick mode runs every case once against the
 * lab's disk and produces a value for each side (the ratios are not judged).
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstDevice, requireLab } from '@sgio/lab';
import { runMeasured } from './measure.js';
import { fileURLToPath } from 'node:url';
import { cases } from './cases.js';

requireLab('The benchmark quick run');

describe('bench --quick', () => {
  it('runs every case once and writes the JSON report', () => {
    const out = join(tmpdir(), `sgio-bench-${process.pid}.json`);
    const run = fileURLToPath(new URL('../dist/run.js', import.meta.url));
    // other lab tests delete and rescan devices: name the one that is there now
    const r = runMeasured(process.execPath, [run, '--quick', '--out', out, '--device', firstDevice().path]);
    expect(r.stdout).toContain('case | sgio');
    const report = JSON.parse(readFileSync(out, 'utf8')) as { cases: { id: string; sgio: { median: number }; reference: { median: number } }[] };
    rmSync(out, { force: true });
    expect(report.cases.map((c) => c.id)).toEqual(cases.map((c) => c.id));
    for (const c of report.cases) {
      expect(c.sgio.median, c.id).toBeGreaterThan(0);
      expect(c.reference.median, c.id).toBeGreaterThan(0);
    }
  }, 300_000);
});
