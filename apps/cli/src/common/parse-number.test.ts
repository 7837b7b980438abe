import { describe, expect, it } from 'vitest';
import { DecodeError, FieldRangeError } from '@sgio/struct';
import { parseHex } from './output.js';
import { MODE_PAGE_ACRONYMS, VPD_PAGE_ACRONYMS } from '@sgio/struct';
import { parsePageSpec } from './page-spec.js';
import { parseBigNumber, parseNumber, parseSignedNumber } from './parse-number.js';
import { exitCodeFor, CliError } from './fail.js';
import { exitStatusForCategory } from '@sgio/struct';
import { ExitCode } from './exit-codes.js';

describe('number and hex parsing', () => {
  it('takes decimal, 0x hex and trailing-h hex', () => {
    expect(parseNumber('131072')).toBe(131072);
    expect(parseNumber('0x1FFFF')).toBe(0x1ffff);
    expect(parseNumber('83h')).toBe(0x83);
    expect(parseBigNumber('0xffffffffffffffff')).toBe(0xffffffffffffffffn);
    expect(parseSignedNumber('-0x10')).toBe(-16);
    expect(() => parseNumber('12x', '--lba')).toThrow(/--lba: '12x' is not a number/);
    expect(() => parseNumber('300', '--x', 255)).toThrow(/at most 255/);
    expect(() => parseBigNumber('0x10000000000000000')).toThrow(/too large/);
  });

  it('parses hex bytes in the forms sg3_utils users type', () => {
    expect(parseHex('12 00 00 00 24 00')).toEqual(Uint8Array.from([0x12, 0, 0, 0, 0x24, 0]));
    expect(parseHex('120000002400')).toEqual(Uint8Array.from([0x12, 0, 0, 0, 0x24, 0]));
    expect(parseHex('0x70,0x00\n0x05 # comment')).toEqual(Uint8Array.from([0x70, 0, 5]));
    expect(() => parseHex('zz')).toThrow(/not a hex byte/);
  });

  it('parses pages as numbers, page,subpage and acronyms', () => {
    expect(parsePageSpec('di', VPD_PAGE_ACRONYMS, '--page')).toEqual({ page: 0x83 });
    expect(parsePageSpec('0xb0', VPD_PAGE_ACRONYMS, '--page')).toEqual({ page: 0xb0 });
    expect(parsePageSpec('0x0a,1', MODE_PAGE_ACRONYMS, '--page', 0x3f)).toEqual({ page: 0x0a, subpage: 1 });
    expect(() => parsePageSpec('nope', VPD_PAGE_ACRONYMS, '--page')).toThrow(/neither a page number/);
    expect(() => parsePageSpec('0x40', MODE_PAGE_ACRONYMS, '--page', 0x3f)).toThrow(/--page/);
  });
});

describe('exit statuses', () => {
  it('follow sg3_utils for sense categories and package errors', () => {
    expect(exitStatusForCategory(17)).toBe(ExitCode.ILLEGAL_REQUEST);
    expect(exitStatusForCategory(18)).toBe(ExitCode.MEDIUM_HARD);
    expect(exitStatusForCategory(9)).toBe(ExitCode.INVALID_OPCODE);
    expect(exitCodeFor({ category: 2, message: 'not ready' })).toBe(2);
    expect(exitCodeFor({ code: 'ENOENT', message: 'missing' })).toBe(ExitCode.FILE_ERROR);
    expect(exitCodeFor({ code: 'EBUSY', message: 'busy' })).toBe(ExitCode.BUSY);
    expect(exitCodeFor({ code: 'ERR_SCSI_TIMEOUT', message: 't' })).toBe(ExitCode.TIMEOUT);
    expect(exitCodeFor(new CliError('bad'))).toBe(ExitCode.SYNTAX);
  });

  it('are look-ups in core\'s error table', () => {
    expect(exitCodeFor(new DecodeError('VPD page 0x83', 4, 'short'))).toBe(ExitCode.MALFORMED);
    expect(exitCodeFor(new FieldRangeError('READ(16)', 'lba', 'too big'))).toBe(ExitCode.SYNTAX);
    expect(exitCodeFor({ code: 'ERR_DEVICE_GONE', message: 'gone' })).toBe(ExitCode.TRANSPORT);
    expect(exitCodeFor(new Error('whatever'))).toBe(ExitCode.OTHER);
  });
});
