/**
 * Sharing one sg fd between processes and threads (issue 16). The sg HOWTO
 * says a forked child shares the fd's reserved buffer and its mapping, and
 * that the buffer is freed when the last holder closes the fd. Node cannot
 * fork, so the parent hands the fd to a spawned child (`stdio` entry: fd 3
 * there), which adopts it with `SgDevice.fromFd(3)`; a worker thread gets
 * the number and adopts it with `close: false` (a duplicate of its own).
 *
 * What is observed:
 * - the child's own mapping shows the bytes of the parent's mmap-ed READ,
 *   and the reverse: one buffer, no copy (`/proc/<child>/maps` lists the
 *   node, so the child's bytes come from its own mapping of it);
 * - the buffer outlives the parent's fd and mapping: the child still reads
 *   through it; it is freed when the child closes: `/proc/scsi/sg/debug`
 *   lists every open sg file (sg.c `sg_proc_debug_helper`: one `FD(n):`
 *   line with its reserved size, `buflen=`, `bufflen=` before Linux 5.x)
 *   from `sg_add_sfp` until `sg_remove_sfp` (the last release of the file;
 *   a mapping holds the file too). The test gives the shared fd a reserved
 *   size no other fd has and counts those lines: 1 while either holds it,
 *   0 after the last close. That the pages themselves go back to the
 *   kernel is not observed (sg_remove_sfp_usercontext frees them later,
 *   from a workqueue);
 * - two mmap() calls on one fd map the same buffer (the HOWTO allows it);
 * - a worker thread's device over a duplicate sees the same buffer, and
 *   closing it leaves the main thread's fd working.
 *
 * The peers run `test-support/fd-sharing-peer.mjs` against the built
 * library: run `pnpm run build` before this file. Every command on the
 * shared fd runs one at a time: concurrent mmap-ed commands of two holders
 * would get EBUSY (one reserved buffer per open file).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { firstDevice, mustRunPeer, requireLab } from '@sgio/lab';
import { mmap } from '@sgio/libc';
import { read16, testUnitReady } from '@sgio/struct';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeviceOpenError } from '../errors/sgio-error.js';
import { SgDevice } from './sg-device.js';

requireLab('The fd-sharing lab test');

const BLOCK = 512;
const BLOCKS = 8;
const LENGTH = BLOCK * BLOCKS;
const LBA_A = 64;
const LBA_B = 128;
/** 11 pages: a reserved size no other fd of the guest has, to find the shared fd in /proc/scsi/sg/debug. */
const MARKER_SIZE = 11 * 4096;
const PEER = join(import.meta.dirname, '..', 'test-support', 'fd-sharing-peer.mjs');
const DEBUG = '/proc/scsi/sg/debug';
/** How long one request to a peer may take: the first includes starting node and loading the unbundled library, seconds on the guest's one slow CPU. */
const ASK_TIMEOUT_MS = 15_000;
/** Each case should take well under 10 s in the guest; this only stops a hung one. */
const CASE_TIMEOUT_MS = 30_000;

let path: string;
/** SHA-256 of the bytes sg_dd wrote at LBA_A and LBA_B. */
let hashA: string;
let hashB: string;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** What a peer answers; `error` and `code` when the request failed. */
interface Reply {
  readonly pid: number;
  readonly error?: string;
  readonly code?: string;
  readonly [key: string]: unknown;
}

/** The other holder of the fd: a child process or a worker thread running the peer script. */
interface Peer {
  /** Sends one request and waits for its reply; rejects when the peer reports an error, exits or takes too long. */
  ask(request: object): Promise<Reply>;
  /** Ends the peer (stdin closed and the exit awaited, or killed; a worker terminated). */
  end(): Promise<void>;
}

/** Waits for `promise` at most `ms`; rejects with `what` after that. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** A reply queue: peers answer in order, one reply per request. */
function replies(): { push(reply: Reply): void; fail(e: Error): void; next(what: string): Promise<Reply> } {
  const ready: Reply[] = [];
  const waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  let failed: Error | undefined;
  return {
    push(reply) {
      const w = waiting.shift();
      if (w) w.resolve(reply);
      else ready.push(reply);
    },
    fail(e) {
      failed ??= e;
      for (const w of waiting.splice(0)) w.reject(e);
    },
    async next(what) {
      const reply =
        ready.shift() ??
        (failed
          ? Promise.reject(failed)
          : new Promise<Reply>((resolve, reject) => {
              waiting.push({ resolve, reject });
            }));
      const r = await within(Promise.resolve(reply), ASK_TIMEOUT_MS, what);
      if (r.error !== undefined) throw new Error(`${what}: the peer failed: ${r.error} (${r.code ?? 'no code'})`);
      return r;
    },
  };
}

/** Spawns the peer as a child process with `fd` as its fd 3 (asynchronously: the test keeps using the device meanwhile). */
function spawnChild(fd: number): Peer & { readonly child: ChildProcess } {
  const child = spawn(process.execPath, [PEER], { stdio: ['pipe', 'pipe', 'inherit', fd] });
  const queue = replies();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  createInterface({ input: child.stdout! }).on('line', (line) => queue.push(JSON.parse(line) as Reply));
  child.once('error', (e) => queue.fail(e));
  void exited.then((code) => queue.fail(new Error(`the child exited (${code})`)));
  return {
    child,
    ask: (request) => {
      child.stdin!.write(`${JSON.stringify(request)}\n`);
      return queue.next(`child ${JSON.stringify(request)}`);
    },
    end: async () => {
      child.stdin!.end();
      try {
        expect(await within(exited, 5_000, 'the child to exit after its stdin closed')).toBe(0);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    },
  };
}

/** Starts the peer as a worker thread of this process. */
function startWorker(): Peer {
  const worker = new Worker(PEER);
  const queue = replies();
  worker.on('message', (m: Reply) => queue.push(m));
  worker.once('error', (e) => queue.fail(e));
  worker.once('exit', (code) => queue.fail(new Error(`the worker exited (${code})`)));
  return {
    ask: (request) => {
      worker.postMessage(request);
      return queue.next(`worker ${JSON.stringify(request)}`);
    },
    end: async () => {
      await worker.terminate();
    },
  };
}

/** The open sg files /proc/scsi/sg/debug lists with `size` bytes of reserved buffer. */
function filesWithReservedSize(size: number): number {
  const pattern = new RegExp(`^\\s*FD\\(\\d+\\): .*\\bbuff?len=${size}\\b`);
  return readFileSync(DEBUG, 'utf8')
    .split('\n')
    .filter((line) => pattern.test(line)).length;
}

/** Polls {@link filesWithReservedSize} until it is `count` (the last release may finish just after close returns); returns the last count. */
async function untilFiles(size: number, count: number): Promise<number> {
  let seen = filesWithReservedSize(size);
  for (let i = 0; i < 40 && seen !== count; i++) {
    await new Promise((r) => setTimeout(r, 50));
    seen = filesWithReservedSize(size);
  }
  return seen;
}

/** The lines of /proc/<pid>/maps that map `node`. */
function mapsOf(pid: number | 'self', node: string): string[] {
  return readFileSync(`/proc/${pid}/maps`, 'utf8')
    .split('\n')
    .filter((line) => line.endsWith(` ${node}`));
}

/** An mmap-ed READ(16) of BLOCKS blocks at `lba` through the device's own transport. */
async function mmapRead(dev: SgDevice, lba: number): Promise<Uint8Array | undefined> {
  const r = await dev.execute(read16, { lba: BigInt(lba), transferLength: BLOCKS }, { blockSize: BLOCK, transfer: 'mmap', receive: LENGTH, retry: false });
  expect(r.transfer).toBe('mmap');
  return r.data;
}

/** SHA-256 of the first LENGTH bytes of the device's reserved-buffer mapping, as they are now. */
function mappedHash(dev: SgDevice): string {
  const view = dev.reservedMapping?.view;
  expect(view, 'the reserved buffer is mapped').toBeDefined();
  return sha256(view!.subarray(0, LENGTH));
}

beforeAll(async () => {
  path = firstDevice().path;
  // the blocks the READs look for, written by sg_dd (another program: the bytes cannot come from this process's memory)
  const file = join(tmpdir(), `sgio-fd-sharing-${process.pid}`);
  try {
    const write = async (lba: number): Promise<string> => {
      const bytes = randomBytes(LENGTH);
      writeFileSync(file, bytes);
      await mustRunPeer('sg_dd', [`if=${file}`, `of=${path}`, `bs=${BLOCK}`, `seek=${lba}`, `count=${BLOCKS}`]);
      return sha256(bytes);
    };
    hashA = await write(LBA_A);
    hashB = await write(LBA_B);
  } finally {
    rmSync(file, { force: true });
  }
  await using dev = await SgDevice.open(path);
  await dev.execute(testUnitReady); // the power-on unit attention, out of the way
});

describe('one sg fd, two holders', () => {
  it('a child adopts the fd and maps the reserved buffer: an mmap-ed READ by either shows in the other’s mapping', { timeout: CASE_TIMEOUT_MS }, async () => {
    await using dev = await SgDevice.open(path, { reservedSize: LENGTH });
    dev.mapReservedBuffer();
    const peer = spawnChild(dev.fd);
    try {
      const adopted = await peer.ask({ op: 'adopt', fd: 3 });
      expect(adopted).toMatchObject({ path, fd: 3, reservedSize: dev.reservedSize, mapped: dev.reservedSize, transport: 'sg-io-worker' });
      expect(mapsOf(adopted.pid, path), `/proc/${adopted.pid}/maps maps ${path}`).toHaveLength(1);
      // the parent reads (its async queue) into the buffer; the child hashes its own mapping of it
      expect(sha256((await mmapRead(dev, LBA_A))!)).toBe(hashA);
      expect((await peer.ask({ op: 'hash', length: LENGTH })).hash).toBe(hashA);
      // the child reads (SG_IO); the parent's mapping shows the bytes
      expect(await peer.ask({ op: 'read', lba: LBA_B, blocks: BLOCKS, blockSize: BLOCK })).toMatchObject({ ok: true, transfer: 'mmap', hash: hashB });
      expect(mappedHash(dev)).toBe(hashB);
      await peer.ask({ op: 'close' });
      // the child closed only what it held: the parent's fd and mapping still work
      expect(sha256((await mmapRead(dev, LBA_A))!)).toBe(hashA);
    } finally {
      await peer.end();
    }
  });

  it('the reserved buffer outlives the parent’s fd and mapping, and is released with the child’s', { timeout: CASE_TIMEOUT_MS }, async () => {
    const dev = await SgDevice.open(path, { reservedSize: MARKER_SIZE });
    let peer: ReturnType<typeof spawnChild> | undefined;
    try {
      const size = dev.reservedSize;
      expect(size, 'the driver granted the marker size').toBe(MARKER_SIZE);
      expect(filesWithReservedSize(size), `no other open sg file has ${size} bytes reserved`).toBe(1);
      dev.mapReservedBuffer();
      peer = spawnChild(dev.fd);
      const { pid } = await peer.ask({ op: 'adopt', fd: 3 });
      expect(mapsOf(pid, path)).toHaveLength(1);
      expect(mapsOf('self', path)).toHaveLength(1);
      await dev.close(); // unmaps, then closes the parent's fd
      expect(mapsOf('self', path), 'the parent unmapped').toEqual([]);
      expect(filesWithReservedSize(size), 'the child still holds the open file').toBe(1);
      // the child's mapping still carries mmap-ed IO
      expect(await peer.ask({ op: 'read', lba: LBA_A, blocks: BLOCKS, blockSize: BLOCK })).toMatchObject({ ok: true, hash: hashA });
      expect(await peer.ask({ op: 'close' })).toMatchObject({ closed: true, mappingClosed: true });
      expect(mapsOf(pid, path), 'the child unmapped').toEqual([]);
      expect(await untilFiles(size, 0), 'the driver released the file (and its reserved buffer) with the last holder').toBe(0);
    } finally {
      await dev.close();
      await peer?.end();
    }
  });

  it('in one process: a second mmap() of the fd shows the same bytes; a second device over the fd works on a duplicate', async () => {
    await using dev = await SgDevice.open(path, { reservedSize: LENGTH });
    const first = dev.mapReservedBuffer();
    const second = mmap({ fd: dev.fd, length: dev.reservedSize, path });
    try {
      expect(second.address).not.toBe(first.address);
      await mmapRead(dev, LBA_A);
      expect([sha256(first.view.subarray(0, LENGTH)), sha256(second.view.subarray(0, LENGTH))]).toEqual([hashA, hashA]);
      await mmapRead(dev, LBA_B);
      expect(sha256(second.view.subarray(0, LENGTH))).toBe(hashB);
    } finally {
      second.close();
    }
    // adopting an fd an open device owns would close it twice: refused
    const owned = (() => {
      try {
        SgDevice.fromFd(dev.fd);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(owned).toBeInstanceOf(DeviceOpenError);
    expect(owned).toMatchObject({ kind: 'fd-owned', code: 'ERR_FD_OWNED' });
    const borrowed = SgDevice.fromFd(dev.fd, { close: false });
    try {
      expect(borrowed.fd).not.toBe(dev.fd);
      expect(borrowed.path).toBe(path);
      expect(borrowed.reservedSize).toBe(dev.reservedSize);
      expect(borrowed.transport.capabilities).toMatchObject({ kind: 'sg-io-worker', readOnly: false });
    } finally {
      await borrowed.close();
    }
    // closing the duplicate left the device's own fd open
    expect(sha256((await mmapRead(dev, LBA_A))!)).toBe(hashA);
  });

  it('a worker thread adopts the fd with close: false: it maps the same buffer, and closing it leaves this thread’s fd working', { timeout: CASE_TIMEOUT_MS }, async () => {
    await using dev = await SgDevice.open(path, { reservedSize: LENGTH });
    dev.mapReservedBuffer();
    const peer = startWorker();
    try {
      const adopted = await peer.ask({ op: 'adopt', fd: dev.fd, options: { close: false } });
      expect(adopted.pid).toBe(process.pid);
      expect(adopted.fd, 'the worker works on a duplicate').not.toBe(dev.fd);
      expect(adopted).toMatchObject({ path, mapped: dev.reservedSize });
      expect(mapsOf('self', path), 'two mappings of the node in this process').toHaveLength(2);
      await mmapRead(dev, LBA_A);
      expect((await peer.ask({ op: 'hash', length: LENGTH })).hash).toBe(hashA);
      await peer.ask({ op: 'close' });
      expect(mapsOf('self', path)).toHaveLength(1);
      expect(sha256((await mmapRead(dev, LBA_B))!)).toBe(hashB);
      expect(mappedHash(dev)).toBe(hashB);
    } finally {
      await peer.end();
    }
  });
});
