/**
 * The guarded destructive subcommands on scsi_debug: format, write-buffer
 * and reset refuse to run without a confirmation that names the device
 * (nothing is sent: the blocks read back unchanged with sg_dd), print their
 * plan with --dry-run, and with the right name do what sg_write_buffer and
 * sg_reset do, seen through the unit attentions the device reports
 * afterwards. format is shown to send its planned CDB and end like
 * sg_format on sgio's TCMU disk, which has no FORMAT UNIT (Linux 7.2's
 * scsi_debug panics on one; 6.1's has none); its progress polling is
 * unit-tested (a target that formats with progress is the TCMU target's to
 * offer).
 * SANITIZE: neither scsi_debug nor LIO has it, so sanitize runs against
 * sgio's own TCMU disk beside sg_sanitize, with its progress watched; on
 * scsi_debug both end with INVALID COMMAND OPERATION CODE.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandTimeoutError, SgDevice } from '@sgio/core';
import { reloadScsiDebug, requireLab, serveTcmuDisk, setScsiDebugDelay, type ServedTcmuDisk } from '@sgio/lab';
import { run, SGIO_BIN, sgio } from './test-support/run.js';

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

describe('a reset with a command in flight (default profile)', () => {
  // scsi_debug (Linux 6.1) completes the commands in flight of a device, target or bus
  // reset as if nothing happened, but a host reset drops them: nothing answers them,
  // and the command's own timeout ends them. Measured (2026-12-02): sg_dd's READ in
  // flight during sg_reset -H ended after sg_dd's fixed 60 s timeout with exit 33
  // (SG_LIB_CAT_TIMEOUT); too long for this suite, so only sgio's side runs here.
  // via 'sg': the READ waits in the sg queue; via 'auto': in the bsg ring, where the kernel has one
  it.each(['sg', 'auto'] as const)('a host reset while a READ waits in scsi_debug: the command is dropped, and its 4 s timeout ends the promise with a CommandTimeoutError (none left pending); the device answers after the reset\'s unit attention (via %s)', async (via) => {
    clearAttentions();
    const dev = await SgDevice.open(sg, { via });
    const resetter = await SgDevice.open(sg);
    const ring = via === 'auto' && dev.asyncRoute().via === 'bsg-io-uring';
    const inFlight = (): number => (ring ? dev.ringTransport!.inFlight : dev.queueStats().inFlight);
    try {
      await setScsiDebugDelay(300); // 3 s at the guest's 100 Hz: shorter than the READ's timeout
      const reading = dev.readBlocks(100, 1, { blockSize: 512, timeout: 4000 }).catch((e: unknown) => e);
      for (let i = 0; i < 200 && inFlight() < 1; i++) await new Promise((r) => setTimeout(r, 10));
      expect(inFlight()).toBe(1);
      resetter.scsiReset('host'); // returns after the midlayer's settle time, about 10 s
      const e = await reading;
      expect(e).toBeInstanceOf(CommandTimeoutError);
      expect(e).toMatchObject({ code: 'ERR_SCSI_TIMEOUT' });
      expect(inFlight()).toBe(0);
    } finally {
      await setScsiDebugDelay(0);
      await dev.close();
      await resetter.close();
    }
    const after = nextTur();
    expect(after.status, after.text).toBe(6);
    expect(after.text).toMatch(/reset/i);
    clearAttentions();
    expect(nextTur().status).toBe(0);
  }, 60_000);
});

/** The SANITIZE CDB a tool printed (sgio -v: `SANITIZE cdb: 48 ...`; sg_sanitize -vv: `Sanitize cdb: 48 ...`), as hex without spaces. */
function sanitizeCdbIn(output: string): string {
  const m = /sanitize cdb: \[?((?:[0-9a-f]{2} ?){10})/i.exec(output);
  if (!m) throw new Error(`no SANITIZE cdb in:\n${output}`);
  return m[1]!.replace(/\s+/g, '').toLowerCase();
}

describe("sanitize on sgio's TypeScript TCMU disk (8 MiB; each sanitize takes 6 s, longer than a Node start in the guest) beside sg_sanitize", () => {
  let served: ServedTcmuDisk | undefined;
  let disk = '';
  let diskSerial = '';
  const readAll = (name: string): Buffer => {
    rmSync(file(name), { force: true });
    expect(run('sg_dd', [`if=${disk}`, `of=${file(name)}`, 'bs=512']).status).toBe(0);
    return readFileSync(file(name));
  };
  beforeAll(async () => {
    served = await serveTcmuDisk({ bin: SGIO_BIN, name: 'sgiosan', sizeMb: 8, extra: ['--sanitize-ms', '6000'] });
    disk = served.path;
    run('sg_turs', [disk]); // the new LUN's power-on unit attention
    diskSerial = (JSON.parse(sgio('vpd', disk, '--page', 'sn', '--json').stdout) as { serialNumber: string }).serialNumber.trim();
  });
  afterAll(() => served?.tearDown());

  it("format with the disk's serial number: the TypeScript disk has no FORMAT UNIT, and sgio ends like sg_format (exit 9) after sending only what it planned", () => {
    // on this disk rather than scsi_debug: Linux 7.2's scsi_debug panics on FORMAT UNIT (@sgio/lab's scsiDebugPanicsOnFormatUnit)
    const ours = sgio('format', disk, '--confirm', diskSerial, '--poll', '1', '-v');
    const peer = run('sg_format', ['--format', '--quick', disk]);
    expect(ours.status, ours.stderr).toBe(peer.status);
    expect(ours.status, ours.stderr).toBe(9);
    expect(ours.stderr).toMatch(/FORMAT UNIT cdb: 04 10 00 00 00 00/);
    expect(ours.stderr).toMatch(/Invalid command operation code/);
  });

  it('refuses without the serial; overwrites with the pattern (INVERT, 2 passes) and polls to the end, sending the CDB sg_sanitize sends', () => {
    writeFileSync(file('san-random.bin'), randomBytes(8 * 1024 * 1024));
    expect(run('sg_dd', [`if=${file('san-random.bin')}`, `of=${disk}`, 'bs=512']).status).toBe(0);
    const refused = sgio('sanitize', disk, '--block', '-v');
    expect(refused.status, refused.stderr).toBe(1);
    expect(refused.stderr).not.toMatch(/SANITIZE cdb/);
    writeFileSync(file('pattern.bin'), Buffer.from([0x0f, 0xa5, 0x3c]));
    const ours = sgio('sanitize', disk, '--overwrite', '--pattern', file('pattern.bin'), '--count', '2', '--invert', '--confirm', diskSerial, '--poll', '2', '-v', '--json');
    expect(ours.status, ours.stderr).toBe(0);
    expect(JSON.parse(ours.stdout)).toMatchObject({ action: 'sanitize', commands: [{ command: 'SANITIZE', status: 'Good' }], exitStatus: 0 });
    expect(ours.stderr.match(/REQUEST SENSE cdb/g)?.length ?? 0, 'progress was polled while the disk sanitized').toBeGreaterThanOrEqual(2);
    // the last of two passes with INVERT is the inverted pattern, from each block's start
    const back = readAll('san-back.bin');
    const block = Buffer.alloc(512);
    for (let i = 0; i < 512; i++) block[i] = ~[0x0f, 0xa5, 0x3c][i % 3]! & 0xff;
    for (const lba of [0, 1, 8000, 16383]) expect(back.subarray(lba * 512, (lba + 1) * 512).equals(block), `block ${lba}`).toBe(true);
    // the same options through sg_sanitize (--early: IMMED, no 60 s polls) send the same CDB
    const peer = run('sg_sanitize', ['-vv', '--quick', '--early', '--overwrite', `--pattern=${file('pattern.bin')}`, '--count=2', '--invert', disk]);
    expect(peer.status, peer.stderr).toBe(0);
    expect(sanitizeCdbIn(`${peer.stdout}${peer.stderr}`)).toBe(sanitizeCdbIn(ours.stderr));
    expect(sanitizeCdbIn(ours.stderr)).toBe('48810000000000000700');
  });

  it('while a block erase sg_sanitize started runs, sg_turs ends NOT READY (2) and sgio requests decodes SANITIZE IN PROGRESS with its progress; then the disk reads zeros', async () => {
    for (let i = 0; i < 48 && run('sg_turs', [disk]).status !== 0; i++) await new Promise((r) => setTimeout(r, 250)); // the overwrite above
    expect(run('sg_sanitize', ['--quick', '--early', '--block', disk]).status).toBe(0);
    expect(run('sg_turs', [disk]).status).toBe(2);
    const req = sgio('requests', disk, '--json');
    expect(req.status, req.stderr).toBe(0);
    const sense = (JSON.parse(req.stdout) as { sense: { senseKey: number; asc: number; ascq: number; senseKeySpecific?: { kind: string; fraction: number } } }).sense;
    expect(sense).toMatchObject({ senseKey: 2, asc: 0x04, ascq: 0x1b, senseKeySpecific: { kind: 'progress' } });
    for (let i = 0; i < 48 && run('sg_turs', [disk]).status !== 0; i++) await new Promise((r) => setTimeout(r, 250));
    expect(run('sg_turs', [disk]).status).toBe(0);
    expect(readAll('san-zero.bin').every((b) => b === 0)).toBe(true);
  });

  it('scsi_debug has no SANITIZE: sgio and sg_sanitize both end with INVALID COMMAND OPERATION CODE (9)', () => {
    const ours = sgio('sanitize', sg, '--crypto', '--confirm', serial);
    const peer = run('sg_sanitize', ['--quick', '--crypto', sg]);
    expect([ours.status, peer.status]).toEqual([9, 9]);
    expect(ours.stderr).toMatch(/Invalid command operation code/i);
  });
});
