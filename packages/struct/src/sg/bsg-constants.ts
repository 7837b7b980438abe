/** Constants of the bsg (block SCSI generic, sg v4) interface (`<linux/bsg.h>`). */

/** `guard` of an sg_io_v4 header: `'Q'`. */
export const BSG_GUARD = 0x51;

/** `protocol` values. */
export const BSG_PROTOCOL = {
  /** SCSI. */
  BSG_PROTOCOL_SCSI: 0,
} as const;

/** `subprotocol` values for BSG_PROTOCOL_SCSI. */
export const BSG_SUB_PROTOCOL = {
  /** A SCSI command. */
  BSG_SUB_PROTOCOL_SCSI_CMD: 0,
  /** A task management function. */
  BSG_SUB_PROTOCOL_SCSI_TMF: 1,
  /** A transport-specific request (SAS SMP, FC ELS/CT, ...). */
  BSG_SUB_PROTOCOL_SCSI_TRANSPORT: 2,
} as const;

/** `flags` bits of an sg_io_v4 header. */
export const BSG_FLAG = {
  /** Queue at the tail (the default is the head). */
  BSG_FLAG_Q_AT_TAIL: 0x10,
  /** Queue at the head. */
  BSG_FLAG_Q_AT_HEAD: 0x20,
} as const;

/** `BSG_PROTOCOL_SCSI` (0). */
export const BSG_PROTOCOL_SCSI = BSG_PROTOCOL.BSG_PROTOCOL_SCSI;
/** `BSG_SUB_PROTOCOL_SCSI_CMD` (0). */
export const BSG_SUB_PROTOCOL_SCSI_CMD = BSG_SUB_PROTOCOL.BSG_SUB_PROTOCOL_SCSI_CMD;
/** `BSG_SUB_PROTOCOL_SCSI_TMF` (1). */
export const BSG_SUB_PROTOCOL_SCSI_TMF = BSG_SUB_PROTOCOL.BSG_SUB_PROTOCOL_SCSI_TMF;
/** `BSG_SUB_PROTOCOL_SCSI_TRANSPORT` (2). */
export const BSG_SUB_PROTOCOL_SCSI_TRANSPORT = BSG_SUB_PROTOCOL.BSG_SUB_PROTOCOL_SCSI_TRANSPORT;
/** `BSG_FLAG_Q_AT_TAIL` (0x10). */
export const BSG_FLAG_Q_AT_TAIL = BSG_FLAG.BSG_FLAG_Q_AT_TAIL;
/** `BSG_FLAG_Q_AT_HEAD` (0x20). */
export const BSG_FLAG_Q_AT_HEAD = BSG_FLAG.BSG_FLAG_Q_AT_HEAD;
