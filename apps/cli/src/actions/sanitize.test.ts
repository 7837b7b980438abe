/** `sgio sanitize`'s options: what they ask of core, and the mistakes refused before a device is opened. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sanitizePlan } from './sanitize.js';

const dir = mkdtempSync(join(tmpdir(), 'sgio-sanitize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const patternFile = join(dir, 'pattern.bin');
writeFileSync(patternFile, Buffer.from([1, 2, 3, 4, 5, 6]));

describe('sanitizePlan', () => {
  it('maps sg_sanitize\'s options: the action, IMMED unless --wait, AUSE, ZNR, and OVERWRITE\'s parameters', () => {
    expect(sanitizePlan({ block: true })).toEqual({ action: 'blockErase', immediate: true, ause: false, znr: false });
    expect(sanitizePlan({ crypto: true, wait: true, ause: true, znr: true })).toEqual({ action: 'cryptographicErase', immediate: false, ause: true, znr: true });
    expect(sanitizePlan({ fail: true }).action).toBe('exitFailureMode');
    const o = sanitizePlan({ overwrite: true, pattern: patternFile, ipl: 4, count: 3, invert: true, test: 1 });
    expect(o.overwrite).toMatchObject({ count: 3, invert: true, test: 1 });
    expect([...o.overwrite!.pattern]).toEqual([1, 2, 3, 4]);
    expect([...sanitizePlan({ overwrite: true, zero: true }).overwrite!.pattern]).toEqual([0, 0, 0, 0]);
    expect(sanitizePlan({ overwrite: true, zero: true, ipl: 512 }).overwrite!.pattern).toHaveLength(512);
  });

  it('refuses no action or two, overwrite options without --overwrite, an overwrite without a pattern, --wait with --early, an --ipl past the file', () => {
    expect(() => sanitizePlan({})).toThrow(/exactly one of --overwrite, --block, --crypto, --fail/);
    expect(() => sanitizePlan({ block: true, crypto: true })).toThrow(/exactly one/);
    expect(() => sanitizePlan({ block: true, count: 2 })).toThrow(/--count goes with --overwrite only/);
    expect(() => sanitizePlan({ overwrite: true })).toThrow(/--pattern FILE, or --zero/);
    expect(() => sanitizePlan({ overwrite: true, zero: true, pattern: patternFile })).toThrow(/--pattern FILE, or --zero/);
    expect(() => sanitizePlan({ block: true, wait: true, early: true })).toThrow(/contradict/);
    expect(() => sanitizePlan({ overwrite: true, pattern: patternFile, ipl: 7 })).toThrow(/longer than the pattern file \(6 bytes\)/);
  });
});
