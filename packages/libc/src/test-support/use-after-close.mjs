// Keeps views of mappings, closes the mappings, then reads and writes through
// the views. Must exit normally. With --expose-gc it then drops the views and
// checks that the address ranges are released once they are collected.
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mmap, open, close, O_RDWR, MAP_SHARED, MAP_PRIVATE, regionStats, MappingClosedError } from '../../dist/index.js';

// Everything that touches the views runs inside a function: once it returns,
// no frame (not even the suspended top-level await) holds a view.
function useAfterClose() {
  const path = join(mkdtempSync(join(tmpdir(), 'sgio-uac-')), 'f.bin');
  writeFileSync(path, Buffer.alloc(16384, 0x61));
  const fd = open(path, O_RDWR);
  const maps = [
    mmap({ length: 8192 }), // shared anonymous
    mmap({ length: 8192, flags: MAP_PRIVATE }), // private anonymous
    mmap({ fd, length: 16384, flags: MAP_SHARED }), // shared file
    mmap({ fd, length: 12288, flags: MAP_PRIVATE }), // private file
  ];
  close(fd);
  const views = maps.map((m) => m.view);
  const buffers = maps.map((m) => Buffer.from(m.view.buffer)); // a second view of the same memory
  const addresses = maps.map((m) => m.address);
  views.forEach((v) => v.fill(7));
  for (const m of maps) m.close();

  // Touch everything after close: reads see zeros, writes land in placeholders.
  let sum = 0;
  for (const v of views) {
    for (let i = 0; i < v.length; i += 512) sum += v[i];
    v.fill(9);
    sum += v[v.length - 1];
  }
  for (const b of buffers) b.writeUInt32LE(0xdeadbeef, b.length - 4);

  let closedError = '';
  try {
    maps[0].sync();
  } catch (e) {
    closedError = e instanceof MappingClosedError ? e.code : String(e);
  }
  let closedView = '';
  try {
    void maps[0].view;
  } catch (e) {
    closedView = e.code;
  }
  const fileAfter = readFileSync(path);
  const result = {
    sum,
    closedError,
    closedView,
    fileKeptSharedWrite: fileAfter[0] === 7, // the shared file mapping's write before close reached the file
    fileUntouchedAfterClose: !fileAfter.includes(9),
    placeholders: regionStats.placeholders,
  };
  return { result, addresses, count: maps.length };
}

const { result, addresses, count } = useAfterClose();

if (typeof globalThis.gc === 'function') {
  const mapped = () => {
    const lines = readFileSync('/proc/self/maps', 'utf8').trim().split('\n');
    return addresses.filter((a) => lines.some((l) => {
      const [lo, hi] = l.split(' ')[0].split('-').map((h) => BigInt('0x' + h));
      return a >= lo && a < hi;
    })).length;
  };
  result.mappedBeforeGc = mapped();
  for (let i = 0; i < 20 && regionStats.deferredReleases < count; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  result.deferredReleases = regionStats.deferredReleases;
  result.mappedAfterGc = mapped();
}
console.log(JSON.stringify(result));
