import { describe, expect, it } from 'vitest';
import { AllocationState, Command, CommandFlag, NbdErrno } from './constants.js';
import { NbdProtocolError } from './protocol-error.js';
import {
  decodeRequest,
  encodeBlockStatusChunk,
  encodeDataChunkHeader,
  encodeErrorChunk,
  encodeHoleChunk,
  encodeNoneChunk,
  encodeRequest,
  encodeSimpleReply,
} from './transmission.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

describe('requests', () => {
  it('decodes a request header', () => {
    const r = decodeRequest(bytes('25609513 0001 0001 0102030405060708 0000000000100000 00001000'));
    expect(r).toEqual({ flags: CommandFlag.FUA, type: Command.WRITE, cookie: 0x0102030405060708n, offset: 0x100000n, length: 4096 });
    expect(decodeRequest(encodeRequest(r))).toEqual(r);
  });

  it('refuses a wrong magic or length', () => {
    expect(() => decodeRequest(bytes('25609514 0000 0000 0000000000000000 0000000000000000 00000000'))).toThrow(NbdProtocolError);
    expect(() => decodeRequest(new Uint8Array(27))).toThrow(NbdProtocolError);
  });
});

describe('replies', () => {
  it('simple reply: magic, error, cookie', () => {
    expect(hex(encodeSimpleReply(9n, NbdErrno.EPERM))).toBe('67446698' + '00000001' + '0000000000000009');
  });

  it('structured NONE, data header and hole chunks', () => {
    expect(hex(encodeNoneChunk(5n))).toBe('668e33ef' + '0001' + '0000' + '0000000000000005' + '00000000');
    expect(hex(encodeDataChunkHeader(5n, 4096n, 512, true))).toBe('668e33ef' + '0001' + '0001' + '0000000000000005' + '00000208' + '0000000000001000');
    expect(hex(encodeHoleChunk(5n, 0n, 1024, false))).toBe('668e33ef' + '0000' + '0002' + '0000000000000005' + '0000000c' + '0000000000000000' + '00000400');
    expect(() => encodeDataChunkHeader(5n, 0n, 0, true)).toThrow(RangeError);
  });

  it('block status: context id then (length, flags) pairs', () => {
    const b = encodeBlockStatusChunk(1n, 1, [{ length: 4096, flags: 0 }, { length: 8192, flags: AllocationState.HOLE | AllocationState.ZERO }], true);
    expect(hex(b)).toBe('668e33ef' + '0001' + '0005' + '0000000000000001' + '00000014' + '00000001' + '00001000' + '00000000' + '00002000' + '00000003');
    expect(() => encodeBlockStatusChunk(1n, 1, [], true)).toThrow(RangeError);
    expect(() => encodeBlockStatusChunk(1n, 1, [{ length: 0, flags: 0 }], true)).toThrow(RangeError);
  });

  it('error chunks, with and without an offset, are final', () => {
    expect(hex(encodeErrorChunk(2n, NbdErrno.EIO, 'bad'))).toBe('668e33ef' + '0001' + '8001' + '0000000000000002' + '00000009' + '00000005' + '0003' + '626164');
    expect(hex(encodeErrorChunk(2n, NbdErrno.EIO, 'x', 512n)).slice(8 * 2 + 16 * 2 - 16)).toContain('0000000000000200');
    expect(hex(encodeErrorChunk(2n, NbdErrno.EIO, 'x', 512n)).slice(8, 16)).toBe('00018002');
    expect(() => encodeErrorChunk(2n, 0, 'x')).toThrow(RangeError);
  });
});
