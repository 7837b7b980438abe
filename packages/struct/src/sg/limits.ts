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
