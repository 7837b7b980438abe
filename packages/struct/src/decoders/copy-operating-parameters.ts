/** RECEIVE COPY OPERATING PARAMETERS parameter data (SPC-4 6.18.4): the EXTENDED COPY (LID1) limits of a copy manager. */
import { flag, u16, u32, u8 } from '../dsl/fields.js';
import { defineLayout } from '../dsl/layout.js';
import { checkInput } from './bytes.js';
import { responseExtent } from './extent.js';

/** Layout of the fixed 44 bytes. */
export const COPY_OPERATING_PARAMETERS_LAYOUT = defineLayout({
  name: 'RECEIVE COPY OPERATING PARAMETERS data',
  length: 44,
  fields: {
    availableData: u32(0, { description: 'AVAILABLE DATA: bytes after byte 3' }),
    snlid: flag(4, 0, { description: 'SNLID: supports no list identifier' }),
    maximumCscdDescriptorCount: u16(8, { description: 'MAXIMUM CSCD DESCRIPTOR COUNT' }),
    maximumSegmentDescriptorCount: u16(10, { description: 'MAXIMUM SEGMENT DESCRIPTOR COUNT' }),
    maximumDescriptorListLength: u32(12, { description: 'MAXIMUM DESCRIPTOR LIST LENGTH in bytes' }),
    maximumSegmentLength: u32(16, { description: 'MAXIMUM SEGMENT LENGTH in bytes' }),
    maximumInlineDataLength: u32(20, { description: 'MAXIMUM INLINE DATA LENGTH in bytes' }),
    heldDataLimit: u32(24, { description: 'HELD DATA LIMIT in bytes' }),
    maximumStreamDeviceTransferSize: u32(28, { description: 'MAXIMUM STREAM DEVICE TRANSFER SIZE in bytes' }),
    totalConcurrentCopies: u16(34, { description: 'TOTAL CONCURRENT COPIES' }),
    maximumConcurrentCopies: u8(36, { description: 'MAXIMUM CONCURRENT COPIES' }),
    dataSegmentGranularity: u8(37, { description: 'DATA SEGMENT GRANULARITY (log2 of bytes)' }),
    inlineDataGranularity: u8(38, { description: 'INLINE DATA GRANULARITY (log2 of bytes)' }),
    heldDataGranularity: u8(39, { description: 'HELD DATA GRANULARITY (log2 of bytes)' }),
    implementedDescriptorListLength: u8(43, { description: 'IMPLEMENTED DESCRIPTOR LIST LENGTH: descriptor type codes that follow' }),
  },
});

/** Decoded RECEIVE COPY OPERATING PARAMETERS parameter data. */
export interface CopyOperatingParameters {
  /** SNLID bit. */
  readonly snlid: boolean;
  /** MAXIMUM CSCD DESCRIPTOR COUNT. */
  readonly maximumCscdDescriptorCount: number;
  /** MAXIMUM SEGMENT DESCRIPTOR COUNT. */
  readonly maximumSegmentDescriptorCount: number;
  /** MAXIMUM DESCRIPTOR LIST LENGTH. */
  readonly maximumDescriptorListLength: number;
  /** MAXIMUM SEGMENT LENGTH. */
  readonly maximumSegmentLength: number;
  /** MAXIMUM INLINE DATA LENGTH. */
  readonly maximumInlineDataLength: number;
  /** HELD DATA LIMIT. */
  readonly heldDataLimit: number;
  /** MAXIMUM STREAM DEVICE TRANSFER SIZE. */
  readonly maximumStreamDeviceTransferSize: number;
  /** TOTAL CONCURRENT COPIES. */
  readonly totalConcurrentCopies: number;
  /** MAXIMUM CONCURRENT COPIES. */
  readonly maximumConcurrentCopies: number;
  /** DATA SEGMENT GRANULARITY (log2). */
  readonly dataSegmentGranularity: number;
  /** INLINE DATA GRANULARITY (log2). */
  readonly inlineDataGranularity: number;
  /** HELD DATA GRANULARITY (log2). */
  readonly heldDataGranularity: number;
  /** The implemented segment and CSCD descriptor type codes. */
  readonly implementedDescriptorTypes: number[];
  /** Whether the device declared more than the buffer holds. */
  readonly truncated: boolean;
}

/**
 * Decodes RECEIVE COPY OPERATING PARAMETERS parameter data.
 * @throws {@link DecodeError} on fewer than 44 bytes.
 */
export function decodeCopyOperatingParameters(bytes: Uint8Array): CopyOperatingParameters {
  checkInput(bytes, 'RECEIVE COPY OPERATING PARAMETERS data', 44);
  const { availableData, implementedDescriptorListLength, ...fields } = COPY_OPERATING_PARAMETERS_LAYOUT.decode(bytes);
  const { end, truncated } = responseExtent(bytes.length, 4 + availableData);
  const listEnd = Math.min(end, 44 + implementedDescriptorListLength);
  return { ...fields, implementedDescriptorTypes: [...bytes.subarray(44, Math.max(44, listEnd))], truncated: truncated || 44 + implementedDescriptorListLength > bytes.length };
}
