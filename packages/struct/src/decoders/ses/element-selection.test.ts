/**
 * The element type acronym table against `sg_ses --enumerate` (the table is
 * sg_ses' fact: spawned here, no device needed), and element selection on a
 * hand-made configuration: the cases the sg_ses peer tests
 * (test/ses-sensors.peer.test.ts) do not reach.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeSesConfiguration } from './configuration.js';
import { SES_ELEMENT_TYPE_ACRONYMS, sesElementTypeAcronym, sesElementTypeByAcronym } from './element-type-acronyms.js';
import { describeSesTypeHeaders, resolveSesTypeIndex, selectSesElements, SesElementSelectionError } from './element-selection.js';
import { sesElementTypeName } from './element-types.js';

describe('element type acronyms', () => {
  it('are the ones sg_ses --enumerate lists, with the same names and codes', () => {
    const text = execFileSync('sg_ses', ['--enumerate'], { encoding: 'utf8' });
    const section = text.slice(text.indexOf('SES element type names'));
    const theirs = [...section.matchAll(/^\s+(.+?)\s+\[(\w+)\] \[0x([0-9a-f]+)\]$/gm)].map((m) => ({ name: m[1]!, acronym: m[2]!, elementType: parseInt(m[3]!, 16) }));
    expect(theirs).toHaveLength(26);
    expect(SES_ELEMENT_TYPE_ACRONYMS).toEqual(theirs.map(({ acronym, elementType }) => ({ acronym, elementType })));
    for (const t of theirs) {
      expect(sesElementTypeName(t.elementType)).toBe(t.name);
      expect(sesElementTypeByAcronym(t.acronym)).toBe(t.elementType);
      expect(sesElementTypeAcronym(t.elementType)).toBe(t.acronym);
    }
  });

  it('has none for reserved and vendor codes, and matches whole lower-case acronyms only', () => {
    expect(sesElementTypeAcronym(0x1a)).toBeUndefined();
    expect(sesElementTypeAcronym(0x80)).toBeUndefined();
    expect(sesElementTypeByAcronym('ARR')).toBeUndefined();
    expect(sesElementTypeByAcronym('ps1')).toBeUndefined();
  });
});

const page = (code: number, body: number[]): Uint8Array => Uint8Array.from([code, 0, body.length >> 8, body.length & 0xff, ...body]);

/** Power supply x2, temperature x1, power supply x3, an empty cooling header: generation 1. */
function config(): ReturnType<typeof decodeSesConfiguration> {
  const enclosure = [0x00, 0x00, 4, 36, ...new Array<number>(36).fill(0x20)];
  return decodeSesConfiguration(page(0x01, [0, 0, 0, 1, ...enclosure, 0x02, 2, 0, 0, 0x04, 1, 0, 0, 0x02, 3, 0, 0, 0x03, 0, 0, 0]));
}

describe('selectSesElements', () => {
  const c = config();
  const keys = (s: Parameters<typeof selectSesElements>[1]): string[] => selectSesElements(c, s).map((p) => `${p.typeIndex},${p.index}`);

  it('finds the n-th type header of an element type', () => {
    expect(resolveSesTypeIndex(c, { elementType: 0x02 })).toBe(0);
    expect(resolveSesTypeIndex(c, { elementType: 0x02, instance: 1 })).toBe(2);
    expect(() => resolveSesTypeIndex(c, { elementType: 0x02, instance: 2 })).toThrow(/no 3rd Power supply \(ps\) type header \(it has 2 of that type\)/);
  });

  it('selects the overall element, one element, a range cut at the last element', () => {
    expect(keys({ type: { elementType: 0x02, instance: 1 }, first: -1 })).toEqual(['2,-1']);
    expect(keys({ type: { typeIndex: 2 }, first: 1 })).toEqual(['2,1']);
    expect(keys({ type: { typeIndex: 2 }, first: 1, last: 200 })).toEqual(['2,1', '2,2']);
    expect(keys({ type: { typeIndex: 3 }, first: -1 })).toEqual(['3,-1']);
  });

  it('refuses a selection that names nothing, with a stable code and the type headers as a hint', () => {
    const e = (() => {
      try {
        selectSesElements(c, { type: { typeIndex: 3 }, first: 0 });
      } catch (x) {
        return x as SesElementSelectionError;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(SesElementSelectionError);
    expect(e!.code).toBe('ESES_NO_ELEMENT');
    expect(e!.message).toMatch(/individual indexes are none/);
    expect(describeSesTypeHeaders(c)).toBe('0: Power supply [ps] (-1..1), 1: Temperature sensor [ts] (-1..0), 2: Power supply [ps] (-1..2), 3: Cooling [coo] (-1..-1)');
    expect(() => selectSesElements(c, { type: { typeIndex: 0 }, first: 2, last: 1 })).toThrow(RangeError);
  });
});
