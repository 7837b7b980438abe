import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { DeviceAccess } from '../devices/access.js';
import { HealthGauges } from './health-gauges.js';
import { HealthRefresher } from './health-refresher.js';

/** A smartctl `-a -j` document of a SCSI disk, as core's smartctlJson builds it. */
const DOC = {
  device: { name: '/dev/sg0', info_name: '/dev/sg0', type: 'scsi', protocol: 'SCSI' },
  scsi_vendor: 'Linux',
  scsi_product: 'scsi_debug',
  scsi_model_name: 'Linux scsi_debug',
  scsi_revision: '0191',
  serial_number: '2000',
  user_capacity: { blocks: 131072, bytes: 67108864 },
  logical_block_size: 512,
  rotation_rate: 0,
  smart_status: { passed: true },
  temperature: { current: 38, drive_trip: 65 },
  power_on_time: { hours: 10, minutes: 30 },
  scsi_grown_defect_list: 3,
  scsi_error_counter_log: { read: { errors_corrected_by_rereads_rewrites: 2, total_uncorrected_errors: 5 }, write: { errors_corrected_by_rereads_rewrites: 0, total_uncorrected_errors: 1 } },
};

const value = (text: string, metric: string): string | undefined => new RegExp(`^${metric.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1];

describe('health gauges under smartctl_exporter names', () => {
  it('sets each fact the document holds, with smartctl_exporter labels', async () => {
    const registry = new Registry();
    const gauges = new HealthGauges(registry);
    gauges.set('sg0', DOC, 0.25);
    const text = await registry.metrics();
    expect(value(text, 'smartctl_device_status{device="sg0"}')).toBe('1');
    expect(value(text, 'smartctl_device_smart_status{device="sg0"}')).toBe('1');
    expect(value(text, 'smartctl_device_temperature{device="sg0",temperature_type="current"}')).toBe('38');
    expect(value(text, 'smartctl_device_temperature{device="sg0",temperature_type="drive_trip"}')).toBe('65');
    expect(value(text, 'smartctl_device_power_on_seconds{device="sg0"}')).toBe(String(10 * 3600 + 30 * 60));
    expect(value(text, 'smartctl_device_capacity_bytes{device="sg0"}')).toBe('67108864');
    expect(value(text, 'smartctl_device_block_size{device="sg0",blocks_type="logical"}')).toBe('512');
    const id = 'device="sg0",model_family="",model_name="Linux scsi_debug",serial_number="2000"';
    expect(value(text, `smartctl_scsi_grown_defect_list{${id}}`)).toBe('3');
    expect(value(text, `smartctl_read_total_uncorrected_errors{${id}}`)).toBe('5');
    expect(value(text, `smartctl_write_total_uncorrected_errors{${id}}`)).toBe('1');
    expect(value(text, `smartctl_read_errors_corrected_by_rereads_rewrites{${id}}`)).toBe('2');
    expect(text).toMatch(/^smartctl_device\{device="sg0",interface="scsi",protocol="SCSI",model_family="",model_name="Linux scsi_debug",serial_number="2000",.*firmware_version="0191".*\} 1$/m);
    expect(value(text, 'sgiod_health_refresh_duration_seconds{device="sg0"}')).toBe('0.25');
  });

  it('a failed reading leaves status 0 and no stale facts; a device that left loses everything', async () => {
    const registry = new Registry();
    const gauges = new HealthGauges(registry);
    gauges.set('sg0', DOC, 0.1);
    gauges.failed('sg0', 0.2);
    let text = await registry.metrics();
    expect(value(text, 'smartctl_device_status{device="sg0"}')).toBe('0');
    expect(text).not.toMatch(/smartctl_device_temperature\{/);
    expect(text).not.toMatch(/smartctl_scsi_grown_defect_list\{/);
    gauges.remove('sg0');
    text = await registry.metrics();
    expect(text).not.toMatch(/device="sg0"/);
  });

  it('a SMART failure is 0; facts a device does not report are left out', async () => {
    const registry = new Registry();
    const gauges = new HealthGauges(registry);
    gauges.set('sg1', { device: { type: 'scsi', protocol: 'SCSI' }, smart_status: { passed: false } }, 0.1);
    const text = await registry.metrics();
    expect(value(text, 'smartctl_device_smart_status{device="sg1"}')).toBe('0');
    expect(text).not.toMatch(/smartctl_device_temperature\{/);
  });
});

describe('HealthRefresher', () => {
  it('reads devices one at a time, never two refreshes at once; a failing device gets status 0; a device that left loses its gauges', async () => {
    const registry = new Registry();
    const gauges = new HealthGauges(registry);
    let rows = [
      { name: 'sg0', path: '/dev/sg0' },
      { name: 'sg1', path: '/dev/sg1' },
    ];
    let active = 0;
    let most = 0;
    let calls = 0;
    const devices = {
      list: () => rows,
      health: async (row: { name: string }) => {
        calls++;
        most = Math.max(most, ++active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        throw new Error(`${row.name}: no device`);
      },
    } as unknown as Pick<DeviceAccess, 'list' | 'health'>;
    const failures: string[] = [];
    const refresher = new HealthRefresher({ devices, gauges, intervalMs: 0, onError: (d) => failures.push(d) });
    await Promise.all([refresher.refresh(), refresher.refresh()]);
    expect(calls).toBe(2);
    expect(most).toBe(1);
    expect(failures).toEqual(['sg0', 'sg1']);
    expect(value(await registry.metrics(), 'smartctl_device_status{device="sg1"}')).toBe('0');
    rows = [rows[0]!];
    await refresher.refresh();
    expect(await registry.metrics()).not.toMatch(/device="sg1"/);
    await refresher.close();
  });
});
