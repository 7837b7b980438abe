// Negative control: the same use-after-unmap with the raw binding kills the
// process. This proves the use-after-close test would catch a crash.
import { mmap, raw } from '../../dist/index.js';

const m = mmap({ length: 4096 });
const view = m.view;
raw.munmap(m.address, 4096);
console.log('about to touch');
view[0] = 1;
console.log('survived', view[0]);
