// shutdownAsync() at random moments of a worker's start, many times: the pool must
// never stop a worker while it loads koffi (that aborts the process: koffi issue 190).
import { asyncPoolStats, getpidAsync, shutdownAsync } from '../../dist/index.js';

const rounds = Number(process.argv[2] ?? 120);
// how long one worker takes to come up here
let t = performance.now();
await getpidAsync();
const startMs = performance.now() - t;
await shutdownAsync();
let rejected = 0;
for (let i = 0; i < rounds; i++) {
  const call = getpidAsync().catch((e) => {
    if (e.code !== 'ERR_ASYNC_SHUTDOWN') throw e;
    rejected++;
  });
  const until = performance.now() + Math.random() * startMs * 1.2;
  while (performance.now() < until); // busy: the worker's start runs on its own thread meanwhile
  await shutdownAsync();
  await call;
}
console.log(JSON.stringify({ rounds, rejected, startMs: Math.round(startMs), ...asyncPoolStats() }));
