// Makes async calls, then lets the event loop drain: the process must exit
// on its own (the worker pool must not keep it alive).
import { getpidAsync, readAsync, pipe, writeAsync, asyncPoolStats } from '../../dist/index.js';

const [r, w] = pipe();
await writeAsync(w, Buffer.from('ping'));
const buf = Buffer.alloc(4);
await readAsync(r, buf);
await Promise.all([getpidAsync(), getpidAsync(), getpidAsync()]);
console.log(JSON.stringify({ read: buf.toString(), ...asyncPoolStats() }));
