/**
 * Soak worker (runs inside the lab): COUNT single-block reads through one
 * execution path of the library, with a full garbage collection and some
 * fresh allocations every GC_EVERY commands, so memory the kernel still
 * uses would be freed and reused if any path lost hold of it. Every read is
 * checked against the pattern written first. Prints one JSON line (see
 * {@link SoakPathReport}) and exits 1 on any mismatch or error.
 *
 * Usage: node --expose-gc soak-path.js PATH DEVICE COUNT [GC_EVERY]
 * PATH: sync | prepared | qd1 | qd16 | mmap | direct | lanes | bsg | readonly | raw-header
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { BsgDevice, SgDevice, SgIoHeader, SgLanes } from '@sgio/core';
import { tryRead, tryWrite } from '@sgio/libc';
import { SG_DXFER_FROM_DEV, SG_IO_HDR_SIZE, read10, write10 } from '@sgio/struct';

/** What one soak process reports. */
export interface SoakPathReport {
  readonly path: string;
  readonly commands: number;
  readonly seconds: number;
  readonly rssStartMiB: number;
  readonly rssEndMiB: number;
  readonly fdsStart: number;
  readonly fdsEnd: number;
  readonly mismatches: number;
  readonly errors: number;
  readonly firstError?: string;
}

const [path = 'sync', device = '/dev/sg0', countArg = '10000', gcEveryArg = '10000'] = process.argv.slice(2);
const count = Number(countArg);
const gcEvery = Math.max(1, Number(gcEveryArg));
const PATTERN_BLOCKS = 256;
const BLOCK = 512;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

let mismatches = 0;
let errors = 0;
let firstError: string | undefined;
/** Fresh allocations kept until the next collection, so freed memory gets reused. */
const junk: Uint8Array[] = [];

function check(data: Uint8Array | undefined, lba: number): void {
  const want = lba & 0xff;
  if (!data || data[0] !== want || data[BLOCK - 1] !== want) mismatches++;
}

function failed(e: unknown): void {
  errors++;
  firstError ??= e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** A full collection, then allocations that may reuse what it freed. */
function churn(i: number): void {
  if (i % gcEvery !== 0) return;
  gc!();
  junk.splice(0, junk.length, ...Array.from({ length: 64 }, (_, j) => new Uint8Array(32 + (j % 8) * 16).fill(0xa5)));
}

function fds(): number {
  return readdirSync('/proc/self/fd').length;
}

function mib(bytes: number): number {
  return Math.round((bytes / 1048576) * 10) / 10;
}

/** Writes block b = b & 0xff over the first PATTERN_BLOCKS blocks. */
function writePattern(): void {
  const dev = SgDevice.openSync(device);
  const data = new Uint8Array(PATTERN_BLOCKS * BLOCK);
  for (let b = 0; b < PATTERN_BLOCKS; b++) data.fill(b & 0xff, b * BLOCK, (b + 1) * BLOCK);
  dev.executeSync(write10, { lba: 0, transferLength: PATTERN_BLOCKS }, { blockSize: BLOCK, data });
  void dev.close();
}

/** Runs `next(i)` for i in [0, n) with `depth` of them in flight at once. */
async function concurrently(n: number, depth: number, next: (i: number) => Promise<void>): Promise<void> {
  let i = 0;
  const worker = async (): Promise<void> => {
    while (i < n) {
      const mine = i++;
      churn(mine);
      try {
        await next(mine);
      } catch (e) {
        failed(e);
      }
    }
  };
  await Promise.all(Array.from({ length: depth }, worker));
}

/** The loop of one path: `n` commands. */
async function loop(n: number): Promise<void> {
  const lbaOf = (i: number): number => i % PATTERN_BLOCKS;
  switch (path) {
    case 'sync': {
      await using dev = await SgDevice.open(device);
      const block = new Uint8Array(BLOCK);
      for (let i = 0; i < n; i++) {
        churn(i);
        try {
          check(dev.executeSync(read10, { lba: lbaOf(i), transferLength: 1 }, { receive: block }).data, lbaOf(i));
        } catch (e) {
          failed(e);
        }
      }
      return;
    }
    case 'prepared': {
      await using dev = await SgDevice.open(device);
      const req = dev.prepare(read10, { lba: 0, transferLength: 1 }, { receive: new Uint8Array(BLOCK), retry: false });
      const fields = { lba: 0, transferLength: 1 };
      for (let i = 0; i < n; i++) {
        churn(i);
        fields.lba = lbaOf(i);
        read10.encodeInto(req.cdb, 0, fields);
        try {
          req.run();
          check(req.data, fields.lba);
        } catch (e) {
          failed(e);
        }
      }
      return;
    }
    case 'qd1':
    case 'qd16': {
      await using dev = await SgDevice.open(device);
      await concurrently(n, path === 'qd1' ? 1 : 16, async (i) => check((await dev.execute(read10, { lba: lbaOf(i), transferLength: 1 }, { receive: BLOCK })).data, lbaOf(i)));
      return;
    }
    case 'mmap': {
      await using dev = await SgDevice.open(device, { reservedSize: 4096 });
      dev.mapReservedBuffer();
      await concurrently(n, 4, async (i) => check((await dev.execute(read10, { lba: lbaOf(i), transferLength: 1 }, { receive: BLOCK, transfer: 'mmap' })).data, lbaOf(i)));
      return;
    }
    case 'direct': {
      const allowDio = '/sys/module/sg/parameters/allow_dio';
      const before = readFileSync(allowDio, 'utf8').trim();
      writeFileSync(allowDio, '1');
      try {
        await using dev = await SgDevice.open(device);
        await concurrently(n, 4, async (i) => {
          const r = await dev.execute(read10, { lba: lbaOf(i), transferLength: 1 }, { receive: BLOCK, transfer: 'direct' });
          if (r.transfer !== 'direct') throw new Error(`direct IO fell back to ${r.transfer}`);
          check(r.data, lbaOf(i));
        });
      } finally {
        writeFileSync(allowDio, before);
      }
      return;
    }
    case 'lanes': {
      await using lanes = await SgLanes.open(device, { lanes: 4, reservedSize: 4096 });
      await concurrently(n, 8, async (i) => check((await lanes.read(lbaOf(i), 1, { into: new Uint8Array(BLOCK) })).data, lbaOf(i)));
      return;
    }
    case 'bsg': {
      await using dev = await BsgDevice.open(device);
      await concurrently(n, 4, async (i) => check((await dev.execute(read10, { lba: lbaOf(i), transferLength: 1 }, { receive: BLOCK })).data, lbaOf(i)));
      return;
    }
    case 'readonly': {
      await using dev = await SgDevice.open(device, { readOnly: true });
      await concurrently(n, 8, async (i) => check((await dev.execute(read10, { lba: lbaOf(i), transferLength: 1 }, { receive: BLOCK })).data, lbaOf(i)));
      return;
    }
    case 'raw-header': {
      await using dev = await SgDevice.open(device);
      const header = new SgIoHeader({ dxferDirection: SG_DXFER_FROM_DEV, cdb: new Uint8Array(10), sense: new Uint8Array(32), data: new Uint8Array(BLOCK) });
      const cdb = header.cdb;
      const data = header.data as Uint8Array;
      const back = new Uint8Array(SG_IO_HDR_SIZE);
      const fields = { lba: 0, transferLength: 1 };
      for (let i = 0; i < n; i++) {
        churn(i);
        fields.lba = lbaOf(i);
        read10.encodeInto(cdb, 0, fields);
        if (tryWrite(dev.fd, header.bytes) < 0) {
          failed(new Error('write() of the header failed'));
          continue;
        }
        while (tryRead(dev.fd, back) < 0); // the fd is non-blocking; scsi_debug with delay=0 answers at once
        if (header.result().status !== 0) failed(new Error(`status ${header.result().status}`));
        check(data, fields.lba);
      }
      return;
    }
    default:
      throw new Error(`unknown path ${path}: use sync, prepared, qd1, qd16, mmap, direct, lanes, bsg, readonly or raw-header`);
  }
}

writePattern();
await loop(Math.min(1000, Math.ceil(count / 100))); // warm-up: pools, mappings and code paths exist before the baseline
gc();
const rssStart = process.memoryUsage().rss;
const fdsStart = fds();
const t = performance.now();
await loop(count);
const seconds = (performance.now() - t) / 1000;
junk.length = 0;
gc();
const report: SoakPathReport = {
  path,
  commands: count,
  seconds: Math.round(seconds * 100) / 100,
  rssStartMiB: mib(rssStart),
  rssEndMiB: mib(process.memoryUsage().rss),
  fdsStart,
  fdsEnd: fds(),
  mismatches,
  errors,
  ...(firstError === undefined ? {} : { firstError }),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exitCode = mismatches === 0 && errors === 0 ? 0 : 1;
