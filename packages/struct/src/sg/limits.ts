/** Sizes and defaults of the sg driver (`<scsi/sg.h>`). */

/** Default reserved buffer size and scatter-gather element size: 32 KiB. */
export const SG_SCATTER_SZ = 8 * 4096;
/** Default reserved buffer size per fd (the `def_reserved_size` module parameter's default). */
export const SG_DEF_RESERVED_SIZE = SG_SCATTER_SZ;
/** Old name of {@link SG_DEF_RESERVED_SIZE}. */
export const SG_BIG_BUFF = SG_DEF_RESERVED_SIZE;
/** Most outstanding requests per fd (write() beyond gives EDOM); also the SG_GET_REQUEST_TABLE entry count. */
export const SG_MAX_QUEUE = 16;
/** Sense bytes of the old (v2) `sg_header`; v3 headers use `mx_sb_len` instead. */
export const SG_MAX_SENSE = 16;
/** Default of SG_SET_FORCE_PACK_ID. */
export const SG_DEF_FORCE_PACK_ID = 0;
/** Default of SG_SET_KEEP_ORPHAN. */
export const SG_DEF_KEEP_ORPHAN = 0;
/** Default of SG_SET_COMMAND_Q. */
export const SG_DEF_COMMAND_Q = 0;
/** Default of the old underrun flag. */
export const SG_DEF_UNDERRUN_FLAG = 0;
/** Default of SG_SET_FORCE_LOW_DMA. */
export const SG_DEF_FORCE_LOW_DMA = 0;
/** The driver's default command timeout, `60 * HZ` jiffies: 60 seconds, here in milliseconds. */
export const SG_DEFAULT_TIMEOUT_MS = 60_000;
/** Shortest CDB the sg driver takes (`cmd_len` below it: EMSGSIZE). */
export const SG_MIN_CDB_LENGTH = 6;
/**
 * Longest CDB the sg driver passes to a device on current kernels: 32 bytes,
 * the size of the CDB in the kernel's `struct scsi_cmnd` since Linux 5.19
 * (33..252 bytes: EINVAL; 253 and more: EMSGSIZE, sg.c's own
 * `SG_MAX_CDB_SIZE` being 252; measured on 6.1). No standard command is
 * longer: variable-length CDBs (opcode 0x7F) of SBC and SPC are 32 bytes at most.
 */
export const SG_MAX_CDB_LENGTH = 32;
