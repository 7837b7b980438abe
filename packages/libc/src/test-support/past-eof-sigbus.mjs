// Negative control: a file mapping past the end of the file, forced with
// allowPastEnd, raises SIGBUS when the page past the end is touched.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mmap, open, O_RDWR } from '../../dist/index.js';

const path = join(mkdtempSync(join(tmpdir(), 'sgio-eof-')), 'f.bin');
writeFileSync(path, Buffer.alloc(100));
const m = mmap({ fd: open(path, O_RDWR), length: 8192, allowPastEnd: true });
m.view[50] = 1; // inside the file's page: fine
console.log('first page ok');
m.view[5000] = 1; // a page entirely past the end: SIGBUS
console.log('survived');
