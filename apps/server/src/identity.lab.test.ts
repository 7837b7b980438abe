/**
 * Issue 13 §3 on the real sg driver: a device deleted through sysfs and a
 * new scsi_debug host added takes the freed sg number; sgiod, which pinned
 * the old device's identity at start-up, refuses the newcomer (409). And
 * an allowlist entry naming a partition is a configuration error (with sd_mod:
 * lab `--block`; an MBR is written by hand and re-read with blockdev).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteDevice, reloadScsiDebug, requireLab, sgDevices, waitForDevices } from '@sgio/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackUp, SGIOD_BIN, startSgiod, type SgiodChild } from './test-support/lab-server.js';
import { until } from './test-support/until.js';

requireLab('The sgiod identity lab test');

const TOKEN = 'lab-identity-token-0123456789abcdef';
let dir: string;
let server: SgiodChild;

beforeAll(async () => {
  loopbackUp();
  await reloadScsiDebug('default');
  dir = mkdtempSync(join(tmpdir(), 'sgiod-identity-'));
  writeFileSync(join(dir, 'tokens'), `${TOKEN} read,write,raw,admin all\n`, { mode: 0o600 });
  server = await startSgiod(7411, ['--allow', '/dev/sg0', '--allow-write', '--allow-raw', '--tokens-file', join(dir, 'tokens'), '--log-level', 'warn']);
}, 60_000);

afterAll(async () => {
  if (server) await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await reloadScsiDebug('default');
}, 60_000);

describe('device identity', () => {
  it('refuses a new device that took a pinned sg number', async () => {
    const get = (p: string) => fetch(server.url + p, { headers: { authorization: `Bearer ${TOKEN}` } });
    const before = sgDevices().find((d) => d.name === 'sg0')!;
    // only the listing (sysfs): an open descriptor would keep sg0's number from being reused
    expect(((await (await get('/v1/devices')).json()) as { devices: { id: string }[] }).devices.map((d) => d.id)).toEqual(['sg0']);
    deleteDevice(before);
    writeFileSync('/sys/bus/pseudo/drivers/scsi_debug/add_host', '1');
    const after = (await waitForDevices(1)).find((d) => d.name === 'sg0');
    expect(after, 'the new host took sg0').toBeDefined();
    expect(after!.hctl).not.toBe(before.hctl);
    await new Promise((r) => setTimeout(r, 600)); // past the catalog's re-read interval
    const r = await get('/v1/devices/sg0');
    expect(r.status).toBe(409);
    expect(((await r.json()) as { type: string }).type).toMatch(/device-identity-changed/);
    const cmd = await fetch(`${server.url}/v1/devices/sg0/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command: 'testUnitReady' }),
    });
    expect(cmd.status).toBe(409);
    expect(((await (await get('/v1/devices')).json()) as { devices: unknown[] }).devices).toEqual([]);
    // the warning reaches the log (written off the main thread) in its own time
    await until('the identity warning in the log', () => /not the pinned/.test(server.output.join('')));
    expect(existsSync('/dev/sg0')).toBe(true);
  }, 60_000);
});

describe('partition entries', () => {
  it.skipIf(!existsSync('/sys/class/block/sda'))('refuse to start: --allow /dev/sda1 would grant the whole disk', () => {
    const mbr = Buffer.alloc(512);
    mbr[0x1be + 4] = 0x83; // type: Linux
    mbr.writeUInt32LE(2048, 0x1be + 8); // first LBA
    mbr.writeUInt32LE(4096, 0x1be + 12); // sectors
    mbr[510] = 0x55;
    mbr[511] = 0xaa;
    const fd = openSync('/dev/sda', 'r+');
    writeSync(fd, mbr, 0, 512, 0);
    closeSync(fd);
    execFileSync('blockdev', ['--rereadpt', '/dev/sda']);
    expect(existsSync('/sys/class/block/sda1/partition')).toBe(true);
    const run = spawnSync(process.execPath, [SGIOD_BIN, '--allow', '/dev/sda1', '--port', '7412'], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/partition.*whole disk/);
  }, 60_000);
});
