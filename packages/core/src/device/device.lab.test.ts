/**
 * SgDevice on the real sg driver: what open() says about paths that are not
 * sg devices, identification, close and use after close, typed errors from
 * injected faults (medium error, timeout, recovered error), the power-on
 * UNIT ATTENTION and the default retry, and a device deleted through sysfs
 * while commands are queued.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ScsiDebugOpts, clearFaults, firstDevice, injectFault, requireLab, rescan, setScsiDebugParam, setScsiDebugTiming } from '@sgio/lab';
import { ScsiStatus, SenseKey, read10, read16, testUnitReady, write10, write16 } from '@sgio/struct';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckConditionError, CommandTimeoutError } from '../errors/scsi-errors.js';
import { CommandCanceledError, DeviceClosedError, DeviceGoneError, DeviceOpenError } from '../errors/sgio-error.js';
import { SgDevice } from './sg-device.js';
import { caught } from '../test-support/caught.js';

requireLab('The SgDevice lab test');

const run = promisify(execFile);
const BLOCK = { blockSize: 512 };

afterEach(async () => {
  clearFaults();
  await setScsiDebugTiming('delay', 0);
});

describe('open', () => {
  it('says what a path is instead of an sg device', async () => {
    const file = join(tmpdir(), `sgio-not-a-device-${process.pid}`);
    writeFileSync(file, 'x');
    const cases: [string, string, RegExp][] = [
      [file, 'regular-file', /is a regular file, not an sg device/],
      ['/dev/null', 'char-device', /character device \(1:3\) of another driver/],
      ['/dev/sg-missing-999', 'missing', /does not exist/],
      ['/proc', 'directory', /is a directory/],
    ];
    for (const [path, kind, message] of cases) {
      const e = (await caught(SgDevice.open(path))) as DeviceOpenError;
      expect(e, path).toBeInstanceOf(DeviceOpenError);
      expect(e.kind).toBe(kind);
      expect(e.message).toMatch(message);
    }
    const dev = firstDevice();
    expect(dev.block, 'the lab runs with --block').toBeDefined();
    const e = (await caught(SgDevice.open(`/dev/${dev.block!}`))) as DeviceOpenError;
    expect(e.kind).toBe('block-device');
    expect(e.suggestion).toBe(dev.path);
    expect(e.message).toContain(`Its sg node is ${dev.path}`);
  });

  it('names the missing permission and how to get it', () => {
    const script = `import('${join(import.meta.dirname, '..', '..', 'dist', 'index.js')}').then(async ({ SgDevice }) => {
      try { await SgDevice.open('${firstDevice().path}'); console.log('opened'); } catch (e) { console.log(JSON.stringify({ kind: e.kind, code: e.code, message: e.message })); }
    })`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { uid: 65534, gid: 65534, encoding: 'utf8' });
    const e = JSON.parse(out) as { kind: string; code: string; message: string };
    expect(e.kind).toBe('permission');
    expect(e.code).toBe('EACCES');
    expect(e.message).toMatch(/needs read and write access/);
    expect(e.message).toMatch(/usermod -aG disk/);
  });

  it('exclusive with nonBlocking fails at once with a busy error while another handle holds the device', async () => {
    const path = firstDevice().path;
    await using holder = await SgDevice.open(path, { exclusive: true });
    const e = (await caught(SgDevice.open(path, { exclusive: true, nonBlocking: true }))) as DeviceOpenError;
    expect(e).toBeInstanceOf(DeviceOpenError);
    expect(e.kind).toBe('busy');
    expect(e.code).toBe('EBUSY');
    expect(e.message).toMatch(/is busy/);
    expect((await holder.execute(testUnitReady)).ok).toBe(true);
  });

  it('identifies the device, closes idempotently and refuses use after close without crashing', async () => {
    const path = firstDevice().path;
    let handle: SgDevice;
    {
      await using dev = await SgDevice.open(path, { readOnly: false });
      handle = dev;
      expect(dev.version).toBeGreaterThanOrEqual(30000);
      expect(dev.scsiId.peripheralType).toBe(0);
      expect(dev.scsiId.lun).toBe(0);
      expect(dev.reservedSize).toBe(32768);
    }
    expect(handle.closed).toBe(true);
    await handle.close();
    await Promise.all([handle.close(), handle.close()]);
    expect(await caught(handle.execute(testUnitReady))).toBeInstanceOf(DeviceClosedError);
    expect(await caught(() => handle.executeSync(testUnitReady))).toBeInstanceOf(DeviceClosedError);
    expect(await caught(() => handle.reservedSize)).toBeInstanceOf(DeviceClosedError);
    expect(await caught(() => handle.mapReservedBuffer())).toBeInstanceOf(DeviceClosedError);
    expect(await caught(() => handle.setReservedSize(65536))).toBeInstanceOf(DeviceClosedError);
    expect(await caught(() => handle.fd)).toBeInstanceOf(DeviceClosedError);
    const msg = ((await caught(handle.execute(testUnitReady))) as Error).message;
    expect(msg).toMatch(/is closed; open it again/);
  });
});

describe('typed errors from injected faults', () => {
  it('a medium error is a CheckConditionError with sense key, ASC/ASCQ, text and the LBA (sync and async)', async () => {
    await using dev = await SgDevice.open(firstDevice().path);
    await dev.execute(testUnitReady); // any pending UA is retried away
    setScsiDebugParam('opts', ScsiDebugOpts.medium);
    const fields = { lba: 0x1234n, transferLength: 1 };
    const errors = [await caught(dev.execute(read16, fields, BLOCK)), await caught(() => dev.executeSync(read16, fields, BLOCK))];
    for (const e of errors as CheckConditionError[]) {
      expect(e).toBeInstanceOf(CheckConditionError);
      expect(e.code).toBe('ERR_SCSI_CHECK_CONDITION');
      expect(e.senseKey).toBe(SenseKey.MEDIUM_ERROR);
      expect([e.asc, e.ascq]).toEqual([0x11, 0x00]);
      expect(e.senseText).toBe('Unrecovered read error');
      expect(Number(e.sense.information)).toBe(0x1234);
      expect(e.message).toMatch(/READ\(16\) failed: Medium Error: Unrecovered read error \(ASC 0x11, ASCQ 0x00\)/);
      expect(e.result.status).toBe(ScsiStatus.CHECK_CONDITION);
    }
    const raw = await dev.execute(read16, fields, { ...BLOCK, throwOnError: false });
    expect(raw.statusName).toMatch(/check condition/i);
    expect(raw.sense?.senseKey).toBe(SenseKey.MEDIUM_ERROR);
    expect(await dev.execute(read16, { lba: 0n, transferLength: 1 }, BLOCK)).toMatchObject({ status: 0 });
  });

  it('a recovered error is a warning on the result, not a throw', async () => {
    await using dev = await SgDevice.open(firstDevice().path);
    injectFault({ everyNth: 1, opts: ScsiDebugOpts.recoveredError });
    const r = await dev.execute(read16, { lba: 0n, transferLength: 1 }, BLOCK);
    clearFaults();
    expect(r.warning?.senseKey).toBe(SenseKey.RECOVERED_ERROR);
    expect(r.data?.length).toBe(512);
  });

  it('an ignored command times out: the driver aborts it and it surfaces as a CommandTimeoutError', async () => {
    await using dev = await SgDevice.open(firstDevice().path);
    await dev.execute(testUnitReady);
    injectFault({ everyNth: 1, opts: ScsiDebugOpts.timeout });
    const started = performance.now();
    const pending = caught(dev.execute(read16, { lba: 0n, transferLength: 1 }, { ...BLOCK, timeout: 1000, retry: false }));
    await new Promise((r) => setTimeout(r, 100));
    clearFaults(); // let the error handler's own commands through
    const e = (await pending) as CommandTimeoutError;
    expect(e).toBeInstanceOf(CommandTimeoutError);
    expect(e.code).toBe('ERR_SCSI_TIMEOUT');
    expect(e.timeoutMs).toBe(1000);
    expect(e.reportedBy).toBe('driver');
    expect(e.result.hostStatusName).toBe('DID_TIME_OUT');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    // the device works again (a reset's UNIT ATTENTION is retried away)
    expect((await dev.execute(read16, { lba: 0n, transferLength: 1 }, BLOCK)).ok).toBe(true);
  });
});

describe('a device deleted through sysfs while commands are queued', () => {
  // each case deletes the device: bring it back for the next
  afterEach(async () => {
    await setScsiDebugTiming('delay', 0);
    await rescan();
  });

  // via 'sg': the sg queue (16 in the driver, the rest waiting in JS); via 'auto': the bsg ring where the kernel has it
  it.each(['sg', 'auto'] as const)('rejects every command promptly with DeviceGoneError, and later calls say the device is gone (via %s)', async (via) => {
    const lab = firstDevice();
    const dev = await SgDevice.open(lab.path, { via });
    const ring = via === 'auto' && dev.asyncRoute().via === 'bsg-io-uring';
    const inFlight = (): number => (ring ? dev.ringTransport!.inFlight : dev.queueStats().inFlight);
    await setScsiDebugTiming('delay', 20); // 200 ms per command: 16 in flight, the rest waiting
    // One command's time on this machine, measured now: the bounds below are multiples of it.
    const s0 = performance.now();
    await dev.execute(read16, { lba: 0n, transferLength: 1 }, BLOCK);
    const one = performance.now() - s0;
    const outcomes = Array.from({ length: 40 }, (_, i) =>
      dev.execute(read16, { lba: BigInt(i), transferLength: 1 }, BLOCK).then(
        () => 'ok',
        (e: unknown) => (e instanceof DeviceGoneError ? 'gone' : String(e)),
      ),
    );
    for (let turn = 0; turn < 10_000 && inFlight() < 16; turn++) await new Promise((r) => setImmediate(r));
    // the ring hands all 40 to the kernel at once (64 entries)
    expect(inFlight()).toBe(ring ? 40 : 16);
    // the delete blocks until the device is torn down: run it in another process
    await run('sh', ['-c', `echo 1 > /sys/class/scsi_generic/${lab.name}/device/delete`]);
    const deleted = performance.now();
    const settled = await Promise.race([Promise.all(outcomes), new Promise<'hang'>((r) => setTimeout(() => r('hang'), 25 * one))]);
    expect(settled).not.toBe('hang');
    // promptly: well under the 3 rounds of 16 that the 40 commands would take on a live device
    expect(performance.now() - deleted).toBeLessThan(10 * one);
    const counts = (settled as string[]).reduce<Record<string, number>>((a, o) => ({ ...a, [o]: (a[o] ?? 0) + 1 }), {});
    expect(Object.keys(counts).every((k) => k === 'ok' || k === 'gone'), JSON.stringify(counts)).toBe(true);
    // the sg queue's 24 still waiting in JS fail; the ring had handed all 40 to the kernel, which either completed
    // them before it let the device go or failed them gone (seen both ways in CI: 40 'ok', and 40 'gone')
    if (!ring) expect(counts.gone).toBeGreaterThanOrEqual(24);
    const later = (await caught(dev.execute(testUnitReady))) as DeviceGoneError;
    expect(later).toBeInstanceOf(DeviceGoneError);
    expect(later.code).toBe('ERR_DEVICE_GONE');
    expect(later.message).toMatch(/is gone .* list the devices again/i);
    expect(await caught(() => dev.executeSync(testUnitReady))).toBeInstanceOf(DeviceGoneError);
    await dev.close();
    expect(existsSync(lab.path)).toBe(false);
  });
});

describe('a device deleted through sysfs while a direct-IO command is in the kernel', () => {
  const ALLOW_DIO = '/sys/module/sg/parameters/allow_dio';
  const allowDioAtStart = readFileSync(ALLOW_DIO, 'utf8').trim();
  afterEach(async () => {
    writeFileSync(ALLOW_DIO, allowDioAtStart);
    await setScsiDebugTiming('delay', 0);
    await rescan();
  });

  it('close() waits for the command the device still holds: the kernel writes into its pinned pages until it completes', async () => {
    writeFileSync(ALLOW_DIO, '1');
    const lab = firstDevice();
    const dev = await SgDevice.open(lab.path, { via: 'sg' });
    await setScsiDebugTiming('delay', 150); // 1.5 s in the guest
    const started = performance.now();
    const read = dev.execute(read16, { lba: 0n, transferLength: 8 }, { ...BLOCK, transfer: 'direct', retry: false }).catch((e: unknown) => e);
    for (let turn = 0; turn < 10_000 && dev.queueStats().inFlight < 1; turn++) await new Promise((r) => setImmediate(r));
    expect(dev.queueStats().inFlight).toBe(1);
    // the delete returns once the device is torn down, after the midlayer completed the command it holds; the sg
    // node hangs up at the start of it, while the command is still in the kernel
    const deleting = run('sh', ['-c', `echo 1 > /sys/class/scsi_generic/${lab.name}/device/delete`]);
    expect(await read).toBeInstanceOf(DeviceGoneError);
    const goneAfter = performance.now() - started;
    expect(goneAfter, 'the device hung up before the command completed').toBeLessThan(1200);
    await dev.close();
    const closedAfter = performance.now() - started;
    await deleting;
    // close() let go of the command's memory (and closed the fd) only once the kernel had completed it
    expect(closedAfter).toBeGreaterThan(1400);
    expect(dev.queueStats().inFlight).toBe(0);
  });
});

describe('UNIT ATTENTION after power on or reset', () => {
  // On the lab kernel the SCSI scan itself consumes scsi_debug's power-on UNIT
  // ATTENTION (dmesg: "Power-on or device reset occurred"), and sd_mod would
  // too. A device reset (SG_SCSI_RESET through sg_reset -d) raises the same
  // UNIT ATTENTION (29h/00h) again, at any time.
  const raiseUnitAttention = (path: string): void => {
    execFileSync('sg_reset', ['--device', path], { stdio: 'ignore' });
  };

  it('the first command sees it with retries off; the default retry hides it and records the retry', async () => {
    const path = firstDevice().path;
    await using dev = await SgDevice.open(path);
    raiseUnitAttention(path);
    const e = (await caught(dev.execute(testUnitReady, {}, { retry: false }))) as CheckConditionError;
    expect(e).toBeInstanceOf(CheckConditionError);
    expect(e.senseKey).toBe(SenseKey.UNIT_ATTENTION);
    expect(e.asc).toBe(0x29); // power on, reset, or bus device reset occurred
    expect(e.category).toBe(6);
    expect(e.message).toMatch(/unit attention/i);
    expect((await dev.execute(testUnitReady, {}, { retry: false })).ok).toBe(true);

    raiseUnitAttention(path);
    const r = dev.executeSync(testUnitReady);
    expect(r.ok).toBe(true);
    expect(r.retries).toHaveLength(1);
    expect(r.retries[0]).toMatchObject({ attempt: 1, reason: 'unit-attention' });
    expect(r.retries[0]!.detail).toMatch(/Unit Attention: Power on, reset, or bus device reset occurred/i);

    raiseUnitAttention(path);
    const a = await dev.execute(read16, { lba: 0n, transferLength: 1 }, { ...BLOCK, measure: true });
    expect(a.retries.map((x) => x.reason)).toEqual(['unit-attention']);
    expect(a.elapsedMs).toBeGreaterThan(0);
    expect(a.data?.length).toBe(512);

    raiseUnitAttention(path);
    const raw = await dev.execute(testUnitReady, {}, { retry: false, throwOnError: false });
    expect(raw.sense?.senseKeyName).toMatch(/unit attention/i);
  });
});

describe('a read-only device', () => {
  it('runs execute() through SG_IO off the main thread (the driver refuses write() on O_RDONLY) and matches the read-write path', async () => {
    const rw = await SgDevice.open(firstDevice().path);
    const ro = await SgDevice.open(firstDevice().path, { readOnly: true });
    try {
      const pattern = new Uint8Array(4096).map((_, i) => (i * 7) & 0xff);
      await rw.execute(write10, { lba: 64, transferLength: 8 }, { data: pattern });
      const results = await Promise.all([0, 1, 2, 3].map(() => ro.execute(read10, { lba: 64, transferLength: 8 })));
      for (const r of results) expect(r.data).toEqual(pattern);
      const tur = await ro.execute(testUnitReady);
      expect(tur.ok).toBe(true);
      await expect(ro.execute(read16, { lba: 1n << 40n, transferLength: 1 })).rejects.toBeInstanceOf(CheckConditionError);
      // mmap-ed reads work on a read-only fd (its reserved buffer is mapped PROT_READ); mmap-ed writes are refused before the driver
      ro.setReservedSize(65536);
      ro.mapReservedBuffer();
      const viaMmap = await ro.execute(read10, { lba: 64, transferLength: 8 }, { transfer: 'mmap' });
      expect(viaMmap.data).toEqual(pattern);
      expect(() => ro.executeSync(write10, { lba: 64, transferLength: 8 }, { data: pattern, transfer: 'mmap' })).toThrow(/open it read-write/);
    } finally {
      await ro.close();
      await rw.close();
    }
  });
});

describe('writes', () => {
  it('write then read back through the async and the sync path', async () => {
    await using dev = await SgDevice.open(firstDevice().path);
    const data = new Uint8Array(4096).map((_, i) => (i * 7 + 3) & 0xff);
    await dev.execute(write16, { lba: 3000n, transferLength: 8 }, { ...BLOCK, data });
    expect((await dev.execute(read16, { lba: 3000n, transferLength: 8 }, BLOCK)).data).toEqual(data);
    expect(dev.executeSync(read16, { lba: 3000n, transferLength: 8 }, BLOCK).data).toEqual(data);
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    expect(await caught(dev.execute(testUnitReady, {}, { signal: ac.signal }))).toBeInstanceOf(CommandCanceledError);
  });
});

describe('prepared requests', () => {
  it('re-issue one header with the CDB updated in place, sync and async, indirect and mmap, short last transfers and typed errors', async () => {
    await using dev = await SgDevice.open(firstDevice().path, { reservedSize: 8192 });
    await dev.execute(testUnitReady);
    const pattern = new Uint8Array(8192).map((_, i) => (i * 13 + 1) & 0xff);
    const w = dev.prepare(write10, { lba: 5000, transferLength: 16 }, { ...BLOCK, data: pattern, retry: false });
    for (let lba = 5000; lba < 5064; lba += 16) {
      write10.encodeInto(w.cdb, 0, { lba, transferLength: 16 });
      expect(w.run()).toMatchObject({ status: 0, transferred: 8192 });
    }
    const into = new Uint8Array(8192);
    const r = dev.prepare(read10, { lba: 5000, transferLength: 16 }, { ...BLOCK, receive: into });
    const same = r.run();
    expect(into).toEqual(pattern);
    read10.encodeInto(r.cdb, 0, { lba: 5048, transferLength: 8 });
    r.setLength(4096);
    into.fill(0);
    expect(await r.submit()).toBe(same); // one reused status object
    expect(same.transferred).toBe(4096);
    expect(into.subarray(0, 4096)).toEqual(pattern.subarray(0, 4096));
    expect(into.subarray(4096).every((b) => b === 0)).toBe(true);
    expect(r.result()).toMatchObject({ command: 'READ(10)', requested: 4096, status: 0 });
    // a second submit() while the first is in flight is refused; the first completes
    // (a 10 ms device delay keeps the first in flight: with delay=0 it can complete inside submit())
    await setScsiDebugTiming('delay', 1);
    const both = await Promise.allSettled([r.submit(), r.submit()]).finally(() => setScsiDebugTiming('delay', 0));
    expect(both[0]).toMatchObject({ status: 'fulfilled', value: same });
    expect(both[1]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/already in flight/) }) });
    dev.mapReservedBuffer();
    const m = dev.prepare(read10, { lba: 5016, transferLength: 16 }, { ...BLOCK, transfer: 'mmap' });
    expect(m.run().transferred).toBe(8192);
    expect(m.data!.subarray(0, 8192)).toEqual(pattern);
    expect((await m.submit()).transferred).toBe(8192);
    setScsiDebugParam('opts', ScsiDebugOpts.medium);
    read10.encodeInto(r.cdb, 0, { lba: 0x1234, transferLength: 8 });
    const errors = [await caught(() => r.run()), await caught(r.submit())] as CheckConditionError[];
    for (const e of errors) {
      expect(e).toBeInstanceOf(CheckConditionError);
      expect(e.senseKey).toBe(SenseKey.MEDIUM_ERROR);
    }
    expect(() => r.setLength(8193)).toThrow(RangeError);
  });

  it('report every run to the onCommand listeners (sync, async, failed), and nothing after the listener is removed', async () => {
    await using dev = await SgDevice.open(firstDevice().path);
    const events: { name: string; lba: number; status: number; bytes: number; dataOut: number | undefined }[] = [];
    const remove = dev.addCommandListener((e) => events.push({ name: e.name, lba: (e.cdb[2]! << 24) | (e.cdb[3]! << 16) | (e.cdb[4]! << 8) | e.cdb[5]!, status: e.status, bytes: e.bytes, dataOut: e.dataOut?.length }));
    const pattern = new Uint8Array(4096).fill(0x5a);
    const w = dev.prepare(write10, { lba: 6000, transferLength: 8 }, { ...BLOCK, data: pattern, retry: false });
    w.run();
    const r = dev.prepare(read10, { lba: 6000, transferLength: 8 }, { ...BLOCK, receive: new Uint8Array(4096), throwOnError: false });
    await r.submit();
    setScsiDebugParam('opts', ScsiDebugOpts.medium);
    try {
      read10.encodeInto(r.cdb, 0, { lba: 0x1234, transferLength: 8 });
      r.run();
    } finally {
      setScsiDebugParam('opts', 0);
    }
    expect(events).toEqual([
      { name: 'WRITE(10)', lba: 6000, status: 0, bytes: 4096, dataOut: 4096 },
      { name: 'READ(10)', lba: 6000, status: 0, bytes: 4096, dataOut: undefined },
      { name: 'READ(10)', lba: 0x1234, status: ScsiStatus.CHECK_CONDITION, bytes: expect.any(Number), dataOut: undefined },
    ]);
    remove();
    read10.encodeInto(r.cdb, 0, { lba: 6000, transferLength: 8 });
    r.run();
    expect(events).toHaveLength(3);
  });
});
