/**
 * sgiod's own command deadline on the real kernel: a device that keeps a
 * command past the driver's SCSI timeout. sgiod gives a command the request
 * timeout as its SCSI timeout and stops waiting for it 2 s later; it then
 * answers 504 `command-timeout` and frees the command's lane, so the
 * device's next request runs at once instead of queueing behind the stuck
 * command: sg lanes replace the lane's fd (`--allow-write`: the old fd
 * closes at once, the driver keeping the request; read-only where the
 * kernel's bsg lacks io_uring: once the SG_IO call returns); read-only bsg
 * lanes over io_uring keep their one fd, the ring taking the next command
 * beside the stuck one.
 *
 * The device is sgio's TypeScript SCSI disk served over TCMU in this test's
 * process, told to drop one READ (never answer it). The midlayer aborts the
 * READ after its SCSI timeout, but LIO completes an abort only when the
 * backstore gives the command back, which TCMU does at its `cmd_time_out`
 * (8 s here). So the kernel holds the command 8 s, well past sgiod's
 * deadline (1 s + 2 s): the case scsi_debug cannot make (its aborts succeed
 * at once; see busy-and-timeout.lab.test.ts).
 */
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTcmuBackstore, exportTcmuBackstore, requireLab, tearDownTcmu, unexportTcmu, type LabDevice, type LabTcmuBackstore } from '@sgio/lab';
import { MemoryStore, ScsiDisk, TcmuTarget } from '@sgio/target';
import { BsgDevice, bsgPathFor } from '@sgio/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackUp, metricValue, startSgiod, type SgiodChild } from './test-support/lab-server.js';
import { until } from './test-support/until.js';
import { COMMAND_GRACE_MS } from './devices/sg-access.js';

requireLab('The sgiod stuck-command lab test');

const READ = 'lab-stuck-read-0123456789abcdef';
const BLOCK = 512;
const SIZE_MB = 16;
const REQUEST_TIMEOUT_MS = 1000;
/** How long TCMU lets a command sit unanswered in its ring before it fails it (and LIO's abort completes). */
const CMD_TIME_OUT_S = 8;

let dir: string;
let store: MemoryStore;
let disk: ScsiDisk;
let target: TcmuTarget;
let backstore: LabTcmuBackstore;
let dev: LabDevice;
const servers: SgiodChild[] = [];
/** Whether read-only sgiod goes through the bsg node (io_uring) on this kernel. */
let readOnlyViaBsg: boolean;
const targetErrors: Error[] = [];

/** One block read through `server`: status, body and how long it took. */
async function readBlock(server: SgiodChild, lba: number): Promise<{ status: number; body: Buffer; ms: number }> {
  const started = performance.now();
  const r = await fetch(`${server.url}/v1/devices/${dev.name}/blocks?lba=${lba}&count=1`, { headers: { authorization: `Bearer ${READ}` } });
  const body = Buffer.from(await r.arrayBuffer());
  return { status: r.status, body, ms: performance.now() - started };
}

/** The fds `server` holds open on `node` (one per sg lane, plus retired lanes not yet closed; one for bsg lanes). */
function openFdsOn(server: SgiodChild, node: string): number {
  const fdDir = `/proc/${server.child.pid}/fd`;
  let n = 0;
  for (const fd of readdirSync(fdDir)) {
    try {
      if (readlinkSync(join(fdDir, fd)) === node) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

/** Starts an sgiod with one lane on the TCMU disk and reads a block until the new nexus's unit attention is past. */
async function startOn(port: number, extra: string[]): Promise<SgiodChild> {
  const s = await startSgiod(port, ['--allow', dev.path, '--tokens-file', join(dir, 'tokens'), '--concurrency', '1', '--request-timeout', String(REQUEST_TIMEOUT_MS), '--log-level', 'info', ...extra]);
  servers.push(s);
  // the new nexus's power-on unit attention, and the lane opened while the disk answers
  for (let i = 0; i < 3 && (await readBlock(s, 0)).status !== 200; i++);
  expect((await readBlock(s, 0)).status).toBe(200);
  return s;
}

beforeAll(async () => {
  loopbackUp();
  dir = mkdtempSync(join(tmpdir(), 'sgiod-stuck-'));
  writeFileSync(join(dir, 'tokens'), `${READ} read reader\n`, { mode: 0o600 });
  backstore = await createTcmuBackstore({ name: 'sgiod0', sizeMb: SIZE_MB, cmdTimeOutS: CMD_TIME_OUT_S });
  store = new MemoryStore(SIZE_MB * 1024 * 1024);
  store.write(0, randomBytes(64 * BLOCK));
  disk = new ScsiDisk({ store, identity: { serial: 'SGIODSTUCK01' } });
  target = TcmuTarget.open(backstore.uio, disk, { onError: (e) => targetErrors.push(e) });
  dev = await exportTcmuBackstore(backstore);
  const probe = await BsgDevice.open(dev.path, { readOnly: true });
  readOnlyViaBsg = probe.transport.capabilities.kind === 'bsg-uring';
  await probe.close();
}, 120_000);

afterAll(async () => {
  for (const s of servers) expect(await s.stop(), s.output.join('').slice(-3000)).toBe(0);
  await unexportTcmu().catch(() => undefined);
  await target?.close();
  await tearDownTcmu();
  if (dir) rmSync(dir, { recursive: true, force: true });
  expect(target?.failure).toBeUndefined();
  expect(targetErrors).toEqual([]);
}, 60_000);

/**
 * Drops one READ at `stuckLba` and checks what `server` does: 504 at its own deadline (`detail` as given), the next
 * read at once, a timeout counted; `fds(phase)` gives the fds expected on `node` while the kernel holds the command
 * and after it gave it back, which the test waits for.
 */
async function stuckRead(server: SgiodChild, stuckLba: number, detail: RegExp, node: string, fds: { during: number; after: number }): Promise<void> {
  const drop = disk.faults.add({ commands: ['read16', 'read10'], lbas: { first: stuckLba }, drop: true, times: 1 });
  try {
    expect(openFdsOn(server, node)).toBe(1);
    const started = performance.now();
    const stuck = await readBlock(server, stuckLba);
    expect(stuck.status, stuck.body.toString()).toBe(504);
    expect(JSON.parse(stuck.body.toString())).toMatchObject({ status: 504, type: 'https://sgio.dev/problems/command-timeout' });
    expect(JSON.parse(stuck.body.toString()).detail).toMatch(detail);
    expect(drop.hits).toBe(1);
    // sgiod's deadline, not the kernel's answer: the kernel keeps the command until cmd_time_out
    expect(stuck.ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS + COMMAND_GRACE_MS - 100);
    expect(stuck.ms).toBeLessThan(CMD_TIME_OUT_S * 1000 - 2000);

    // the only lane is free again: the next read does not wait for the stuck one
    const next = await readBlock(server, 8);
    expect(next.status, next.body.toString()).toBe(200);
    expect(next.body.equals(Buffer.from(store.read(8 * BLOCK, BLOCK)))).toBe(true);
    expect(performance.now() - started, 'the next read came before the kernel returned the stuck command').toBeLessThan(CMD_TIME_OUT_S * 1000 - 1000);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(openFdsOn(server, node)).toBe(fds.during);

    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${READ}` } })).text();
    expect(metricValue(metrics, 'sgiod_scsi_commands_total', { device: dev.name, outcome: 'timeout' }), metrics).toBe(1);
    expect(metricValue(metrics, 'sgiod_scsi_commands_total', { device: dev.name, outcome: 'canceled' })).toBe(0);
    // completed and given-up READs are one series name: their definition's, not the opcode table's
    expect(metricValue(metrics, 'sgiod_scsi_commands_total', { device: dev.name, command: 'READ(16)', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(metrics).not.toMatch(/command="Read\(16\) \(opcode/);

    // the kernel ends the command at TCMU's cmd_time_out; then the device answers that block again
    await until('the kernel to give the stuck command back', () => drop.hits === 1 && openFdsOn(server, node) === fds.after && performance.now() - started > CMD_TIME_OUT_S * 1000 * 0.8, CMD_TIME_OUT_S * 1000 + 15_000, 50);
    const after = await readBlock(server, stuckLba);
    expect(after.status, after.body.toString()).toBe(200);
    expect(after.body.equals(Buffer.from(store.read(stuckLba * BLOCK, BLOCK)))).toBe(true);
  } finally {
    drop.remove();
  }
}

describe('a command the kernel keeps past its SCSI timeout', () => {
  it("read-only: answers 504 command-timeout at sgiod's own deadline and serves the next request at once (bsg lanes over io_uring: the same fd; sg lanes: a fresh one)", async () => {
    const server = await startOn(7431, []);
    // the log says which lanes the device got (log lines reach stdout after the answer may have: wait for it)
    const lanesLine = readOnlyViaBsg ? /device lanes opened on its bsg node \(io_uring\)/ : /device lanes opened on its sg node \(read-only/;
    await until('the log line about the lanes', () => lanesLine.test(server.output.join('')));
    expect(server.output.join('')).toMatch(lanesLine);
    if (readOnlyViaBsg) {
      // one fd on the bsg node, kept: the ring takes the next command beside the stuck one
      expect(openFdsOn(server, dev.path)).toBe(0);
      await stuckRead(server, 40, /takes the next commands beside it/, bsgPathFor(dev.path), { during: 1, after: 1 });
    } else {
      await stuckRead(server, 40, /lane was replaced/, dev.path, { during: 2, after: 1 });
    }
  }, 60_000);

  it("--allow-write (sg lanes): replaces the stuck command's lane (the old fd closes at once: the driver keeps the request until the kernel gives it back)", async () => {
    const server = await startOn(7432, ['--allow-write']);
    const lanesLine = /"lanes":"sg".*device lanes opened on its sg node"/;
    await until('the log line about the lanes', () => lanesLine.test(server.output.join('')));
    expect(server.output.join('')).toMatch(lanesLine);
    await stuckRead(server, 48, /lane was replaced/, dev.path, { during: 1, after: 1 });
  }, 60_000);
});
