/**
 * ioctl request numbers of the Linux sg driver (`<scsi/sg.h>`). The sg
 * driver's numbers are plain values (no `_IOR` encoding); the third ioctl
 * argument is a pointer unless noted.
 */

/** Every sg ioctl request number, by its C name. */
export const SG_IOCTL = {
  /** Set the default timeout (jiffies, `int *`); obsolete with v3 headers' own timeout. */
  SG_SET_TIMEOUT: 0x2201,
  /** Get the default timeout (returned as the ioctl result, jiffies). */
  SG_GET_TIMEOUT: 0x2202,
  /** `int *`: 1 when the host adapter is emulated (ATAPI, USB). */
  SG_EMULATED_HOST: 0x2203,
  /** Obsolete transform hook (value, not pointer). */
  SG_SET_TRANSFORM: 0x2204,
  /** Obsolete transform hook. */
  SG_GET_TRANSFORM: 0x2205,
  /** `int *`: 1 when command queuing is on. */
  SG_GET_COMMAND_Q: 0x2270,
  /** `int *`: turn command queuing on (1) or off (0). */
  SG_SET_COMMAND_Q: 0x2271,
  /** `int *`: size of the reserved buffer in bytes. */
  SG_GET_RESERVED_SIZE: 0x2272,
  /** `int *`: request a reserved buffer size (before any mmap(); EBUSY after). */
  SG_SET_RESERVED_SIZE: 0x2275,
  /** `struct sg_scsi_id *`: host, channel, id, lun, type, queue depths. */
  SG_GET_SCSI_ID: 0x2276,
  /** `int *`: force low-DMA memory (obsolete). */
  SG_SET_FORCE_LOW_DMA: 0x2279,
  /** `int *`: 1 when the adapter needs low-DMA memory. */
  SG_GET_LOW_DMA: 0x227a,
  /** `int *`: 1 makes read() return only the request with the wanted pack_id. */
  SG_SET_FORCE_PACK_ID: 0x227b,
  /** `int *`: pack_id of the oldest completed request, or -1. */
  SG_GET_PACK_ID: 0x227c,
  /** `int *`: number of completed requests waiting to be read(). */
  SG_GET_NUM_WAITING: 0x227d,
  /** `int *`: driver debug level (0 off). */
  SG_SET_DEBUG: 0x227e,
  /** `int *`: maximum scatter-gather elements of the adapter (0: none). */
  SG_GET_SG_TABLESIZE: 0x227f,
  /** `int *`: driver version, e.g. 30536 for 3.5.36. */
  SG_GET_VERSION_NUM: 0x2282,
  /** `int *`: override the command length of the next write() (old interface). */
  SG_NEXT_CMD_LEN: 0x2283,
  /** `int *`: reset; the value is one of {@link SG_SCSI_RESET_MODE}. */
  SG_SCSI_RESET: 0x2284,
  /** `struct sg_io_hdr *`: submit a command and wait for it (synchronous). */
  SG_IO: 0x2285,
  /** `struct sg_req_info[SG_MAX_QUEUE]`: the fd's request table. */
  SG_GET_REQUEST_TABLE: 0x2286,
  /** `int *`: keep (1) or drop (0, default) the reply of an interrupted SG_IO. */
  SG_SET_KEEP_ORPHAN: 0x2287,
  /** `int *`: the keep-orphan setting. */
  SG_GET_KEEP_ORPHAN: 0x2288,
  /** `int *`: the device's open count. */
  SG_GET_ACCESS_COUNT: 0x2289,
} as const;

/** Name of an sg ioctl. */
export type SgIoctlName = keyof typeof SG_IOCTL;

/** Values for the `SG_SCSI_RESET` ioctl's argument. */
export const SG_SCSI_RESET_MODE = {
  /** Only report whether a reset is in progress. */
  SG_SCSI_RESET_NOTHING: 0,
  /** Reset the logical unit. */
  SG_SCSI_RESET_DEVICE: 1,
  /** Reset the bus. */
  SG_SCSI_RESET_BUS: 2,
  /** Reset the host adapter. */
  SG_SCSI_RESET_HOST: 3,
  /** Reset the target. */
  SG_SCSI_RESET_TARGET: 4,
  /** OR-ed in: do not escalate to a wider reset when this one fails. */
  SG_SCSI_RESET_NO_ESCALATE: 0x100,
} as const;

/** `SG_IO` (0x2285): submit and wait. */
export const SG_IO = SG_IOCTL.SG_IO;
/** `SG_GET_VERSION_NUM` (0x2282). */
export const SG_GET_VERSION_NUM = SG_IOCTL.SG_GET_VERSION_NUM;
/** `SG_SET_RESERVED_SIZE` (0x2275). */
export const SG_SET_RESERVED_SIZE = SG_IOCTL.SG_SET_RESERVED_SIZE;
/** `SG_GET_RESERVED_SIZE` (0x2272). */
export const SG_GET_RESERVED_SIZE = SG_IOCTL.SG_GET_RESERVED_SIZE;
/** `SG_GET_SCSI_ID` (0x2276). */
export const SG_GET_SCSI_ID = SG_IOCTL.SG_GET_SCSI_ID;
/** `SG_GET_REQUEST_TABLE` (0x2286). */
export const SG_GET_REQUEST_TABLE = SG_IOCTL.SG_GET_REQUEST_TABLE;
/** `SG_GET_NUM_WAITING` (0x227d). */
export const SG_GET_NUM_WAITING = SG_IOCTL.SG_GET_NUM_WAITING;
/** `SG_SET_FORCE_PACK_ID` (0x227b). */
export const SG_SET_FORCE_PACK_ID = SG_IOCTL.SG_SET_FORCE_PACK_ID;
/** `SG_GET_PACK_ID` (0x227c). */
export const SG_GET_PACK_ID = SG_IOCTL.SG_GET_PACK_ID;
/** `SG_SET_COMMAND_Q` (0x2271). */
export const SG_SET_COMMAND_Q = SG_IOCTL.SG_SET_COMMAND_Q;
/** `SG_GET_COMMAND_Q` (0x2270). */
export const SG_GET_COMMAND_Q = SG_IOCTL.SG_GET_COMMAND_Q;
/** `SG_GET_SG_TABLESIZE` (0x227f). */
export const SG_GET_SG_TABLESIZE = SG_IOCTL.SG_GET_SG_TABLESIZE;
/** `SG_SET_TIMEOUT` (0x2201). */
export const SG_SET_TIMEOUT = SG_IOCTL.SG_SET_TIMEOUT;
/** `SG_GET_TIMEOUT` (0x2202). */
export const SG_GET_TIMEOUT = SG_IOCTL.SG_GET_TIMEOUT;
/** `SG_SET_KEEP_ORPHAN` (0x2287). */
export const SG_SET_KEEP_ORPHAN = SG_IOCTL.SG_SET_KEEP_ORPHAN;
/** `SG_GET_KEEP_ORPHAN` (0x2288). */
export const SG_GET_KEEP_ORPHAN = SG_IOCTL.SG_GET_KEEP_ORPHAN;
/** `SG_GET_LOW_DMA` (0x227a). */
export const SG_GET_LOW_DMA = SG_IOCTL.SG_GET_LOW_DMA;
/** `SG_SET_FORCE_LOW_DMA` (0x2279). */
export const SG_SET_FORCE_LOW_DMA = SG_IOCTL.SG_SET_FORCE_LOW_DMA;
/** `SG_EMULATED_HOST` (0x2203). */
export const SG_EMULATED_HOST = SG_IOCTL.SG_EMULATED_HOST;
/** `SG_SCSI_RESET` (0x2284). */
export const SG_SCSI_RESET = SG_IOCTL.SG_SCSI_RESET;
/** `SG_GET_ACCESS_COUNT` (0x2289). */
export const SG_GET_ACCESS_COUNT = SG_IOCTL.SG_GET_ACCESS_COUNT;
/** `SG_SET_DEBUG` (0x227e). */
export const SG_SET_DEBUG = SG_IOCTL.SG_SET_DEBUG;
/** `SG_NEXT_CMD_LEN` (0x2283). */
export const SG_NEXT_CMD_LEN = SG_IOCTL.SG_NEXT_CMD_LEN;
