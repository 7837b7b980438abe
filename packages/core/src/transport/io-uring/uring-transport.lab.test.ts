/**
 * The io_uring transport on the real bsg driver. On a kernel with the bsg
 * passthrough handler (Linux 7.2: `sgio-lab --kernel unstable`): commands
 * of one tick go to the kernel in one io_uring_enter; fast commands settle
 * inside the submitting call without starving the event loop; an abort settles a
 * command in flight at once while its slot waits for the completion, and
 * close() waits for it; a command the kernel refuses ends with SG_IO's
 * errno; reads through it equal sg_dd's bytes. On a kernel without it
 * (the default lab's 6.1), a command sent through the ring anyway ends with
 * the kernel's EOPNOTSUPP, settled, not hung.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { CommandRing, Errno, IORING_URING_CMD_FIXED, O_RDWR, POLLIN, SQE, SystemError, addressOf, close, completionErrno, open, pollOne } from '@sgio/libc';
import { firstDevice, requireLab, setScsiDebugDelay } from '@sgio/lab';
import { BSG_URING_CMD, read10 } from '@sgio/struct';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BsgDevice } from '../../device/bsg-device.js';
import { bsgPathFor } from '../../device/bsg-path.js';
import { CommandCanceledError, DeviceClosedError } from '../../errors/sgio-error.js';
import { prepareCommand } from '../../execute/prepare.js';
import { probeUringPassthrough } from './passthrough-probe.js';
import { UringTransport } from './uring-transport.js';

requireLab('The io_uring transport lab test');

const node = bsgPathFor(firstDevice().path);
const support = probeUringPassthrough(node);
const readCommand = (lba: number, blocks: number) => prepareCommand({ definition: read10, fields: { lba, transferLength: blocks } }, { receive: blocks * 512 }, undefined);
const fds: number[] = [];
afterEach(async () => {
  await setScsiDebugDelay(0);
  for (const fd of fds.splice(0)) close(fd);
});

// one of the two describes exists, by the kernel: neither is skipped
if (!support.supported) describe(`the io_uring transport where bsg has no handler (Linux ${support.kernel})`, () => {
  it('ends a command with the kernel EOPNOTSUPP and settles it', async () => {
    const fd = open(node, O_RDWR);
    fds.push(fd);
    const t = new UringTransport(fd, node, false, 4);
    await expect(t.submit(readCommand(0, 1))).rejects.toMatchObject({ code: 'EOPNOTSUPP' });
    expect(t.inFlight).toBe(0);
    await t.close();
  });
});

if (support.supported) describe(`the io_uring transport on Linux ${support.kernel}`, () => {
  it('sends the commands of one tick with one io_uring_enter, and each gets its own data', async () => {
    const fd = open(node, O_RDWR);
    fds.push(fd);
    const t = new UringTransport(fd, node, false, 64);
    const results = await Promise.all(Array.from({ length: 32 }, (_, i) => t.submit(readCommand(i * 8, 8))));
    expect(t.stats()).toEqual({ submitCalls: 1, commands: 32, fixedBufferCommands: 0 });
    const expected = execFileSync('sh', ['-c', `sg_dd if=${firstDevice().path} of=- bs=512 count=256 2>/dev/null`], { maxBuffer: 1 << 20 });
    expect(Buffer.concat(results.map((r) => r.data!))).toEqual(expected);
    // more than the ring holds: the rest wait in JS and go as slots free up
    const more = await Promise.all(Array.from({ length: 100 }, (_, i) => t.submit(readCommand(i, 1))));
    expect(more.every((r) => r.ok && r.data!.length === 512)).toBe(true);
    await t.close();
  });

  it('settles fast commands inside the submitting call, yet a caller that submits again from each continuation leaves timers their turn', async () => {
    const fd = open(node, O_RDWR);
    fds.push(fd);
    const t = new UringTransport(fd, node, false, 4);
    let stop = false;
    let ops = 0;
    let ticks = 0;
    const timer = setTimeout(() => (stop = true), 1500);
    const interval = setInterval(() => ticks++, 100);
    try {
      // scsi_debug with delay 0 completes during io_uring_enter: without a bound, this loop would never yield
      while (!stop) {
        await t.submit(readCommand(ops % 1000, 1));
        ops++;
      }
    } finally {
      clearTimeout(timer);
      clearInterval(interval);
    }
    console.log(`io_uring QD1 loop: ${ops} commands in 1.5 s, ${ticks} timer ticks, ${t.stats().submitCalls} io_uring_enter calls`);
    expect(ticks).toBeGreaterThanOrEqual(5);
    expect(t.stats().submitCalls).toBe(ops);
    expect(t.state()).toMatchObject({ inFlight: 0, completionsWaiting: 0 });
    await t.close();
  });

  it('settles an aborted command at once; its slot waits for the completion, and close() for the slot', async () => {
    const fd = open(node, O_RDWR);
    fds.push(fd);
    const t = new UringTransport(fd, node, false, 4);
    await setScsiDebugDelay(150); // jiffies: well over a second in the guest
    const ac = new AbortController();
    const started = performance.now();
    const pending = t.submit(readCommand(0, 8), ac.signal);
    await new Promise((r) => setTimeout(r, 100));
    ac.abort();
    await expect(pending).rejects.toBeInstanceOf(CommandCanceledError);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(t.inFlight, 'the kernel still holds the command').toBe(1);
    await t.close();
    expect(t.inFlight).toBe(0);
    expect(performance.now() - started, 'close() waited for the completion').toBeGreaterThan(1000);
  });

  it('ends a command the kernel refuses (a 40-byte CDB) with the same EINVAL as SG_IO, and the ring goes on', async () => {
    const fd = open(node, O_RDWR);
    fds.push(fd);
    const t = new UringTransport(fd, node, false, 4);
    // past prepareCommand's own check: what the kernel answers is the point here
    const tooLong = { ...readCommand(0, 1), cdb: new Uint8Array(40) };
    const viaRing = await t.submit(tooLong).catch((e: unknown) => e);
    const viaIoctl = (() => {
      try {
        return t.submitSync(tooLong);
      } catch (e) {
        return e;
      }
    })();
    expect(viaRing).toMatchObject({ code: 'EINVAL' });
    expect(viaIoctl).toMatchObject({ code: 'EINVAL' });
    expect(t.inFlight).toBe(0);
    expect((await t.submit(readCommand(0, 1))).ok).toBe(true);
    await t.close();
  });

  it('fails a command whose entry cannot be written before it claims one: nothing half-written reaches the kernel, no slot is lost', async () => {
    const fd = open(node, O_RDWR);
    fds.push(fd);
    const t = new UringTransport(fd, node, false, 4);
    // past prepareCommand's own check (6..260 bytes): the slot's CDB copy cannot hold it
    const tooLong = { ...readCommand(0, 1), cdb: new Uint8Array(300) };
    await expect(t.submit(tooLong)).rejects.toBeInstanceOf(RangeError);
    expect(t.state()).toMatchObject({ inFlight: 0, unsubmitted: 0, ringQueued: 0, freeSlots: 4 });
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => t.submit(readCommand(i * 8, 8))));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(t.stats().commands).toBe(4);
    await t.close();
  });

  // the next two replace the kernel's answer to one io_uring_enter (the ring, the entries and every other call are
  // real): a kernel short of memory (EAGAIN, it consumed nothing) and a ring that fails outright cannot be provoked here
  it('sends again the commands the kernel did not take (EAGAIN) when none of its own is in the kernel to wake it: at the poller slice', async () => {
    const fd = open(node, O_RDWR);
    fds.push(fd);
    const t = new UringTransport(fd, node, false, 4);
    const submit = vi.spyOn(CommandRing.prototype, 'submit').mockReturnValueOnce(0).mockReturnValueOnce(0);
    let settled: unknown;
    try {
      settled = await Promise.race([t.submit(readCommand(40, 8)), new Promise((resolve) => setTimeout(() => resolve('still pending after 5 s'), 5000))]);
      expect(submit, 'two refusals, then the call the kernel takes').toHaveBeenCalledTimes(3);
    } finally {
      submit.mockRestore();
    }
    expect(settled).toMatchObject({ ok: true });
    const expected = execFileSync('sh', ['-c', `sg_dd if=${firstDevice().path} of=- bs=512 skip=40 count=8 2>/dev/null`], { maxBuffer: 1 << 20 });
    expect(Buffer.from((settled as { data: Uint8Array }).data)).toEqual(expected);
    expect(t.state()).toMatchObject({ inFlight: 0, unsubmitted: 0, ringQueued: 0 });
    await t.close();
  });

  it('fails the commands of an io_uring_enter that failed and withdraws their entries: the kernel never gets them', async () => {
    const fd = open(node, O_RDWR);
    fds.push(fd);
    const t = new UringTransport(fd, node, false, 4);
    const submit = vi.spyOn(CommandRing.prototype, 'submit').mockImplementationOnce(() => {
      throw new SystemError(Errno.ENXIO, 'io_uring_enter');
    });
    let failed: unknown;
    try {
      failed = await Promise.all([t.submit(readCommand(0, 1)), t.submit(readCommand(1, 1))]).catch((e: unknown) => e);
    } finally {
      submit.mockRestore();
    }
    expect(failed).toMatchObject({ code: 'ENXIO', syscall: 'io_uring_enter' });
    expect(t.state(), 'nothing left in the ring for the next call to send').toMatchObject({ inFlight: 0, unsubmitted: 0, ringQueued: 0 });
    // the slots are free for the next commands, and only those reach the kernel
    const next = await Promise.all(Array.from({ length: 4 }, (_, i) => t.submit(readCommand(16 + i * 8, 8))));
    expect(next.every((r) => r.ok)).toBe(true);
    expect(t.stats()).toMatchObject({ commands: 4 });
    const expected = execFileSync('sh', ['-c', `sg_dd if=${firstDevice().path} of=- bs=512 skip=16 count=32 2>/dev/null`], { maxBuffer: 1 << 20 });
    expect(Buffer.concat(next.map((r) => r.data!))).toEqual(expected);
    await t.close();
  });

  it('reads and writes through registered buffers (IORING_URING_CMD_FIXED) with the bytes sg_dd sees; other memory goes the usual way', async () => {
    const path = firstDevice().path;
    const dev = await BsgDevice.open(path, { transport: 'io_uring', fixedBuffers: [65536, 4096] });
    const [big, small] = dev.fixedBuffers;
    expect([big!.byteLength, small!.byteLength]).toEqual([65536, 4096]);
    const t = dev.transport as UringTransport;
    // a READ into the whole registered buffer, one into a slice of it, one into the second buffer
    const sgDd = (skip: number, count: number) => execFileSync('sh', ['-c', `sg_dd if=${path} of=- bs=512 skip=${skip} count=${count} 2>/dev/null`], { maxBuffer: 1 << 20 });
    expect(Buffer.from(await dev.readBlocks(100, 128, { into: big }))).toEqual(sgDd(100, 128));
    expect(Buffer.from(await dev.readBlocks(300, 8, { into: big!.subarray(8192, 12288) }))).toEqual(sgDd(300, 8));
    expect(Buffer.from(await dev.readBlocks(7, 8, { into: small }))).toEqual(sgDd(7, 8));
    expect(t.stats().fixedBufferCommands).toBe(3);
    // a WRITE from a registered buffer lands on the medium: sg_dd reads it back
    const pattern = createHash('sha256').update('fixed').digest();
    for (let i = 0; i < 4096; i += pattern.length) small!.set(pattern.subarray(0, Math.min(pattern.length, 4096 - i)), i);
    const before = sgDd(2000, 8);
    try {
      await dev.writeBlocks(2000, small!);
      expect(sgDd(2000, 8)).toEqual(Buffer.from(small!));
      expect(t.stats().fixedBufferCommands).toBe(4);
      // memory that is not (wholly) in a registered buffer is mapped per command, as without fixed buffers
      const plain = new Uint8Array(4096);
      expect(Buffer.from(await dev.readBlocks(2000, 8, { into: plain }))).toEqual(Buffer.from(small!));
      expect(t.stats().fixedBufferCommands).toBe(4);
    } finally {
      await dev.writeBlocks(2000, new Uint8Array(before));
    }
    expect(sgDd(2000, 8)).toEqual(before);
    await dev.close();
  });

  it('fixed buffers set after open (setFixedBuffers): once, used by prepared requests; over SG_IO plain aligned buffers', async () => {
    const path = firstDevice().path;
    const dev = await BsgDevice.open(path, { transport: 'io_uring', readOnly: true });
    try {
      expect(dev.fixedBuffers).toEqual([]);
      const [buf] = dev.setFixedBuffers([8 * 512]);
      expect(dev.fixedBuffers).toEqual([buf]);
      expect(() => dev.setFixedBuffers([4096])).toThrow(/set once/);
      const req = dev.prepare(read10, { lba: 40, transferLength: 8 }, { receive: buf });
      await req.submit();
      expect(Buffer.from(buf!)).toEqual(execFileSync('sh', ['-c', `sg_dd if=${path} of=- bs=512 skip=40 count=8 2>/dev/null`], { maxBuffer: 1 << 20 }));
      expect((dev.transport as UringTransport).stats().fixedBufferCommands).toBe(1);
    } finally {
      await dev.close();
    }
    const viaIoctl = await BsgDevice.open(path, { transport: 'sg_io', readOnly: true });
    try {
      const [plain] = viaIoctl.setFixedBuffers([4096]);
      expect(plain!.byteLength).toBe(4096);
      expect(Number(addressOf(plain!)) % 4096).toBe(0);
      expect((await viaIoctl.readBlocks(40, 8, { into: plain })).byteLength).toBe(4096);
    } finally {
      await viaIoctl.close();
    }
    expect(() => viaIoctl.setFixedBuffers([4096])).toThrow(DeviceClosedError);
  });

  it('the kernel takes the data from the registered buffer when the entry says FIXED: an address outside it fails with EFAULT', () => {
    const fd = open(node, O_RDWR);
    fds.push(fd);
    const ring = CommandRing.open({ entries: 2 });
    const registered = new Uint8Array(4096);
    const elsewhere = new Uint8Array(4096);
    const cdb = read10.encode({ lba: 0, transferLength: 8 });
    const sense = new Uint8Array(32);
    try {
      ring.registerBuffers([registered]);
      const send = (into: Uint8Array): number => {
        const entry = ring.prepare(fd, 7);
        const at = entry + SQE.cmd;
        const e = ring.sqes;
        e.setUint32(entry + SQE.uringCmdFlags, IORING_URING_CMD_FIXED, true);
        e.setUint16(entry + SQE.bufIndex, 0, true);
        e.setBigUint64(at + BSG_URING_CMD.request, addressOf(cdb), true);
        e.setUint32(at + BSG_URING_CMD.requestLen, cdb.length, true);
        e.setUint32(at + BSG_URING_CMD.maxResponseLen, sense.length, true);
        e.setBigUint64(at + BSG_URING_CMD.response, addressOf(sense), true);
        e.setBigUint64(at + BSG_URING_CMD.dinXferp, addressOf(into), true);
        e.setUint32(at + BSG_URING_CMD.dinXferLen, into.byteLength, true);
        e.setUint32(at + BSG_URING_CMD.timeoutMs, 60_000, true);
        expect(ring.submit()).toBe(1);
        let res = NaN;
        while (ring.reap((_ud, r) => (res = r)) === 0) {
          pollOne(ring.eventFd, POLLIN, 2000);
          ring.clearEvent();
        }
        return res;
      };
      // a kernel that ignored the flag would map `elsewhere` as ordinary user memory and succeed
      expect(completionErrno(send(elsewhere))).toBe('EFAULT');
      expect(elsewhere.every((b) => b === 0)).toBe(true);
      expect(send(registered)).toBe(0);
      const expected = execFileSync('sh', ['-c', `sg_dd if=${firstDevice().path} of=- bs=512 count=8 2>/dev/null`], { maxBuffer: 1 << 20 });
      expect(Buffer.from(registered)).toEqual(expected);
    } finally {
      ring.close();
      // the ring pointed at these until it was closed
      void [registered, elsewhere, cdb, sense];
    }
  });

  it('reads the first 8 MiB through BsgDevice (auto: io_uring) with the bytes sg_dd reads', async () => {
    const dev = await BsgDevice.open(firstDevice().path);
    expect(dev.transport.capabilities.kind).toBe('bsg-uring');
    const hash = createHash('sha256');
    for await (const chunk of dev.createReadStream({ end: 16384 })) hash.update(chunk as Buffer);
    await dev.close();
    const expected = execFileSync('sh', ['-c', `sg_dd if=${firstDevice().path} bs=512 count=16384 2>/dev/null | sha256sum`], { encoding: 'utf8' }).split(' ')[0];
    expect(hash.digest('hex')).toBe(expected);
  });
});
