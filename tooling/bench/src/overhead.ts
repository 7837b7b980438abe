/**
 * `pnpm --filter @sgio/bench overhead`: the per-command JavaScript overhead,
 * measured on the host (no sg device needed): encoding a READ(16) CDB,
 * encoding an sg_io_hdr, decoding its completion, the FFI call (an SG_IO
 * ioctl on a pipe, which fails with ENOTTY without reaching a driver, and
 * getpid), building a CommandResult, and a composite of the JavaScript work
 * of one executeSync (everything but the driver's time). Prints ns per
 * operation and bytes allocated per operation (heap growth over a loop with
 * no garbage collection in it: run with --expose-gc and a large semi-space,
 * as the package script does).
 *
 * Usage: overhead.js [--json] [--iterations N]
 */
import { parseArgs } from 'node:util';
import { CommandResult } from '@sgio/core';
import { addressOf, getpid, pipe, close, tryIoctlPointer } from '@sgio/libc';
import { SG_DXFER_FROM_DEV, SG_IO, SG_IO_HDR_SIZE, createSgIoHdrResult, encodeSgIoHdr, read16, readSgIoHdrResult } from '@sgio/struct';

/** One measured operation. */
export interface OverheadRow {
  /** What was measured. */
  readonly name: string;
  /** Nanoseconds per operation (median of the rounds). */
  readonly ns: number;
  /** Bytes allocated on the JS heap per operation (0 in steady state is the target). */
  readonly bytesPerOp: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
/** Results are kept here so the optimizer cannot drop the allocation (as a caller would keep them). */
export let kept: unknown;

function measure(name: string, iterations: number, op: (i: number) => void): OverheadRow {
  for (let i = 0; i < Math.min(iterations, 200_000); i++) op(i); // warm-up (JIT)
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) op(i);
    rounds.push(Number(process.hrtime.bigint() - t) / iterations);
  }
  rounds.sort((a, b) => a - b);
  // allocation: heap growth over a shorter loop that fits in the young generation (no scavenge inside it)
  // (twice, keeping the smaller: the first may still see one-time allocations such as feedback vectors)
  const n = Math.min(iterations, 20_000);
  let bytesPerOp = Infinity;
  for (let k = 0; k < 2; k++) {
    gc?.();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++) op(i);
    bytesPerOp = Math.min(bytesPerOp, Math.max(0, (process.memoryUsage().heapUsed - before) / n));
  }
  return { name, ns: rounds[2]!, bytesPerOp: bytesPerOp < 1 ? 0 : bytesPerOp };
}

/** Runs every measurement. */
export function measureOverhead(iterations = 1_000_000): OverheadRow[] {
  const cdb = new Uint8Array(16);
  const fields = { lba: 0, transferLength: 8 };
  const data = new Uint8Array(4096);
  const sense = new Uint8Array(64);
  const header = new Uint8Array(SG_IO_HDR_SIZE);
  const input = {
    dxferDirection: SG_DXFER_FROM_DEV,
    cmdLen: 16,
    mxSbLen: 64,
    dxferLen: 4096,
    dxferp: addressOf(data),
    cmdp: addressOf(cdb),
    sbp: addressOf(sense),
    timeout: 60_000,
    flags: 0,
    packId: 0,
    usrPtr: 0,
  };
  const out = createSgIoHdrResult();
  encodeSgIoHdr(header, 0, input);
  const [r, w] = pipe();
  const completion = { status: 0, senseLength: 0, hostStatus: 0, driverStatus: 0, resid: 0, duration: 0, info: 0 };
  const empty = new Uint8Array(0);
  const noRetries: never[] = [];
  const rows = [
    measure('READ(16) encodeInto (CDB in place)', iterations, (i) => {
      fields.lba = i;
      read16.encodeInto(cdb, 0, fields);
    }),
    measure('READ(16) encode (new CDB, as executeSync does)', iterations, (i) => {
      fields.lba = i;
      kept = read16.encode(fields);
    }),
    measure('sg_io_hdr encode (encodeSgIoHdr)', iterations, (i) => {
      input.packId = i & 0xffff;
      encodeSgIoHdr(header, 0, input);
    }),
    measure('completion decode (readSgIoHdrResult)', iterations, () => {
      readSgIoHdrResult(header, 0, out);
    }),
    measure('FFI: ioctl(SG_IO) on a pipe -> ENOTTY (tryIoctlPointer)', iterations, () => {
      tryIoctlPointer(r, SG_IO, header);
    }),
    measure('FFI: getpid()', iterations, () => {
      getpid();
    }),
    measure('CommandResult construction', iterations, () => {
      kept = new CommandResult({ command: 'READ(16)', cdb, completion, senseBytes: empty, requested: 4096, data, elapsedMs: undefined, retries: noRetries, requestedTransfer: 'indirect' });
    }),
    measure('prepared run, JS side: encodeInto + ioctl + decode + status', iterations, (i) => {
      fields.lba = i;
      read16.encodeInto(cdb, 0, fields);
      tryIoctlPointer(r, SG_IO, header);
      readSgIoHdrResult(header, 0, out);
      completion.status = out.status;
      completion.resid = out.resid;
    }),
    measure('executeSync-like JS path: encode + direction + hdr + ioctl + decode + result', iterations, (i) => {
      fields.lba = i;
      const c = read16.encode(fields);
      read16.directionOf(fields);
      cdb.set(c, 0);
      encodeSgIoHdr(header, 0, input);
      tryIoctlPointer(r, SG_IO, header);
      readSgIoHdrResult(header, 0, out);
      kept = new CommandResult({ command: 'READ(16)', cdb: c, completion, senseBytes: empty, requested: 4096, data, elapsedMs: undefined, retries: noRetries, requestedTransfer: 'indirect' });
    }),
  ];
  close(r);
  close(w);
  // the header holds bare addresses of data, cdb and sense (it measures encodeSgIoHdr): keep them reachable until the
  // last call that hands it over. It only ever goes to a pipe, which never reads them, but the rule holds everywhere.
  kept = [data, cdb, sense, header];
  return rows;
}

function main(): void {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, iterations: { type: 'string' } } });
  if (!gc) process.stderr.write('note: run with --expose-gc (pnpm --filter @sgio/bench overhead) for steady allocation figures\n');
  const rows = measureOverhead(Number(values.iterations ?? 1_000_000));
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ node: process.version, rows }, null, 2)}\n`);
    return;
  }
  const lines = ['operation | ns/op | bytes allocated/op', '---|---|---', ...rows.map((x) => `${x.name} | ${x.ns.toFixed(0)} | ${x.bytesPerOp.toFixed(0)}`)];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main();
}
