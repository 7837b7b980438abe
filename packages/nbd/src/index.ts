/**
 * @sgio/nbd — export a SCSI device over NBD (the Network Block Device
 * protocol): `NbdServer` serves an sg device to nbdcopy, nbdinfo, qemu-img
 * and the kernel's nbd client, with structured replies, `base:allocation`
 * from GET LBA STATUS, TRIM as UNMAP and WRITE_ZEROES as WRITE SAME(16),
 * and TLS (NBD_OPT_STARTTLS) with a certificate or pre-shared keys.
 * The protocol's byte encoding is exported too, for tests and clients.
 *
 * @packageDocumentation
 */
export { NbdServer, type NbdAddress, type NbdListen, type NbdServeOptions, type NbdServerOptions } from './server/nbd-server.js';
export { ScsiExport, type ExportFacts, type ScsiExportOptions } from './server/scsi-export.js';
export type { NbdExport } from './server/nbd-export.js';
export type { ConnectionLimits } from './server/connection.js';
export { resolveTls, MIN_PSK_BYTES, MAX_PSK_BYTES, type NbdTls, type NbdTlsMode, type NbdTlsOptions } from './server/tls-options.js';
export { readNbdTlsFiles, parsePskFile, type NbdTlsFiles } from './server/tls-files.js';
export { NbdTlsConfigError, NbdTlsHandshakeError } from './server/tls-errors.js';
export { NbdRequestError, requestErrorFor, type RequestKind } from './server/request-error.js';
export { blockSizesFor, MAX_REQUEST_BYTES, type BlockLimitsInput } from './server/block-sizes.js';
export { allocationFlags, extentsFromLbaStatus, type ExtentsRequest } from './server/allocation-extents.js';
export { ConnectionClosedError } from './server/socket-reader.js';
export * from './protocol/constants.js';
export { NbdProtocolError } from './protocol/protocol-error.js';
export { answerStartTls, gateOption, TLS_REQUIRED_MESSAGE, type OptionGate, type StartTlsAnswer, type TlsMode, type TlsState } from './protocol/tls-policy.js';
export {
  GREETING_LENGTH,
  OPTION_HEADER_LENGTH,
  MalformedOptionError,
  decodeClientFlags,
  decodeExportName,
  decodeInfoRequest,
  decodeMetaContextRequest,
  decodeOptionHeader,
  encodeExportNameReply,
  encodeGreeting,
  encodeInfoBlockSize,
  encodeInfoExport,
  encodeInfoString,
  encodeMetaContextReply,
  encodeOptionError,
  encodeOptionReply,
  encodeServerReply,
  type BlockSizes,
  type ClientFlags,
  type InfoRequest,
  type MetaContextRequest,
  type OptionHeader,
} from './protocol/handshake.js';
export {
  CHUNK_HEADER_LENGTH,
  SIMPLE_REPLY_LENGTH,
  decodeRequest,
  encodeBlockStatusChunk,
  encodeDataChunkHeader,
  encodeErrorChunk,
  encodeHoleChunk,
  encodeNoneChunk,
  encodeRequest,
  encodeSimpleReply,
  type Extent,
  type NbdRequest,
} from './protocol/transmission.js';
