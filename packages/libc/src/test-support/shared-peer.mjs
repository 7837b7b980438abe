// An unrelated process that maps the same file MAP_SHARED. It waits until
// the parent's write (byte 0 = 0x42) shows up in its own mapping, then
// answers through the mapping. No read() or write() calls: memory only.
import { mmap, open, close, O_RDWR, PROT_READ, PROT_WRITE, MAP_SHARED } from '../../dist/index.js';

const [path, length] = [process.argv[2], Number(process.argv[3])];
const fd = open(path, O_RDWR);
const m = mmap({ fd, length, prot: PROT_READ | PROT_WRITE, flags: MAP_SHARED });
close(fd); // the mapping keeps the file
const view = m.view;
const sleep = new Int32Array(new SharedArrayBuffer(4));
const deadline = Date.now() + 20_000;
while (view[0] !== 0x42) {
  if (Date.now() > deadline) {
    console.error('timed out waiting for the parent write');
    process.exit(2);
  }
  Atomics.wait(sleep, 0, 0, 2);
}
const seen = Buffer.from(view.subarray(2, 2 + view[1])).toString('latin1');
const reply = `pid ${process.pid} saw: ${seen}`;
view[4096] = reply.length;
Buffer.from(view.buffer, 4097, reply.length).write(reply, 'latin1');
m.close();
