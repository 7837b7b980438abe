/** Values of sg_io_hdr's `interface_id`, `dxfer_direction`, `flags` and `info` (`<scsi/sg.h>`). */

/** `interface_id` of a v3 header: `'S'`. */
export const SG_INTERFACE_ID_ORIG = 0x53;

/** `dxfer_direction` values. */
export const SG_DXFER = {
  /** No data (TEST UNIT READY). */
  SG_DXFER_NONE: -1,
  /** Data to the device (WRITE). */
  SG_DXFER_TO_DEV: -2,
  /** Data from the device (READ). */
  SG_DXFER_FROM_DEV: -3,
  /** Like FROM_DEV, but the buffer is first copied to the kernel (indirect IO). */
  SG_DXFER_TO_FROM_DEV: -4,
  /** Direction unknown (old interface). */
  SG_DXFER_UNKNOWN: -5,
} as const;

/** A `dxfer_direction` value. */
export type SgDxferDirection = (typeof SG_DXFER)[keyof typeof SG_DXFER];

/** `SG_DXFER_NONE` (-1). */
export const SG_DXFER_NONE = SG_DXFER.SG_DXFER_NONE;
/** `SG_DXFER_TO_DEV` (-2). */
export const SG_DXFER_TO_DEV = SG_DXFER.SG_DXFER_TO_DEV;
/** `SG_DXFER_FROM_DEV` (-3). */
export const SG_DXFER_FROM_DEV = SG_DXFER.SG_DXFER_FROM_DEV;
/** `SG_DXFER_TO_FROM_DEV` (-4). */
export const SG_DXFER_TO_FROM_DEV = SG_DXFER.SG_DXFER_TO_FROM_DEV;
/** `SG_DXFER_UNKNOWN` (-5). */
export const SG_DXFER_UNKNOWN = SG_DXFER.SG_DXFER_UNKNOWN;

/** `flags` bits of sg_io_hdr. */
export const SG_FLAG = {
  /** Direct IO into the user buffer (needs the module's allow_dio=1; see `info`). */
  SG_FLAG_DIRECT_IO: 1,
  /** Unused (was: do not put the LUN in the CDB); glibc names it SG_FLAG_LUN_INHIBIT. */
  SG_FLAG_UNUSED_LUN_INHIBIT: 2,
  /** mmap-ed IO through the reserved buffer instead of `dxferp`. */
  SG_FLAG_MMAP_IO: 4,
  /** Queue at the tail (the default is the head for sg). */
  SG_FLAG_Q_AT_TAIL: 0x10,
  /** Queue at the head. */
  SG_FLAG_Q_AT_HEAD: 0x20,
  /** Do not copy the kernel buffer to/from user space (testing). */
  SG_FLAG_NO_DXFER: 0x10000,
} as const;

/** `SG_FLAG_DIRECT_IO` (1). */
export const SG_FLAG_DIRECT_IO = SG_FLAG.SG_FLAG_DIRECT_IO;
/** `SG_FLAG_UNUSED_LUN_INHIBIT` (2). */
export const SG_FLAG_UNUSED_LUN_INHIBIT = SG_FLAG.SG_FLAG_UNUSED_LUN_INHIBIT;
/** `SG_FLAG_MMAP_IO` (4). */
export const SG_FLAG_MMAP_IO = SG_FLAG.SG_FLAG_MMAP_IO;
/** `SG_FLAG_Q_AT_TAIL` (0x10). */
export const SG_FLAG_Q_AT_TAIL = SG_FLAG.SG_FLAG_Q_AT_TAIL;
/** `SG_FLAG_Q_AT_HEAD` (0x20). */
export const SG_FLAG_Q_AT_HEAD = SG_FLAG.SG_FLAG_Q_AT_HEAD;
/** `SG_FLAG_NO_DXFER` (0x10000). */
export const SG_FLAG_NO_DXFER = SG_FLAG.SG_FLAG_NO_DXFER;

/** `info` bits of a completed sg_io_hdr. */
export const SG_INFO = {
  /** Mask of the OK/CHECK bit. */
  SG_INFO_OK_MASK: 0x1,
  /** No sense, host or driver "noise". */
  SG_INFO_OK: 0x0,
  /** Something abnormal happened: look at status, host_status, driver_status. */
  SG_INFO_CHECK: 0x1,
  /** Mask of the IO-kind bits. */
  SG_INFO_DIRECT_IO_MASK: 0x6,
  /** Data moved through kernel buffers (or no data). */
  SG_INFO_INDIRECT_IO: 0x0,
  /** Direct IO was requested and performed. */
  SG_INFO_DIRECT_IO: 0x2,
  /** Part direct, part indirect IO. */
  SG_INFO_MIXED_IO: 0x4,
} as const;

/** `SG_INFO_OK_MASK` (1). */
export const SG_INFO_OK_MASK = SG_INFO.SG_INFO_OK_MASK;
/** `SG_INFO_OK` (0). */
export const SG_INFO_OK = SG_INFO.SG_INFO_OK;
/** `SG_INFO_CHECK` (1). */
export const SG_INFO_CHECK = SG_INFO.SG_INFO_CHECK;
/** `SG_INFO_DIRECT_IO_MASK` (6). */
export const SG_INFO_DIRECT_IO_MASK = SG_INFO.SG_INFO_DIRECT_IO_MASK;
/** `SG_INFO_INDIRECT_IO` (0). */
export const SG_INFO_INDIRECT_IO = SG_INFO.SG_INFO_INDIRECT_IO;
/** `SG_INFO_DIRECT_IO` (2). */
export const SG_INFO_DIRECT_IO = SG_INFO.SG_INFO_DIRECT_IO;
/** `SG_INFO_MIXED_IO` (4). */
export const SG_INFO_MIXED_IO = SG_INFO.SG_INFO_MIXED_IO;
