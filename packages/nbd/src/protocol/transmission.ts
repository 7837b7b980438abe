/**
 * The transmission phase on the wire: request headers, simple replies and
 * structured reply chunks (data, hole, block status, error, none). Pure
 * functions over bytes; a chunk's header and payload are returned as one
 * buffer except for data chunks, whose (large) data the caller sends after
 * the header without copying it.
 */
import { ChunkType, NBD_MAX_STRING, NBD_REQUEST_MAGIC, NBD_SIMPLE_REPLY_MAGIC, NBD_STRUCTURED_REPLY_MAGIC, REQUEST_HEADER_LENGTH, ReplyFlag } from './constants.js';
import { NbdProtocolError } from './protocol-error.js';

/** A decoded request header. */
export interface NbdRequest {
  /** Command flags ({@link CommandFlag}). */
  readonly flags: number;
  /** Request type ({@link Command}). */
  readonly type: number;
  /** The client's 64-bit cookie, echoed in the reply. */
  readonly cookie: bigint;
  /** Byte offset in the export. */
  readonly offset: bigint;
  /** Byte length (for WRITE also the payload that follows). */
  readonly length: number;
}

/** Decodes a 28-byte request header; a wrong magic is a protocol violation. */
export function decodeRequest(bytes: Uint8Array): NbdRequest {
  if (bytes.length !== REQUEST_HEADER_LENGTH) throw new NbdProtocolError(`a request header is ${REQUEST_HEADER_LENGTH} bytes, got ${bytes.length}`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const magic = v.getUint32(0);
  if (magic !== NBD_REQUEST_MAGIC) throw new NbdProtocolError(`request magic 0x${magic.toString(16)} is not 0x${NBD_REQUEST_MAGIC.toString(16)}`);
  return { flags: v.getUint16(4), type: v.getUint16(6), cookie: v.getBigUint64(8), offset: v.getBigUint64(16), length: v.getUint32(24) };
}

/** Encodes a request header (for tests and clients). */
export function encodeRequest(request: NbdRequest): Uint8Array {
  const out = new Uint8Array(REQUEST_HEADER_LENGTH);
  const v = new DataView(out.buffer);
  v.setUint32(0, NBD_REQUEST_MAGIC);
  v.setUint16(4, request.flags);
  v.setUint16(6, request.type);
  v.setBigUint64(8, request.cookie);
  v.setBigUint64(16, request.offset);
  v.setUint32(24, request.length);
  return out;
}

/** Length of a simple reply header. */
export const SIMPLE_REPLY_LENGTH = 16;
/** Length of a structured reply chunk header. */
export const CHUNK_HEADER_LENGTH = 20;

/** A simple reply header: error (0 for success) and cookie; read data follows it on success. */
export function encodeSimpleReply(cookie: bigint, error: number): Uint8Array {
  const out = new Uint8Array(SIMPLE_REPLY_LENGTH);
  const v = new DataView(out.buffer);
  v.setUint32(0, NBD_SIMPLE_REPLY_MAGIC);
  v.setUint32(4, error);
  v.setBigUint64(8, cookie);
  return out;
}

function chunk(cookie: bigint, type: number, done: boolean, payloadLength: number, headerExtra = 0): { out: Uint8Array; view: DataView } {
  const out = new Uint8Array(CHUNK_HEADER_LENGTH + headerExtra);
  const view = new DataView(out.buffer);
  view.setUint32(0, NBD_STRUCTURED_REPLY_MAGIC);
  view.setUint16(4, done ? ReplyFlag.DONE : 0);
  view.setUint16(6, type);
  view.setBigUint64(8, cookie);
  view.setUint32(16, payloadLength);
  return { out, view };
}

/** NBD_REPLY_TYPE_NONE with DONE: a successful end of a structured reply. */
export function encodeNoneChunk(cookie: bigint): Uint8Array {
  return chunk(cookie, ChunkType.NONE, true, 0).out;
}

/**
 * The header of an NBD_REPLY_TYPE_OFFSET_DATA chunk (chunk header plus the
 * 8-byte offset); `dataLength` bytes of data follow it on the wire.
 */
export function encodeDataChunkHeader(cookie: bigint, offset: bigint, dataLength: number, done: boolean): Uint8Array {
  if (dataLength < 1 || dataLength > 0xffffffff - 8) throw new RangeError(`a data chunk carries 1..2^32-9 bytes, got ${dataLength}`);
  const { out, view } = chunk(cookie, ChunkType.OFFSET_DATA, done, 8 + dataLength, 8);
  view.setBigUint64(20, offset);
  return out;
}

/** NBD_REPLY_TYPE_OFFSET_HOLE: `length` bytes of zeros at `offset`. */
export function encodeHoleChunk(cookie: bigint, offset: bigint, length: number, done: boolean): Uint8Array {
  if (length < 1 || length > 0xffffffff) throw new RangeError(`a hole chunk covers 1..2^32-1 bytes, got ${length}`);
  const { out, view } = chunk(cookie, ChunkType.OFFSET_HOLE, done, 12, 12);
  view.setBigUint64(20, offset);
  view.setUint32(28, length);
  return out;
}

/** One block status extent. */
export interface Extent {
  /** Length in bytes (non-zero). */
  readonly length: number;
  /** Status flags of the metadata context ({@link AllocationState} for base:allocation). */
  readonly flags: number;
}

/** NBD_REPLY_TYPE_BLOCK_STATUS: the extents of one metadata context. */
export function encodeBlockStatusChunk(cookie: bigint, contextId: number, extents: readonly Extent[], done: boolean): Uint8Array {
  if (extents.length === 0) throw new RangeError('a block status chunk needs at least one extent');
  const payload = 4 + 8 * extents.length;
  const { out, view } = chunk(cookie, ChunkType.BLOCK_STATUS, done, payload, payload);
  view.setUint32(20, contextId);
  extents.forEach((e, i) => {
    if (!Number.isInteger(e.length) || e.length < 1 || e.length > 0xffffffff) throw new RangeError(`extent ${i}: length must be 1..2^32-1, got ${e.length}`);
    view.setUint32(24 + 8 * i, e.length);
    view.setUint32(28 + 8 * i, e.flags);
  });
  return out;
}

/**
 * NBD_REPLY_TYPE_ERROR (or, with `offset`, NBD_REPLY_TYPE_ERROR_OFFSET), always
 * the final chunk here: errno and a message for a human.
 */
export function encodeErrorChunk(cookie: bigint, error: number, message: string, offset?: bigint): Uint8Array {
  if (error === 0) throw new RangeError('an error chunk needs a non-zero errno');
  let text = new TextEncoder().encode(message);
  if (text.length > Math.min(NBD_MAX_STRING, 0xffff)) text = text.subarray(0, NBD_MAX_STRING);
  const extra = offset === undefined ? 0 : 8;
  const payload = 6 + text.length + extra;
  const { out, view } = chunk(cookie, offset === undefined ? ChunkType.ERROR : ChunkType.ERROR_OFFSET, true, payload, payload);
  view.setUint32(20, error);
  view.setUint16(24, text.length);
  out.set(text, 26);
  if (offset !== undefined) view.setBigUint64(26 + text.length, offset);
  return out;
}
