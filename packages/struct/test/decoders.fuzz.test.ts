/**
 * Fuzzing every decoder with fast-check: random bytes and mutations of the
 * captured fixtures (truncation, bit flips, length fields set to huge
 * values). A decoder may only return a result or throw a DecodeError, and
 * must return quickly. For decoders with a declared length, a captured
 * response cut short must be marked truncated and must decode the same
 * header fields and a prefix of the same lists as the whole response.
 *
 * Replay: every property runs with one seed, random per run unless
 * SGIO_FC_SEED is set; a failure names the seed (`SGIO_FC_SEED=<n>`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../src/errors/decode-error.js';
import * as d from '../src/decoders/index.js';
import { allCaptured, captured, FIXTURES, handmade, PROFILES } from './support/fixtures.mjs';

const SEED = process.env.SGIO_FC_SEED === undefined ? (Math.random() * 0x7fffffff) | 0 : Number(process.env.SGIO_FC_SEED);
if (!Number.isInteger(SEED)) throw new Error(`SGIO_FC_SEED must be an integer, got ${process.env.SGIO_FC_SEED}`);

/** fc.assert with the run's seed; a failure says how to replay it. */
function check<T>(property: fc.IProperty<T>, numRuns: number): void {
  try {
    fc.assert(property, { numRuns, seed: SEED });
  } catch (err) {
    throw new Error(`fast-check failed; replay with SGIO_FC_SEED=${SEED}\n${(err as Error).message}`, { cause: err });
  }
}

type Decoder = (bytes: Uint8Array) => unknown;

/** The SES pages of test/fixtures/ses (a 12-slot JBOD); the pages after 01h are decoded with its configuration. */
const SES_PAGES = d.splitDiagnosticPages(Uint8Array.from(readFileSync(join(FIXTURES, 'ses', 'all.hex'), 'utf8').replace(/#.*$/gm, '').match(/[0-9a-f]{2}/g) ?? [], (h) => parseInt(h, 16)));
const SES_CONFIG = d.decodeSesConfiguration(SES_PAGES[0]!.bytes);

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
  decodeTargetPortGroups: (b) => d.decodeTargetPortGroups(b, 1),
  decodeReportZones: d.decodeReportZones,
  decodeTimestamp: d.decodeTimestamp,
  decodeStreamControl: d.decodeStreamControl,
  decodeStreamStatus: d.decodeStreamStatus,
  decodeMediaSerialNumber: d.decodeMediaSerialNumber,
  decodeReferrals: d.decodeReferrals,
  decodePhysicalElementStatus: d.decodePhysicalElementStatus,
  decodeIdentifyingInformation: (b) => d.decodeIdentifyingInformation(b, 0x7f),
  decodeCopyOperatingParameters: d.decodeCopyOperatingParameters,
  decodeConfiguration: d.decodeConfiguration,
  decodeAttributeValues: d.decodeAttributeValues,
  decodeAttributeList: d.decodeAttributeList,
  decodeReadBlockLimits: d.decodeReadBlockLimits,
  decodePrReadKeys: d.decodePrReadKeys,
  decodePrReadReservation: d.decodePrReadReservation,
  decodePrCapabilities: d.decodePrCapabilities,
  decodePrFullStatus: d.decodePrFullStatus,
  decodeTransportId: d.decodeTransportId,
  decodeSesConfiguration: d.decodeSesConfiguration,
  decodeSesEnclosureStatus: (b) => d.decodeSesEnclosureStatus(b, SES_CONFIG),
  decodeSesElementDescriptors: (b) => d.decodeSesElementDescriptors(b, SES_CONFIG),
  decodeSesAdditionalElementStatus: (b) => d.decodeSesAdditionalElementStatus(b, SES_CONFIG),
  splitDiagnosticPages: d.splitDiagnosticPages,
  decodeAtaIdentifyDevice: d.decodeAtaIdentifyDevice,
  decodeAtaSmartData: d.decodeAtaSmartData,
};

const SEEDS = [
  ...allCaptured().map(([, , bytes]) => bytes),
  handmade('vpd-83-all-types.hex'),
  handmade('log-10-self-test.hex'),
  handmade('log-0e-start-stop.hex'),
  ...SES_PAGES.map((p) => p.bytes),
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
    check(fc.property(fc.uint8Array({ maxLength: 700 }), (bytes) => runSafely(decode, bytes)), 300);
  });
  it('mutated fixtures give a result or a DecodeError', () => {
    check(fc.property(mutated, (bytes) => runSafely(decode, bytes)), 400);
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

/**
 * Decoders whose response declares its length, with a captured response,
 * the bytes below which a DecodeError is allowed (the fixed header), and the
 * fields read from that header.
 */
const DECLARED: [string, Decoder, string, number, string[]][] = [
  ['decodeInquiry', d.decodeInquiry, 'inquiry', 5, ['peripheralDeviceType', 'version', 'additionalLength']],
  ['decodeSupportedVpdPages', d.decodeSupportedVpdPages, 'vpd-00', 4, ['pageCode', 'pageLength']],
  ['decodeDeviceIdentification', d.decodeDeviceIdentification, 'vpd-83', 4, ['pageCode', 'pageLength']],
  ['decodeBlockLimits', d.decodeBlockLimits, 'vpd-b0', 4, ['pageCode', 'pageLength']],
  ['decodeLogicalBlockProvisioning', d.decodeLogicalBlockProvisioning, 'vpd-b2', 4, ['pageCode', 'pageLength']],
  ['decodeSupportedLogPages', d.decodeSupportedLogPages, 'log-00', 4, ['pageCode', 'subpageCode', 'pageLength']],
  ['decodeSupportedLogPagesAndSubpages', d.decodeSupportedLogPagesAndSubpages, 'log-00-ff', 4, ['pageCode', 'subpageCode', 'pageLength']],
  ['decodeLogPage', d.decodeLogPage, 'log-0d', 4, ['pageCode', 'subpageCode', 'pageLength']],
  ['decodeReportLuns', d.decodeReportLuns, 'luns-select2', 8, ['lunListLength']],
  ['decodeSupportedOpcodes', d.decodeSupportedOpcodes, 'opcodes-all', 4, ['commandDataLength']],
  ['decodeLbaStatus', d.decodeLbaStatus, 'lba-status', 8, ['parameterDataLength', 'rtp']],
  ['decodeReadCapacity16', d.decodeReadCapacity16, 'readcap16', 12, ['returnedLba', 'blockLength']],
];

type Decoded = Record<string, unknown>;

describe.each(DECLARED)('%s on a captured response cut short', (_name, decode, fixture, header, headerFields) => {
  const whole = PROFILES.map((p) => captured(p, fixture)!);

  it('the whole responses are not truncated (the fixtures are complete)', () => {
    for (const bytes of whole) expect((decode(bytes) as Decoded).truncated).toBe(false);
  });

  it('a cut response is marked truncated and decodes the same header fields and a prefix of the same lists', () => {
    const cut = fc.tuple(fc.integer({ min: 0, max: whole.length - 1 }), fc.nat()).map(([i, n]) => {
      const bytes = whole[i]!;
      return { full: bytes, length: n % bytes.length };
    });
    check(
      fc.property(cut, ({ full, length }) => {
        let short: Decoded;
        try {
          short = decode(full.subarray(0, length)) as Decoded;
        } catch (err) {
          expect(err).toBeInstanceOf(DecodeError);
          expect(length, 'a DecodeError only below the fixed header').toBeLessThan(header);
          return;
        }
        const all = decode(full) as Decoded;
        expect(short.truncated, `cut to ${length} of ${full.length} bytes`).toBe(true);
        if (length >= header) for (const k of headerFields) expect([k, short[k]]).toEqual([k, all[k]]);
        for (const [k, v] of Object.entries(all)) {
          if (!Array.isArray(v)) continue;
          const part = short[k] as unknown[];
          expect(part.length, k).toBeLessThanOrEqual(v.length);
          expect(json(part), `${k}: a prefix of the whole list`).toBe(json(v.slice(0, part.length)));
        }
      }),
      300,
    );
  });
});
