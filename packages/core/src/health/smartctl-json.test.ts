/** smartctlJson: smartctl 7.3's `-a -j` rules for the facts scsi_debug cannot produce (counters, self-tests, defects). */
import { decodeErrorCounterLogPage, decodeSelfTestResultsLogPage } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import type { DeviceHealth } from './device-health.js';
import { informationalExceptionText } from './ie-text.js';
import { smartctlJson, smartPassed } from './smartctl-json.js';

function logPage(code: number, params: number[][]): Uint8Array {
  const body = params.flat();
  return Uint8Array.from([code, 0, body.length >> 8, body.length & 0xff, ...body]);
}

const counter = (pc: number, v: number): number[] => [0, pc, 2, 4, (v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

function health(over: Partial<DeviceHealth> = {}): DeviceHealth {
  return {
    identity: { vendor: 'ACME', product: 'Disk', revision: '0001', scsiVersion: 6, peripheralType: 0, protect: false, serialNumber: 'S1', logicalUnitId: '0x5000000000000001', transportProtocol: 6, formFactor: 3, rotationRate: 7200, zoned: 0 },
    capacity: { source: 16, lastLba: 999n, blocks: 1000n, blockSize: 512, bytes: 512000n, physicalBlockSize: 4096, lowestAlignedLba: 0, protection: { enabled: false, type: 0, intervalsExponent: 0 }, lbpme: false, lbprz: false },
    provisioning: null,
    informationalExceptions: { mode: { dexcpt: false, ewasc: true, test: false, mrie: 4, perf: false, logerr: false }, source: 'log-page', asc: 0, ascq: 0, text: null, failing: false, temperature: 30 },
    temperature: { current: 31, trip: 60 },
    environment: null,
    startStop: null,
    errorCounters: { read: null, write: null, verify: null },
    nonMediumErrors: null,
    selfTests: null,
    backgroundScan: null,
    grownDefects: null,
    pendingDefects: null,
    formatStatus: null,
    enduranceUsedPercent: null,
    globalLoggingTargetSaveDisabled: false,
    supportedLogPages: [],
    gaps: [],
    ...over,
  };
}

describe('smartctlJson', () => {
  it('identity, capacity and SMART keys in smartctl shape', () => {
    const j = smartctlJson(health(), '/dev/sg3');
    expect(j).toMatchObject({
      device: { name: '/dev/sg3', type: 'scsi', protocol: 'SCSI' },
      scsi_model_name: 'ACME Disk',
      scsi_version: 'SPC-4',
      user_capacity: { blocks: 1000, bytes: 512000 },
      logical_block_size: 512,
      physical_block_size: 4096,
      rotation_rate: 7200,
      form_factor: { scsi_value: 3, name: '2.5 inches' },
      scsi_transport_protocol: { name: 'SAS (SPL-4)', value: 6 },
      smart_support: { available: true, enabled: true },
      temperature_warning: { enabled: true },
      smart_status: { passed: true },
      temperature: { current: 31, drive_trip: 60 },
    });
  });

  it('error counters: read and write always, verify only with a non-zero counter; gigabytes as a 3-decimal string', () => {
    const read = decodeErrorCounterLogPage(logPage(3, [counter(0, 5), counter(5, 2_500_000_000), counter(6, 3)]));
    const write = decodeErrorCounterLogPage(logPage(2, [counter(6, 0)]));
    const verify = decodeErrorCounterLogPage(logPage(5, [counter(0, 0)]));
    const j = smartctlJson(health({ errorCounters: { read, write, verify } }), '/dev/sg0');
    expect(j.scsi_error_counter_log).toEqual({
      read: { errors_corrected_by_eccfast: 5, errors_corrected_by_eccdelayed: 0, errors_corrected_by_rereads_rewrites: 0, total_errors_corrected: 0, correction_algorithm_invocations: 0, gigabytes_processed: '2.500', total_uncorrected_errors: 3 },
      write: { errors_corrected_by_eccfast: 0, errors_corrected_by_eccdelayed: 0, errors_corrected_by_rereads_rewrites: 0, total_errors_corrected: 0, correction_algorithm_invocations: 0, gigabytes_processed: '0.000', total_uncorrected_errors: 0 },
    });
  });

  it('self-test log entries and the grown defect count', () => {
    const entry = [0, 1, 3, 0x10, 0x25, 1, 0, 100, 0, 0, 0, 0, 0, 0, 0x12, 0x34, 0x03, 0x11, 0x00, 0];
    const st = decodeSelfTestResultsLogPage(logPage(0x10, [entry]));
    const j = smartctlJson(health({ selfTests: { results: st.results, extendedSelfTestSeconds: 600 }, grownDefects: { grownListValid: true, format: 4, lengthBytes: 24, count: 3 } }), '/dev/sg0');
    expect(j.scsi_self_test_0).toEqual({
      code: { value: 1, string: 'Background short' },
      result: { value: 5, string: 'Failed in first segment' },
      failed_segment: { value: 1, aka: 'self_test_number' },
      power_on_time: { hours: 100, aka: 'accumulated_power_on_hours' },
      lba_first_failure: { value: 0x1234, aka: 'address_of_first_failure' },
      sense_key: { value: 3, string: 'Medium Error' },
      asc: 0x11,
      ascq: 0,
      vendor_specific: 0,
    });
    expect(j.scsi_extended_self_test_seconds).toBe(600);
    expect(j.scsi_grown_defect_list).toBe(3);
  });

  it('SMART failure: passed false with the ASC/ASCQ and its text; no IE mode page: no smart_status', () => {
    const failing = health({ informationalExceptions: { ...health().informationalExceptions, asc: 0x5d, ascq: 0x10, text: informationalExceptionText(0x5d, 0x10), failing: true } });
    expect(smartctlJson(failing, '/dev/sg0').smart_status).toEqual({ passed: false, scsi: { asc: 0x5d, ascq: 0x10, ie_string: 'HARDWARE IMPENDING FAILURE GENERAL HARD DRIVE FAILURE' } });
    expect(smartPassed(failing)).toBe(false);
    const noIe = health({ informationalExceptions: { ...health().informationalExceptions, mode: null } });
    expect(smartctlJson(noIe, '/dev/sg0').smart_status).toBeUndefined();
    expect(smartctlJson(noIe, '/dev/sg0').smart_support).toEqual({ available: false });
    expect(informationalExceptionText(0x5d, 0xff)).toBe('FAILURE PREDICTION THRESHOLD EXCEEDED (FALSE)');
    expect(informationalExceptionText(0x0b, 0x01)).toBe('WARNING - SPECIFIED TEMPERATURE EXCEEDED');
    expect(informationalExceptionText(0x11, 0)).toBeNull();
  });
});
