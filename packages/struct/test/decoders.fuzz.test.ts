/**
 * Fuzzing every decoder with fast-check: random bytes and mutations of the
 * captured fixtures (truncation, bit flips, length fields set to huge
 * values). A decoder may only return a result or throw a DecodeError, and
 * must return quickly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../src/errors/decode-error.js';
import * as d from '../src/decoders/index.js';
import { allCaptured, handmade } from './support/fixtures.mjs';

type Decoder = (bytes: Uint8Array) => unknown;

const DECODERS: Record<string, Decoder> = {
  decodeInquiry: d.decodeInquiry,
  decodeVpdPage: d.decodeVpdPage,
  decodeSupportedVpdPages: d.decodeSupportedVpdPages,
  decodeUnitSerialNumber: d.decodeUnitSerialNumber,
  decodeDeviceIdentification: d.decodeDeviceIdentification,
  decodeExtendedInquiry: d.decodeExtendedInquiry,
  decodeAtaInformation: d.decodeAtaInformation,
  decodeBlockLimits: d.decodeBlockLimits,
  decodeBlockDeviceCharacteristics: d.decodeBlockDeviceCharacteristics,
  decodeLogicalBlockProvisioning: d.decodeLogicalBlockProvisioning,
  decodeGenericVpdPage: d.decodeGenericVpdPage,
  decodeReadCapacity10: d.decodeReadCapacity10,
  decodeReadCapacity16: d.decodeReadCapacity16,
  decodeModeSense6: (b) => d.decodeModeSense(b, 6),
  decodeModeSense10: (b) => d.decodeModeSense(b, 10),
  splitModeSense10: (b) => d.splitModeSense(b, 10),
  decodeModeParameterHeader6: (b) => d.decodeModeParameterHeader(b, 6),
  decodeModePage: d.decodeModePage,
  decodeCachingModePage: d.decodeCachingModePage,
  decodeControlModePage: d.decodeControlModePage,
  decodeReadWriteErrorRecoveryModePage: d.decodeReadWriteErrorRecoveryModePage,
  decodeInformationalExceptionsModePage: d.decodeInformationalExceptionsModePage,
  decodeGenericModePage: d.decodeGenericModePage,
  decodeLogPage: d.decodeLogPage,
  decodeSupportedLogPages: d.decodeSupportedLogPages,
  decodeSupportedLogPagesAndSubpages: d.decodeSupportedLogPagesAndSubpages,
  decodeTemperatureLogPage: d.decodeTemperatureLogPage,
  decodeStartStopCycleLogPage: d.decodeStartStopCycleLogPage,
  decodeSelfTestResultsLogPage: d.decodeSelfTestResultsLogPage,
  decodeInformationalExceptionsLogPage: d.decodeInformationalExceptionsLogPage,
  decodeGenericLogPage: d.decodeGenericLogPage,
  decodeReportLuns: d.decodeReportLuns,
  decodeLunAddress: (b) => d.decodeLunAddress(b),
  decodeSupportedOpcodes: d.decodeSupportedOpcodes,
  decodeOneSupportedOpcode: d.decodeOneSupportedOpcode,
  decodeLbaStatus: d.decodeLbaStatus,
};

const SEEDS = [
  ...allCaptured().map(([, , bytes]) => bytes),
  handmade('vpd-83-all-types.hex'),
  handmade('log-10-self-test.hex'),
  handmade('log-0e-start-stop.hex'),
];

const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));

function runSafely(decode: Decoder, bytes: Uint8Array): void {
  const started = Date.now();
  try {
    const result = decode(bytes);
    json(result);
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
  }
  expect(Date.now() - started).toBeLessThan(500);
}

/** A fixture changed the way bad devices and short buffers change responses. */
const mutated = fc
  .tuple(fc.constantFrom(...SEEDS), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }))
  .map(([seed, a, b, kind, value]) => {
    const bytes = new Uint8Array(seed);
    if (bytes.length === 0) return bytes;
    const i = a % bytes.length;
    switch (kind) {
      case 0:
        return bytes.slice(0, a % (bytes.length + 1)); // truncation
      case 1:
        bytes[i] = bytes[i]! ^ (1 << (b % 8)); // bit flip
        return bytes;
      case 2:
        bytes.fill(0xff, Math.min(i, 4), Math.min(bytes.length, 4)); // length fields near the start made huge
        bytes[Math.min(3, bytes.length - 1)] = 0xff;
        return bytes;
      default:
        bytes[i] = value; // any byte
        return bytes;
    }
  });

describe.each(Object.entries(DECODERS))('%s under fuzzing', (_name, decode) => {
  it('random bytes give a result or a DecodeError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 700 }), (bytes) => runSafely(decode, bytes)), { numRuns: 300 });
  });
  it('mutated fixtures give a result or a DecodeError', () => {
    fc.assert(fc.property(mutated, (bytes) => runSafely(decode, bytes)), { numRuns: 400 });
  });
  it('non-Uint8Array input is a DecodeError', () => {
    for (const bad of [undefined, null, 'x', [1, 2, 3], 42]) {
      try {
        decode(bad as unknown as Uint8Array);
      } catch (err) {
        expect(err).toBeInstanceOf(DecodeError);
        continue;
      }
      expect.fail(`accepted ${String(bad)}`);
    }
  });
});
