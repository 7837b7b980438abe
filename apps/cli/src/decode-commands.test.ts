/**
 * decode-sense and decode-cdb through the built CLI, decode-sense compared
 * with sg_decode_sense on the host (sg3-utils is installed by the CI).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.cjs', import.meta.url));

function sgio(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Sense bytes, and the INFORMATION each carries with VALID set (read off the bytes by hand). */
const SENSE: Record<string, { hex: string; information?: number }> = {
  'illegal request, field pointer': { hex: '70 00 05 00 00 00 00 0a 00 00 00 00 24 00 00 c0 00 02' },
  'medium error with information': { hex: 'f0 00 03 00 00 12 34 0a 00 00 00 00 11 00 00 00 00 00', information: 0x1234 },
  'not ready, becoming ready': { hex: '70 00 02 00 00 00 00 0a 00 00 00 00 04 01 00 00 00 00' },
  'unit attention, descriptor format': { hex: '72 06 29 00 00 00 00 00' },
  'descriptor with information': { hex: '72 03 11 00 00 00 00 0c 00 0a 80 00 00 00 00 00 00 00 12 34', information: 0x1234 },
};

describe('decode-sense vs sg_decode_sense', () => {
  for (const [what, { hex, information }] of Object.entries(SENSE)) {
    it(what, () => {
      const ours = sgio('decode-sense', ...hex.split(' '), '--json');
      expect(ours.status, ours.stderr).toBe(0);
      const s = JSON.parse(ours.stdout) as { format: string; current: boolean; senseKeyName: string; ascText: string; information?: number; valid: boolean };
      const peer = spawnSync('sg_decode_sense', hex.split(' '), { encoding: 'utf8' });
      expect(peer.status).toBe(0);
      const theirs = `${peer.stdout}${peer.stderr}`;
      expect(theirs).toContain(`${s.format === 'fixed' ? 'Fixed' : 'Descriptor'} format, ${s.current ? 'current' : 'deferred'}; Sense key: ${s.senseKeyName}`);
      expect(theirs).toContain(`Additional sense: ${s.ascText}`);
      // Whether an INFORMATION value is shown comes from the bytes, not from our output.
      expect(s.valid).toBe(information !== undefined);
      if (information !== undefined) {
        expect(s.information).toBe(information);
        expect(theirs.toLowerCase()).toMatch(new RegExp(`0x0*${information.toString(16)}\\b`));
      }
      const text = sgio('decode-sense', hex);
      expect(text.stdout).toContain(`Sense key: ${s.senseKeyName}`);
    });
  }

  it('refuses non-hex input with exit status 1', () => {
    const r = sgio('decode-sense', 'zz');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not a hex byte/);
  });
});

describe('decode-cdb and cmd --dry-run', () => {
  it('decodes a READ(16) CDB to its fields', () => {
    const r = sgio('decode-cdb', '88 00 00 00 00 00 00 00 10 00 00 00 00 08 00 00', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 'read16', name: 'READ(16)', pack: 'sbc', fields: { lba: 0x1000, transferLength: 8 } });
  });

  it('finds service-action commands and says when an opcode is unknown', () => {
    expect(JSON.parse(sgio('decode-cdb', '9e10000000000000000000000020000000'.slice(0, 32), '--json').stdout)).toMatchObject({ id: 'readCapacity16' });
    const unknown = sgio('decode-cdb', 'c0 00 00 00 00 00');
    expect(unknown.status).toBe(97);
    expect(unknown.stderr).toMatch(/--plugin/);
  });

  it('cmd --dry-run round-trips through decode-cdb', () => {
    const dry = sgio('cmd', 'read16', '--lba', '0x1000', '--transfer-length', '8', '--fua', '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout.trim()).toBe('88 08 00 00 00 00 00 00 10 00 00 00 00 08 00 00');
    const back = JSON.parse(sgio('decode-cdb', dry.stdout.trim(), '--json').stdout) as { fields: Record<string, unknown> };
    expect(back.fields).toMatchObject({ lba: 0x1000, transferLength: 8, fua: true });
  });

  it('cmd lists commands, shows generated help, and rejects bad values', { timeout: 30_000 }, () => {
    expect(sgio('cmd', '--list').stdout).toMatch(/read16\s+READ\(16\)/);
    const help = sgio('cmd', 'read16', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--transfer-length <n>/);
    expect(help.stdout).toMatch(/--dry-run/);
    expect(sgio('cmd', 'read16', '--lba', 'nope', '--dry-run').status).toBe(1);
    expect(sgio('cmd', 'nosuchcommand').status).toBe(1);
    expect(sgio('cmd', 'read16').stderr).toMatch(/give a device/);
  });

  it('cmd lists the commands added to match sg3_utils, in their packs; --no-flush reaches the CDB', { timeout: 30_000 }, () => {
    const list = sgio('cmd', '--list').stdout;
    expect(list).toMatch(/^zbc — Zoned Block Commands/m);
    expect(list).toMatch(/reportZones\s+REPORT ZONES\s+0x95\/0x00/);
    expect(list).toMatch(/getLbaStatus32\s+GET LBA STATUS\(32\)\s+0x7f\/0x12/);
    expect(list).toMatch(/reportProvisioningInitializationPattern\s+REPORT PROVISIONING INITIALIZATION PATTERN\s+0xa3\/0x1d/);
    expect(sgio('cmd', 'start-stop-unit', '--no-flush', '--power-condition', '3', '--power-condition-modifier', '2', '--no-start', '--dry-run').stdout.trim()).toBe('1b 00 00 02 34 00');
    const lbaHelp = sgio('cmd', 'getLbaStatus', '--help').stdout;
    expect(lbaHelp).toMatch(/--report-type <n>/);
    expect(lbaHelp).toMatch(/unrecovered/);
  });

  it('plugins add commands to cmd and decode-cdb', () => {
    const plugin = fileURLToPath(new URL('../test/fixtures/acme-plugin.mjs', import.meta.url));
    const list = sgio('--plugin', plugin, 'cmd', '--list');
    expect(list.stdout).toMatch(/acmeSpin\s+ACME SPIN/);
    const dry = sgio('--plugin', plugin, 'cmd', 'acme-spin', '--speed', '7', '--dry-run');
    expect(dry.stdout.trim()).toBe('c5 00 07 00 00 00');
    expect(JSON.parse(sgio('--plugin', plugin, 'decode-cdb', 'c5 00 07 00 00 00', '--json').stdout)).toMatchObject({ id: 'acmeSpin', pack: 'acme', fields: { speed: 7 } });
    // three whole processes, each importing the plugin: past vitest's 5 s default when CI's other tasks share the two CPUs
  }, 30_000);
});
