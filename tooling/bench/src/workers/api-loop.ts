/**
 * Benchmark worker (runs inside the lab): single-block READ(10) commands
 * through @sgio/core, one at a time with executeSync or the promise API, or
 * 4 KiB random reads with 16 in flight on one fd. Prints one JSON line:
 * `{ "ops": N, "seconds": S, "bytes": B }`.
 *
 * Usage: api-loop.js sync|promise|random16 DEVICE COUNT|SECONDS
 */
import { SgDevice } from '@sgio/core';
import { read10 } from '@sgio/struct';

const [mode = 'sync', path = '/dev/sg0', amount = '10000'] = process.argv.slice(2);
const dev = await SgDevice.open(path);
const block = new Uint8Array(512);
const n = Number(amount);

async function main(): Promise<{ ops: number; seconds: number; bytes: number }> {
  if (mode === 'sync') {
    for (let i = 0; i < 1000; i++) dev.executeSync(read10, { lba: i, transferLength: 1 }, { receive: block });
    const t = performance.now();
    for (let i = 0; i < n; i++) dev.executeSync(read10, { lba: i, transferLength: 1 }, { receive: block });
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
    const blocks = Number(process.env.BENCH_BLOCKS ?? 131072);
    const lanes = Array.from({ length: 16 }, () => new Uint8Array(4096));
    let ops = 0;
    const until = performance.now() + n * 1000;
    const t = performance.now();
    const worker = async (buf: Uint8Array): Promise<void> => {
      while (performance.now() < until) {
        const lba = Math.floor(Math.random() * (blocks / 8)) * 8;
        await dev.execute(read10, { lba, transferLength: 8 }, { receive: buf });
        ops++;
      }
    };
    await Promise.all(lanes.map(worker));
    const seconds = (performance.now() - t) / 1000;
    return { ops, seconds, bytes: ops * 4096 };
  }
  throw new Error(`unknown mode ${mode}: use sync, promise or random16`);
}

const result = await main();
await dev.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
