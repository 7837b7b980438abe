// Reports the pool's size with SGIO_WORKER_THREADS as the environment gives it:
// three blocking reads on a pool of two threads leave one call queued.
import { asyncPoolStats, pipe, readAsync, write, close } from '../../dist/index.js';

const pipes = [pipe(), pipe(), pipe()];
const reads = pipes.map(([r]) => readAsync(r, Buffer.alloc(1)));
await new Promise((res) => setTimeout(res, 200));
const stats = asyncPoolStats();
for (const [, w] of pipes) write(w, Buffer.from('x'));
await Promise.all(reads);
for (const [r, w] of pipes) {
  close(r);
  close(w);
}
console.log(JSON.stringify(stats));
