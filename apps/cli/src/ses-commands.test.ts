/**
 * `sgio ses` and `sgio sat-identify` through the built CLI on struct's
 * fixtures with --inhex (no device: no lab target emulates an enclosure or a
 * SAT layer). The join's slot ↔ SAS address ↔ status is compared with
 * `sg_ses --join` on the same file, the identify strings with
 * `hdparm --Istdin`; the options' refusals and exit statuses are checked.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSesIndex } from './actions/ses.js';

const BIN = fileURLToPath(new URL('../dist/bin.cjs', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../packages/struct/test/fixtures/', import.meta.url));
const SES = `${FIXTURES}ses/all.hex`;

function sgio(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface JoinRow {
  typeIndex: number;
  index: number;
  descriptor?: string;
  slotNumber?: number;
  sasAddress?: string;
  status: { statusName: string; detail: { kind: string; ident?: boolean; faultRequested?: boolean } };
}

describe('sgio ses --inhex', { timeout: 30_000 }, () => {
  it('--join --json: every slot\'s number, SAS address, status and indicators as sg_ses --join shows them', () => {
    const r = sgio('ses', '--inhex', SES, '--json');
    expect(r.status, r.stderr).toBe(0);
    const rows = (JSON.parse(r.stdout) as { elements: JoinRow[] }).elements.filter((e) => e.typeIndex === 0 && e.index >= 0);
    expect(rows).toHaveLength(12);
    const peer = spawnSync('sg_ses', [`--inhex=${SES}`, '--status', '--join'], { encoding: 'utf8' });
    expect(peer.status, peer.stderr).toBe(0);
    for (const row of rows) {
      const block = peer.stdout.split(/\n(?=(?:\S.* )?\[\d+,-?\d+\]\s+Element type: )/).find((b) => b.includes(`[0,${row.index}]`))!;
      expect(block.startsWith(`${row.descriptor} [0,${row.index}]`)).toBe(true);
      expect(Number(/device slot number: (\d+)/.exec(block)![1])).toBe(row.slotNumber);
      const sas = /\n\s+SAS address: (0x[0-9a-f]+)/.exec(block)![1]!;
      expect(row.sasAddress === undefined ? 0n : BigInt(row.sasAddress)).toBe(BigInt(sas));
      expect(block).toContain(`status: ${row.status.statusName}`);
      expect(block).toMatch(new RegExp(`Ident=${row.status.detail.ident ? 1 : 0}\\b`));
      expect(block).toMatch(new RegExp(`Fault reqstd=${row.status.detail.faultRequested ? 1 : 0}\\b`));
    }
    const empty = rows.find((x) => x.index === 11)!;
    expect([empty.status.statusName, empty.sasAddress]).toEqual(['Not installed', undefined]);
  });

  it('--page by acronym or number, --index to one element, --hex back to the page bytes', () => {
    const es = JSON.parse(sgio('ses', '--inhex', SES, '--page', 'es', '--index', '0,5', '--json').stdout) as { elements: JoinRow[] };
    expect(es.elements).toHaveLength(1);
    expect(es.elements[0]).toMatchObject({ typeIndex: 0, index: 5, statusName: 'OK', detail: { ident: true, faultRequested: true } });
    const cf = JSON.parse(sgio('ses', '--inhex', SES, '-p', '1', '--json').stdout) as { typeDescriptors: unknown[]; enclosures: { productId: string }[] };
    expect(cf.typeDescriptors).toHaveLength(7);
    expect(cf.enclosures[0]!.productId).toBe('JBOD-12 SAS');
    expect(sgio('ses', '--inhex', SES, '-p', '7', '-I', '3').stdout).toContain('Slot 03');
    expect(sgio('ses', '--inhex', SES, '-p', 'aes', '-I', '0,2').stdout).toMatch(/phy 1: end device, SAS address 0x5000c50012345609/);
    expect(sgio('ses', '--inhex', SES, '-p', '2', '--hex').stdout).toMatch(/^ 00 {4} 02 06 00 78/);
  });

  it('refuses what it cannot do, with sg3_utils exit statuses', () => {
    expect(sgio('ses').status).toBe(1);
    expect(sgio('ses', '--inhex', SES, '-p', '6').status).toBe(1);
    expect(sgio('ses', '--inhex', SES, '-p', 'str').stderr).toMatch(/no String In page/);
    expect(sgio('ses', '--inhex', SES, '-I', '3', '--set-ident').stderr).toMatch(/cannot be used with --inhex/);
    expect(sgio('ses', '/dev/sg-none', '--set-ident').stderr).toMatch(/need --index/);
    expect(sgio('ses', '/dev/sg-none', '-I', '3', '--set-ident', '--clear-ident').status).toBe(1);
    expect(sgio('ses', '/dev/sg-none', '-I', '3', '--set-fault').status).toBe(15);
    expect(sgio('ses', '--inhex', `${FIXTURES}ses/status.hex`).stderr).toMatch(/no Configuration page/);
    expect(sgio('ses', '--inhex', '/nonexistent/pages.hex').status).toBe(15);
  });

  it('parses --index as sg_ses does: II is type header 0, TI,II names both, -1 the overall element', () => {
    expect(parseSesIndex('7')).toEqual({ type: { typeIndex: 0 }, first: 7 });
    expect(parseSesIndex('1,-1')).toEqual({ type: { typeIndex: 1 }, first: -1 });
    expect(() => parseSesIndex('1,2,3')).toThrow(/one comma/);
  });
});

describe('sgio sat-identify --inhex', { timeout: 30_000 }, () => {
  it('IDENTIFY DEVICE from hdparm-style words: the strings hdparm --Istdin prints', () => {
    const file = `${FIXTURES}ata/identify-hdd.words`;
    const r = sgio('sat-identify', '--inhex', file, '--json');
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as { model: string; serial: string; firmware: string; sectors: number; wwn: string; features: { ncq: boolean } };
    const peer = spawnSync('hdparm', ['--Istdin'], { encoding: 'utf8', input: readFileSync(file, 'utf8') });
    expect(peer.status, peer.stderr).toBe(0);
    expect(/Model Number:\s+(.*)/.exec(peer.stdout)![1]!.trim()).toBe(d.model);
    expect(/Serial Number:\s+(.*)/.exec(peer.stdout)![1]!.trim()).toBe(d.serial);
    expect(/Firmware Revision:\s+(.*)/.exec(peer.stdout)![1]!.trim()).toBe(d.firmware);
    expect(Number(/LBA48\s+user addressable sectors:\s+(\d+)/.exec(peer.stdout)![1])).toBe(d.sectors);
    expect(/WWN Device Identifier: (\S+)/.exec(peer.stdout)![1]).toBe(d.wwn);
    expect(sgio('sat-identify', '--inhex', file).stdout).toMatch(/Model: +SGIOLAB HDD-4000 SATA/);
  });

  it('--smart: the attribute table and the checksum', () => {
    const r = sgio('sat-identify', '--smart', '--inhex', `${FIXTURES}ata/smart-data-hdd.hex`, '--json');
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { checksumValid: boolean; attributes: { id: number; name: string; raw: number }[] };
    expect(s.checksumValid).toBe(true);
    expect(s.attributes.find((a) => a.id === 5)).toMatchObject({ name: 'Reallocated_Sector_Ct', raw: 8 });
    expect(sgio('sat-identify', '--smart', '--inhex', `${FIXTURES}ata/smart-data-hdd.hex`).stdout).toMatch(/194 Temperature_Celsius\s+0x0022\s+034\s+048/);
  });

  it('refuses a short file (exit 1) and a missing device (exit 1)', () => {
    expect(sgio('sat-identify', '--inhex', `${FIXTURES}ses/config.hex`).status).toBe(1);
    expect(sgio('sat-identify').status).toBe(1);
  });
});
