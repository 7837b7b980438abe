/**
 * `struct bsg_uring_cmd` (`<linux/bsg.h>`, Linux 7.2+): the 80-byte payload
 * of an IORING_OP_URING_CMD to a bsg node (a 128-byte submission entry).
 */

/** Byte offsets of `struct bsg_uring_cmd`'s fields inside the payload. */
export const BSG_URING_CMD = {
  /** u64 address of the CDB. */
  request: 0,
  /** u32 CDB length. */
  requestLen: 8,
  /** u32 protocol (BSG_PROTOCOL_SCSI). */
  protocol: 12,
  /** u32 subprotocol (BSG_SUB_PROTOCOL_SCSI_CMD). */
  subprotocol: 16,
  /** u32 sense buffer length. */
  maxResponseLen: 20,
  /** u64 address of the sense buffer. */
  response: 24,
  /** u64 address of the data-out buffer. */
  doutXferp: 32,
  /** u32 data-out length. */
  doutXferLen: 40,
  /** u64 address of the data-in buffer. */
  dinXferp: 48,
  /** u32 data-in length. */
  dinXferLen: 56,
  /** u32 timeout in ms. */
  timeoutMs: 64,
} as const;
