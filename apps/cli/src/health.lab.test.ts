/**
 * `sgio health --json` against `smartctl -a -j` (smartmontools 7.3) on the
 * same scsi_debug devices, on the real sg driver: every key smartctl reports
 * must be in sgio's JSON with the same value, on every lab profile, with
 * injected errors, and with an informational exception (SMART failure).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { clearFaults, firstDevice, injectFault, jsonLeaves, requireLab, ScsiDebugOpts, scsiDebugParams, setUpLio, SMARTCTL_METADATA, sgDevices, tearDownLio } from '@sgio/lab';
import { run, sgio } from './test-support/run.js';

requireLab('The CLI health lab test');

const SMARTCTL = '/usr/sbin/smartctl';
type Json = Record<string, unknown>;

interface Compared {
  readonly keys: string[];
  readonly sgio: Json;
  readonly smartctl: Json;
  readonly sgioStatus: number | null;
  readonly smartctlStatus: number | null;
}

/**
 * Runs both on `dev`; expects every smartctl leaf in sgio's JSON, equal, but
 * the `invented` keys (smartctl's value for a fact the device does not
 * report, which sgio leaves out); returns the keys compared.
 */
function compare(dev: string, label: string, invented: readonly string[] = []): Compared {
  const sc = run(SMARTCTL, ['-a', '-j', dev]);
  const ours = sgio('health', dev, '--json');
  expect(ours.stderr).toBe('');
  const smartctl = JSON.parse(sc.stdout) as Json;
  const mine = JSON.parse(ours.stdout) as Json;
  const theirs = jsonLeaves(smartctl, SMARTCTL_METADATA);
  const have = jsonLeaves(mine);
  for (const k of invented) expect({ key: k, sgio: have.get(k) }).toEqual({ key: k, sgio: undefined });
  const keys = [...theirs.keys()].filter((k) => !invented.includes(k)).sort();
  for (const k of keys) expect({ key: k, value: have.get(k) }).toEqual({ key: k, value: theirs.get(k) });
  console.log(`health ${label} ${dev}: ${keys.length} keys equal to smartctl's: ${keys.join(', ')}`);
  return { keys, sgio: mine, smartctl, sgioStatus: ours.status, smartctlStatus: sc.status };
}

afterAll(async () => {
  clearFaults();
  await tearDownLio();
});

describe('sgio health --json equals smartctl -a -j on every shared key', () => {
  // Run once per profile (`sgio-lab --profile 4k|thin ...`): reloading scsi_debug inside one boot
  // hung twice (rmmod or the rescan after it), so each profile gets its own boot.
  it('every device of the booted profile', () => {
    const params = scsiDebugParams();
    const devices = sgDevices();
    expect(devices.length).toBeGreaterThan(0);
    for (const d of devices) {
      const c = compare(d.path, `profile sector_size=${params.sector_size}`);
      expect(c.sgioStatus).toBe(0);
      expect(c.sgio.logical_block_size).toBe(Number(params.sector_size));
      if (params.lbpu === '1') expect(c.sgio.scsi_lb_provisioning).toMatchObject({ name: 'thin provisioned', value: 2 });
    }
  });

  it('default profile: identity, capacity, provisioning, SMART, temperature; the rest said unsupported', () => {
    const dev = firstDevice().path;
    const c = compare(dev, 'default');
    expect(c.keys).toEqual(expect.arrayContaining(['scsi_vendor', 'user_capacity.blocks', 'user_capacity.bytes', 'logical_block_size', 'smart_status.passed', 'temperature.current', 'temperature.drive_trip', 'logical_unit_id', 'serial_number']));
    expect(c.keys.length).toBeGreaterThanOrEqual(30);
    expect(c.sgioStatus).toBe(0);
    // scsi_debug lists only log pages 0x00, 0x0d, 0x2f and has no READ DEFECT DATA: neither tool invents counters
    expect(c.smartctl.scsi_error_counter_log).toBeUndefined();
    expect(c.sgio.scsi_error_counter_log).toBeUndefined();
    const unsupported = ((c.sgio.sgio as Json).unsupported as { fact: string; reason: string }[]).map((g) => g.fact);
    expect(unsupported).toEqual(expect.arrayContaining(['read-error-counters', 'write-error-counters', 'verify-error-counters', 'grown-defects', 'self-tests']));
  });

  it('with injected medium and recovered errors (opts, every_nth): still equal, errors seen by the reads', () => {
    const dev = firstDevice().path;
    injectFault({ everyNth: 0, opts: ScsiDebugOpts.medium });
    const read = run('sg_dd', [`if=${dev}`, 'of=/dev/null', 'bs=512', `skip=${0x1234}`, 'count=4']);
    expect(read.stderr).toMatch(/unrecovered error/);
    injectFault({ everyNth: 2, opts: ScsiDebugOpts.medium | ScsiDebugOpts.recoveredError });
    const rec = run('sg_dd', [`if=${dev}`, 'of=/dev/null', 'bs=512', 'count=20']);
    expect(rec.stderr).toMatch(/recovered error/);
    const c = compare(dev, 'injected-errors');
    expect(c.keys).toContain('smart_status.passed');
    clearFaults();
  });

  it('an informational exception (IE mode page MRIE=6, TEST=1) makes smart_status.passed false and the exit status 8', () => {
    const dev = firstDevice().path;
    // Informational Exceptions Control: DEXCPT 0, TEST 1 (byte 2 = 0x04), MRIE 6 (on request): scsi_debug then reports 5D/FF
    const wr = run('sg_wr_mode', ['-p', '0x1c', '-d', '-c', '1c,0a,04,06,0,0,0,0,0,0,0,0', dev]);
    expect(wr.status, wr.stderr).toBe(0);
    run('sg_turs', [dev]); // takes the MODE PARAMETERS CHANGED unit attention
    const c = compare(dev, 'ie-failure');
    expect(c.sgio.smart_status).toEqual({ passed: false, scsi: { asc: 0x5d, ascq: 0xff, ie_string: 'FAILURE PREDICTION THRESHOLD EXCEEDED (FALSE)' } });
    expect(c.keys).toEqual(expect.arrayContaining(['smart_status.scsi.asc', 'smart_status.scsi.ascq', 'smart_status.scsi.ie_string', 'smart_support.enabled']));
    expect(c.sgioStatus).toBe(8);
    expect((c.smartctlStatus ?? 0) & 8).toBe(8);
    const text = sgio('health', dev);
    expect(text.status).toBe(8);
    expect(text.stdout).toMatch(/SMART health: +FAILURE PREDICTION THRESHOLD EXCEEDED \(FALSE\) \[asc=5d, ascq=ff\]/);
  });

  it('on LIO (the second target): equal on every key, but the 0 °C smartctl prints for a unit without a temperature page', async () => {
    const [lio] = await setUpLio({ initiators: 1 });
    // LIO lists no log pages at all (LOG SENSE is refused): smartctl 7.3 starts both temperatures at 0 in
    // scsiCheckIE and prints them; sgio says the unit reports none
    const c = compare(lio!.path, 'lio', ['temperature.current', 'scsi_temperature.drive_trip']);
    expect(c.smartctl.temperature).toEqual({ current: 0 });
    expect(c.sgioStatus).toBe(0);
    expect(c.keys).toEqual(expect.arrayContaining(['scsi_vendor', 'scsi_product', 'user_capacity.blocks', 'logical_block_size', 'serial_number', 'logical_unit_id', 'smart_status.passed']));
    const unsupported = ((c.sgio.sgio as Json).unsupported as { fact: string }[]).map((g) => g.fact);
    expect(unsupported).toEqual(expect.arrayContaining(['log-pages', 'temperature', 'read-error-counters', 'grown-defects']));
    expect(new Set(unsupported).size).toBe(unsupported.length);
  });
});
