/**
 * The fixed newstyle handshake on the wire: the server greeting, the
 * client flags, option headers and their payloads (NBD_OPT_INFO/GO,
 * NBD_OPT_{LIST,SET}_META_CONTEXT), and every option reply the server sends.
 * Pure functions over bytes.
 */
import { HandshakeFlag, Info, NBD_INIT_MAGIC, NBD_MAX_STRING, NBD_OPTS_MAGIC, NBD_REP_MAGIC, Reply } from './constants.js';
import { NbdProtocolError } from './protocol-error.js';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Length of the server greeting. */
export const GREETING_LENGTH = 18;
/** Length of an option header (magic, option, length). */
export const OPTION_HEADER_LENGTH = 16;

/** The server's first 18 bytes: NBDMAGIC, IHAVEOPT, handshake flags (fixed newstyle, no zeroes). */
export function encodeGreeting(): Uint8Array {
  const out = new Uint8Array(GREETING_LENGTH);
  const v = new DataView(out.buffer);
  v.setBigUint64(0, NBD_INIT_MAGIC);
  v.setBigUint64(8, NBD_OPTS_MAGIC);
  v.setUint16(16, HandshakeFlag.FIXED_NEWSTYLE | HandshakeFlag.NO_ZEROES);
  return out;
}

/** What the client's 32-bit flags say. */
export interface ClientFlags {
  /** The client speaks fixed newstyle. */
  readonly fixedNewstyle: boolean;
  /** The client does not want the 124 zero bytes after NBD_OPT_EXPORT_NAME. */
  readonly noZeroes: boolean;
}

/** Decodes the client flags; unknown bits are a protocol violation (the spec says: drop the connection). */
export function decodeClientFlags(bytes: Uint8Array): ClientFlags {
  if (bytes.length !== 4) throw new NbdProtocolError(`client flags are 4 bytes, got ${bytes.length}`);
  const flags = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  if ((flags & ~3) !== 0) throw new NbdProtocolError(`client flags 0x${flags.toString(16)} set bits this server did not offer`);
  return { fixedNewstyle: (flags & 1) !== 0, noZeroes: (flags & 2) !== 0 };
}

/** An option header. */
export interface OptionHeader {
  /** Option type ({@link Option}). */
  readonly option: number;
  /** Payload length that follows. */
  readonly length: number;
}

/** Decodes an option header; a wrong magic is a protocol violation. */
export function decodeOptionHeader(bytes: Uint8Array): OptionHeader {
  if (bytes.length !== OPTION_HEADER_LENGTH) throw new NbdProtocolError(`an option header is ${OPTION_HEADER_LENGTH} bytes, got ${bytes.length}`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const magic = v.getBigUint64(0);
  if (magic !== NBD_OPTS_MAGIC) throw new NbdProtocolError(`option magic 0x${magic.toString(16)} is not IHAVEOPT`);
  return { option: v.getUint32(8), length: v.getUint32(12) };
}

/** One option reply: magic, option, reply type, payload. */
export function encodeOptionReply(option: number, type: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(20 + payload.length);
  const v = new DataView(out.buffer);
  v.setBigUint64(0, NBD_REP_MAGIC);
  v.setUint32(8, option);
  v.setUint32(12, type);
  v.setUint32(16, payload.length);
  out.set(payload, 20);
  return out;
}

/** An error reply with a message for a human (trimmed to the protocol's string limit). */
export function encodeOptionError(option: number, type: number, message: string): Uint8Array {
  if ((type & 0x80000000) === 0) throw new RangeError(`reply type 0x${type.toString(16)} is not an error type (bit 31 clear)`);
  return encodeOptionReply(option, type, clipString(message));
}

/** NBD_REP_SERVER: an export name and an optional description. */
export function encodeServerReply(option: number, name: string, description = ''): Uint8Array {
  const n = clipString(name);
  const d = clipString(description);
  const payload = new Uint8Array(4 + n.length + d.length);
  new DataView(payload.buffer).setUint32(0, n.length);
  payload.set(n, 4);
  payload.set(d, 4 + n.length);
  return encodeOptionReply(option, Reply.SERVER, payload);
}

/** NBD_INFO_EXPORT: size and transmission flags. */
export function encodeInfoExport(option: number, size: bigint, transmissionFlags: number): Uint8Array {
  const payload = new Uint8Array(12);
  const v = new DataView(payload.buffer);
  v.setUint16(0, Info.EXPORT);
  v.setBigUint64(2, size);
  v.setUint16(10, transmissionFlags);
  return encodeOptionReply(option, Reply.INFO, payload);
}

/** NBD_INFO_NAME or NBD_INFO_DESCRIPTION: a string. */
export function encodeInfoString(option: number, info: typeof Info.NAME | typeof Info.DESCRIPTION, text: string): Uint8Array {
  const s = clipString(text);
  const payload = new Uint8Array(2 + s.length);
  new DataView(payload.buffer).setUint16(0, info);
  payload.set(s, 2);
  return encodeOptionReply(option, Reply.INFO, payload);
}

/** Block size constraints of an export, in bytes. */
export interface BlockSizes {
  /** Minimum: a power of two 1..64 KiB; requests should be aligned to it. */
  readonly minimum: number;
  /** Preferred: a power of two, at least the minimum. */
  readonly preferred: number;
  /** Maximum payload of one request: a multiple of the minimum. */
  readonly maximum: number;
}

/** NBD_INFO_BLOCK_SIZE. */
export function encodeInfoBlockSize(option: number, sizes: BlockSizes): Uint8Array {
  const payload = new Uint8Array(14);
  const v = new DataView(payload.buffer);
  v.setUint16(0, Info.BLOCK_SIZE);
  v.setUint32(2, sizes.minimum);
  v.setUint32(6, sizes.preferred);
  v.setUint32(10, sizes.maximum);
  return encodeOptionReply(option, Reply.INFO, payload);
}

/** NBD_REP_META_CONTEXT: a context id and its name. */
export function encodeMetaContextReply(option: number, id: number, name: string): Uint8Array {
  const s = utf8.encode(name);
  const payload = new Uint8Array(4 + s.length);
  new DataView(payload.buffer).setUint32(0, id);
  payload.set(s, 4);
  return encodeOptionReply(option, Reply.META_CONTEXT, payload);
}

/** The answer to NBD_OPT_EXPORT_NAME: size, transmission flags, and 124 zero bytes unless the client said NO_ZEROES. */
export function encodeExportNameReply(size: bigint, transmissionFlags: number, noZeroes: boolean): Uint8Array {
  const out = new Uint8Array(noZeroes ? 10 : 134);
  const v = new DataView(out.buffer);
  v.setBigUint64(0, size);
  v.setUint16(8, transmissionFlags);
  return out;
}

/** The payload of NBD_OPT_INFO and NBD_OPT_GO. */
export interface InfoRequest {
  /** The export name asked for ('' is the default export). */
  readonly name: string;
  /** The information types the client asked for. */
  readonly requests: readonly number[];
}

/** Decodes the payload of NBD_OPT_INFO / NBD_OPT_GO. */
export function decodeInfoRequest(payload: Uint8Array): InfoRequest {
  const r = new PayloadReader(payload, 'NBD_OPT_INFO/GO');
  const name = r.string(r.u32());
  const count = r.u16();
  const requests: number[] = [];
  for (let i = 0; i < count; i++) requests.push(r.u16());
  r.end();
  return { name, requests };
}

/** The payload of NBD_OPT_LIST_META_CONTEXT and NBD_OPT_SET_META_CONTEXT. */
export interface MetaContextRequest {
  /** The export name. */
  readonly name: string;
  /** The queries (empty: all contexts, for LIST). */
  readonly queries: readonly string[];
}

/** Decodes the payload of NBD_OPT_{LIST,SET}_META_CONTEXT. */
export function decodeMetaContextRequest(payload: Uint8Array): MetaContextRequest {
  const r = new PayloadReader(payload, 'NBD_OPT_*_META_CONTEXT');
  const name = r.string(r.u32());
  const count = r.u32();
  const queries: string[] = [];
  for (let i = 0; i < count; i++) queries.push(r.string(r.u32()));
  r.end();
  return { name, queries };
}

/** Decodes an export name (NBD_OPT_EXPORT_NAME's whole payload). */
export function decodeExportName(payload: Uint8Array): string {
  return new PayloadReader(payload, 'NBD_OPT_EXPORT_NAME').string(payload.length);
}

/** A UTF-8 string cut to the protocol's limit at a character boundary. */
function clipString(text: string): Uint8Array {
  const bytes = utf8.encode(text);
  if (bytes.length <= NBD_MAX_STRING) return bytes;
  let end = NBD_MAX_STRING;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/**
 * Reads big-endian fields of an option payload; running past the end or
 * leaving bytes over is a malformed option (the caller answers
 * NBD_REP_ERR_INVALID).
 */
class PayloadReader {
  #at = 0;
  readonly #view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly what: string,
  ) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  }
  #need(n: number): void {
    if (this.#at + n > this.bytes.length) throw new MalformedOptionError(`${this.what}: the payload ends after ${this.bytes.length} bytes, ${this.#at + n} needed`);
  }
  u16(): number {
    this.#need(2);
    const n = this.#view.getUint16(this.#at);
    this.#at += 2;
    return n;
  }
  u32(): number {
    this.#need(4);
    const n = this.#view.getUint32(this.#at);
    this.#at += 4;
    return n;
  }
  string(length: number): string {
    if (length > NBD_MAX_STRING) throw new MalformedOptionError(`${this.what}: a string of ${length} bytes is longer than the protocol's ${NBD_MAX_STRING}`);
    this.#need(length);
    const bytes = this.bytes.subarray(this.#at, this.#at + length);
    this.#at += length;
    let s: string;
    try {
      s = fromUtf8.decode(bytes);
    } catch {
      throw new MalformedOptionError(`${this.what}: a string is not valid UTF-8`);
    }
    if (s.includes('\0')) throw new MalformedOptionError(`${this.what}: a string contains NUL`);
    return s;
  }
  end(): void {
    if (this.#at !== this.bytes.length) throw new MalformedOptionError(`${this.what}: ${this.bytes.length - this.#at} bytes left over after the fields`);
  }
}

/** An option whose payload does not parse: answered with NBD_REP_ERR_INVALID, the handshake goes on. */
export class MalformedOptionError extends Error {
  /** Stable code: `ERR_NBD_MALFORMED_OPTION`. */
  readonly code = 'ERR_NBD_MALFORMED_OPTION';
  constructor(message: string) {
    super(message);
    this.name = 'MalformedOptionError';
  }
}
