/**
 * The guarded destructive subcommands on scsi_debug: format, write-buffer
 * and reset refuse to run without a confirmation that names the device
 * (nothing is sent: the blocks read back unchanged with sg_dd), print their
 * plan with --dry-run, and with the right name do what sg_write_buffer and
 * sg_reset do, seen through the unit attentions the device reports
 * afterwards. scsi_debug has no FORMAT UNIT: format is shown to send its
 * planned CDB and end like sg_format; its progress polling is unit-tested
 * (a target that formats with progress is the TCMU target's to offer).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadScsiDebug, requireLab } from '@sgio/lab';
import { run, sgio } from './test-support/run.js';

requireLab('The sgio destructive commands lab test');

const dir = mkdtempSync(join(tmpdir(), 'sgio-destructive-'));
const file = (name: string): string => join(dir, name);
let sg = '';
let serial = '';
let wwn = '';

function blocks(lba: number, count: number): Buffer {
  rmSync(file('back.bin'), { force: true });
  expect(run('sg_dd', [`if=${sg}`, `of=${file('back.bin')}`, 'bs=512', `skip=${lba}`, `count=${count}`]).status).toBe(0);
  return readFileSync(file('back.bin'));
}

/**
 * What the next TEST UNIT READY reports, through sg_turs: its exit status
 * (6 for a unit attention) and text. scsi_debug reports a pending unit
 * attention on TUR, not on REQUEST SENSE.
 */
function nextTur(): { status: number | null; text: string } {
  const r = run('sg_turs', ['-v', sg]);
  return { status: r.status, text: `${r.stdout}${r.stderr}` };
}

/** Takes every pending unit attention. */
function clearAttentions(): void {
  for (let i = 0; i < 4 && run('sg_turs', [sg]).status !== 0; i++);
}

beforeAll(async () => {
  sg = (await reloadScsiDebug('default'))[0]!.path;
  clearAttentions();
  serial = (JSON.parse(sgio('vpd', sg, '--page', 'sn', '--json').stdout) as { serialNumber: string }).serialNumber.trim();
  const di = JSON.parse(sgio('vpd', sg, '--page', 'di', '--json').stdout) as { designators: { naa?: number; association: string; hex: string }[] };
  wwn = di.designators.find((d) => d.naa !== undefined && d.association === 'lu')!.hex;
});

afterAll(async () => {
  await reloadScsiDebug('default');
  rmSync(dir, { recursive: true, force: true });
});

describe('guarded destructive commands (default profile)', () => {
  it('refuse without a confirmation naming the device, and send nothing', () => {
    const data = randomBytes(8 * 512);
    writeFileSync(file('data.bin'), data);
    expect(run('sg_dd', [`if=${file('data.bin')}`, `of=${sg}`, 'bs=512', 'seek=100']).status).toBe(0);
    writeFileSync(file('fw.bin'), randomBytes(4096));
    for (const args of [
      ['format', sg],
      ['format', sg, '--confirm', `${serial}x`],
      ['write-buffer', sg, '--in', file('fw.bin')],
      ['reset', sg, '--confirm', 'naa.0000000000000000'],
    ]) {
      const r = sgio(...args, '-v');
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(/confirmation naming the device|does not name this device/);
      expect(r.stderr).toContain(serial);
      expect(r.stderr).not.toMatch(/FORMAT UNIT cdb|WRITE BUFFER cdb/); // -v traces every command sent: none of these
    }
    expect(blocks(100, 8).equals(data)).toBe(true);
    expect(nextTur().status, 'no unit attention: nothing was sent').toBe(0);
  });

  it('--dry-run prints the plan: the CDBs sg_format and sg_write_buffer send, and nothing reaches the device', () => {
    const fmt = sgio('format', sg, '--dry-run', '--json');
    expect(fmt.status, fmt.stderr).toBe(0);
    expect(JSON.parse(fmt.stdout)).toMatchObject({ dryRun: true, commands: [{ command: 'FORMAT UNIT', cdb: '04 10 00 00 00 00', direction: 'out', dataLength: 4 }] });
    const wb = sgio('write-buffer', sg, '--in', file('fw.bin'), '--mode', '7', '--bpw', '1024', '--dry-run');
    expect(wb.status, wb.stderr).toBe(0);
    expect(wb.stdout.match(/WRITE BUFFER cdb/g)).toHaveLength(4);
    expect(wb.stdout).toContain('3b 07 00 00 0c 00 00 04 00 00');
    const peer = run('sg_write_buffer', ['--in', file('fw.bin'), '--mode=7', '--bpw=1024', '--dry-run', '-vv', sg]);
    for (const cdb of [...`${peer.stdout}${peer.stderr}`.matchAll(/Write buffer cdb: ((?:[0-9a-f]{2} ?){10})/gi)].map((m) => m[1]!.trim().toLowerCase())) expect(wb.stdout).toContain(cdb);
    expect(nextTur().status, 'no unit attention: nothing was sent').toBe(0);
  });

  it('write-buffer with the WWN downloads the image, and the device reports that its microcode changed, as after sg_write_buffer', () => {
    const ours = sgio('write-buffer', sg, '--in', file('fw.bin'), '--mode', '5', '--confirm', `naa.${wwn}`, '--json');
    expect(ours.status, ours.stderr).toBe(0);
    expect(JSON.parse(ours.stdout)).toMatchObject({ action: 'write-buffer', commands: [{ command: 'WRITE BUFFER', status: 'Good' }] });
    const after = nextTur();
    clearAttentions();
    const peer = run('sg_write_buffer', ['--in', file('fw.bin'), '--mode=5', sg]);
    expect(peer.status, peer.stderr).toBe(0);
    const afterPeer = nextTur();
    clearAttentions();
    expect(after.status).toBe(6);
    expect(after.text).toMatch(/microcode/i);
    expect([afterPeer.status, /microcode/i.test(afterPeer.text)]).toEqual([6, true]);
  });

  it('format with the serial number: scsi_debug has no FORMAT UNIT, and sgio ends like sg_format (exit 9) after sending only what it planned', () => {
    clearAttentions();
    const ours = sgio('format', sg, '--confirm', serial, '--poll', '1', '-v');
    const peer = run('sg_format', ['--format', '--quick', sg]);
    expect(ours.status, ours.stderr).toBe(peer.status);
    expect(ours.status, ours.stderr).toBe(9);
    expect(ours.stderr).toMatch(/FORMAT UNIT cdb: 04 10 00 00 00 00/);
    expect(ours.stderr).toMatch(/Invalid command operation code/);
  });

  it('reset --device with the serial number resets the logical unit: the next command sees the reset, as after sg_reset', () => {
    clearAttentions();
    const ours = sgio('reset', sg, '--device', '--confirm', serial, '--json');
    expect(ours.status, ours.stderr).toBe(0);
    expect(JSON.parse(ours.stdout)).toMatchObject({ action: 'reset', kind: 'device', serial });
    const after = nextTur();
    clearAttentions();
    expect(run('sg_reset', ['--device', sg]).status).toBe(0);
    const afterPeer = nextTur();
    clearAttentions();
    expect(after.status).toBe(6);
    expect(after.text).toMatch(/reset/i);
    expect([afterPeer.status, /reset/i.test(afterPeer.text)]).toEqual([6, true]);
  });
});
