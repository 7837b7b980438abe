/**
 * The handshake and transmission loop of NbdConnection over a real Unix
 * socket, with an in-memory export in place of the device; STARTTLS in each
 * TLS mode with Node's TLS client (pre-shared keys) as the peer.
 */
import { createConnection, createServer, Socket, type Server } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions as TlsClientOptions } from 'node:tls';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ChunkType, Command, NbdErrno, NBD_OPTS_MAGIC, NBD_SIMPLE_REPLY_MAGIC, NBD_STRUCTURED_REPLY_MAGIC, Option, Reply, TransmissionFlag } from '../protocol/constants.js';
import { encodeRequest } from '../protocol/transmission.js';
import { memoryExport as memory } from '../test-support/memory-export.js';
import { NbdConnection, type ConnectionOptions } from './connection.js';
import type { NbdExport } from './nbd-export.js';
import { PSK_TLS12_CIPHERS, resolveTls, type NbdTlsOptions } from './tls-options.js';

const SIZE = 1024 * 1024;

const memoryExport = (writable: boolean): NbdExport => memory({ size: SIZE, writable });

class Client {
  readonly #chunks: Buffer[] = [];
  #waiting: (() => void) | undefined;
  #closed = false;
  socket: Socket;
  readonly #onData = (c: Buffer): void => {
    this.#chunks.push(c);
    this.#waiting?.();
  };
  readonly #onClose = (): void => {
    this.#closed = true;
    this.#waiting?.();
  };
  constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', this.#onData);
    socket.on('close', this.#onClose);
    socket.on('error', () => undefined);
  }
  async read(n: number): Promise<Buffer> {
    for (;;) {
      const all = Buffer.concat(this.#chunks);
      if (all.length >= n) {
        this.#chunks.length = 0;
        this.#chunks.push(all.subarray(n));
        return all.subarray(0, n);
      }
      if (this.#closed) throw new Error(`the server closed the connection (${all.length} of ${n} bytes read)`);
      await new Promise<void>((r) => {
        this.#waiting = r;
      });
    }
  }
  /** Resolves once the server has closed the connection, with the bytes it sent before. */
  async closed(): Promise<Buffer> {
    while (!this.#closed) {
      await new Promise<void>((r) => {
        this.#waiting = r;
      });
    }
    return Buffer.concat(this.#chunks);
  }
  option(option: number, payload: Buffer = Buffer.alloc(0)): void {
    this.socket.write(optionBytes(option, payload));
  }
  /** Runs the client side of the TLS handshake on the connection; later reads and writes go through TLS. */
  async startTls(options: TlsClientOptions): Promise<void> {
    expect(this.#chunks.reduce((n, c) => n + c.length, 0)).toBe(0);
    const plain = this.socket;
    plain.off('data', this.#onData);
    plain.off('close', this.#onClose);
    const secure = tlsConnect({ socket: plain, ...options });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    this.socket = secure;
    secure.on('data', this.#onData);
    secure.on('close', this.#onClose);
    secure.on('error', () => undefined);
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

function optionBytes(option: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const h = Buffer.alloc(16);
  h.writeBigUInt64BE(NBD_OPTS_MAGIC, 0);
  h.writeUInt32BE(option, 8);
  h.writeUInt32BE(payload.length, 12);
  return Buffer.concat([h, payload]);
}

interface Connected {
  readonly client: Client;
  readonly conn: Promise<NbdConnection>;
  /** The server's end of the connection, before any TLS. */
  readonly raw: Promise<Socket>;
}

async function connect(writable = false, options: ConnectionOptions = {}, clientFlags = 3): Promise<Connected> {
  const path = join(dir, `s${n++}.sock`);
  let resolveConn: (c: NbdConnection) => void = () => undefined;
  let resolveRaw: (s: Socket) => void = () => undefined;
  const conn = new Promise<NbdConnection>((r) => {
    resolveConn = r;
  });
  const raw = new Promise<Socket>((r) => {
    resolveRaw = r;
  });
  const exp = memoryExport(writable);
  server = createServer((s) => {
    resolveRaw(s);
    resolveConn(new NbdConnection(s, exp, options));
  });
  await new Promise<void>((r) => server!.listen(path, r));
  const client = new Client(createConnection(path));
  const greeting = await client.read(18);
  expect(greeting.subarray(0, 8).toString()).toBe('NBDMAGIC');
  client.socket.write(Buffer.from([0, 0, 0, clientFlags]));
  return { client, conn, raw };
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
    const exp: NbdExport = {
      ...memoryExport(false),
      read: async () => {
        started++;
        await gate;
      },
    };
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

const PSK = Buffer.alloc(32, 0x5a);
const pskServer = (tls: Omit<NbdTlsOptions, 'psk'> = {}): ConnectionOptions['tls'] => resolveTls({ psk: new Map([['alice', PSK]]), ...tls });
const pskClient = (key: Buffer = PSK): TlsClientOptions => ({ pskCallback: () => ({ psk: key, identity: 'alice' }), ciphers: PSK_TLS12_CIPHERS, checkServerIdentity: () => undefined });

/** An option's replies as [type, message] pairs. */
async function answer(client: Client, option: number, payload?: Buffer): Promise<[number, string][]> {
  client.option(option, payload);
  return (await client.replies()).map(([t, p]) => [t, p.toString()]);
}

describe('NbdConnection STARTTLS', () => {
  it("'on': options work in plain text; STARTTLS is ACKed, the handshake runs and options, GO and reads go on over TLS; a second STARTTLS is ERR_INVALID", async () => {
    const log: string[] = [];
    const { client, conn, raw } = await connect(false, { tls: pskServer({ mode: 'on' }), log: (l) => log.push(l) });
    expect((await answer(client, Option.LIST)).map(([t]) => t)).toEqual([Reply.SERVER, Reply.ACK]);
    expect(await answer(client, Option.STARTTLS, Buffer.from([1]))).toEqual([[Reply.ERR_INVALID, 'NBD_OPT_STARTTLS takes no data']]);
    expect(await answer(client, Option.STARTTLS)).toEqual([[Reply.ACK, '']]);
    await client.startTls(pskClient());
    expect((await answer(client, Option.LIST)).map(([t]) => t)).toEqual([Reply.SERVER, Reply.ACK]);
    expect(await answer(client, Option.STARTTLS)).toEqual([[Reply.ERR_INVALID, 'TLS is already running on this connection']]);
    expect((await answer(client, Option.GO, goPayload(''))).at(-1)![0]).toBe(Reply.ACK);
    client.socket.write(encodeRequest({ flags: 0, type: Command.READ, cookie: 7n, offset: 4096n + 3n, length: 100 }));
    const h = await client.read(16);
    expect(h.readUInt32BE(4)).toBe(0);
    expect(h.readBigUInt64BE(8)).toBe(7n);
    expect([...(await client.read(100))]).toEqual(Array.from({ length: 100 }, (_, i) => (4099 + i) & 0xff));
    const c = await conn;
    expect(c.secure).toBe(true);
    expect(log.join('\n')).toMatch(/NBD connection: TLSv1\.[23] \S+ \(client alice\)/);
    // the plain socket handed everything to TLS: no reader or connection listener is left on it
    const plain = await raw;
    const fresh = new Socket();
    for (const event of ['data', 'end', 'drain', 'readable']) expect([event, plain.listenerCount(event)]).toEqual([event, fresh.listenerCount(event)]);
    client.socket.write(encodeRequest({ flags: 0, type: Command.DISC, cookie: 8n, offset: 0n, length: 0 }));
    await c.done;
    await client.closed();
  });

  it("'require': every option but STARTTLS and ABORT is ERR_TLS_REQD before TLS, none after", async () => {
    const { client, conn } = await connect(true, { tls: pskServer() });
    for (const o of [Option.LIST, Option.INFO, Option.GO, Option.STRUCTURED_REPLY, Option.SET_META_CONTEXT, 99]) {
      const [[type, message]] = (await answer(client, o, o === Option.INFO || o === Option.GO ? goPayload('') : undefined)) as [[number, string]];
      expect([o, type]).toEqual([o, Reply.ERR_TLS_REQD]);
      expect(message).toMatch(/requires TLS: send NBD_OPT_STARTTLS first/);
    }
    expect(await answer(client, Option.STARTTLS)).toEqual([[Reply.ACK, '']]);
    await client.startTls(pskClient());
    expect(await answer(client, Option.STRUCTURED_REPLY)).toEqual([[Reply.ACK, '']]);
    expect((await answer(client, 99))[0]![0]).toBe(Reply.ERR_UNSUP);
    const go = await answer(client, Option.GO, goPayload('mem'));
    expect(go.map(([t]) => t)).toEqual([Reply.INFO, Reply.INFO, Reply.ACK]);
    client.socket.write(encodeRequest({ flags: 0, type: Command.WRITE, cookie: 1n, offset: 512n, length: 512 }));
    client.socket.write(Buffer.alloc(512, 0xee));
    const w = await client.read(20);
    expect(w.readUInt32BE(0)).toBe(NBD_STRUCTURED_REPLY_MAGIC);
    expect(w.readUInt16BE(6)).toBe(ChunkType.NONE);
    client.socket.end();
    await (await conn).done;
  });

  it("'require': ABORT before TLS is ACKed; EXPORT_NAME before TLS ends the session; a client without fixed newstyle is closed at its first option", async () => {
    const log: string[] = [];
    const a = await connect(false, { tls: pskServer(), log: (l) => log.push(l) });
    expect(await answer(a.client, Option.ABORT)).toEqual([[Reply.ACK, '']]);
    await (await a.conn).done;
    const b = await connect(false, { tls: pskServer(), log: (l) => log.push(l) });
    b.client.option(Option.EXPORT_NAME, Buffer.from('mem'));
    expect((await b.client.closed()).length).toBe(0);
    await (await b.conn).done;
    expect(log.join('\n')).toMatch(/NBD_OPT_EXPORT_NAME before TLS on a server that requires TLS/);
    const c = await connect(false, { tls: pskServer(), log: (l) => log.push(l) }, 2);
    c.client.option(Option.STARTTLS);
    expect((await c.client.closed()).length).toBe(0);
    expect(log.join('\n')).toMatch(/did not set NBD_FLAG_C_FIXED_NEWSTYLE/);
    // 'on' serves such a client without TLS: STARTTLS is refused by policy
    const d = await connect(false, { tls: pskServer({ mode: 'on' }) }, 2);
    expect((await answer(d.client, Option.STARTTLS))[0]![0]).toBe(Reply.ERR_POLICY);
    d.client.socket.end();
  });

  it('a wrong key fails the handshake: the connection closes with a log line, nothing hangs or throws', async () => {
    const log: string[] = [];
    const { client, conn } = await connect(false, { tls: pskServer(), log: (l) => log.push(l) });
    expect(await answer(client, Option.STARTTLS)).toEqual([[Reply.ACK, '']]);
    await expect(client.startTls(pskClient(Buffer.alloc(32, 1)))).rejects.toThrow();
    await (await conn).done;
    expect(log.join('\n')).toMatch(/the TLS handshake failed: .*PSK identity and key/);
  });

  it('bytes sent after STARTTLS before the ACK end the connection without the ACK', async () => {
    const log: string[] = [];
    const { client, conn } = await connect(false, { tls: pskServer(), log: (l) => log.push(l) });
    client.socket.write(Buffer.concat([optionBytes(Option.STARTTLS), optionBytes(Option.LIST)]));
    expect((await client.closed()).length).toBe(0);
    await (await conn).done;
    expect(log.join('\n')).toMatch(/the client sent 16 bytes after NBD_OPT_STARTTLS without waiting for the server's reply/);
  });

  it('a client silent after the ACK is closed at the handshake timeout; shutdown stops a handshake at once', async () => {
    const log: string[] = [];
    const slow = await connect(false, { tls: pskServer({ handshakeTimeoutMs: 200 }), log: (l) => log.push(l) });
    expect(await answer(slow.client, Option.STARTTLS)).toEqual([[Reply.ACK, '']]);
    const t0 = performance.now();
    await slow.client.closed();
    await (await slow.conn).done;
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(log.join('\n')).toMatch(/the TLS handshake failed: .*timeout/i);
    const stopped = await connect(false, { tls: pskServer({ handshakeTimeoutMs: 60_000 }), log: (l) => log.push(l) });
    expect(await answer(stopped.client, Option.STARTTLS)).toEqual([[Reply.ACK, '']]);
    const c = await stopped.conn;
    await new Promise((r) => setTimeout(r, 20));
    const t1 = performance.now();
    c.shutdown();
    await c.done;
    expect(performance.now() - t1).toBeLessThan(1000);
    await stopped.client.closed();
    expect(log.join('\n')).toMatch(/the TLS handshake was stopped: the NBD server is shutting down/);
  });

  it('without TLS settings STARTTLS is ERR_UNSUP and nothing needs TLS', async () => {
    const { client } = await connect();
    expect((await answer(client, Option.STARTTLS))[0]![0]).toBe(Reply.ERR_UNSUP);
    expect((await answer(client, Option.LIST)).map(([t]) => t)).toEqual([Reply.SERVER, Reply.ACK]);
    client.socket.end();
  });
});
