/**
 * Benchmark worker (runs inside the lab): single-block READ(10) commands
 * through @sgio/core, one at a time with executeSync or the promise API, or
 * 4 KiB random reads with 16 in flight on one fd (prepared requests,
 * `submit()`). Prints one JSON line:
 * `{ "ops": N, "seconds": S, "bytes": B }`.
 *
 * Also `sync-prepared` (a prepared request's run()) and `raw` (a bare
 * koffi ioctl on a prebuilt header): the floors executeSync is compared
 * with; `raw-async` (a bare write + read of a prebuilt header): the floor of
 * the promise API at queue depth 1.
 *
 * `uring-promise` and `uring-random16` are `promise` and `random16` on the
 * device's bsg node through the io_uring transport (Linux 7.2+).
 *
 * `zero-sync`, `zero-promise` and `uring-zero`: READ(10) with a transfer
 * length of 0 (sg_read's bpt=0 method: the command path alone, no data),
 * with executeSync, the promise API, and the promise API over io_uring.
 *
 * `uring-fixed` is `uring-promise` reading into a buffer registered with
 * the ring (`fixedBuffers`: IORING_URING_CMD_FIXED, its page pinned once).
 *
 * `uring-prepared` and `uring-prepared16` are `uring-promise` and
 * `uring-random16` with prepared requests (`BsgDevice.prepare()`, `submit()`):
 * no options object, CDB encoding or result per command.
 *
 * `uring-raw` is the io_uring floor: libc's `CommandRing` alone on its own fd
 * of the bsg node, one READ(10) per io_uring_enter, no core.
 *
 * `promise` and `random16` open the SgDevice as a user does (via 'auto': the
 * bsg ring where the kernel has it); `promise-sg` and `random16-sg` are the
 * same loops with via 'sg' (the sg queue).
 *
 * Usage: api-loop.js sync|sync-prepared|raw|raw-async|promise|random16|uring-promise|uring-fixed|uring-prepared|uring-raw|uring-random16|uring-prepared16|promise-sg|random16-sg DEVICE COUNT|SECONDS
 */
import { BsgDevice, SgDevice, SgIoHeader, bsgPathFor } from '@sgio/core';
import { CommandRing, O_RDWR, POLLIN, SQE, addressOf, close, open, pollOne, tryIoctlPointer, tryRead, tryWrite } from '@sgio/libc';
import { BSG_URING_CMD, SG_DXFER_FROM_DEV, SG_IO, SG_IO_HDR_SIZE, read10 } from '@sgio/struct';

const [given = 'sync', path = '/dev/sg0', amount = '10000'] = process.argv.slice(2);
// `promise-sg` and `random16-sg`: the same loops on an SgDevice opened with via 'sg' (the sg queue's write() + read())
const sgOnly = given === 'promise-sg' || given === 'random16-sg';
const mode = sgOnly ? given.slice(0, -3) : given;
const uring = mode.startsWith('uring-');
// `promise` and `random16` measure SgDevice as it opens by default (via 'auto': the bsg ring where the kernel has it);
// the other sg modes measure the sg fd itself (SG_IO, the queue), and the zero-block promise mode the sg queue
const via = !sgOnly && (mode === 'promise' || mode === 'random16') ? 'auto' : 'sg';
const dev = uring ? await BsgDevice.open(path, { transport: 'io_uring', ...(mode === 'uring-fixed' ? { fixedBuffers: [4096] } : {}) }) : await SgDevice.open(path, { via });
// a run that stops making progress says where it stands (a stall must be found, not waited out)
let progress = 0;
let seen = -1;
const stallWatch = setInterval(() => {
  if (progress === seen) {
    const state = 'state' in dev.transport && typeof dev.transport.state === 'function' ? JSON.stringify((dev.transport.state as () => unknown)()) : 'n/a';
    process.stderr.write(`api-loop ${mode}: no command completed in 10 s; transport state ${state}\n`);
  }
  seen = progress;
}, 10_000);
stallWatch.unref();
const block = new Uint8Array(512);
const n = Number(amount);

/**
 * The floor of any io_uring caller at QD1: one READ(10) per io_uring_enter through libc's ring, the entry's
 * addresses computed once. The CDB, sense and data buffers stay referenced by this function's scope until the
 * ring is closed, after the last completion was reaped.
 */
function uringRaw(): { ops: number; seconds: number; bytes: number } {
  const fd = open(path.includes('/bsg/') ? path : bsgPathFor(path), O_RDWR);
  const ring = CommandRing.open({ entries: 8 });
  const cdb = read10.encode({ lba: 0, transferLength: 1 });
  const sense = new Uint8Array(32);
  const data = new Uint8Array(512);
  const [cdbAt, senseAt, dataAt] = [addressOf(cdb), addressOf(sense), addressOf(data)];
  let failed = 0;
  const sink = (_ud: number, res: number, statusWord: number): void => {
    if (res !== 0 || statusWord !== 0) failed++;
  };
  const one = (): void => {
    const at = ring.prepare(fd, 1) + SQE.cmd;
    const e = ring.sqes;
    e.setBigUint64(at + BSG_URING_CMD.request, cdbAt, true);
    e.setUint32(at + BSG_URING_CMD.requestLen, cdb.length, true);
    e.setUint32(at + BSG_URING_CMD.maxResponseLen, sense.length, true);
    e.setBigUint64(at + BSG_URING_CMD.response, senseAt, true);
    e.setBigUint64(at + BSG_URING_CMD.dinXferp, dataAt, true);
    e.setUint32(at + BSG_URING_CMD.dinXferLen, data.length, true);
    e.setUint32(at + BSG_URING_CMD.timeoutMs, 60_000, true);
    ring.submit();
    // scsi_debug completes in the call; otherwise wait for the ring's eventfd
    while (ring.reap(sink) === 0) {
      pollOne(ring.eventFd, POLLIN, 1000);
      ring.clearEvent();
    }
  };
  try {
    for (let i = 0; i < 1000; i++) one();
    const t = performance.now();
    for (let i = 0; i < n; i++, progress++) one();
    const seconds = (performance.now() - t) / 1000;
    if (failed > 0) throw new Error(`uring-raw: ${failed} commands did not complete cleanly`);
    return { ops: n, seconds, bytes: n * 512 };
  } finally {
    ring.close();
    close(fd);
    // the buffers the ring pointed at stay referenced until here
    void [cdb, sense, data];
  }
}

/**
 * 4 KiB random reads at queue depth 16 for `seconds`: 16 loops, each with
 * the reader `makeReader` gives it (its own buffer or prepared request),
 * reading 8 blocks at a random multiple of 8 below the disk's size and
 * again once it completed. The clock is read by a timer, not per command.
 */
async function random16(seconds: number, makeReader: () => (lba: number) => Promise<unknown>): Promise<{ ops: number; seconds: number; bytes: number }> {
  const blocks = Number(process.env.BENCH_BLOCKS ?? 131072);
  const span = Math.floor(blocks / 8);
  let ops = 0;
  let stop = false;
  const loop = async (): Promise<void> => {
    const read = makeReader();
    while (!stop) {
      await read(Math.floor(Math.random() * span) * 8);
      ops++;
      progress++;
    }
  };
  const timer = setTimeout(() => (stop = true), seconds * 1000);
  const t = performance.now();
  await Promise.all(Array.from({ length: 16 }, loop));
  const elapsed = (performance.now() - t) / 1000;
  clearTimeout(timer);
  return { ops, seconds: elapsed, bytes: ops * 4096 };
}

async function main(): Promise<{ ops: number; seconds: number; bytes: number }> {
  if (mode === 'uring-promise' || mode === 'uring-fixed') {
    // uring-fixed: the data lands in a buffer registered with the ring (IORING_URING_CMD_FIXED), pinned once
    const o = { receive: mode === 'uring-fixed' ? (dev as BsgDevice).fixedBuffers[0]!.subarray(0, 512) : block, retry: false } as const;
    for (let i = 0; i < 1000; i++) await dev.execute(read10, { lba: i, transferLength: 1 }, o);
    const t = performance.now();
    for (let i = 0; i < n; i++, progress++) await dev.execute(read10, { lba: i, transferLength: 1 }, o);
    const seconds = (performance.now() - t) / 1000;
    return { ops: n, seconds, bytes: n * 512 };
  }
  if (mode === 'uring-prepared') {
    const req = dev.prepare(read10, { lba: 0, transferLength: 1 }, { receive: block });
    const setLba = read10.fieldSetter('lba');
    for (let i = 0; i < 1000; i++) {
      setLba(req.cdb, 0, i);
      await req.submit();
    }
    const t = performance.now();
    for (let i = 0; i < n; i++, progress++) {
      setLba(req.cdb, 0, i);
      await req.submit();
    }
    const seconds = (performance.now() - t) / 1000;
    return { ops: n, seconds, bytes: n * 512 };
  }
  if (mode === 'uring-prepared16') {
    // 16 prepared READ(10)s, each loop rewriting its CDB's LBA and submitting again: one io_uring_enter per tick
    const setLba = read10.fieldSetter('lba');
    return random16(n, () => {
      const req = dev.prepare(read10, { lba: 0, transferLength: 8 }, { receive: new Uint8Array(4096) });
      return (lba) => {
        setLba(req.cdb, 0, lba);
        return req.submit();
      };
    });
  }
  if (mode === 'uring-raw') return uringRaw();
  if (mode === 'uring-zero' || mode === 'zero-promise') {
    const fields = { lba: 0, transferLength: 0 };
    const o = { retry: false } as const;
    for (let i = 0; i < 1000; i++) await dev.execute(read10, fields, o);
    const t = performance.now();
    for (let i = 0; i < n; i++, progress++) await dev.execute(read10, fields, o);
    const seconds = (performance.now() - t) / 1000;
    return { ops: n, seconds, bytes: 0 };
  }
  if (mode === 'zero-sync') {
    const fields = { lba: 0, transferLength: 0 };
    const o = { retry: false } as const;
    for (let i = 0; i < 1000; i++) dev.executeSync(read10, fields, o);
    const t = performance.now();
    for (let i = 0; i < n; i++) dev.executeSync(read10, fields, o);
    const seconds = (performance.now() - t) / 1000;
    return { ops: n, seconds, bytes: 0 };
  }
  if (mode === 'uring-random16') {
    // 16 loops with their own buffers: the commands of one tick go to the kernel in one io_uring_enter
    return random16(n, () => {
      const o = { receive: new Uint8Array(4096), retry: false } as const;
      const fields = { lba: 0, transferLength: 8 };
      return (lba) => {
        fields.lba = lba;
        return dev.execute(read10, fields, o);
      };
    });
  }
  if (uring) throw new Error(`unknown mode ${mode}`);
  const sg = dev as SgDevice;
  if (mode === 'sync') {
    for (let i = 0; i < 1000; i++) dev.executeSync(read10, { lba: i, transferLength: 1 }, { receive: block });
    const t = performance.now();
    for (let i = 0; i < n; i++) dev.executeSync(read10, { lba: i, transferLength: 1 }, { receive: block });
    const seconds = (performance.now() - t) / 1000;
    return { ops: n, seconds, bytes: n * 512 };
  }
  if (mode === 'sync-prepared') {
    // the same loop with a prepared request: the JS floor of a synchronous command
    const req = sg.prepare(read10, { lba: 0, transferLength: 1 }, { receive: block, retry: false });
    const fields = { lba: 0, transferLength: 1 };
    for (let i = 0; i < 1000; i++) req.run();
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      fields.lba = i;
      read10.encodeInto(req.cdb, 0, fields);
      req.run();
    }
    const seconds = (performance.now() - t) / 1000;
    return { ops: n, seconds, bytes: n * 512 };
  }
  if (mode === 'raw') {
    // the floor of any Node.js caller: one koffi ioctl(SG_IO) per command on a header built once
    // the header keeps the CDB, sense and data buffers reachable while the loop uses them (a header from bare
    // addresses let V8 collect the CDB and sense buffers under the kernel: heap corruption)
    const header = new SgIoHeader({ dxferDirection: SG_DXFER_FROM_DEV, cdb: read10.encode({ lba: 0, transferLength: 1 }), sense: new Uint8Array(32), data: block }).bytes;
    const fd = sg.fd;
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      if (tryIoctlPointer(fd, SG_IO, header) < 0) throw new Error('SG_IO failed');
    }
    const seconds = (performance.now() - t) / 1000;
    return { ops: n, seconds, bytes: n * 512 };
  }
  if (mode === 'raw-async') {
    // the floor of the async interface at QD1: write() the prebuilt header, read() the completion (2 system calls)
    const header = new SgIoHeader({ dxferDirection: SG_DXFER_FROM_DEV, cdb: read10.encode({ lba: 0, transferLength: 1 }), sense: new Uint8Array(32), data: block, packId: 77 }).bytes;
    const back = new Uint8Array(SG_IO_HDR_SIZE);
    const fd = sg.fd;
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      if (tryWrite(fd, header) < 0) throw new Error('write failed');
      while (tryRead(fd, back) < 0); // the fd is non-blocking; scsi_debug with delay=0 is done at once
    }
    const seconds = (performance.now() - t) / 1000;
    return { ops: n, seconds, bytes: n * 512 };
  }
  if (mode === 'promise') {
    for (let i = 0; i < 1000; i++) await dev.execute(read10, { lba: i, transferLength: 1 }, { receive: block });
    const t = performance.now();
    for (let i = 0; i < n; i++) await dev.execute(read10, { lba: i, transferLength: 1 }, { receive: block });
    const seconds = (performance.now() - t) / 1000;
    return { ops: n, seconds, bytes: n * 512 };
  }
  if (mode === 'random16') {
    // 16 prepared READ(10)s on the one fd's async queue: each loop re-encodes its CDB in place and submits again
    return random16(n, () => {
      const req = sg.prepare(read10, { lba: 0, transferLength: 8 }, { receive: new Uint8Array(4096), retry: false });
      const fields = { lba: 0, transferLength: 8 };
      return (lba) => {
        fields.lba = lba;
        read10.encodeInto(req.cdb, 0, fields);
        return req.submit();
      };
    });
  }
  throw new Error(`unknown mode ${mode}: use sync, promise or random16`);
}

const measured = await main();
// which way an 'auto' device's commands went (a kernel without the bsg ring leaves them on the sg queue): the bench logs it
const result = dev instanceof SgDevice && via === 'auto' ? { ...measured, via: dev.asyncRoute().via } : measured;
await dev.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
