/**
 * Peer test: the ATA IDENTIFY DEVICE decoder against hdparm's decoding of
 * the same words (`hdparm --Istdin`), and the ATA PASS-THROUGH(16) CDBs of
 * IDENTIFY DEVICE and SMART READ DATA against the CDBs sg_sat_identify and
 * smartctl send (both print them with -vv / -r ioctl,2 before the SG_IO
 * ioctl fails on /dev/null, so no device is needed). No lab target emulates
 * a SCSI/ATA translation layer: the identify data are fixtures
 * (test/fixtures/ata, made by make-fixtures.mjs), never a real disk.
 *
 * Compared with hdparm, per fixture: model, serial, firmware, the 28-bit and
 * 48-bit sector counts, logical and physical sector size, the major version
 * ("Likely used"), form factor, rotation rate, queue depth, WWN, and which
 * of SMART, SMART error logging, SMART self-test, 48-bit, write cache,
 * look-ahead, security, NCQ, TRIM, deterministic/zeroes after TRIM and the
 * SATA signalling speeds hdparm lists as supported (and as enabled, `*`,
 * for SMART, write cache and look-ahead), and the checksum verdict.
 *
 * SMART READ DATA has no peer decoder on the host (smartctl reads no dump),
 * so decodeAtaSmartData is proven only against the fixture's known values
 * (src/decoders/ata/ata.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ataIdentifyDeviceFields, ataPassThrough16, ataSmartReadDataFields } from '../src/commands/index.js';
import { decodeAtaIdentifyDevice, type AtaIdentifyDevice } from '../src/decoders/index.js';
import { FIXTURES } from './support/fixtures.mjs';

/** Runs a peer tool; a missing one fails with the package to install. */
function run(tool: string, args: string[], input?: string): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${tool} is not installed: the ATA peer tests need it (Debian: apt-get install hdparm sg3-utils smartmontools; scripts/bootstrap.sh installs them)`);
    // sg_sat_identify and smartctl fail on /dev/null after printing the CDB
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

/** A /proc/ide identify file (256 words in hex) as the 512 bytes a device sends (words little-endian). */
function wordsToBytes(text: string): Uint8Array {
  const words = text.match(/[0-9a-fA-F]{4}/g) ?? [];
  const out = new Uint8Array(512);
  words.slice(0, 256).forEach((w, i) => {
    const v = parseInt(w, 16);
    out[2 * i] = v & 0xff;
    out[2 * i + 1] = v >> 8;
  });
  return out;
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const HDPARM_VERSIONS: Readonly<Record<string, string>> = { '8': 'ATA8-ACS', '9': 'ACS-2', '10': 'ACS-3', '11': 'ACS-4' };
const HDPARM_FORM_FACTORS: Readonly<Record<string, string>> = { '3.5 inch': '3.5 inch', '2.5 inch': '2.5 inch', '1.8 inch': '1.8 inch' };

/** hdparm's feature lines: name → enabled ('*' column). */
function features(text: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const section = text.split('Commands/features:')[1]?.split(/\n(?=\S)/)[0] ?? '';
  for (const line of section.split('\n')) {
    const m = /^\t\s{3}([* ])\t(.+)$/.exec(line);
    if (m) out.set(m[2]!.trim(), m[1] === '*');
  }
  return out;
}

let compared = 0;
function same(ours: unknown, theirs: unknown, what: string): void {
  expect(ours, what).toEqual(theirs);
  compared++;
}

describe.each(['identify-hdd.words', 'identify-ssd.words'])('IDENTIFY DEVICE %s against hdparm --Istdin', (name) => {
  const text = readFileSync(join(FIXTURES, 'ata', name), 'utf8');
  const d: AtaIdentifyDevice = decodeAtaIdentifyDevice(wordsToBytes(text));
  const out = run('hdparm', ['--Istdin'], text);
  const field = (re: RegExp): string => {
    const m = re.exec(out);
    if (!m) throw new Error(`hdparm printed no match for ${re}:\n${out}`);
    return m[1]!.trim();
  };

  it('identification, capacity, sector sizes, version, form factor, rotation, WWN, checksum', () => {
    same(d.model, field(/Model Number:\s+(.*)/), 'model');
    same(d.serial, field(/Serial Number:\s+(.*)/), 'serial');
    same(d.firmware, field(/Firmware Revision:\s+(.*)/), 'firmware');
    same(d.lba28Sectors, Number(field(/LBA\s+user addressable sectors:\s+(\d+)/)), '28-bit sectors');
    same(d.lba48Sectors, Number(field(/LBA48\s+user addressable sectors:\s+(\d+)/)), '48-bit sectors');
    same(d.logicalSectorSize, Number(field(/Logical\s+Sector size:\s+(\d+)/)), 'logical sector size');
    same(d.physicalSectorSize, Number(field(/Physical Sector size:\s+(\d+)/)), 'physical sector size');
    same(Math.floor(d.capacityBytes / 1e6), Number(field(/M = 1000\*1000:\s+(\d+)/)), 'size in MB');
    same(d.majorVersion, HDPARM_VERSIONS[field(/Likely used: (\d+)/)], 'major version');
    same(d.formFactorName, HDPARM_FORM_FACTORS[field(/Form Factor: (.*)/)], 'form factor');
    const rotation = field(/Nominal Media Rotation Rate: (.*)/);
    same(d.rotationRate === 1 ? 'Solid State Device' : String(d.rotationRate), rotation, 'rotation rate');
    same(d.features.queueDepth, Number(field(/Queue depth: (\d+)/)), 'queue depth');
    same(d.wwn, field(/WWN Device Identifier: ([0-9a-f]+)/), 'WWN');
    same(d.checksum === 'valid' ? 'correct' : d.checksum, field(/Checksum: (\w+)/), 'checksum');
  });

  it('feature set bits as hdparm lists them (supported, and enabled where ATA says)', () => {
    const f = features(out);
    const listed = (n: string): boolean => f.has(n);
    const enabled = (n: string): boolean | undefined => f.get(n);
    same(d.features.smartSupported, listed('SMART feature set'), 'SMART supported');
    same(d.features.smartEnabled, enabled('SMART feature set') ?? false, 'SMART enabled');
    same(d.features.smartErrorLog, listed('SMART error logging'), 'SMART error logging');
    same(d.features.smartSelfTest, listed('SMART self-test'), 'SMART self-test');
    same(d.features.lba48, listed('48-bit Address feature set'), '48-bit');
    same(d.features.writeCacheSupported, listed('Write cache'), 'write cache');
    same(d.features.writeCacheEnabled, enabled('Write cache') ?? false, 'write cache enabled');
    same(d.features.lookAheadSupported, listed('Look-ahead'), 'look-ahead');
    same(d.features.lookAheadEnabled, enabled('Look-ahead') ?? false, 'look-ahead enabled');
    same(d.features.securitySupported, listed('Security Mode feature set'), 'security');
    same(d.features.securityEnabled, enabled('Security Mode feature set') ?? false, 'security enabled');
    same(d.features.ncq, listed('Native Command Queueing (NCQ)'), 'NCQ');
    same(d.features.trim, [...f.keys()].some((k) => k.startsWith('Data Set Management TRIM supported')), 'TRIM');
    same(d.features.readZeroAfterTrim, listed('Deterministic read ZEROs after TRIM'), 'zeroes after TRIM');
    same(d.features.deterministicReadAfterTrim && !d.features.readZeroAfterTrim, listed('Deterministic read data after TRIM'), 'deterministic data after TRIM');
    same(d.features.sataGbps, listed('Gen3 signaling speed (6.0Gb/s)') ? 6 : listed('Gen2 signaling speed (3.0Gb/s)') ? 3 : listed('Gen1 signaling speed (1.5Gb/s)') ? 1.5 : undefined, 'SATA speed');
    same(d.wwn !== undefined, listed('64-bit World wide name'), 'WWN feature');
  });
});

describe('ATA PASS-THROUGH(16) CDBs against sg_sat_identify and smartctl', () => {
  /** The CDB bytes sg3_utils / smartctl print, as `85 08 ...`. */
  const printed = (out: string, re: RegExp): string => {
    const m = re.exec(out);
    if (!m) throw new Error(`no CDB in:\n${out}`);
    return m[1]!.trim().toLowerCase();
  };

  it('IDENTIFY DEVICE: sg_sat_identify -vv (16-byte CDB) and smartctl -d sat', () => {
    const ours = hex(ataPassThrough16.encode(ataIdentifyDeviceFields()));
    expect(ours).toBe('85 08 0e 00 00 00 01 00 00 00 00 00 00 00 ec 00');
    same(ours, printed(run('sg_sat_identify', ['-vv', '-l', '16', '/dev/null']), /ATA pass-through\(16\) cdb: \[([0-9a-f ]+)\]/i), 'sg_sat_identify CDB');
    same(ours, printed(run('smartctl', ['-d', 'sat', '-r', 'ioctl,2', '-i', '/dev/null']), /\[ata pass-through\(16\): ([0-9a-f ]+)\]/i), 'smartctl CDB');
  });

  it('SMART READ DATA: smartctl -d sat -A (after its IDENTIFY fails, with -T verypermissive)', () => {
    const ours = hex(ataPassThrough16.encode(ataSmartReadDataFields()));
    expect(ours).toBe('85 08 0e 00 d0 00 01 00 00 00 4f 00 c2 00 b0 00');
    const out = run('smartctl', ['-d', 'sat', '-T', 'verypermissive', '-r', 'ioctl,2', '-A', '/dev/null']);
    const section = out.split('Command=SMART READ ATTRIBUTE VALUES')[1] ?? '';
    same(ours, printed(section, /\[ata pass-through\(16\): ([0-9a-f ]+)\]/i), 'smartctl SMART READ DATA CDB');
  });

  it('both read one 512-byte sector from the device', () => {
    expect(ataPassThrough16.directionOf(ataIdentifyDeviceFields())).toBe('in');
    expect(ataPassThrough16.dataLengthOf(ataIdentifyDeviceFields())).toBe(512);
    expect(ataPassThrough16.dataLengthOf(ataSmartReadDataFields())).toBe(512);
  });

  it('counts what it compared', () => {
    expect(compared).toBeGreaterThan(60);
    console.log(`ata peer test: ${compared} facts compared with hdparm, sg_sat_identify and smartctl`);
  });
});
