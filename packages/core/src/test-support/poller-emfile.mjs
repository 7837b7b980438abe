// Run with a low descriptor limit (`ulimit -n`): uses up every descriptor, then asks the poller to watch a pipe
// whose write end has data. The poller cannot make its wake pipe (EMFILE): want() must not throw, and the client
// must be called back (with 0, after a slice). Then descriptors are freed and a real poll sees POLLIN.
// Prints one JSON line.
import { openSync, closeSync } from 'node:fs';
import { O_CLOEXEC, O_NONBLOCK, pipe, tryWrite } from '@sgio/libc';
import { Poller } from '../../dist/transport/sg-queue/poller.js';

const [a, aw] = pipe(O_CLOEXEC | O_NONBLOCK);
tryWrite(aw, new Uint8Array(1));
const filler = [];
let exhausted = false;
for (let i = 0; i < 100_000; i++) {
  try {
    filler.push(openSync('/dev/null', 'r'));
  } catch (e) {
    exhausted = e.code === 'EMFILE';
    break;
  }
}
const p = new Poller();
let threw;
const t0 = performance.now();
const first = await new Promise((resolve) => {
  try {
    p.want(a, { onPoll: (revents) => resolve({ revents, ms: performance.now() - t0 }) });
  } catch (e) {
    threw = e.code ?? String(e);
    resolve(undefined);
  }
});
for (const fd of filler) closeSync(fd);
const second = await new Promise((resolve) => p.want(a, { onPoll: (revents) => resolve(revents) }));
console.log(JSON.stringify({ exhausted, threw, first, second }));
process.exit(0);
