/**
 * STREAM CONTROL and GET STREAM STATUS (SBC-5, SERVICE ACTION IN(16) 0x9E /
 * 0x14 and 0x16): open and close streams for WRITE STREAM, list the open ones.
 */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, u16, u32 } from '../../dsl/fields.js';
import { allocationLength32 } from '../common.js';

/** STR_CTL values of STREAM CONTROL. */
export const STREAM_CONTROL = {
  /** Open a stream; the device returns the STR_ID it assigned. */
  open: 0b01,
  /** Close the stream given by STR_ID. */
  close: 0b10,
} as const;

/** STREAM CONTROL. Returns 8 bytes of parameter data (the assigned STR_ID in bytes 4..5 after an open). */
export const streamControl = defineCdb({
  id: 'streamControl',
  name: 'STREAM CONTROL',
  standard: 'SBC-5',
  description: 'Open a stream (the device assigns its STR_ID) or close one, for WRITE STREAM',
  opcode: 0x9e,
  serviceAction: 0x14,
  length: 16,
  direction: (f) => (f.allocationLength === 0 ? 'none' : 'in'),
  effect: 'state',
  dataLength: allocationLength('allocationLength'),
  fields: {
    strCtl: bits(1, 6, 2, { default: STREAM_CONTROL.open, description: 'STR_CTL: 1 open a stream, 2 close the stream STR_ID (default 1)' }),
    strId: u16(4, { description: 'STR_ID: the stream to close' }),
    allocationLength: u32(10, { default: 8, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 8, the whole parameter data)' }),
    control: control(15),
  },
});

/** GET STREAM STATUS. Allocation length defaults to 4096. */
export const getStreamStatus = defineCdb({
  id: 'getStreamStatus',
  name: 'GET STREAM STATUS',
  standard: 'SBC-5',
  description: 'List the open streams (their STR_IDs) from a starting stream identifier on',
  opcode: 0x9e,
  serviceAction: 0x16,
  length: 16,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    startingStreamIdentifier: u16(4, { description: 'STARTING STREAM IDENTIFIER: lowest STR_ID to report' }),
    allocationLength: allocationLength32(10),
    control: control(15),
  },
});
