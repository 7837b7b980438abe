import { describe, expect, it } from 'vitest';
import { DecodeError } from '../errors/decode-error.js';
import {
  SenseCategory,
  classifyOutcome,
  classifySense,
  decodeSense,
  findSenseDescriptor,
  formatSense,
  senseCategoryName,
  senseCategoryText,
  senseHeader,
  senseProgress,
} from './index.js';

const h = (hex: string): Uint8Array => Uint8Array.from(hex.trim().split(/\s+/), (x) => Number.parseInt(x, 16));

function decodeError(hex: string): DecodeError {
  try {
    decodeSense(h(hex));
  } catch (err) {
    expect(err).toBeInstanceOf(DecodeError);
    return err as DecodeError;
  }
  throw new Error(`no DecodeError for ${hex}`);
}

describe('decodeSense, fixed format', () => {
  it('decodes every field', () => {
    const s = decodeSense(h('f0 00 e4 00 01 02 03 0a 0a 0b 0c 0d 44 00 99 80 00 05 aa bb'));
    expect(s).toMatchObject({
      responseCode: 0x70,
      format: 'fixed',
      current: true,
      valid: true,
      senseKey: 4,
      senseKeyName: 'Hardware Error',
      asc: 0x44,
      ascq: 0,
      ascPresent: true,
      ascText: 'Internal target failure',
      information: 0x10203n,
      commandSpecific: 0x0a0b0c0dn,
      fru: 0x99,
      senseKeySpecific: { kind: 'retry-count', actualRetryCount: 5 },
      filemark: true,
      eom: true,
      ili: true,
      sdatOverflow: false,
      additionalLength: 10,
      descriptors: [],
      length: 18,
      truncated: false,
    });
    // bytes past 8 + additional length are ignored
    expect(s.additionalBytes).toEqual(new Uint8Array(0));
  });

  it('marks short buffers truncated and keeps what is there', () => {
    const s = decodeSense(h('70 00 06 00 00 00 00 0a 00 00 00 00 29'));
    expect(s.truncated).toBe(true);
    expect(s.ascText).toBe('Power on, reset, or bus device reset occurred');
    expect(s.senseKeySpecific).toBeUndefined();
    const tiny = decodeSense(h('70 00 06'));
    expect(tiny).toMatchObject({ senseKey: 6, ascPresent: false, truncated: true });
    expect(tiny.information).toBeUndefined();
    expect(tiny.additionalLength).toBeUndefined();
  });

  it('honours a short additional length', () => {
    const s = decodeSense(h('70 00 05 00 00 00 00 00 00 00 00 00 24 00 00 00 00 00'));
    expect(s).toMatchObject({ length: 8, ascPresent: false, asc: 0, truncated: false });
    expect(s.commandSpecific).toBeUndefined();
  });

  it('decodes field pointers', () => {
    expect(decodeSense(h('70 00 05 00 00 00 00 0a 00 00 00 00 26 00 00 8c 01 02')).senseKeySpecific).toEqual({
      kind: 'field-pointer',
      cd: false,
      bpv: true,
      bitPointer: 4,
      fieldPointer: 258,
      raw: 0x8c0102,
    });
  });

  it('reports progress', () => {
    const s = decodeSense(h('70 00 02 00 00 00 00 0a 00 00 00 00 04 04 00 80 40 00'));
    expect(senseProgress(s)).toBe(0.25);
    expect(formatSense(s)).toContain('25.00%');
  });
});

describe('decodeSense, descriptor format', () => {
  it('lifts descriptor fields to the top level', () => {
    const s = decodeSense(
      h(
        '73 03 11 00 00 00 00 1c 00 0a 80 00 00 00 00 00 00 00 00 40 03 02 00 05 05 02 00 20 02 06 00 00 80 00 07 00 01 0a 00 00 00 00 00 00 00 00 00 01',
      ),
    );
    expect(s).toMatchObject({
      format: 'descriptor',
      current: false,
      valid: true,
      information: 0x40n,
      fru: 5,
      ili: true,
      senseKeySpecific: { kind: 'retry-count', actualRetryCount: 7 },
      truncated: false,
    });
    // the command-specific descriptor lies past the additional length (0x1c)
    expect(s.commandSpecific).toBeUndefined();
    expect(s.descriptors.map((d) => d.type)).toEqual(['information', 'fru', 'block-commands', 'sense-key-specific']);
    expect(findSenseDescriptor(s, 'fru')?.fru).toBe(5);
    expect(findSenseDescriptor(s, 'ata-status-return')).toBeUndefined();
  });

  it('decodes a forwarded sense descriptor recursively', () => {
    const s = decodeSense(h('72 0b 00 00 00 00 00 16 0c 14 81 02 70 00 05 00 00 00 00 0a 00 00 00 00 24 00 00 c0 00 02'));
    const f = findSenseDescriptor(s, 'forwarded-sense');
    expect(f).toMatchObject({ fsdt: true, senseDataSource: 1, forwardedStatus: 2 });
    expect(f?.decoded).toMatchObject({ senseKey: 5, asc: 0x24, senseKeySpecific: { kind: 'field-pointer', fieldPointer: 2 } });
    expect(formatSense(s, { multiLine: true })).toContain('Sense key: Illegal Request');
  });

  it('drops a descriptor cut off by a short buffer', () => {
    const s = decodeSense(h('72 05 24 00 00 00 00 0c 00 0a 80 00 00 00 00'));
    expect(s).toMatchObject({ truncated: true, descriptors: [], length: 15 });
  });

  it('takes the progress from another progress indication descriptor', () => {
    const s = decodeSense(h('72 02 04 04 00 00 00 08 0a 06 05 24 00 00 80 00'));
    expect(senseProgress(s)).toBe(0.5);
    expect(findSenseDescriptor(s, 'progress-indication')).toMatchObject({ senseKey: 5, asc: 0x24, progress: 0x8000 });
  });
});

describe('decodeSense, malformed input', () => {
  it('rejects an empty buffer and foreign response codes', () => {
    expect(decodeError('').offset).toBe(0);
    expect(decodeError('00 00 00').message).toContain('response code 0x00');
    expect(decodeError('7f 06 3f 01 00 00 00 00').message).toContain('vendor specific');
    expect(decodeError('70 00').page).toBe('sense data');
    expect(decodeError('72').offset).toBe(1);
  });

  it('names the descriptor and offset of a bad descriptor', () => {
    const overrun = decodeError('72 05 24 00 00 00 00 04 00 0a 80 00');
    expect(overrun.page).toBe('information sense data descriptor');
    expect(overrun.offset).toBe(8);
    const short = decodeError('72 05 24 00 00 00 00 04 00 02 80 00');
    expect(short.page).toBe('information sense data descriptor');
    expect(short.offset).toBe(9);
    expect(short.message).toContain('below the 10');
    const dangling = decodeError('72 05 24 00 00 00 00 05 03 02 00 07 00');
    expect(dangling.offset).toBe(12);
    const referral = decodeError('72 05 21 00 00 00 00 0c 0b 0a 00 00 00 00 00 05 00 00 00 00');
    expect(referral.page).toBe('user data segment referral sense data descriptor');
    const designation = decodeError('72 06 3f 0e 00 00 00 0c 0e 0a 00 01 01 03 00 08 50 00 00 00');
    expect(designation.offset).toBe(15);
  });

  it('rejects non-Uint8Array input with a TypeError', () => {
    expect(() => decodeSense('70' as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('reads the header of sense data with bad descriptors', () => {
    const bytes = h('72 05 24 00 00 00 00 04 00 02 80 00');
    expect(senseHeader(bytes)).toEqual({
      responseCode: 0x72,
      format: 'descriptor',
      current: true,
      senseKey: 5,
      asc: 0x24,
      ascq: 0,
    });
    expect(senseHeader(h('7f 00 00'))).toBeUndefined();
    expect(senseHeader(new Uint8Array(0))).toBeUndefined();
    expect(classifySense(bytes)).toBe(SenseCategory.ILLEGAL_REQUEST);
    expect(classifySense(h('01 02 03'))).toBe(SenseCategory.SENSE);
  });
});

describe('classifySense', () => {
  const cat = (sk: number, asc = 0, ascq = 0): number =>
    classifySense(h(`72 ${sk.toString(16)} ${asc.toString(16)} ${ascq.toString(16)} 00 00 00 00`));

  it('follows sg3_utils categories and exit statuses', () => {
    expect(cat(0)).toBe(20);
    expect(cat(1)).toBe(21);
    expect(cat(2)).toBe(2);
    expect(cat(3)).toBe(3);
    expect(cat(4)).toBe(3);
    expect(cat(8)).toBe(3);
    expect(cat(5, 0x24)).toBe(5);
    expect(cat(5, 0x20)).toBe(9);
    expect(cat(5, 0x21)).toBe(22);
    expect(cat(6, 0x29)).toBe(6);
    expect(cat(7)).toBe(7);
    expect(cat(0xa)).toBe(10);
    expect(cat(0xb)).toBe(11);
    expect(cat(0xb, 0x10, 1)).toBe(40);
    expect(cat(0xe)).toBe(14);
    expect(cat(0xd)).toBe(98);
    expect(cat(9)).toBe(98);
  });

  it('has *_WITH_INFO variants on request', () => {
    const s = decodeSense(h('f0 00 03 00 00 12 34 0a 00 00 00 00 11 00 00 00 00 00'));
    expect(classifySense(s)).toBe(SenseCategory.MEDIUM_HARD);
    expect(classifySense(s, { withInfo: true })).toBe(SenseCategory.MEDIUM_HARD_WITH_INFO);
  });

  it('names categories', () => {
    expect(senseCategoryName(6)).toBe('UNIT_ATTENTION');
    expect(senseCategoryName(1)).toBeUndefined();
    expect(senseCategoryText(2)).toBe('Device not ready');
    expect(senseCategoryText(123)).toBe('Sense category: 123');
  });
});

describe('classifyOutcome', () => {
  const ua = h('70 00 06 00 00 00 00 0a 00 00 00 00 29 00 00 00 00 00');
  it('classifies status, host and driver bytes like sg3_utils', () => {
    expect(classifyOutcome({ status: 0 })).toBe(0);
    expect(classifyOutcome({ status: 2, sense: ua })).toBe(6);
    expect(classifyOutcome({ status: 2 })).toBe(98);
    expect(classifyOutcome({ status: 0, driverStatus: 0x08, sense: ua })).toBe(6);
    expect(classifyOutcome({ status: 0x18 })).toBe(24);
    expect(classifyOutcome({ status: 0x08 })).toBe(26);
    expect(classifyOutcome({ status: 0x28 })).toBe(27);
    expect(classifyOutcome({ status: 0x30 })).toBe(28);
    expect(classifyOutcome({ status: 0x40 })).toBe(29);
    expect(classifyOutcome({ status: 0x04 })).toBe(25);
    expect(classifyOutcome({ status: 0x7e })).toBe(99);
    expect(classifyOutcome({ status: 0, hostStatus: 3 })).toBe(33);
    expect(classifyOutcome({ status: 0, hostStatus: 7 })).toBe(99);
    expect(classifyOutcome({ status: 0, driverStatus: 0x06 })).toBe(33);
    expect(classifyOutcome({ status: 0, driverStatus: 0x04 })).toBe(99);
  });
});

describe('formatSense', () => {
  it('gives one line by default', () => {
    const s = decodeSense(h('71 00 03 00 00 12 34 0a 00 00 00 00 11 00 00 00 00 00'));
    expect(formatSense(s)).toBe(
      'Medium Error: Unrecovered read error [sk=0x3 asc=0x11 ascq=0x00]; deferred; info=0x1234 (not valid)',
    );
  });

  it('gives sg_decode_sense-like lines on request', () => {
    const s = decodeSense(h('72 05 24 00 00 00 00 14 00 0a 80 00 00 00 00 00 00 00 12 34 02 06 00 00 c0 00 05 00'));
    expect(formatSense(s, { multiLine: true, indent: '> ' })).toBe(
      [
        '> Descriptor format, current; Sense key: Illegal Request',
        '> Additional sense: Invalid field in cdb (asc=0x24 ascq=0x00)',
        '>   Descriptor: Information: 0x0000000000001234',
        '>   Descriptor: Sense key specific: Error in command: byte 5',
      ].join('\n'),
    );
  });

  it('formats every descriptor type without throwing', () => {
    const descriptors = h(
      '00 0a 80 00 00 00 00 00 00 00 12 34 ' +
        '01 0a 00 00 00 00 00 00 00 00 00 42 ' +
        '02 06 00 00 80 00 03 00 ' +
        '03 02 00 07 ' +
        '05 02 00 20 ' +
        '0a 06 02 04 04 00 40 00 ' +
        '0c 0a 00 02 72 06 29 00 00 00 00 00 ' +
        '0d 1e a0 00 80 00 03 11 00 00 00 00 00 00 12 34 00 00 00 00 00 00 00 56 00 00 00 00 00 00 00 00 ' +
        '0e 0e 00 01 01 03 00 08 50 00 00 00 00 00 00 01 ' +
          '04 02 00 e0 ' +
          '06 1e 00 00 00 00 00 00 00 00 00 01 00 00 00 02 00 00 00 00 00 00 00 03 00 00 00 00 00 00 00 04 ' +
          '07 22 00 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20 ' +
          '08 0e 00 00 00 00 00 00 00 00 00 01 00 00 00 02 ' +
          '09 0c 01 04 00 01 00 02 00 03 00 04 00 05 ' +
          '0b 1a 01 00 00 00 00 01 00 00 00 00 00 00 00 10 00 00 00 00 00 00 00 20 01 00 00 05 ' +
          '0f 06 00 00 00 00 01 2c ' +
          '80 02 01 02 ' +
          '30 00',
    );
    const all = decodeSense(new Uint8Array([0x72, 1, 0, 0x1d, 0, 0, 0, descriptors.length, ...descriptors]));
    expect(all.truncated).toBe(false);
    expect(all.descriptors.map((d) => d.descriptorType)).toEqual([
      0, 1, 2, 3, 5, 0x0a, 0x0c, 0x0d, 0x0e, 4, 6, 7, 8, 9, 0x0b, 0x0f, 0x80, 0x30,
    ]);
    const text = formatSense(all, { multiLine: true });
    expect(text).toContain('ATA status return: extend=1');
    expect(text).toContain('Microcode activation time: 300 seconds');
    expect(text).toContain('Reserved descriptor [0x30]');
    expect(findSenseDescriptor(all, 'osd-attribute-identification')?.attributes).toEqual([{ page: 1, number: 2 }]);
  });
});
