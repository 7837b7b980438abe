/**
 * A minimal NBD client for tests that need what real clients do not do
 * (one request and its simple reply; a request and then a vanished socket):
 * fixed newstyle, NBD_OPT_GO to the default export, no structured replies.
 */
import { createConnection, type Socket } from 'node:net';
import { Command, NBD_INIT_MAGIC, NBD_SIMPLE_REPLY_MAGIC, Option } from '../protocol/constants.js';
import { encodeRequest } from '../protocol/transmission.js';

/** A connection past NBD_OPT_GO. */
export interface RawSession {
  /** The socket. */
  readonly socket: Socket;
  /** Resolves with the next `n` bytes from the server. */
  readonly need: (n: number) => Promise<Buffer>;
}

/** Connects to a Unix socket and negotiates GO; throws when the server refuses. */
export async function rawSession(socketPath: string): Promise<RawSession> {
  const socket = createConnection(socketPath);
  const chunks: Buffer[] = [];
  let got = 0;
  const need = (n: number): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (got < n) return;
        const all = Buffer.concat(chunks);
        chunks.length = 0;
        chunks.push(all.subarray(n));
        got -= n;
        socket.off('data', onData);
        socket.off('error', reject);
        resolve(all.subarray(0, n));
      };
      const onData = (c: Buffer): void => {
        chunks.push(c);
        got += c.length;
        check();
      };
      socket.on('data', onData);
      socket.once('error', reject);
      check();
    });
  const greeting = await need(18);
  if (greeting.readBigUInt64BE(0) !== NBD_INIT_MAGIC) throw new Error('not an NBD server');
  socket.write(Buffer.from([0, 0, 0, 3])); // fixed newstyle, no zeroes
  const go = Buffer.alloc(16 + 4 + 2);
  go.writeBigUInt64BE(0x49484156454f5054n, 0);
  go.writeUInt32BE(Option.GO, 8);
  go.writeUInt32BE(6, 12); // name length 0, no info requests
  socket.write(go);
  for (;;) {
    const h = await need(20);
    const type = h.readUInt32BE(12);
    const len = h.readUInt32BE(16);
    if (len > 0) await need(len);
    if (type === 1) break; // NBD_REP_ACK
    if (type & 0x80000000) throw new Error(`GO refused: 0x${type.toString(16)}`);
  }
  return { socket, need };
}

/**
 * One request (cookie 7) on a fresh session and its simple reply's errno;
 * then DISC. `length` defaults to the payload's (give it for a READ).
 */
export async function rawRequest(socketPath: string, type: number, offset: bigint, payload: Uint8Array, length = payload.length): Promise<number> {
  const { socket, need } = await rawSession(socketPath);
  try {
    socket.write(encodeRequest({ flags: 0, type, cookie: 7n, offset, length }));
    if (payload.length > 0) socket.write(payload);
    const reply = await need(16);
    if (reply.readUInt32BE(0) !== NBD_SIMPLE_REPLY_MAGIC || reply.readBigUInt64BE(8) !== 7n) throw new Error('not the simple reply to cookie 7');
    socket.write(encodeRequest({ flags: 0, type: Command.DISC, cookie: 8n, offset: 0n, length: 0 }));
    return reply.readUInt32BE(4);
  } finally {
    socket.end();
  }
}
