/**
 * Fuzzing: random and mutated bytes into every decoder of src/sense (and the
 * helpers built on it). Only DecodeError may escape; results must be sane.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../errors/decode-error.js';
import {
  classifyOutcome,
  classifySense,
  decodeSense,
  decodeSenseKeySpecific,
  formatSense,
  senseHeader,
  senseProgress,
  type SenseData,
} from './index.js';

const RUNS = 3000;

/** Valid seeds: one of each format and descriptor type, mutated by the fuzzer. */
const SEEDS: readonly Uint8Array[] = [
  '70 00 05 00 00 00 00 0a 00 00 00 00 24 00 00 c0 00 02',
  'f1 00 e4 00 01 02 03 0a 0a 0b 0c 0d 44 00 99 80 00 05 aa bb',
  '72 05 24 00 00 00 00 14 00 0a 80 00 00 00 00 00 00 00 12 34 02 06 00 00 c0 00 05 00',
  '72 01 00 1d 00 00 00 0e 09 0c 01 04 00 01 00 02 00 03 00 04 00 05',
  '72 05 21 00 00 00 00 1c 0b 1a 01 00 00 00 00 01 00 00 00 00 00 00 00 10 00 00 00 00 00 00 00 20 01 00 00 05',
  '72 0b 00 00 00 00 00 16 0c 14 82 02 70 00 05 00 00 00 00 0a 00 00 00 00 24 00 00 c0 00 02',
  '72 05 24 00 00 00 00 20 0d 1e a0 00 c8 00 03 11 00 00 00 00 00 00 12 34 00 00 00 00 00 00 00 56 00 00 00 00 00 00 00 00',
  '72 06 3f 0e 00 00 00 10 0e 0e 00 01 01 03 00 08 50 00 00 00 00 00 00 01',
  '73 02 04 04 00 00 00 10 0a 06 05 24 00 00 80 00 0f 06 00 00 00 00 01 2c',
  '72 00 00 00 00 00 00 12 08 10 00 00 00 00 00 00 00 00 00 01 00 00 00 02 00 00',
].map((s) => Uint8Array.from(s.split(' '), (x) => Number.parseInt(x, 16)));

/** Checks the invariants of a successful decode. */
function checkResult(s: SenseData, input: Uint8Array): void {
  expect([0x70, 0x71, 0x72, 0x73]).toContain(s.responseCode);
  expect(s.senseKey).toBeGreaterThanOrEqual(0);
  expect(s.senseKey).toBeLessThan(16);
  expect(s.length).toBeLessThanOrEqual(input.length);
  expect(s.length).toBeLessThanOrEqual(263);
  expect(typeof s.ascText).toBe('string');
  for (const d of s.descriptors) {
    expect(d.offset + d.bytes.length).toBeLessThanOrEqual(s.length);
  }
  const p = senseProgress(s);
  if (p !== undefined) {
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(1);
  }
  expect(typeof formatSense(s)).toBe('string');
  expect(typeof formatSense(s, { multiLine: true })).toBe('string');
  expect(classifySense(s)).toBeGreaterThanOrEqual(0);
}

/** Runs every decoder on `bytes`: only DecodeError may be thrown. */
function exercise(bytes: Uint8Array): void {
  try {
    checkResult(decodeSense(bytes), bytes);
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    expect(err.code).toBe('EDECODE');
    expect(err.offset).toBeGreaterThanOrEqual(0);
    expect(err.offset).toBeLessThanOrEqual(bytes.length);
    expect(err.page.length).toBeGreaterThan(0);
  }
  // These never throw for bad bytes.
  senseHeader(bytes);
  classifySense(bytes);
  classifySense(bytes, { withInfo: true });
  classifyOutcome({ status: 2, hostStatus: 0, driverStatus: 8, sense: bytes });
  decodeSenseKeySpecific(bytes[0] ?? 0, bytes, 1);
}

/** A seed with a few bytes overwritten, then cut or extended. */
const mutated = fc
  .record({
    seed: fc.constantFrom(...SEEDS),
    edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
    tail: fc.uint8Array({ maxLength: 40 }),
  })
  .map(({ seed, edits, cut, tail }) => {
    const b = Uint8Array.from([...seed, ...tail]);
    for (const [at, value] of edits) b[at % b.length] = value;
    return cut === undefined ? b : b.subarray(0, cut % (b.length + 1));
  });

/** Random bytes behind a plausible response code and lengths. */
const plausible = fc
  .record({
    code: fc.constantFrom(0x70, 0x71, 0x72, 0x73, 0xf0, 0xf2),
    body: fc.uint8Array({ minLength: 0, maxLength: 300 }),
  })
  .map(({ code, body }) => Uint8Array.from([code, ...body]));

/** Descriptor-format data built from random descriptors with consistent lengths. */
const descriptorSoup = fc
  .array(
    fc.record({ type: fc.integer({ min: 0, max: 0x12 }), data: fc.uint8Array({ maxLength: 40 }) }),
    { maxLength: 8 },
  )
  .map((ds) => {
    const body = ds.flatMap(({ type, data }) => [type === 0x12 ? 0x80 : type, data.length, ...data]).slice(0, 255);
    return Uint8Array.from([0x72, 5, 0x24, 0, 0, 0, 0, body.length, ...body]);
  });

describe('sense decoders under fuzzing', () => {
  it('random bytes: only DecodeError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => exercise(b)), { numRuns: RUNS });
  });

  it('plausible headers with random bodies: only DecodeError', () => {
    fc.assert(fc.property(plausible, (b) => exercise(b)), { numRuns: RUNS });
  });

  it('mutated valid sense data: only DecodeError', () => {
    fc.assert(fc.property(mutated, (b) => exercise(b)), { numRuns: RUNS });
  });

  it('random descriptors with consistent lengths: only DecodeError', () => {
    fc.assert(fc.property(descriptorSoup, (b) => exercise(b)), { numRuns: RUNS });
  });

  it('every prefix of every seed decodes or throws DecodeError', () => {
    for (const seed of SEEDS) for (let n = 0; n <= seed.length; n++) exercise(seed.subarray(0, n));
  });

  it('handles the largest sense buffers quickly', () => {
    const huge = new Uint8Array(1 << 20);
    huge.set([0x72, 5, 0x24, 0, 0, 0, 0, 0xfe]);
    for (let o = 8; o + 2 <= 262; o += 2) huge.set([0x80, 0], o);
    const t0 = performance.now();
    const s = decodeSense(huge);
    expect(s.length).toBe(262);
    expect(s.descriptors).toHaveLength(127);
    expect(performance.now() - t0).toBeLessThan(100);
  });
});
