/**
 * The harness cannot rot: its quick mode runs every case once against the
 * lab's disk and produces a value for each side (the ratios are not judged),
 * the whole-process, start-up, TCMU, NBD and scaling sections included.
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
    expect(r.stdout).toContain('io_uring SCSI passthrough');
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      cases: { id: string; sgio: { median: number }; reference: { median: number } }[];
      wholeProcess: { node: { median: number }; rows: { id: string; sgio: { median: number }; referenceSeconds: { median: number }; ratio: number; ratioWithoutNode: number }[] };
      startup: { rows: { id: string; seconds: { median: number } }[] };
      tcmu: { rows: { id: string; values: Record<string, { median: number }>; ratioToScsiDebug: number }[]; tcmuRunner: { served: boolean; reason?: string } };
      nbd: { serverStartSeconds: number; nbdkit: { served: boolean; reason?: string }; rows: { id: string; values: Record<string, { median: number }>; ratioToDevice: number }[] };
      scaling: { devices: { devices: number; requestsPerSecond: number; p99Ms: number; rssMiB: number; failed: number }[]; lanes: { lanes: number; ratio: number }[] };
      ioUring: { supported: boolean; reason: string; bsg?: { code?: string } };
    };
    rmSync(out, { force: true });
    // the io_uring rows run only where the kernel's bsg takes io_uring commands (Linux 7.2), and say so elsewhere
    expect(report.cases.map((c) => c.id)).toEqual(cases.filter((c) => c.requires !== 'io_uring' || report.ioUring.supported).map((c) => c.id));
    if (!report.ioUring.supported) expect(r.stderr).toMatch(/over io_uring on the bsg node \(IOPS\): left out, this kernel's bsg takes no commands over io_uring/);
    // scaling: sgiod over 1 and 4 disks (quick), every request answered; lanes 1 and 4 beside sgp_dd
    expect(report.scaling.devices.map((d) => d.devices)).toEqual([1, 4]);
    for (const d of report.scaling.devices) {
      expect(d.requestsPerSecond, `${d.devices} disks`).toBeGreaterThan(0);
      expect(d.failed, `${d.devices} disks`).toBe(0);
      expect(d.rssMiB, `${d.devices} disks`).toBeGreaterThan(10);
    }
    expect(report.scaling.lanes.map((l) => l.lanes)).toEqual([1, 4]);
    for (const l of report.scaling.lanes) expect(l.ratio, `${l.lanes} lanes`).toBeGreaterThan(0);
    for (const c of report.cases) {
      expect(c.sgio.median, c.id).toBeGreaterThan(0);
      expect(c.reference.median, c.id).toBeGreaterThan(0);
    }
    // whole processes: each C tool against sgio dd, timed in this run
    expect(report.wholeProcess.rows.map((r) => r.id)).toEqual(['sg_dd-8MiB', 'sgm_dd-8MiB', 'sgp_dd-8MiB']);
    expect(report.wholeProcess.node.median).toBeGreaterThan(0);
    for (const r of report.wholeProcess.rows) {
      expect(r.sgio.median, r.id).toBeGreaterThan(report.wholeProcess.node.median * 0.5);
      expect(r.referenceSeconds.median, r.id).toBeGreaterThan(0);
      expect(r.ratioWithoutNode, r.id).toBeGreaterThan(r.ratio);
    }
    expect(report.startup.rows.map((r) => r.id)).toEqual(['node', 'version', 'decode-sense', 'dd-zero', 'inq', 'dd-one', 'sgiod-healthz', 'sgiod-device']);
    for (const r of report.startup.rows) expect(r.seconds.median, r.id).toBeGreaterThan(0);
    // the TypeScript TCMU disk beside scsi_debug (and tcmu-runner, or the reason it did not serve)
    expect(report.tcmu.rows.map((r) => r.id)).toEqual(['random-4k-qd16', 'seq-1m']);
    for (const r of report.tcmu.rows) {
      expect(r.values.typescript!.median, r.id).toBeGreaterThan(0);
      expect(r.values.scsiDebug!.median, r.id).toBeGreaterThan(0);
      expect(r.ratioToScsiDebug, r.id).toBeGreaterThan(0);
    }
    expect(report.tcmu.tcmuRunner).toEqual({ served: false, reason: 'not run in a quick pass (pnpm bench measures it)' });
    // the NBD export against the sg device itself (nbdkit, like tcmu-runner, only in full runs)
    expect(report.nbd.rows.map((r) => r.id)).toEqual(['nbdcopy-whole', 'kernel-random-4k-qd16']);
    expect(report.nbd.serverStartSeconds).toBeGreaterThan(0);
    expect(report.nbd.nbdkit).toEqual({ served: false, reason: 'not run in a quick pass (pnpm bench measures it)' });
    for (const r of report.nbd.rows) {
      for (const side of ['export', 'device']) expect(r.values[side]?.median, `${r.id} ${side}`).toBeGreaterThan(0);
      expect(r.ratioToDevice, r.id).toBeGreaterThan(0);
    }
    // the lab's Linux 6.1: bsg has no uring_cmd handler
    expect(report.ioUring).toMatchObject({ supported: false, bsg: { code: 'EOPNOTSUPP' } });
    console.log(
      `bench --quick, TCMU: ${report.tcmu.rows.map((r) => `${r.id} TypeScript/scsi_debug ${r.ratioToScsiDebug.toFixed(2)}`).join(', ')}; tcmu-runner ${report.tcmu.tcmuRunner.served ? 'served' : `did not serve: ${report.tcmu.tcmuRunner.reason ?? ''}`}`,
    );
  }, 300_000);
});
