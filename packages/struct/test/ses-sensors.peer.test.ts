/**
 * Peer test: the SES Threshold In (05h) and String In (04h) decoders, the
 * element selection behind `--index`, and a multi-element Enclosure Control
 * page, against sg_ses' own decoding of the same bytes (`sg_ses --inhex=FILE
 * --status --page=th|str`). No lab target emulates an enclosure, so the
 * bytes are fixtures (test/fixtures/ses, made by make-sensor-fixtures.mjs:
 * an enclosure with temperature, voltage, current and UPS elements, two power
 * supply type headers and a vendor type), never a real enclosure.
 *
 * Compared, fact by fact:
 * - 05h: INVOP, the generation code, and for every element sg_ses prints
 *   (overall ones included) each threshold it shows in its units (°C as
 *   byte - 20 with `<res>` for 0; 0.5 % steps above/below nominal voltage;
 *   above nominal current, high only; UPS minutes, low only, `<vendor>` for
 *   0) and the unit itself; for the other types sg_ses -v says "no
 *   thresholds", which sgio's `none` must match; a stale generation code
 *   (sg_ses lists nothing) is `generationMatches: false`;
 * - 04h: every vendor specific byte of sg_ses' hex dump, `<empty>` for none;
 * - selectors: which rows `sg_ses --join --index=...` prints, for the
 *   selectors the --index forms come down to (the forms themselves are
 *   compared in apps/cli's ses-index.test.ts);
 * - a range's Enclosure Control page, read back by sg_ses as a status page:
 *   IDENT on every selected slot, no other element selected.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeSesConfiguration,
  decodeSesStringIn,
  decodeSesThresholdIn,
  encodeSesIndicatorControl,
  selectSesElements,
  SesElementSelectionError,
  splitDiagnosticPages,
  type SesElementSelector,
  type SesThresholdMeaning,
} from '../src/decoders/index.js';
import { keyValues, sg3 } from './support/fixtures.mjs';
import { elementBlocks, hexDumpBytes, joinRowKeys, sesFixture, sesHexFile, sgSes } from './support/sg-ses.mjs';

let compared = 0;
function same(ours: unknown, theirs: unknown, what: string): void {
  expect(ours, what).toEqual(theirs);
  compared++;
}

function pagesOf(name: string): Map<number, Uint8Array> {
  return new Map(splitDiagnosticPages(sesHexFile(name)).map((p) => [p.pageCode, p.bytes]));
}

const temp = (v: number | null): string => (v === null ? '<res>' : String(v));
const pct = (v: number): string => v.toFixed(1);
const mins = (v: number | null): string => (v === null ? '<vendor>' : String(v));

/** What sg_ses prints for the thresholds of a meaning: name → value text, and the unit note. */
function expected(m: SesThresholdMeaning): { values: Record<string, string>; unit: string } | undefined {
  switch (m.kind) {
    case 'temperature':
      return { values: { 'high critical': temp(m.highCritical), 'high warning': temp(m.highWarning), 'low warning': temp(m.lowWarning), 'low critical': temp(m.lowCritical) }, unit: '(in Celsius)' };
    case 'voltage':
      return { values: { 'high critical': pct(m.highCritical), 'high warning': pct(m.highWarning), 'low warning': pct(m.lowWarning), 'low critical': pct(m.lowCritical) }, unit: '(above nominal voltage)|(below nominal voltage)' };
    case 'current':
      return { values: { 'high critical': pct(m.highCritical), 'high warning': pct(m.highWarning) }, unit: '(above nominal current)' };
    case 'ups':
      return { values: { 'low warning': mins(m.lowWarning), 'low critical': mins(m.lowCritical) }, unit: '(in minutes)' };
    default:
      return undefined;
  }
}

/** sg_ses' `name=value` pairs of one threshold block (`high critical=3.5 %` → `3.5`). */
function theirValues(body: string): Record<string, string> {
  return Object.fromEntries([...body.matchAll(/(high critical|high warning|low warning|low critical)=(<\w+>|-?[\d.]+)/g)].map((m) => [m[1]!, m[2]!]));
}

describe('SES Threshold In (05h) against sg_ses --inhex --page=th', () => {
  const pages = pagesOf('sensors.hex');
  const config = decodeSesConfiguration(pages.get(0x01)!);
  const th = decodeSesThresholdIn(pages.get(0x05)!, config);

  it('INVOP and the generation code', () => {
    const text = sgSes('sensors.hex', '--page=th');
    same(th.invop ? 1 : 0, keyValues(text).get('invop'), 'INVOP 0');
    same(th.generationCode, parseInt(/generation code: (0x[0-9a-f]+)/.exec(text)![1]!, 16), 'generation code');
    same(th.generationMatches, true, 'generation matches');
    const invop = decodeSesThresholdIn(pagesOf('sensors-invop.hex').get(0x05)!, config);
    same(invop.invop ? 1 : 0, keyValues(sgSes('sensors-invop.hex', '--page=th')).get('invop'), 'INVOP 1');
  });

  it('every element: each threshold in the units sg_ses gives its type, and none where it prints none', () => {
    expect(th.elements).toHaveLength(28);
    expect(th.truncated).toBe(false);
    const blocks = elementBlocks(sgSes('sensors.hex', '--page=th'));
    const verbose = elementBlocks(sg3('sg_ses', [`--inhex=${sesFixture('sensors.hex')}`, '--status', '--page=th', '-v']));
    for (const e of th.elements) {
      const key = `${e.typeIndex},${e.index}`;
      const want = expected(e.meaning);
      if (want === undefined) {
        same(blocks.has(key), false, `${key} (${e.elementTypeName}) no descriptor printed`);
        same(/no thresholds for this element type/.test(verbose.get(key)!.body), true, `${key} (${e.elementTypeName}) -v: no thresholds`);
        continue;
      }
      const body = blocks.get(key)!.body;
      const theirs = theirValues(body);
      for (const [name, value] of Object.entries(want.values)) same(value, theirs[name], `${key} ${e.elementTypeName} ${name}`);
      same(Object.keys(theirs).sort(), Object.keys(want.values).sort(), `${key} which thresholds`);
      for (const unit of want.unit.split('|')) same(body.includes(unit), true, `${key} unit ${unit}`);
    }
    // the raw bytes behind the meanings, as the fixture wrote them
    expect(th.elements.find((e) => e.typeIndex === 2 && e.index === 2)).toMatchObject({ highCritical: 255, highWarning: 21, lowWarning: 1, lowCritical: 0, hex: 'ff150100' });
  });

  it('a stale generation code: sg_ses lists no descriptor, sgio says it does not match', () => {
    const stale = decodeSesThresholdIn(pagesOf('sensors-stale.hex').get(0x05)!, config);
    const run = spawnSync('sg_ses', [`--inhex=${sesFixture('sensors-stale.hex')}`, '--status', '--page=th'], { encoding: 'utf8' });
    const text = run.stdout;
    same(stale.generationCode, parseInt(/generation code: (0x[0-9a-f]+)/.exec(text)![1]!, 16), 'stale generation code');
    same(stale.generationMatches, !/state of enclosure changed/.test(run.stderr), 'stale: generation does not match');
    expect(elementBlocks(text).size).toBe(0);
  });

  it('refuses another page and a short one', () => {
    expect(() => decodeSesThresholdIn(pages.get(0x02)!, config)).toThrow(/not 0x05/);
    expect(() => decodeSesThresholdIn(pages.get(0x05)!.subarray(0, 6), config)).toThrow();
    expect(decodeSesThresholdIn(pages.get(0x05)!.subarray(0, 20), config)).toMatchObject({ truncated: true, elements: { length: 3 } });
  });
});

describe('SES String In (04h) against sg_ses --inhex --page=str', () => {
  it.each([['sensors.hex'], ['string-in.hex'], ['string-in-empty.hex']])('%s: every vendor specific byte', (name) => {
    const s = decodeSesStringIn(pagesOf(name).get(0x04)!);
    const text = sgSes(name, '--page=str');
    expect(text).toMatch(/String In diagnostic page/);
    const theirs = hexDumpBytes(text);
    if (s.length === 0) same(/<empty>/.test(text), true, `${name} empty`);
    same(s.hex, theirs.map((b) => b.toString(16).padStart(2, '0')).join(''), `${name} bytes`);
    same(s.length, theirs.length, `${name} length`);
  });

  it('refuses another page', () => {
    expect(() => decodeSesStringIn(Uint8Array.of(5, 0, 0, 0))).toThrow(/not 0x04/);
    expect(() => decodeSesStringIn(Uint8Array.of(4, 0))).toThrow();
  });
});

describe('element selection against the rows sg_ses --join --index prints', () => {
  const config = decodeSesConfiguration(pagesOf('sensors.hex').get(0x01)!);
  const cases: [string, SesElementSelector][] = [
    ['2', { type: { typeIndex: 0 }, first: 2 }],
    ['1-3', { type: { typeIndex: 0 }, first: 1, last: 3 }],
    ['-1', { type: { typeIndex: 0 }, first: -1 }],
    ['3,0-1', { type: { typeIndex: 3 }, first: 0, last: 1 }],
    ['ts,1-9', { type: { typeIndex: 2 }, first: 1, last: 9 }],
    ['ps', { type: { elementType: 2 }, first: -1 }],
    ['_2_1,0-1', { type: { elementType: 2, instance: 1 }, first: 0, last: 1 }],
    ['_128,0', { type: { elementType: 0x80 }, first: 0 }],
    ['ups,-1', { type: { elementType: 0x0b }, first: -1 }],
  ];
  it.each(cases)('--index=%s', (index, selector) => {
    const theirs = joinRowKeys(sgSes('sensors.hex', '--join', `--index=${index}`));
    same(
      selectSesElements(config, selector).map((p) => `${p.typeIndex},${p.index}`),
      theirs,
      `--index=${index}`,
    );
  });

  it('names none where sg_ses finds none', () => {
    // sg_ses: "unable to find element type" (exit 99) and "no match" (exit 0, no rows)
    expect(() => sg3('sg_ses', [`--inhex=${sesFixture('sensors.hex')}`, '--status', '--join', '--index=arr'])).toThrow(/unable to find element type/);
    expect(() => selectSesElements(config, { type: { elementType: 0x17 }, first: -1 })).toThrow(SesElementSelectionError);
    expect(joinRowKeys(sgSes('sensors.hex', '--join', '--index=1,5'))).toEqual([]);
    expect(() => selectSesElements(config, { type: { typeIndex: 1 }, first: 5 })).toThrow(/no element 5: its individual indexes are 0\.\.0/);
    expect(() => selectSesElements(config, { type: { typeIndex: 10 }, first: 0 })).toThrow(/no type header 10/);
    expect(() => selectSesElements(config, { type: { typeIndex: 0 }, first: -1, last: 2 })).toThrow(RangeError);
  });
});

describe('one Enclosure Control page for a range, read back by sg_ses', () => {
  it('IDENT set on every selected slot and SELECT on them only', () => {
    const pages = pagesOf('all.hex');
    const config = decodeSesConfiguration(pages.get(0x01)!);
    const chosen = selectSesElements(config, { type: { elementType: 0x17 }, first: 8, last: 10 });
    const control = encodeSesIndicatorControl(pages.get(0x02)!, config, chosen, { ident: true });
    const path = join(mkdtempSync(join(tmpdir(), 'sgio-ses-')), 'control.hex');
    const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
    writeFileSync(path, `${hex(pages.get(0x01)!)}\n${hex(control)}\n`);
    const blocks = elementBlocks(sg3('sg_ses', [`--inhex=${path}`, '--status', '--page=2']));
    for (const slot of [8, 9, 10]) same(keyValues(blocks.get(`0,${slot}`)!.body).get('ident'), 1, `slot ${slot} ident`);
    const selected = Array.from({ length: (control.length - 8) / 4 }, (_, i) => i).filter((i) => control[8 + 4 * i]! & 0x80);
    same(selected, chosen.map((p) => p.withOverallIndex), 'SELECT on the chosen elements only');
  });
});

it('counts what it compared', () => {
  expect(compared).toBeGreaterThan(110);
  console.log(`ses sensors peer test: ${compared} facts compared with sg_ses`);
});
