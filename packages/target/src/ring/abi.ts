/**
 * The TCMU ring as the kernel lays it out (include/uapi/linux/target_core_user.h,
 * mailbox version 2): byte offsets and constants, nothing else. All offsets
 * in the mailbox and in command entries are relative to the start of the
 * mapping (the mailbox).
 */

/** `TCMU_MAILBOX_VERSION` this package speaks. */
export const TCMU_MAILBOX_VERSION = 2;

/** struct tcmu_mailbox: `__u16 version`. */
export const MB_VERSION = 0;
/** struct tcmu_mailbox: `__u16 flags` (TCMU_MAILBOX_FLAG_CAP_*). */
export const MB_FLAGS = 2;
/** struct tcmu_mailbox: `__u32 cmdr_off`, where the command ring starts. */
export const MB_CMDR_OFF = 4;
/** struct tcmu_mailbox: `__u32 cmdr_size`, the command ring's length. */
export const MB_CMDR_SIZE = 8;
/** struct tcmu_mailbox: `__u32 cmd_head`, written by the kernel (ring offset of the next entry it will add). */
export const MB_CMD_HEAD = 12;
/** struct tcmu_mailbox: `__u32 cmd_tail` (64-byte aligned), written by user space (ring offset up to which entries are completed). */
export const MB_CMD_TAIL = 64;
/** Bytes of the mailbox that must fit the mapping. */
export const MB_SIZE = 68;

/** Mailbox capability: out-of-order completion. */
export const TCMU_MAILBOX_FLAG_CAP_OOOC = 1 << 0;
/** Mailbox capability: `read_len` in the response (TCMU_UFLAG_READ_LEN). */
export const TCMU_MAILBOX_FLAG_CAP_READ_LEN = 1 << 1;
/** Mailbox capability: task management notifications (TCMU_OP_TMR entries). */
export const TCMU_MAILBOX_FLAG_CAP_TMR = 1 << 2;

/** Entry opcode (low 3 bits of `len_op`): padding up to the end of the ring. */
export const TCMU_OP_PAD = 0;
/** Entry opcode: a SCSI command. */
export const TCMU_OP_CMD = 1;
/** Entry opcode: a task management notification (informational, skipped). */
export const TCMU_OP_TMR = 2;
/** `len_op & TCMU_OP_MASK` is the opcode, the rest the entry's length. */
export const TCMU_OP_MASK = 0x7;
/** Entries are multiples of this many bytes. */
export const TCMU_OP_ALIGN_SIZE = 8;

/** struct tcmu_cmd_entry_hdr: `__u32 len_op`. */
export const ENT_LEN_OP = 0;
/** struct tcmu_cmd_entry_hdr: `__u16 cmd_id`. */
export const ENT_CMD_ID = 4;
/** struct tcmu_cmd_entry_hdr: `__u8 kflags`. */
export const ENT_KFLAGS = 6;
/** struct tcmu_cmd_entry_hdr: `__u8 uflags` (TCMU_UFLAG_*), written by user space. */
export const ENT_UFLAGS = 7;
/** Bytes of the entry header. */
export const ENT_HDR_SIZE = 8;

/** uflags: the command's opcode is unknown to user space (the kernel answers CHECK CONDITION). */
export const TCMU_UFLAG_UNKNOWN_OP = 0x1;
/** uflags: `rsp.read_len` holds the bytes actually read (a residual). */
export const TCMU_UFLAG_READ_LEN = 0x2;

/** req: `__u32 iov_cnt`. */
export const REQ_IOV_CNT = 8;
/** req: `__u32 iov_bidi_cnt`. */
export const REQ_IOV_BIDI_CNT = 12;
/** req: `__u32 iov_dif_cnt`. */
export const REQ_IOV_DIF_CNT = 16;
/**
 * req: `__u64 cdb_off` (from the start of the mapping). Only the entry is
 * `__packed`, not the union's inner struct: the u64 is 8-byte aligned after
 * the three u32 counts (measured: a one-iovec INQUIRY entry is 120 bytes,
 * its CDB at entry + 112 = sizeof(struct tcmu_cmd_entry)).
 */
export const REQ_CDB_OFF = 24;
/** req: `struct iovec iov[]` (each `{ u64 base offset, u64 length }`), after `__pad1` and `__pad2`. */
export const REQ_IOV = 48;
/** sizeof(struct iovec). */
export const IOVEC_SIZE = 16;

/** rsp: `__u8 scsi_status`. */
export const RSP_SCSI_STATUS = 8;
/** rsp: `__u32 read_len`. */
export const RSP_READ_LEN = 12;
/** rsp: `char sense_buffer[96]`. */
export const RSP_SENSE = 16;
/** `TCMU_SENSE_BUFFERSIZE`. */
export const TCMU_SENSE_BUFFERSIZE = 96;
/** sizeof(struct tcmu_cmd_entry): every command entry is at least this long, so the response fits. */
export const TCMU_CMD_ENTRY_MIN = RSP_SENSE + TCMU_SENSE_BUFFERSIZE;
