// 10,000 map/close cycles of file, shared-anonymous and private-anonymous
// mappings (and, with "views", with a view touched before each close), after
// a warm-up. Prints /proc/self/maps and fd-table sizes and the address space
// (VmSize) before and after. "leak" instead of "views" leaves the private
// mapping of every cycle open: the negative control that shows the checks see
// a leak of anonymous mappings, which merge into few /proc/self/maps lines.
// With "leak" it also prints how many of the leaked mappings' pages lie inside
// a mapping that /proc/self/maps lists at the end (leakedKiBMapped), so the
// test can see the leak itself and not only the address space, which V8's own
// heap moves by a few hundred KiB either way.
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mmap, open, close, O_RDWR, MAP_SHARED, MAP_PRIVATE, pageSize, regionStats } from '../../dist/index.js';

const cycles = Number(process.argv[2] ?? 10000);
const withViews = process.argv[3] === 'views';
const leakPrivate = process.argv[3] === 'leak';
const leaked = [];
const page = pageSize();
const path = join(mkdtempSync(join(tmpdir(), 'sgio-leak-')), 'leak-probe.bin');
writeFileSync(path, Buffer.alloc(page));

function cycle(i) {
  const fd = open(path, O_RDWR);
  const file = mmap({ fd, length: page, flags: i % 2 ? MAP_SHARED : MAP_PRIVATE });
  close(fd);
  const shared = mmap({ length: page * (1 + (i % 3)), flags: MAP_SHARED });
  const priv = mmap({ length: page, flags: MAP_PRIVATE });
  if (withViews) {
    file.view[0] = 1;
    shared.view[1] = 2;
    priv.view[2] = 3;
  }
  file.close();
  shared.close();
  if (leakPrivate) leaked.push(priv);
  else priv.close();
}

async function settle() {
  for (let i = 0; i < 30; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 10));
  }
}

const snapshot = () => {
  const maps = readFileSync('/proc/self/maps', 'utf8').trim().split('\n');
  return {
    lines: maps.length,
    ours: maps.filter((l) => l.includes('leak-probe.bin') || l.includes('/dev/zero')).length,
    fds: readdirSync('/proc/self/fd').length,
    vmKiB: Number(/^VmSize:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]),
  };
};

for (let i = 0; i < 500; i++) cycle(i);
await settle();
const before = snapshot();
for (let i = 0; i < cycles; i++) cycle(i);
const during = snapshot();
await settle();
const after = snapshot();

/** KiB of the leaked mappings that lie inside a range /proc/self/maps lists now. */
function leakedKiBMapped() {
  const ranges = readFileSync('/proc/self/maps', 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' ', 1)[0].split('-').map((hex) => BigInt(`0x${hex}`)));
  let kib = 0;
  for (const m of leaked) {
    const start = m.address;
    const end = start + BigInt(m.length);
    if (ranges.some(([lo, hi]) => lo <= start && end <= hi)) kib += m.length / 1024;
  }
  return kib;
}

const leak = leakPrivate ? { count: leaked.length, kibMapped: leakedKiBMapped() } : undefined;
console.log(JSON.stringify({ before, during, after, stats: regionStats, leak }));
