/** READ BUFFER(10), READ BUFFER(16) and WRITE BUFFER (SPC-6): buffer access and microcode download. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, u24, u64, u8 } from '../../dsl/fields.js';
import { allocationLength32 } from '../common.js';

/** Common READ BUFFER / WRITE BUFFER MODE values (SPC-6). */
export const BUFFER_MODE = {
  /** Combined header and data. */
  combinedHeaderAndData: 0x00,
  /** Data. */
  data: 0x02,
  /** READ BUFFER: buffer descriptor (capacity and offset boundary). */
  descriptor: 0x03,
  /** WRITE BUFFER: download microcode and activate. */
  downloadMicrocodeActivate: 0x04,
  /** WRITE BUFFER: download microcode, save and activate. */
  downloadMicrocodeSaveActivate: 0x05,
  /** WRITE BUFFER: download microcode with offsets and activate. */
  downloadMicrocodeOffsetsActivate: 0x06,
  /** WRITE BUFFER: download microcode with offsets, save and activate. */
  downloadMicrocodeOffsetsSaveActivate: 0x07,
  /** Echo buffer. */
  echoBuffer: 0x0a,
  /** READ BUFFER: echo buffer descriptor. */
  echoBufferDescriptor: 0x0b,
  /** WRITE BUFFER: download microcode with offsets, select activation events, save and defer activation. */
  downloadMicrocodeOffsetsSelectSaveDefer: 0x0d,
  /** WRITE BUFFER: download microcode with offsets, save and defer activation. */
  downloadMicrocodeOffsetsSaveDefer: 0x0e,
  /** WRITE BUFFER: activate deferred microcode. */
  activateDeferredMicrocode: 0x0f,
  /** READ BUFFER: error history. */
  errorHistory: 0x1c,
} as const;

const mode = bits(1, 4, 5, { default: 0x02, description: 'MODE: 0 header+data, 2 data, 3 descriptor, 0x0A echo buffer, 0x1C error history, ... (default 2)' });
const modeSpecific = bits(1, 7, 3, { description: 'MODE SPECIFIC: meaning depends on MODE' });
const bufferId = u8(2, { description: 'BUFFER ID: which buffer' });
const bufferOffset = u24(3, { description: 'BUFFER OFFSET: byte offset in the buffer' });

/** READ BUFFER(10) (0x3C). Mode defaults to 2 (data), allocation length to 4096. */
export const readBuffer10 = defineCdb({
  id: 'readBuffer10',
  name: 'READ BUFFER(10)',
  standard: 'SPC-6',
  description: 'Read a buffer of the device (data, descriptor, echo buffer, error history)',
  opcode: 0x3c,
  length: 10,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    modeSpecific,
    mode,
    bufferId,
    bufferOffset,
    allocationLength: u24(6, { default: 4096, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 4096)' }),
    control: control(9),
  },
});

/** READ BUFFER(16) (0x9B): 64-bit buffer offset, 32-bit allocation length. Mode defaults to 2 (data), allocation length to 4096. */
export const readBuffer16 = defineCdb({
  id: 'readBuffer16',
  name: 'READ BUFFER(16)',
  standard: 'SPC-6',
  description: 'Read a buffer of the device with a 64-bit offset and 32-bit length',
  opcode: 0x9b,
  length: 16,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    modeSpecific,
    mode,
    bufferOffset: u64(2, { description: 'BUFFER OFFSET: byte offset in the buffer (64 bits)' }),
    allocationLength: allocationLength32(10),
    bufferId: u8(14, { description: 'BUFFER ID: which buffer' }),
    control: control(15),
  },
});

/** WRITE BUFFER (0x3B). Sends `parameterListLength` bytes; mode defaults to 2 (data). */
export const writeBuffer = defineCdb({
  id: 'writeBuffer',
  name: 'WRITE BUFFER',
  standard: 'SPC-6',
  description: 'Write a buffer of the device, or download microcode (firmware)',
  opcode: 0x3b,
  length: 10,
  direction: (f) => (f.parameterListLength === 0 ? 'none' : 'out'),
  effect: 'destructive',
  dataLength: allocationLength('parameterListLength'),
  fields: {
    modeSpecific,
    mode,
    bufferId,
    bufferOffset,
    parameterListLength: u24(6, { description: 'PARAMETER LIST LENGTH: bytes sent' }),
    control: control(9),
  },
});
