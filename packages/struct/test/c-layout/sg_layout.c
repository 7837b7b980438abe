/*
 * Prints the layout of the sg driver's structs (sizeof and offsetof/sizeof
 * of every member) and the values of the sg/bsg constants, as compiled
 * against this system's <scsi/sg.h> and <linux/bsg.h>, as one JSON object.
 * Built and run by packages/struct/src/sg/layout.test.ts.
 */
#include <stddef.h>
#include <stdio.h>
#include <scsi/sg.h>
#include <linux/bsg.h>

static int first;

static void begin_struct(const char *name, size_t size)
{
	printf("%s\"%s\":{\"size\":%zu,\"members\":{", first ? "" : ",", name, size);
	first = 0;
}

#define MEMBER(type, m, sep) \
	printf("%s\"%s\":[%zu,%zu]", sep, #m, offsetof(type, m), sizeof(((type *)0)->m))

#define CONST(name) \
	printf("%s\"%s\":%lld", sep, #name, (long long)(name)); sep = ","

int main(void)
{
	const char *sep = "";

	first = 1;
	printf("{\"structs\":{");

	begin_struct("sg_io_hdr", sizeof(struct sg_io_hdr));
	MEMBER(struct sg_io_hdr, interface_id, "");
	MEMBER(struct sg_io_hdr, dxfer_direction, ",");
	MEMBER(struct sg_io_hdr, cmd_len, ",");
	MEMBER(struct sg_io_hdr, mx_sb_len, ",");
	MEMBER(struct sg_io_hdr, iovec_count, ",");
	MEMBER(struct sg_io_hdr, dxfer_len, ",");
	MEMBER(struct sg_io_hdr, dxferp, ",");
	MEMBER(struct sg_io_hdr, cmdp, ",");
	MEMBER(struct sg_io_hdr, sbp, ",");
	MEMBER(struct sg_io_hdr, timeout, ",");
	MEMBER(struct sg_io_hdr, flags, ",");
	MEMBER(struct sg_io_hdr, pack_id, ",");
	MEMBER(struct sg_io_hdr, usr_ptr, ",");
	MEMBER(struct sg_io_hdr, status, ",");
	MEMBER(struct sg_io_hdr, masked_status, ",");
	MEMBER(struct sg_io_hdr, msg_status, ",");
	MEMBER(struct sg_io_hdr, sb_len_wr, ",");
	MEMBER(struct sg_io_hdr, host_status, ",");
	MEMBER(struct sg_io_hdr, driver_status, ",");
	MEMBER(struct sg_io_hdr, resid, ",");
	MEMBER(struct sg_io_hdr, duration, ",");
	MEMBER(struct sg_io_hdr, info, ",");
	printf("}}");

	begin_struct("sg_io_v4", sizeof(struct sg_io_v4));
	MEMBER(struct sg_io_v4, guard, "");
	MEMBER(struct sg_io_v4, protocol, ",");
	MEMBER(struct sg_io_v4, subprotocol, ",");
	MEMBER(struct sg_io_v4, request_len, ",");
	MEMBER(struct sg_io_v4, request, ",");
	MEMBER(struct sg_io_v4, request_tag, ",");
	MEMBER(struct sg_io_v4, request_attr, ",");
	MEMBER(struct sg_io_v4, request_priority, ",");
	MEMBER(struct sg_io_v4, request_extra, ",");
	MEMBER(struct sg_io_v4, max_response_len, ",");
	MEMBER(struct sg_io_v4, response, ",");
	MEMBER(struct sg_io_v4, dout_iovec_count, ",");
	MEMBER(struct sg_io_v4, dout_xfer_len, ",");
	MEMBER(struct sg_io_v4, din_iovec_count, ",");
	MEMBER(struct sg_io_v4, din_xfer_len, ",");
	MEMBER(struct sg_io_v4, dout_xferp, ",");
	MEMBER(struct sg_io_v4, din_xferp, ",");
	MEMBER(struct sg_io_v4, timeout, ",");
	MEMBER(struct sg_io_v4, flags, ",");
	MEMBER(struct sg_io_v4, usr_ptr, ",");
	MEMBER(struct sg_io_v4, spare_in, ",");
	MEMBER(struct sg_io_v4, driver_status, ",");
	MEMBER(struct sg_io_v4, transport_status, ",");
	MEMBER(struct sg_io_v4, device_status, ",");
	MEMBER(struct sg_io_v4, retry_delay, ",");
	MEMBER(struct sg_io_v4, info, ",");
	MEMBER(struct sg_io_v4, duration, ",");
	MEMBER(struct sg_io_v4, response_len, ",");
	MEMBER(struct sg_io_v4, din_resid, ",");
	MEMBER(struct sg_io_v4, dout_resid, ",");
	MEMBER(struct sg_io_v4, generated_tag, ",");
	MEMBER(struct sg_io_v4, spare_out, ",");
	MEMBER(struct sg_io_v4, padding, ",");
	printf("}}");

	begin_struct("sg_scsi_id", sizeof(struct sg_scsi_id));
	MEMBER(struct sg_scsi_id, host_no, "");
	MEMBER(struct sg_scsi_id, channel, ",");
	MEMBER(struct sg_scsi_id, scsi_id, ",");
	MEMBER(struct sg_scsi_id, lun, ",");
	MEMBER(struct sg_scsi_id, scsi_type, ",");
	MEMBER(struct sg_scsi_id, h_cmd_per_lun, ",");
	MEMBER(struct sg_scsi_id, d_queue_depth, ",");
	MEMBER(struct sg_scsi_id, unused, ",");
	printf("}}");

	begin_struct("sg_req_info", sizeof(struct sg_req_info));
	MEMBER(struct sg_req_info, req_state, "");
	MEMBER(struct sg_req_info, orphan, ",");
	MEMBER(struct sg_req_info, sg_io_owned, ",");
	MEMBER(struct sg_req_info, problem, ",");
	MEMBER(struct sg_req_info, pack_id, ",");
	MEMBER(struct sg_req_info, usr_ptr, ",");
	MEMBER(struct sg_req_info, duration, ",");
	MEMBER(struct sg_req_info, unused, ",");
	printf("}}");

	begin_struct("sg_iovec", sizeof(struct sg_iovec));
	MEMBER(struct sg_iovec, iov_base, "");
	MEMBER(struct sg_iovec, iov_len, ",");
	printf("}}");

	printf("},\"constants\":{");
	/* Every constant is optional: the C library's copy of the header may lack newer ones. */
#ifdef SG_IO
	CONST(SG_IO);
#endif
#ifdef SG_GET_VERSION_NUM
	CONST(SG_GET_VERSION_NUM);
#endif
#ifdef SG_SET_TIMEOUT
	CONST(SG_SET_TIMEOUT);
#endif
#ifdef SG_GET_TIMEOUT
	CONST(SG_GET_TIMEOUT);
#endif
#ifdef SG_EMULATED_HOST
	CONST(SG_EMULATED_HOST);
#endif
#ifdef SG_SET_TRANSFORM
	CONST(SG_SET_TRANSFORM);
#endif
#ifdef SG_GET_TRANSFORM
	CONST(SG_GET_TRANSFORM);
#endif
#ifdef SG_GET_COMMAND_Q
	CONST(SG_GET_COMMAND_Q);
#endif
#ifdef SG_SET_COMMAND_Q
	CONST(SG_SET_COMMAND_Q);
#endif
#ifdef SG_GET_RESERVED_SIZE
	CONST(SG_GET_RESERVED_SIZE);
#endif
#ifdef SG_SET_RESERVED_SIZE
	CONST(SG_SET_RESERVED_SIZE);
#endif
#ifdef SG_GET_SCSI_ID
	CONST(SG_GET_SCSI_ID);
#endif
#ifdef SG_SET_FORCE_LOW_DMA
	CONST(SG_SET_FORCE_LOW_DMA);
#endif
#ifdef SG_GET_LOW_DMA
	CONST(SG_GET_LOW_DMA);
#endif
#ifdef SG_SET_FORCE_PACK_ID
	CONST(SG_SET_FORCE_PACK_ID);
#endif
#ifdef SG_GET_PACK_ID
	CONST(SG_GET_PACK_ID);
#endif
#ifdef SG_GET_NUM_WAITING
	CONST(SG_GET_NUM_WAITING);
#endif
#ifdef SG_SET_DEBUG
	CONST(SG_SET_DEBUG);
#endif
#ifdef SG_GET_SG_TABLESIZE
	CONST(SG_GET_SG_TABLESIZE);
#endif
#ifdef SG_NEXT_CMD_LEN
	CONST(SG_NEXT_CMD_LEN);
#endif
#ifdef SG_SCSI_RESET
	CONST(SG_SCSI_RESET);
#endif
#ifdef SG_GET_REQUEST_TABLE
	CONST(SG_GET_REQUEST_TABLE);
#endif
#ifdef SG_SET_KEEP_ORPHAN
	CONST(SG_SET_KEEP_ORPHAN);
#endif
#ifdef SG_GET_KEEP_ORPHAN
	CONST(SG_GET_KEEP_ORPHAN);
#endif
#ifdef SG_GET_ACCESS_COUNT
	CONST(SG_GET_ACCESS_COUNT);
#endif
#ifdef SG_SCSI_RESET_NOTHING
	CONST(SG_SCSI_RESET_NOTHING);
#endif
#ifdef SG_SCSI_RESET_DEVICE
	CONST(SG_SCSI_RESET_DEVICE);
#endif
#ifdef SG_SCSI_RESET_BUS
	CONST(SG_SCSI_RESET_BUS);
#endif
#ifdef SG_SCSI_RESET_HOST
	CONST(SG_SCSI_RESET_HOST);
#endif
#ifdef SG_SCSI_RESET_TARGET
	CONST(SG_SCSI_RESET_TARGET);
#endif
#ifdef SG_SCSI_RESET_NO_ESCALATE
	CONST(SG_SCSI_RESET_NO_ESCALATE);
#endif
#ifdef SG_DXFER_NONE
	CONST(SG_DXFER_NONE);
#endif
#ifdef SG_DXFER_TO_DEV
	CONST(SG_DXFER_TO_DEV);
#endif
#ifdef SG_DXFER_FROM_DEV
	CONST(SG_DXFER_FROM_DEV);
#endif
#ifdef SG_DXFER_TO_FROM_DEV
	CONST(SG_DXFER_TO_FROM_DEV);
#endif
#ifdef SG_DXFER_UNKNOWN
	CONST(SG_DXFER_UNKNOWN);
#endif
#ifdef SG_FLAG_DIRECT_IO
	CONST(SG_FLAG_DIRECT_IO);
#endif
#ifdef SG_FLAG_UNUSED_LUN_INHIBIT
	CONST(SG_FLAG_UNUSED_LUN_INHIBIT);
#endif
#ifdef SG_FLAG_LUN_INHIBIT
	CONST(SG_FLAG_LUN_INHIBIT);
#endif
#ifdef SG_FLAG_MMAP_IO
	CONST(SG_FLAG_MMAP_IO);
#endif
#ifdef SG_FLAG_NO_DXFER
	CONST(SG_FLAG_NO_DXFER);
#endif
#ifdef SG_FLAG_Q_AT_TAIL
	CONST(SG_FLAG_Q_AT_TAIL);
#endif
#ifdef SG_FLAG_Q_AT_HEAD
	CONST(SG_FLAG_Q_AT_HEAD);
#endif
#ifdef SG_INFO_OK_MASK
	CONST(SG_INFO_OK_MASK);
#endif
#ifdef SG_INFO_OK
	CONST(SG_INFO_OK);
#endif
#ifdef SG_INFO_CHECK
	CONST(SG_INFO_CHECK);
#endif
#ifdef SG_INFO_DIRECT_IO_MASK
	CONST(SG_INFO_DIRECT_IO_MASK);
#endif
#ifdef SG_INFO_INDIRECT_IO
	CONST(SG_INFO_INDIRECT_IO);
#endif
#ifdef SG_INFO_DIRECT_IO
	CONST(SG_INFO_DIRECT_IO);
#endif
#ifdef SG_INFO_MIXED_IO
	CONST(SG_INFO_MIXED_IO);
#endif
#ifdef SG_SCATTER_SZ
	CONST(SG_SCATTER_SZ);
#endif
#ifdef SG_DEF_RESERVED_SIZE
	CONST(SG_DEF_RESERVED_SIZE);
#endif
#ifdef SG_BIG_BUFF
	CONST(SG_BIG_BUFF);
#endif
#ifdef SG_MAX_QUEUE
	CONST(SG_MAX_QUEUE);
#endif
#ifdef SG_MAX_SENSE
	CONST(SG_MAX_SENSE);
#endif
#ifdef SG_DEF_FORCE_PACK_ID
	CONST(SG_DEF_FORCE_PACK_ID);
#endif
#ifdef SG_DEF_KEEP_ORPHAN
	CONST(SG_DEF_KEEP_ORPHAN);
#endif
#ifdef SG_DEF_COMMAND_Q
	CONST(SG_DEF_COMMAND_Q);
#endif
#ifdef SG_DEF_UNDERRUN_FLAG
	CONST(SG_DEF_UNDERRUN_FLAG);
#endif
#ifdef SG_DEF_FORCE_LOW_DMA
	CONST(SG_DEF_FORCE_LOW_DMA);
#endif
#ifdef BSG_PROTOCOL_SCSI
	CONST(BSG_PROTOCOL_SCSI);
#endif
#ifdef BSG_SUB_PROTOCOL_SCSI_CMD
	CONST(BSG_SUB_PROTOCOL_SCSI_CMD);
#endif
#ifdef BSG_SUB_PROTOCOL_SCSI_TMF
	CONST(BSG_SUB_PROTOCOL_SCSI_TMF);
#endif
#ifdef BSG_SUB_PROTOCOL_SCSI_TRANSPORT
	CONST(BSG_SUB_PROTOCOL_SCSI_TRANSPORT);
#endif
#ifdef BSG_FLAG_Q_AT_TAIL
	CONST(BSG_FLAG_Q_AT_TAIL);
#endif
#ifdef BSG_FLAG_Q_AT_HEAD
	CONST(BSG_FLAG_Q_AT_HEAD);
#endif
	printf("}}\n");
	return 0;
}
