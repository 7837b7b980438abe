/**
 * A JSON object with one large byte field in hex, streamed: the bytes are
 * turned into hex a piece at a time as the client reads, so an answer costs
 * the data once plus a piece, not the data, its hex text, the serialized
 * body and that body's bytes on the way out (about ten times the data,
 * measured in the lab for an 8 MiB READ through /commands).
 */
import { Readable } from 'node:stream';

/** Bytes of data turned into hex per piece (128 KiB of text). */
const PIECE_BYTES = 64 * 1024;

/**
 * The bytes of `JSON.stringify({ ...before, [key]: hex(bytes), ...after })`,
 * as a stream that hex-encodes `bytes` as it is read. `before` and `after`
 * must be JSON-safe and must not hold `key`.
 */
export function hexJsonStream(before: Record<string, unknown>, key: string, bytes: Uint8Array, after: Record<string, unknown>): Readable {
  const head = JSON.stringify(before);
  const tail = JSON.stringify(after);
  const open = `${head.slice(0, -1)}${head === '{}' ? '' : ','}${JSON.stringify(key)}:"`;
  const close = `"${tail === '{}' ? '}' : `,${tail.slice(1)}`}`;
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  function* pieces(): Generator<Buffer> {
    yield Buffer.from(open, 'utf8');
    for (let at = 0; at < data.length; at += PIECE_BYTES) yield Buffer.from(data.subarray(at, at + PIECE_BYTES).toString('hex'), 'latin1');
    yield Buffer.from(close, 'utf8');
  }
  return Readable.from(pieces(), { objectMode: false });
}
