/** `struct sg_scsi_id` (`<scsi/sg.h>`): what SG_GET_SCSI_ID returns, 32 bytes. */
import { decodeStruct, encodeStruct, members, type StructLayout } from './struct-layout.js';

/** `sizeof(struct sg_scsi_id)`. */
export const SG_SCSI_ID_SIZE = 32;

/** The layout of `struct sg_scsi_id`. */
export const sgScsiIdLayout: StructLayout = {
  name: 'sg_scsi_id',
  size: SG_SCSI_ID_SIZE,
  members: members([
    ['hostNo', 'host_no', 0, 'i32'],
    ['channel', 'channel', 4, 'i32'],
    ['scsiId', 'scsi_id', 8, 'i32'],
    ['lun', 'lun', 12, 'i32'],
    ['scsiType', 'scsi_type', 16, 'i32'],
    ['hCmdPerLun', 'h_cmd_per_lun', 20, 'i16'],
    ['dQueueDepth', 'd_queue_depth', 22, 'i16'],
    ['unused', 'unused', 24, 'reserved', 8],
  ]),
};

/** A decoded sg_scsi_id. */
export interface SgScsiId {
  /** `host_no`: SCSI host number (the `H` of H:C:T:L). */
  hostNo: number;
  /** `channel` (`C`). */
  channel: number;
  /** `scsi_id`: target id (`T`). */
  scsiId: number;
  /** `lun` (`L`). */
  lun: number;
  /** `scsi_type`: peripheral device type. */
  scsiType: number;
  /** `h_cmd_per_lun`: host's queue depth per LUN. */
  hCmdPerLun: number;
  /** `d_queue_depth`: device's queue depth. */
  dQueueDepth: number;
}

/** Decodes an sg_scsi_id. */
export function decodeSgScsiId(bytes: Uint8Array, offset = 0): SgScsiId {
  return decodeStruct(sgScsiIdLayout, bytes, offset) as unknown as SgScsiId;
}

/** Encodes an sg_scsi_id (for tests and emulators); omitted members are 0. */
export function encodeSgScsiId(target: Uint8Array, offset: number, id: Partial<SgScsiId>): void {
  encodeStruct(sgScsiIdLayout, target, offset, id);
}
