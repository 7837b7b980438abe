/**
 * The handshake and transmission loop of NbdConnection over a real Unix
 * socket, with an in-memory export in place of the device.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ChunkType, Command, NbdErrno, NBD_OPTS_MAGIC, NBD_SIMPLE_REPLY_MAGIC, NBD_STRUCTURED_REPLY_MAGIC, Option, Reply, TransmissionFlag } from '../protocol/constants.js';
import { encodeRequest } from '../protocol/transmission.js';
import { NbdConnection } from './connection.js';
import { NbdRequestError } from './request-error.js';
import type { ScsiExport } from './scsi-export.js';

const SIZE = 1024 * 1024;

/** An export over a buffer, with the ScsiExport surface the connection uses. */
function memoryExport(writable: boolean): ScsiExport {
  const disk = new Uint8Array(SIZE).map((_, i) => i & 0xff);
  return {
    name: 'mem',
    description: 'memory disk',
    writable,
    facts: { size: BigInt(SIZE), blockSize: 512, blockSizes: { minimum: 512, preferred: 4096, maximum: 65536 } },
    transmissionFlags: TransmissionFlag.HAS_FLAGS | (writable ? 0 : TransmissionFlag.READ_ONLY),
    read: async (offset: bigint, into: Uint8Array) => {
      await new Promise((r) => setTimeout(r, 1));
      into.set(disk.subarray(Number(offset), Number(offset) + into.length));
    },
    write: (offset: bigint, data: Uint8Array) => {
      if (!writable) return Promise.reject(new NbdRequestError(NbdErrno.EPERM, 'read-only'));
      disk.set(data, Number(offset));
      return Promise.resolve();
    },
    blockStatus: (_offset: bigint, length: number) => Promise.resolve([{ length, flags: 0 }]),
  } as unknown as ScsiExport;
}

class Client {
  readonly #chunks: Buffer[] = [];
  #waiting: (() => void) | undefined;
  constructor(readonly socket: Socket) {
    socket.on('data', (c: Buffer) => {
      this.#chunks.push(c);
      this.#waiting?.();
    });
  }
  async read(n: number): Promise<Buffer> {
    for (;;) {
      const all = Buffer.concat(this.#chunks);
      if (all.length >= n) {
        this.#chunks.length = 0;
        this.#chunks.push(all.subarray(n));
        return all.subarray(0, n);
      }
      await new Promise<void>((r) => {
        this.#waiting = r;
      });
    }
  }
  option(option: number, payload: Buffer = Buffer.alloc(0)): void {
    const h = Buffer.alloc(16);
    h.writeBigUInt64BE(NBD_OPTS_MAGIC, 0);
    h.writeUInt32BE(option, 8);
    h.writeUInt32BE(payload.length, 12);
    this.socket.write(Buffer.concat([h, payload]));
  }
  /** Reads option replies up to ACK or an error; returns [type, payload] pairs. */
  async replies(): Promise<[number, Buffer][]> {
    const out: [number, Buffer][] = [];
    for (;;) {
      const h = await this.read(20);
      const type = h.readUInt32BE(12);
      const payload = await this.read(h.readUInt32BE(16));
      out.push([type, payload]);
      if (type === Reply.ACK || type >= 0x80000000) return out;
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), 'sgio-nbd-unit-'));
let server: Server | undefined;
let n = 0;

afterEach(() => {
  server?.close();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function connect(writable = false): Promise<{ client: Client; conn: Promise<NbdConnection> }> {
  const path = join(dir, `s${n++}.sock`);
  let resolveConn: (c: NbdConnection) => void = () => undefined;
  const conn = new Promise<NbdConnection>((r) => {
    resolveConn = r;
  });
  const exp = memoryExport(writable);
  server = createServer((s) => resolveConn(new NbdConnection(s, exp)));
  await new Promise<void>((r) => server!.listen(path, r));
  const client = new Client(createConnection(path));
  const greeting = await client.read(18);
  expect(greeting.subarray(0, 8).toString()).toBe('NBDMAGIC');
  client.socket.write(Buffer.from([0, 0, 0, 3]));
  return { client, conn };
}

const goPayload = (name: string, infos: number[] = []): Buffer => {
  const b = Buffer.alloc(4 + name.length + 2 + 2 * infos.length);
  b.writeUInt32BE(name.length, 0);
  b.write(name, 4);
  b.writeUInt16BE(infos.length, 4 + name.length);
  infos.forEach((t, i) => b.writeUInt16BE(t, 6 + name.length + 2 * i));
  return b;
};

describe('NbdConnection handshake', () => {
  it('LIST names the export; INFO of an unknown name is ERR_UNKNOWN; GO sends EXPORT, NAME, BLOCK_SIZE and ACK', async () => {
    const { client } = await connect();
    client.option(Option.LIST);
    const list = await client.replies();
    expect(list.map(([t]) => t)).toEqual([Reply.SERVER, Reply.ACK]);
    expect(list[0]![1].subarray(4, 7).toString()).toBe('mem');
    client.option(Option.INFO, goPayload('nope'));
    expect((await client.replies())[0]![0]).toBe(Reply.ERR_UNKNOWN);
    client.option(Option.STARTTLS);
    expect((await client.replies())[0]![0]).toBe(Reply.ERR_UNSUP);
    client.option(Option.GO, goPayload('mem', [1]));
    const go = await client.replies();
    expect(go.map(([t, p]) => (t === Reply.INFO ? `info${p.readUInt16BE(0)}` : t))).toEqual(['info0', 'info1', 'info3', Reply.ACK]);
    expect(go[0]![1].readBigUInt64BE(2)).toBe(BigInt(SIZE));
    expect(go[0]![1].readUInt16BE(10) & TransmissionFlag.READ_ONLY).toBe(TransmissionFlag.READ_ONLY);
    client.socket.end();
  });

  it('a malformed option is ERR_INVALID and the handshake goes on; meta contexts need structured replies', async () => {
    const { client } = await connect();
    client.option(Option.LIST, Buffer.from([1]));
    expect((await client.replies())[0]![0]).toBe(Reply.ERR_INVALID);
    const meta = Buffer.alloc(4 + 4 + 4 + 15);
    meta.writeUInt32BE(0, 0);
    meta.writeUInt32BE(1, 4);
    meta.writeUInt32BE(15, 8);
    meta.write('base:allocation', 12);
    client.option(Option.SET_META_CONTEXT, meta);
    expect((await client.replies())[0]![0]).toBe(Reply.ERR_INVALID);
    client.option(Option.STRUCTURED_REPLY);
    expect((await client.replies())[0]![0]).toBe(Reply.ACK);
    client.option(Option.SET_META_CONTEXT, meta);
    const set = await client.replies();
    expect(set.map(([t]) => t)).toEqual([Reply.META_CONTEXT, Reply.ACK]);
    expect(set[0]![1].readUInt32BE(0)).toBe(1);
    expect(set[0]![1].subarray(4).toString()).toBe('base:allocation');
    client.socket.end();
  });
});

describe('NbdConnection transmission', () => {
  it('simple replies: reads return the bytes, a write to a read-only export is EPERM, DISC closes after the replies', async () => {
    const { client, conn } = await connect();
    client.option(Option.GO, goPayload(''));
    await client.replies();
    for (let i = 0; i < 40; i++) client.socket.write(encodeRequest({ flags: 0, type: Command.READ, cookie: BigInt(i), offset: BigInt(i * 512), length: 512 }));
    const seen = new Set<bigint>();
    for (let i = 0; i < 40; i++) {
      const h = await client.read(16);
      expect(h.readUInt32BE(0)).toBe(NBD_SIMPLE_REPLY_MAGIC);
      expect(h.readUInt32BE(4)).toBe(0);
      const cookie = h.readBigUInt64BE(8);
      const data = await client.read(512);
      expect(data[0]).toBe((Number(cookie) * 512) & 0xff);
      seen.add(cookie);
    }
    expect(seen.size).toBe(40);
    client.socket.write(encodeRequest({ flags: 0, type: Command.WRITE, cookie: 99n, offset: 0n, length: 512 }));
    client.socket.write(Buffer.alloc(512));
    const w = await client.read(16);
    expect(w.readUInt32BE(4)).toBe(NbdErrno.EPERM);
    client.socket.write(encodeRequest({ flags: 0, type: Command.DISC, cookie: 100n, offset: 0n, length: 0 }));
    await (await conn).done;
  });

  it('structured replies: one DONE data chunk per read; a read past the end is an error chunk', async () => {
    const { client } = await connect(true);
    client.option(Option.STRUCTURED_REPLY);
    await client.replies();
    client.option(Option.GO, goPayload(''));
    const go = await client.replies();
    expect(go[0]![1].readUInt16BE(10) & TransmissionFlag.SEND_DF).toBe(TransmissionFlag.SEND_DF);
    client.socket.write(encodeRequest({ flags: 0, type: Command.READ, cookie: 1n, offset: 1024n, length: 1024 }));
    const h = await client.read(20);
    expect(h.readUInt32BE(0)).toBe(NBD_STRUCTURED_REPLY_MAGIC);
    expect(h.readUInt16BE(4)).toBe(1);
    expect(h.readUInt16BE(6)).toBe(ChunkType.OFFSET_DATA);
    expect(h.readUInt32BE(16)).toBe(8 + 1024);
    const body = await client.read(8 + 1024);
    expect(body.readBigUInt64BE(0)).toBe(1024n);
    client.socket.write(encodeRequest({ flags: 0, type: Command.CACHE, cookie: 2n, offset: 0n, length: 512 }));
    const e = await client.read(20);
    expect(e.readUInt16BE(6)).toBe(ChunkType.ERROR);
    const payload = await client.read(e.readUInt32BE(16));
    expect(payload.readUInt32BE(0)).toBe(NbdErrno.EINVAL);
    client.socket.end();
  });

  it('holds at most maxInFlight requests: the rest wait unread until replies go out', async () => {
    const path = join(dir, `limit.sock`);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let started = 0;
    const exp = { ...memoryExport(false), read: async () => {
      started++;
      await gate;
    } } as unknown as ScsiExport;
    Object.assign(exp, { facts: memoryExport(false).facts, transmissionFlags: 1 });
    server = createServer((s) => new NbdConnection(s, exp, { maxInFlight: 4 }));
    await new Promise<void>((r) => server!.listen(path, r));
    const client = new Client(createConnection(path));
    await client.read(18);
    client.socket.write(Buffer.from([0, 0, 0, 3]));
    client.option(Option.GO, goPayload(''));
    await client.replies();
    for (let i = 0; i < 10; i++) client.socket.write(encodeRequest({ flags: 0, type: Command.READ, cookie: BigInt(i), offset: 0n, length: 512 }));
    await new Promise((r) => setTimeout(r, 100));
    expect(started).toBe(4);
    release();
    for (let i = 0; i < 10; i++) {
      await client.read(16);
      await client.read(512);
    }
    expect(started).toBe(10);
    client.socket.end();
  });
});
