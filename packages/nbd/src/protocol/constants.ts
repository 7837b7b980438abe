/**
 * The numbers of the NBD protocol (NetworkBlockDevice/nbd doc/proto.md):
 * magics, handshake and transmission flags, option and reply types, info
 * types, commands, command flags, structured reply types, the
 * `base:allocation` state bits and the errno values NBD carries.
 */

/** `NBDMAGIC`: the first 8 bytes the server sends. */
export const NBD_INIT_MAGIC = 0x4e42444d41474943n;
/** `IHAVEOPT`: the newstyle magic, also the start of every client option. */
export const NBD_OPTS_MAGIC = 0x49484156454f5054n;
/** Magic of every option reply. */
export const NBD_REP_MAGIC = 0x0003e889045565a9n;
/** Magic of a transmission request (compact headers). */
export const NBD_REQUEST_MAGIC = 0x25609513;
/** Magic of a simple reply. */
export const NBD_SIMPLE_REPLY_MAGIC = 0x67446698;
/** Magic of a structured reply chunk. */
export const NBD_STRUCTURED_REPLY_MAGIC = 0x668e33ef;

/** Handshake flags (16 bits, server to client). */
export const HandshakeFlag = {
  /** The server speaks fixed newstyle. */
  FIXED_NEWSTYLE: 1 << 0,
  /** The server can leave out the 124 zero bytes after NBD_OPT_EXPORT_NAME. */
  NO_ZEROES: 1 << 1,
} as const;

/** Client flags (32 bits, client to server). */
export const ClientFlag = {
  /** The client speaks fixed newstyle. */
  FIXED_NEWSTYLE: 1 << 0,
  /** The client does not want the 124 zero bytes. */
  NO_ZEROES: 1 << 1,
} as const;

/** Transmission flags (16 bits, per export). */
export const TransmissionFlag = {
  /** Always set. */
  HAS_FLAGS: 1 << 0,
  /** The export refuses writes. */
  READ_ONLY: 1 << 1,
  /** NBD_CMD_FLUSH is supported. */
  SEND_FLUSH: 1 << 2,
  /** NBD_CMD_FLAG_FUA is supported. */
  SEND_FUA: 1 << 3,
  /** The medium rotates. */
  ROTATIONAL: 1 << 4,
  /** NBD_CMD_TRIM is supported. */
  SEND_TRIM: 1 << 5,
  /** NBD_CMD_WRITE_ZEROES is supported. */
  SEND_WRITE_ZEROES: 1 << 6,
  /** NBD_CMD_FLAG_DF is supported (structured replies only). */
  SEND_DF: 1 << 7,
  /** FLUSH and FUA are visible across every connection to the export. */
  CAN_MULTI_CONN: 1 << 8,
  /** NBD_CMD_RESIZE is supported. */
  SEND_RESIZE: 1 << 9,
  /** NBD_CMD_CACHE is supported. */
  SEND_CACHE: 1 << 10,
  /** NBD_CMD_FLAG_FAST_ZERO is supported. */
  SEND_FAST_ZERO: 1 << 11,
} as const;

/** Option types of the handshake. */
export const Option = {
  /** Choose an export and enter transmission (no error reply possible). */
  EXPORT_NAME: 1,
  /** End the handshake. */
  ABORT: 2,
  /** List the exports. */
  LIST: 3,
  /** Upgrade to TLS. */
  STARTTLS: 5,
  /** Describe an export. */
  INFO: 6,
  /** Describe an export and enter transmission. */
  GO: 7,
  /** Use structured replies. */
  STRUCTURED_REPLY: 8,
  /** List metadata contexts. */
  LIST_META_CONTEXT: 9,
  /** Select metadata contexts. */
  SET_META_CONTEXT: 10,
  /** Use 64-bit extended headers. */
  EXTENDED_HEADERS: 11,
} as const;

/** Option reply types; error types have bit 31 set. */
export const Reply = {
  /** The option is done. */
  ACK: 1,
  /** One export (NBD_OPT_LIST). */
  SERVER: 2,
  /** One piece of export information (NBD_OPT_INFO/GO). */
  INFO: 3,
  /** One metadata context. */
  META_CONTEXT: 4,
  /** Unknown option. */
  ERR_UNSUP: 0x80000001,
  /** Refused by policy. */
  ERR_POLICY: 0x80000002,
  /** Malformed option. */
  ERR_INVALID: 0x80000003,
  /** Not supported on this platform. */
  ERR_PLATFORM: 0x80000004,
  /** TLS required first. */
  ERR_TLS_REQD: 0x80000005,
  /** No such export. */
  ERR_UNKNOWN: 0x80000006,
  /** The server is shutting down. */
  ERR_SHUTDOWN: 0x80000007,
  /** The client must ask for block sizes. */
  ERR_BLOCK_SIZE_REQD: 0x80000008,
  /** The option payload is too large. */
  ERR_TOO_BIG: 0x80000009,
} as const;

/** Information types of NBD_REP_INFO. */
export const Info = {
  /** Size and transmission flags. */
  EXPORT: 0,
  /** The export's canonical name. */
  NAME: 1,
  /** A human-readable description. */
  DESCRIPTION: 2,
  /** Minimum, preferred and maximum block size. */
  BLOCK_SIZE: 3,
} as const;

/** Request types of the transmission phase. */
export const Command = {
  /** Read. */
  READ: 0,
  /** Write (payload follows the header). */
  WRITE: 1,
  /** Disconnect after the requests in flight. */
  DISC: 2,
  /** Persist what was written. */
  FLUSH: 3,
  /** Discard a range. */
  TRIM: 4,
  /** Prefetch a range. */
  CACHE: 5,
  /** Write zeros to a range. */
  WRITE_ZEROES: 6,
  /** Metadata (block status) of a range. */
  BLOCK_STATUS: 7,
  /** Resize the export. */
  RESIZE: 8,
} as const;

/** Command flags (16 bits) of a request. */
export const CommandFlag = {
  /** Force unit access: persist before replying. */
  FUA: 1 << 0,
  /** WRITE_ZEROES: do not punch a hole. */
  NO_HOLE: 1 << 1,
  /** READ: do not fragment the structured reply. */
  DF: 1 << 2,
  /** BLOCK_STATUS: one extent is enough. */
  REQ_ONE: 1 << 3,
  /** WRITE_ZEROES: fail fast when zeroing would be slow. */
  FAST_ZERO: 1 << 4,
} as const;

/** Structured reply chunk flags. */
export const ReplyFlag = {
  /** The last chunk of a reply. */
  DONE: 1 << 0,
} as const;

/** Structured reply chunk types; error types have bit 15 set. */
export const ChunkType = {
  /** No payload; only as the final chunk. */
  NONE: 0,
  /** Data at an offset. */
  OFFSET_DATA: 1,
  /** Zeros at an offset. */
  OFFSET_HOLE: 2,
  /** Extents of one metadata context. */
  BLOCK_STATUS: 5,
  /** An error with a message. */
  ERROR: 0x8001,
  /** An error at an offset with a message. */
  ERROR_OFFSET: 0x8002,
} as const;

/** Status bits of the `base:allocation` metadata context. */
export const AllocationState = {
  /** Not allocated (a hole). */
  HOLE: 1 << 0,
  /** Reads as zeros. */
  ZERO: 1 << 1,
} as const;

/** The one metadata context this package serves. */
export const BASE_ALLOCATION = 'base:allocation';

/** The errno values NBD carries on the wire (Linux numbering, fixed by the protocol). */
export const NbdErrno = {
  /** Operation not permitted (a write to a read-only export). */
  EPERM: 1,
  /** I/O error. */
  EIO: 5,
  /** Out of memory. */
  ENOMEM: 12,
  /** Invalid argument. */
  EINVAL: 22,
  /** No space left (a write past the end). */
  ENOSPC: 28,
  /** Value too large (a read that cannot be sent unfragmented). */
  EOVERFLOW: 75,
  /** Not supported (FAST_ZERO that would be slow). */
  ENOTSUP: 95,
  /** The server is shutting down. */
  ESHUTDOWN: 108,
} as const;

/** An errno value from {@link NbdErrno}. */
export type NbdErrnoValue = (typeof NbdErrno)[keyof typeof NbdErrno];

/** Longest string (export name, description, message) the protocol allows. */
export const NBD_MAX_STRING = 4096;

/** Size of a request header (compact form). */
export const REQUEST_HEADER_LENGTH = 28;
