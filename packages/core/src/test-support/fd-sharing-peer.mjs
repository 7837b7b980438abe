/**
 * The other holder of a shared sg fd in `device/fd-sharing.lab.test.ts`:
 * a child process (spawned with the fd in its stdio array; requests on
 * stdin, one JSON line each, replies on stdout) or a worker thread
 * (requests and replies as messages). It runs the built library
 * (`packages/core/dist`): a child process and a worker cannot load the
 * TypeScript sources the test runs from.
 *
 * Requests: `{ op: 'adopt', fd, options }` (SgDevice.fromFd, then map the
 * reserved buffer), `{ op: 'hash', length }` (SHA-256 of the first `length`
 * bytes of its own mapping), `{ op: 'read', lba, blocks, blockSize }` (an
 * mmap-ed READ(16) through SG_IO on this thread, then the hash of its
 * mapping), `{ op: 'close' }`. Every reply carries `pid`; a failure replies
 * `{ error, code }`.
 */
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { isMainThread, parentPort } from 'node:worker_threads';
import { read16 } from '@sgio/struct';
import { SgDevice } from '../../dist/index.js';

/** @type {import('../device/sg-device.js').SgDevice | undefined} */
let device;
/** @type {import('@sgio/libc').Mapping | undefined} */
let mapping;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

async function handle(request) {
  switch (request.op) {
    case 'adopt': {
      if (typeof SgDevice.fromFd !== 'function') throw new Error('packages/core/dist has no SgDevice.fromFd: it is older than the source; run pnpm run build');
      device = SgDevice.fromFd(request.fd, request.options);
      mapping = device.mapReservedBuffer();
      return { path: device.path, fd: device.fd, reservedSize: device.reservedSize, mapped: mapping.length, transport: device.transport.capabilities.kind };
    }
    case 'hash':
      return { hash: sha256(mapping.view.subarray(0, request.length)) };
    case 'read': {
      const length = request.blocks * request.blockSize;
      const r = device.executeSync(read16, { lba: BigInt(request.lba), transferLength: request.blocks }, { blockSize: request.blockSize, transfer: 'mmap', receive: length, retry: false });
      return { ok: r.ok, transfer: r.transfer, hash: sha256(mapping.view.subarray(0, length)) };
    }
    case 'close':
      await device.close();
      return { closed: device.closed, mappingClosed: mapping.closed };
    default:
      throw new Error(`unknown request ${JSON.stringify(request)}`);
  }
}

async function answer(request) {
  try {
    return { pid: process.pid, ...(await handle(request)) };
  } catch (e) {
    return { pid: process.pid, error: `${e?.name}: ${e?.message}`, code: e?.code };
  }
}

if (isMainThread) {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    process.stdout.write(`${JSON.stringify(await answer(JSON.parse(line)))}\n`);
  }
  // stdin ended: the test is done with this process
  if (device && !device.closed) await device.close();
} else {
  parentPort.on('message', (request) => {
    void answer(request).then((reply) => parentPort.postMessage(reply));
  });
}
