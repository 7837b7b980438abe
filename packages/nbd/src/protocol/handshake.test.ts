import { describe, expect, it } from 'vitest';
import { Info, Option, Reply } from './constants.js';
import {
  MalformedOptionError,
  decodeClientFlags,
  decodeExportName,
  decodeInfoRequest,
  decodeMetaContextRequest,
  decodeOptionHeader,
  encodeExportNameReply,
  encodeGreeting,
  encodeInfoBlockSize,
  encodeInfoExport,
  encodeInfoString,
  encodeMetaContextReply,
  encodeOptionError,
  encodeOptionReply,
  encodeServerReply,
} from './handshake.js';
import { NbdProtocolError } from './protocol-error.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

describe('greeting and client flags', () => {
  it('greets with NBDMAGIC, IHAVEOPT and FIXED_NEWSTYLE|NO_ZEROES', () => {
    expect(hex(encodeGreeting())).toBe('4e42444d41474943' + '49484156454f5054' + '0003');
  });

  it('decodes the client flags and refuses unknown bits', () => {
    expect(decodeClientFlags(bytes('00000003'))).toEqual({ fixedNewstyle: true, noZeroes: true });
    expect(decodeClientFlags(bytes('00000001'))).toEqual({ fixedNewstyle: true, noZeroes: false });
    expect(() => decodeClientFlags(bytes('00000004'))).toThrow(NbdProtocolError);
    expect(() => decodeClientFlags(bytes('0001'))).toThrow(NbdProtocolError);
  });
});

describe('options', () => {
  it('decodes an option header and refuses a wrong magic', () => {
    expect(decodeOptionHeader(bytes('49484156454f5054 00000007 0000000a'))).toEqual({ option: Option.GO, length: 10 });
    expect(() => decodeOptionHeader(bytes('49484156454f5055 00000007 0000000a'))).toThrow(/not IHAVEOPT/);
  });

  it('decodes NBD_OPT_GO: name and info requests', () => {
    expect(decodeInfoRequest(bytes('00000004 64697363 0002 0003 0001'))).toEqual({ name: 'disc', requests: [Info.BLOCK_SIZE, Info.NAME] });
    expect(decodeInfoRequest(bytes('00000000 0000'))).toEqual({ name: '', requests: [] });
  });

  it('answers malformed payloads with MalformedOptionError (short, left over, bad UTF-8, NUL)', () => {
    expect(() => decodeInfoRequest(bytes('00000005 6469736300'))).toThrow(MalformedOptionError);
    expect(() => decodeInfoRequest(bytes('00000000 0000 ff'))).toThrow(/left over/);
    expect(() => decodeInfoRequest(bytes('00000001 ff 0000'))).toThrow(/UTF-8/);
    expect(() => decodeInfoRequest(bytes('00000001 00 0000'))).toThrow(/NUL/);
    expect(() => decodeInfoRequest(bytes('00001001'))).toThrow(/longer than/);
  });

  it("decodes the meta context queries and the export name", () => {
    const payload = bytes('00000000 00000002 0000000f 626173653a616c6c6f636174696f6e 00000005 626173653a');
    expect(decodeMetaContextRequest(payload)).toEqual({ name: '', queries: ['base:allocation', 'base:'] });
    expect(decodeExportName(bytes('736731'))).toBe('sg1');
  });
});

describe('option replies', () => {
  it('frames a reply: magic, option, type, length, payload', () => {
    expect(hex(encodeOptionReply(Option.GO, Reply.ACK))).toBe('0003e889045565a9' + '00000007' + '00000001' + '00000000');
  });

  it('encodes NBD_INFO_EXPORT, NAME, DESCRIPTION and BLOCK_SIZE', () => {
    expect(hex(encodeInfoExport(Option.GO, 64n * 1024n * 1024n, 0x0103)).slice(40)).toBe('0000' + '0000000004000000' + '0103');
    expect(hex(encodeInfoString(Option.INFO, Info.NAME, 'sg1')).slice(24)).toBe('00000003' + '00000005' + '0001' + '736731');
    expect(hex(encodeInfoString(Option.INFO, Info.DESCRIPTION, 'd')).slice(40)).toBe('0002' + '64');
    expect(hex(encodeInfoBlockSize(Option.GO, { minimum: 512, preferred: 4096, maximum: 33554432 })).slice(32)).toBe('0000000e' + '0003' + '00000200' + '00001000' + '02000000');
  });

  it('encodes NBD_REP_SERVER and NBD_REP_META_CONTEXT', () => {
    expect(hex(encodeServerReply(Option.LIST, 'sg1', 'x')).slice(24)).toBe('00000002' + '00000008' + '00000003' + '736731' + '78');
    expect(hex(encodeMetaContextReply(Option.SET_META_CONTEXT, 1, 'base:allocation')).slice(24, 48)).toBe('00000004' + '00000013' + '00000001');
  });

  it('error replies carry bit 31 and a message; a success type is refused', () => {
    const r = encodeOptionError(Option.GO, Reply.ERR_UNKNOWN, 'no');
    expect(hex(r).slice(24)).toBe('80000006' + '00000002' + '6e6f');
    expect(() => encodeOptionError(Option.GO, Reply.ACK, 'x')).toThrow(RangeError);
  });

  it('NBD_OPT_EXPORT_NAME answer: size, flags, then 124 zeros unless NO_ZEROES', () => {
    expect(hex(encodeExportNameReply(1024n, 3, true))).toBe('0000000000000400' + '0003');
    const long = encodeExportNameReply(1024n, 3, false);
    expect(long.length).toBe(134);
    expect(long.subarray(10).every((b) => b === 0)).toBe(true);
  });
});
