/** The Linux sg driver's structs (as byte layouts) and constants. */
export * from './ioctl.js';
export * from './flags.js';
export * from './limits.js';
export * from './bsg-constants.js';
export * from './bsg-uring-cmd.js';
export { HOST_LITTLE_ENDIAN, type CScalarType, type StructLayout, type StructMember, decodeStruct, encodeStruct } from './struct-layout.js';
export * from './sg-io-hdr.js';
export * from './sg-io-hdr-fields.js';
export * from './sg-io-v4.js';
export * from './sg-scsi-id.js';
export * from './sg-req-info.js';
export * from './sg-iovec.js';
