// Starts a worker with no call for it, waits until it is up, runs a call on it, then lets the event loop
// drain: the process must exit on its own (a prestarted worker, once up, does not keep it alive).
import { asyncPoolStats, getpidAsync, prestartAsync } from '../../dist/index.js';

prestartAsync(1);
const atStart = asyncPoolStats();
while (asyncPoolStats().starting > 0) await new Promise((r) => setTimeout(r, 10));
const up = asyncPoolStats();
const pid = await getpidAsync();
console.log(JSON.stringify({ atStart, up, samePid: pid === process.pid, afterCall: asyncPoolStats() }));
