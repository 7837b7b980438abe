/**
 * The disk's SANITIZE at the handler level (no kernel): what each service
 * action leaves in the store, the gate and REQUEST SENSE progress while it
 * runs, IMMED, refused CDBs and parameter lists; then core's guarded
 * `sanitize()` driving the disk as an initiator would.
 */
import { sanitize as sanitizeDevice } from '@sgio/core';
import { decodeSense, encodeSanitizeOverwrite, ScsiStatus } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory-store.js';
import { executorOf, request, run } from '../test-support/disk-initiator.js';
import type { ScsiResponse } from './response.js';
import { ScsiDisk } from './scsi-disk.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const SIZE = 1 << 20;
const senseOf = (r: ScsiResponse) => decodeSense(r.sense!);
const newDisk = (options: { sanitizeMs?: number; thin?: boolean; readOnly?: boolean } = {}): ScsiDisk => {
  const store = new MemoryStore(SIZE);
  store.write(0, new Uint8Array(SIZE).fill(0x11));
  return new ScsiDisk({ store, sanitizeMs: options.sanitizeMs ?? 0, thin: options.thin, readOnly: options.readOnly });
};
const contents = async (d: ScsiDisk): Promise<Uint8Array> => d.context.store.read(0, SIZE);
const overwrite = (o: Parameters<typeof encodeSanitizeOverwrite>[0], immed = false) => {
  const list = encodeSanitizeOverwrite(o);
  return request('sanitize', { serviceAction: 1, parameterListLength: list.length, immed }, list);
};

describe('ScsiDisk SANITIZE', () => {
  it('OVERWRITE writes the pattern over every block, repeated from each block start; with INVERT the last pass of an even count is inverted', async () => {
    const d = newDisk();
    expect((await run(d, overwrite({ pattern: new Uint8Array([1, 2, 3]) }))).status).toBe(ScsiStatus.GOOD);
    const bytes = await contents(d);
    expect(Array.from(bytes.subarray(0, 6))).toEqual([1, 2, 3, 1, 2, 3]);
    // bytes 510 and 511 end block 0's repetition (510 % 3 = 0: 1, 2)
    expect(Array.from(bytes.subarray(510, 512))).toEqual([1, 2]);
    // every block starts the pattern again (512 is not a multiple of 3)
    expect(Array.from(bytes.subarray(512, 515))).toEqual([1, 2, 3]);
    expect(Array.from(bytes.subarray(SIZE - 512, SIZE - 509))).toEqual([1, 2, 3]);
    await run(d, overwrite({ pattern: new Uint8Array([0x0f]), count: 2, invert: true }));
    expect((await contents(d)).every((b) => b === 0xf0)).toBe(true);
    await run(d, overwrite({ pattern: new Uint8Array([0x0f]), count: 3, invert: true }));
    expect((await contents(d)).every((b) => b === 0x0f)).toBe(true);
  });

  it('BLOCK ERASE and CRYPTOGRAPHIC ERASE leave zeros (deallocated on a thin disk); EXIT FAILURE MODE is GOOD and changes nothing', async () => {
    for (const [action, thin] of [[2, false], [3, true]] as const) {
      const d = newDisk({ thin });
      expect((await run(d, request('sanitize', { serviceAction: action }))).status).toBe(ScsiStatus.GOOD);
      expect((await contents(d)).every((b) => b === 0)).toBe(true);
      expect(d.context.store.allocation!(0, SIZE).allocated).toBe(!thin);
    }
    const d = newDisk();
    expect((await run(d, request('sanitize', { serviceAction: 0x1f }))).status).toBe(ScsiStatus.GOOD);
    expect((await contents(d)).every((b) => b === 0x11)).toBe(true);
  });

  it('with IMMED returns at once; meanwhile commands but INQUIRY and REQUEST SENSE get NOT READY, SANITIZE IN PROGRESS, and REQUEST SENSE shows progress', async () => {
    const d = newDisk({ sanitizeMs: 300 });
    const started = Date.now();
    expect((await run(d, request('sanitize', { serviceAction: 2, immed: true }))).status).toBe(ScsiStatus.GOOD);
    expect(Date.now() - started).toBeLessThan(200);
    expect(senseOf(await run(d, request('testUnitReady')))).toMatchObject({ senseKey: 2, asc: 0x04, ascq: 0x1b });
    expect(senseOf(await run(d, request('read10', { lba: 0, transferLength: 1 })))).toMatchObject({ senseKey: 2, asc: 0x04, ascq: 0x1b });
    expect((await run(d, request('inquiry', { allocationLength: 96 }))).status).toBe(ScsiStatus.GOOD);
    await sleep(120);
    const progress = decodeSense((await run(d, request('requestSense', { allocationLength: 252 }))).data!);
    expect(progress).toMatchObject({ senseKey: 2, asc: 0x04, ascq: 0x1b, senseKeySpecific: { kind: 'progress' } });
    const fraction = (progress.senseKeySpecific as { fraction: number }).fraction;
    expect(fraction).toBeGreaterThan(0.2);
    expect(fraction).toBeLessThan(1);
    await sleep(300);
    expect((await run(d, request('testUnitReady'))).status).toBe(ScsiStatus.GOOD);
    expect(decodeSense((await run(d, request('requestSense', { allocationLength: 252 }))).data!)).toMatchObject({ senseKey: 0, asc: 0 });
  });

  it('without IMMED returns when done', async () => {
    const d = newDisk({ sanitizeMs: 150 });
    const started = Date.now();
    await run(d, request('sanitize', { serviceAction: 3 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await run(d, request('testUnitReady'))).status).toBe(ScsiStatus.GOOD);
  });

  it('refuses an OVERWRITE without parameters, a pattern longer than a block, an erase with parameters, an unknown service action, and a write-protected disk; nothing changes', async () => {
    const d = newDisk();
    expect(senseOf(await run(d, request('sanitize', { serviceAction: 1 })))).toMatchObject({ senseKey: 5, asc: 0x24 });
    expect(senseOf(await run(d, overwrite({ pattern: new Uint8Array(513) })))).toMatchObject({ senseKey: 5, asc: 0x26 });
    expect(senseOf(await run(d, request('sanitize', { serviceAction: 2, parameterListLength: 8 }, new Uint8Array(8))))).toMatchObject({ senseKey: 5, asc: 0x24 });
    expect(senseOf(await run(d, request('sanitize', { serviceAction: 4 })))).toMatchObject({ senseKey: 5, asc: 0x24 });
    expect(senseOf(await run(newDisk({ readOnly: true }), request('sanitize', { serviceAction: 2 })))).toMatchObject({ senseKey: 7, asc: 0x27 });
    expect((await contents(d)).every((b) => b === 0x11)).toBe(true);
  });
});

describe("core's sanitize() against the disk", () => {
  it('refuses without the serial, then overwrites with IMMED and polls REQUEST SENSE to the end, reporting progress', async () => {
    const d = newDisk({ sanitizeMs: 200 });
    const device = executorOf(d);
    await expect(sanitizeDevice(device, { action: 'blockErase', confirm: undefined })).rejects.toMatchObject({ code: 'ERR_CONFIRMATION_REQUIRED' });
    expect((await contents(d)).every((b) => b === 0x11)).toBe(true);
    const seen: (number | undefined)[] = [];
    const report = await sanitizeDevice(device, {
      action: 'overwrite',
      overwrite: { pattern: new Uint8Array([0x5a]) },
      confirm: d.context.identity.serial,
      pollIntervalMs: 30,
      onProgress: (p) => seen.push(p.fraction),
    });
    expect(report.identity.serial).toBe(d.context.identity.serial);
    expect(report.polls).toBeGreaterThan(2);
    expect(seen.some((f) => f !== undefined && f > 0 && f < 1)).toBe(true);
    expect(seen.at(-1)).toBe(1);
    expect((await contents(d)).every((b) => b === 0x5a)).toBe(true);
  });
});
