/** STREAM CONTROL and GET STREAM STATUS parameter data (SBC-5 5.36, 5.11). */
import { bits, flag, u16, u32, u8 } from '../dsl/fields.js';
import { defineLayout } from '../dsl/layout.js';
import { checkInput } from './bytes.js';
import { responseExtent } from './extent.js';

/** Layout of the 8-byte STREAM CONTROL parameter data. */
export const STREAM_CONTROL_DATA_LAYOUT = defineLayout({
  name: 'STREAM CONTROL data',
  length: 8,
  fields: {
    parameterLength: u8(0, { description: 'PARAMETER LENGTH: bytes that follow (7)' }),
    assignedStrId: u16(4, { description: 'ASSIGNED_STR_ID: the stream an open created' }),
  },
});

/** Decoded STREAM CONTROL parameter data. */
export interface StreamControlData {
  /** The stream identifier the device assigned (after an open). */
  readonly assignedStreamId: number;
}

/**
 * Decodes STREAM CONTROL parameter data.
 * @throws {@link DecodeError} on fewer than 6 bytes.
 */
export function decodeStreamControl(bytes: Uint8Array): StreamControlData {
  checkInput(bytes, 'STREAM CONTROL data', 6);
  return { assignedStreamId: (bytes[4]! << 8) | bytes[5]! };
}

/** Layout of the 8-byte GET STREAM STATUS header. */
export const STREAM_STATUS_HEADER_LAYOUT = defineLayout({
  name: 'GET STREAM STATUS header',
  length: 8,
  fields: {
    parameterDataLength: u32(0, { description: 'PARAMETER DATA LENGTH: bytes after byte 7' }),
    numberOfOpenStreams: u16(6, { description: 'NUMBER OF OPEN STREAMS' }),
  },
});

/** Layout of one 8-byte stream status descriptor. */
export const STREAM_STATUS_DESCRIPTOR_LAYOUT = defineLayout({
  name: 'stream status descriptor',
  length: 8,
  fields: {
    perm: flag(0, 0, { description: 'PERM: a permanent stream' }),
    streamIdentifier: u16(2, { description: 'STREAM IDENTIFIER' }),
    relLifetime: bits(4, 5, 6, { description: 'REL LIFETIME: relative lifetime of the data written to the stream' }),
  },
});

/** One open stream. */
export interface StreamStatus {
  /** PERM bit. */
  readonly perm: boolean;
  /** STREAM IDENTIFIER. */
  readonly streamIdentifier: number;
  /** REL LIFETIME. */
  readonly relLifetime: number;
}

/** Decoded GET STREAM STATUS parameter data. */
export interface StreamStatusData {
  /** NUMBER OF OPEN STREAMS (all of them, not only those returned). */
  readonly numberOfOpenStreams: number;
  /** The stream status descriptors present. */
  readonly streams: StreamStatus[];
  /** Whether the device declared more than the buffer holds. */
  readonly truncated: boolean;
}

/**
 * Decodes GET STREAM STATUS parameter data.
 * @throws {@link DecodeError} on fewer than 8 bytes.
 */
export function decodeStreamStatus(bytes: Uint8Array): StreamStatusData {
  checkInput(bytes, 'GET STREAM STATUS data', 8);
  const h = STREAM_STATUS_HEADER_LAYOUT.decode(bytes);
  const { end, truncated } = responseExtent(bytes.length, 8 + h.parameterDataLength);
  const streams: StreamStatus[] = [];
  for (let off = 8; off + 8 <= end; off += 8) streams.push(STREAM_STATUS_DESCRIPTOR_LAYOUT.decode(bytes, off));
  return { numberOfOpenStreams: h.numberOfOpenStreams, streams, truncated };
}
