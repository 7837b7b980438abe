// Reports the pool's size with SGIO_WORKER_THREADS as the environment gives it:
// three blocking reads on a pool of two threads leave one call queued.
import { asyncPoolStats, pipe, readAsync, write, close } from '../../dist/index.js';

const pipes = [pipe(), pipe(), pipe()];
const reads = pipes.map(([r]) => readAsync(r, Buffer.alloc(1)));
// workers start one per CPU at a time: wait until both are up and running a read
for (let i = 0; i < 2000 && asyncPoolStats().busy < 2; i++) await new Promise((res) => setTimeout(res, 10));
const { threads, busy, queued } = asyncPoolStats();
const stats = { threads, busy, queued };
for (const [, w] of pipes) write(w, Buffer.from('x'));
await Promise.all(reads);
for (const [r, w] of pipes) {
  close(r);
  close(w);
}
console.log(JSON.stringify(stats));
