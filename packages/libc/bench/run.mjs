// Benchmark: per-call overhead of trivial bindings (sync and async) against
// the same calls made from C in the same run, and the cost of a mapping view.
// Usage: pnpm --filter @sgio/libc bench   (needs gcc)
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as L from '../dist/index.js';

const N = Number(process.env.BENCH_N ?? 2_000_000);
const NA = Number(process.env.BENCH_ASYNC_N ?? 20_000);
const NM = Number(process.env.BENCH_MAP_N ?? 50_000);

// --- C
const dir = mkdtempSync(join(tmpdir(), 'sgio-bench-'));
const exe = join(dir, 'calls');
execFileSync('gcc', ['-O2', '-o', exe, fileURLToPath(new URL('calls.c', import.meta.url))]);
const c = Object.fromEntries(
  execFileSync(exe, [String(N)], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => [l.split(' ')[0], Number(l.split(' ')[1])]),
);

// --- JS helpers
function timeSync(n, fn) {
  for (let i = 0; i < Math.min(n / 10, 100_000); i++) fn(); // warm up (JIT)
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / n;
}
async function timeAsync(n, fn) {
  for (let i = 0; i < 200; i++) await fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  return Number(process.hrtime.bigint() - t0) / n;
}

const fd = L.open('/dev/zero', L.O_RDONLY);
const buf = Buffer.alloc(1);
const koffi = createRequire(import.meta.url)('koffi');
const lib = koffi.load('libc.so.6');
const rawGetpid = lib.func('int getpid()');
const rawRead = lib.func('intptr_t read(int fd, void *buf, size_t n)');
const koffiAsync = (f, ...args) => new Promise((res, rej) => f.async(...args, (e, r) => (e ? rej(e) : res(r))));

const rows = [];
const row = (name, ns, cNs) => rows.push({ call: name, 'ns/call': ns.toFixed(1), 'C ns/call': cNs === undefined ? '' : cNs.toFixed(1), 'diff ns': cNs === undefined ? '' : (ns - cNs).toFixed(1) });

row('getpid  sync  (@sgio/libc getpid)', timeSync(N, L.getpid), c.getpid);
row('getpid  sync  (bare koffi function)', timeSync(N, rawGetpid), c.getpid);
row('read 0  sync  (@sgio/libc read, checked, errno on failure)', timeSync(N, () => L.read(fd, buf, 0)), c.read0);
row('read 0  sync  (bare koffi function)', timeSync(N, () => rawRead(fd, buf, 0)), c.read0);
row('getpid  async (@sgio/libc worker pool, errno kept)', await timeAsync(NA, L.getpidAsync), c.getpid);
row('read 0  async (@sgio/libc worker pool, errno kept)', await timeAsync(NA, () => L.readAsync(fd, buf, 0)), c.read0);
row('getpid  async (koffi .async, errno lost)', await timeAsync(NA, () => koffiAsync(rawGetpid)), c.getpid);
row('read 0  async (koffi .async, errno lost)', await timeAsync(NA, () => koffiAsync(rawRead, fd, buf, 0)), c.read0);

const PAGE = L.pageSize();
const mapClose = timeSync(NM, () => L.mmap({ length: PAGE }).close());
row('mmap() + close(), no view', mapClose, c.mmap_munmap);
const withView = timeSync(NM, () => {
  const m = L.mmap({ length: PAGE });
  void m.view;
  m.close();
});
row('mmap() + view + close() (placeholder, munmap at GC)', withView, c.mmap_munmap);
rows.push({ call: '=> cost of creating a view', 'ns/call': (withView - mapClose).toFixed(1), 'C ns/call': '', 'diff ns': '' });
const m = L.mmap({ length: PAGE });
row('addressOf(buffer)', timeSync(N / 4, () => L.addressOf(buf)));
m.close();
L.close(fd);

console.log(`node ${process.version}, ${process.arch}, koffi ${koffi.version ?? ''}, N=${N} sync / ${NA} async / ${NM} mappings`);
console.table(rows);
const diff = Number(rows[0]['diff ns']);
console.log(`target: sync getpid within 1000 ns of C -> ${diff < 1000 ? 'met' : 'NOT met'} (${diff.toFixed(1)} ns)`);
