// Benchmark (not a test): encodes per second and heap bytes per encode of
// the hot-path encoders. Run with `pnpm --filter @sgio/struct bench`
// (builds first; needs node --expose-gc, which the script passes).
//
// Allocation check: after a warm-up and a full GC, each case runs N
// iterations; we report the heap delta per op and the number of GCs that
// ran meanwhile. Zero GCs and ~0 B/op over millions of iterations means
// the encoder allocates nothing in steady state.
import { PerformanceObserver } from 'node:perf_hooks';
import { read16, read10 } from '../dist/commands/index.js';
import { encodeSgIoHdr, readSgIoHdrResult, createSgIoHdrResult, encodeSgIoV4, SG_IO_HDR_SIZE, SG_IO_V4_SIZE, SG_DXFER_FROM_DEV } from '../dist/sg/index.js';

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc (pnpm --filter @sgio/struct bench does)');
  process.exit(1);
}

const N = Number(process.env.BENCH_N ?? 5_000_000);
let gcCount = 0;
const obs = new PerformanceObserver((list) => {
  gcCount += list.getEntries().length;
});
obs.observe({ entryTypes: ['gc'] });
const flush = () => new Promise((resolve) => setTimeout(resolve, 20));

async function bench(name, fn) {
  for (let i = 0; i < 500_000; i++) fn(i); // warm-up: JIT and one-time caches
  globalThis.gc();
  await flush();
  gcCount = 0;
  const before = process.memoryUsage().heapUsed;
  // best of three rounds: the build machines are shared, a round may be preempted
  let seconds = Infinity;
  for (let round = 0; round < 3; round++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) fn(i);
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const after = process.memoryUsage().heapUsed;
  await flush();
  const row = {
    case: name,
    'encodes/s': Math.round(N / seconds).toLocaleString('en-US'),
    'ns/op': ((seconds * 1e9) / N).toFixed(1),
    'heap B/op': ((after - before) / (3 * N)).toFixed(4),
    'GCs during run': gcCount,
  };
  return row;
}

const cdb = new Uint8Array(16);
const hdrBuf = new Uint8Array(SG_IO_HDR_SIZE * 16);
const v4Buf = new Uint8Array(SG_IO_V4_SIZE);
const fieldsNumber = { lba: 0x12345678, transferLength: 8, fua: true };
const fieldsBig = { lba: 0x0102030405060708n, transferLength: 8, fua: true };
const fields10 = { lba: 0x12345678, transferLength: 8 };
const hdr = {
  dxferDirection: SG_DXFER_FROM_DEV,
  cmdLen: 16,
  mxSbLen: 64,
  dxferLen: 4096,
  dxferp: 0x7f0011223000n,
  cmdp: 0x7f0000001000n,
  sbp: 0x7f0000002000n,
  timeout: 60_000,
  flags: 0,
  packId: 0,
  usrPtr: 0n,
};
const hdrNumbers = { ...hdr, dxferp: 0x7f0011223000, cmdp: 0x7f0000001000, sbp: 0x7f0000002000, usrPtr: 0 };
const v4 = { requestLen: 16, request: 0x7f0000001000n, maxResponseLen: 64, response: 0x7f0000002000n, dinXferLen: 4096, dinXferp: 0x7f0011223000n, timeout: 60_000 };
const result = createSgIoHdrResult();

const rows = [];
rows.push(await bench('read16.encodeInto (lba as number)', () => read16.encodeInto(cdb, 0, fieldsNumber)));
rows.push(await bench('read16.encodeInto (lba as bigint)', () => read16.encodeInto(cdb, 0, fieldsBig)));
rows.push(await bench('read10.encodeInto', () => read10.encodeInto(cdb, 0, fields10)));
rows.push(await bench('encodeSgIoHdr (bigint pointers)', (i) => encodeSgIoHdr(hdrBuf, (i & 15) * SG_IO_HDR_SIZE, hdr)));
rows.push(await bench('encodeSgIoHdr (number pointers)', (i) => encodeSgIoHdr(hdrBuf, (i & 15) * SG_IO_HDR_SIZE, hdrNumbers)));
rows.push(await bench('readSgIoHdrResult', (i) => readSgIoHdrResult(hdrBuf, (i & 15) * SG_IO_HDR_SIZE, result)));
rows.push(await bench('encodeSgIoV4', () => encodeSgIoV4(v4Buf, 0, v4)));
obs.disconnect();
console.log(`node ${process.version}, best of 3 rounds of ${N.toLocaleString('en-US')} iterations per case; heap delta over all ${(3 * N).toLocaleString('en-US')}`);
console.table(rows);
