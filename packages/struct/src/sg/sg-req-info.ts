/** `struct sg_req_info` (`<scsi/sg.h>`): one entry of SG_GET_REQUEST_TABLE, 24 bytes on LP64. */
import { SG_MAX_QUEUE } from './limits.js';
import { checkSpan, decodeStruct, encodeStruct, members, type StructLayout } from './struct-layout.js';

/** `sizeof(struct sg_req_info)` on LP64. */
export const SG_REQ_INFO_SIZE = 24;

/** Bytes SG_GET_REQUEST_TABLE writes: SG_MAX_QUEUE entries. */
export const SG_REQUEST_TABLE_SIZE = SG_REQ_INFO_SIZE * SG_MAX_QUEUE;

/** The layout of `struct sg_req_info` (LP64). */
export const sgReqInfoLayout: StructLayout = {
  name: 'sg_req_info',
  size: SG_REQ_INFO_SIZE,
  members: members([
    ['reqState', 'req_state', 0, 'u8'],
    ['orphan', 'orphan', 1, 'u8'],
    ['sgIoOwned', 'sg_io_owned', 2, 'u8'],
    ['problem', 'problem', 3, 'u8'],
    ['packId', 'pack_id', 4, 'i32'],
    ['usrPtr', 'usr_ptr', 8, 'ptr'],
    ['duration', 'duration', 16, 'u32'],
    ['unused', 'unused', 20, 'reserved', 4],
  ]),
};

/** A decoded sg_req_info. */
export interface SgReqInfo {
  /** `req_state`: 0 unused, 1 written (in flight), 2 ready to read. */
  reqState: number;
  /** `orphan`: 1 for the reply of an interrupted SG_IO. */
  orphan: number;
  /** `sg_io_owned`: 1 when SG_IO (not read()) will complete it. */
  sgIoOwned: number;
  /** `problem`: 1 when an error will be reported. */
  problem: number;
  /** `pack_id`. */
  packId: number;
  /** `usr_ptr`. */
  usrPtr: bigint;
  /** `duration`: ms since written (in flight) or taken (done). */
  duration: number;
}

/** Decodes one sg_req_info. */
export function decodeSgReqInfo(bytes: Uint8Array, offset = 0): SgReqInfo {
  return decodeStruct(sgReqInfoLayout, bytes, offset) as unknown as SgReqInfo;
}

/** Decodes an SG_GET_REQUEST_TABLE result (SG_MAX_QUEUE entries), keeping only the used ones (`reqState` ≠ 0). */
export function decodeSgRequestTable(bytes: Uint8Array, offset = 0): SgReqInfo[] {
  checkSpan('decodeSgRequestTable', bytes, offset, SG_REQUEST_TABLE_SIZE);
  const out: SgReqInfo[] = [];
  for (let i = 0; i < SG_MAX_QUEUE; i++) {
    const e = decodeSgReqInfo(bytes, offset + i * SG_REQ_INFO_SIZE);
    if (e.reqState !== 0) out.push(e);
  }
  return out;
}

/** Encodes an sg_req_info (for tests and emulators); omitted members are 0. */
export function encodeSgReqInfo(target: Uint8Array, offset: number, info: Partial<SgReqInfo>): void {
  encodeStruct(sgReqInfoLayout, target, offset, info);
}
