/**
 * sync, verify, compare-and-write, start, stop, write-same, unmap, zones and
 * zone against sg_sync, sg_verify, sg_compare_and_write, sg_start,
 * sg_write_same, sg_unmap, sg_rep_zones and sg_zone on the real sg driver:
 * same exit statuses (pinned where they are not 0), the same CDBs (from
 * sgio -v and the tools' -vv), and the effects checked by reading back with sg_dd.
 * sync, verify, write-same, unmap and zones (not zoned) also run on sgio's
 * own TCMU disk.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadScsiDebug, requireLab, serveTcmuDisk, type ServedTcmuDisk } from '@sgio/lab';
import { run, SGIO_BIN, sgio } from './test-support/run.js';

requireLab('The sgio control commands lab test');

const dir = mkdtempSync(join(tmpdir(), 'sgio-ctl-'));
const file = (name: string): string => join(dir, name);

/** Reads `count` 512-byte blocks at `lba` through sg_dd. */
function readBackBytes(sg: string, lba: number, count: number): Buffer {
  const out = file('readback.bin');
  rmSync(out, { force: true });
  expect(run('sg_dd', [`if=${sg}`, `of=${out}`, 'bs=512', `skip=${lba}`, `count=${count}`]).status).toBe(0);
  return readFileSync(out);
}

/**
 * The CDB a tool printed for `command` (sgio -v: `NAME cdb: 91 00 ...`;
 * sg3_utils -vv: `Name cdb: [91 00 ...]`), as lowercase hex without spaces.
 */
function cdbIn(output: string, command: RegExp): string {
  const m = new RegExp(`${command.source} cdb: \\[?((?:[0-9a-f]{2} ?)+)\\]?`, 'i').exec(output);
  if (!m) throw new Error(`no ${command.source} cdb in:\n${output}`);
  return m[1]!.replace(/\s+/g, '').toLowerCase();
}

/** sg3_utils' exit status for ILLEGAL REQUEST, LBA out of range (SG_LIB_LBA_OUT_OF_RANGE). */
const LBA_OUT_OF_RANGE = 22;

function writePattern(sg: string, lba: number, data: Buffer): void {
  const src = file('pattern.bin');
  writeFileSync(src, data);
  expect(run('sg_dd', [`if=${src}`, `of=${sg}`, 'bs=512', `seek=${lba}`]).status).toBe(0);
}

afterAll(async () => {
  await reloadScsiDebug('default');
  rmSync(dir, { recursive: true, force: true });
});

describe('sync, verify, start, stop (default profile)', () => {
  let sg = '';
  beforeAll(async () => {
    sg = (await reloadScsiDebug('default'))[0]!.path;
  });

  it('sync succeeds like sg_sync; a missing device is a file error', () => {
    expect(run('sg_sync', [sg]).status).toBe(0);
    // the 16-byte CDB, byte for byte the one sg_sync --16 sends
    const sixteen = sgio('sync', sg, '--sixteen', '--lba', '10', '--count', '100', '-v');
    const peerSixteen = run('sg_sync', ['-vv', '--16', '--lba=10', '--count=100', sg]);
    expect([sixteen.status, peerSixteen.status]).toEqual([0, 0]);
    expect(cdbIn(sixteen.stderr, /SYNCHRONIZE CACHE\(16\)/)).toBe('9100000000000000000a000000640000');
    expect(cdbIn(`${peerSixteen.stdout}${peerSixteen.stderr}`, /Synchronize cache\(16\)/)).toBe('9100000000000000000a000000640000');
    // plain sync: exit 0, the CDB in --json, and -v's line (one process: a Node start costs seconds in the guest)
    const plain = sgio('sync', sg, '--json', '-v');
    expect(plain.status, plain.stderr).toBe(0);
    const json = JSON.parse(plain.stdout) as { commands: { command: string; cdb: string }[] };
    expect(json.commands[0]).toMatchObject({ command: 'SYNCHRONIZE CACHE(10)', cdb: '35 00 00 00 00 00 00 00 00 00' });
    expect(plain.stderr).toContain('SYNCHRONIZE CACHE(10) cdb: 35 00');
    // sg_sync reports a failed open as 50 + errno (52); sgio keeps sg_dd's file error (15) for every subcommand
    expect(run('sg_sync', ['/dev/sg99']).status).not.toBe(0);
    expect(sgio('sync', '/dev/sg99').status).toBe(15);
  });

  it('verify compares like sg_verify: 0 when equal, 14 on a miscompare', () => {
    const data = randomBytes(512 * 64);
    writePattern(sg, 300, data);
    const good = file('good.bin');
    writeFileSync(good, data);
    expect(run('sg_verify', ['--lba=300', '--count=64', `--ndo=${data.length}`, `--in=${good}`, sg]).status).toBe(0);
    expect(sgio('verify', sg, '--lba', '300', '--count', '64', '--in', good).status).toBe(0);
    expect(sgio('verify', sg, '--lba', '300', '--count', '64', '--in', good, '--bpc', '7', '--sixteen').status).toBe(0);
    data[512 * 40] = data[512 * 40]! ^ 1;
    const bad = file('bad.bin');
    writeFileSync(bad, data);
    const peer = run('sg_verify', ['--lba=300', '--count=64', `--ndo=${data.length}`, `--in=${bad}`, sg]);
    const mine = sgio('verify', sg, '--lba', '300', '--count', '64', '--in', bad);
    expect(peer.status).toBe(14);
    expect(mine.status, mine.stderr).toBe(14);
    // medium check only (BYTCHK 0)
    expect(sgio('verify', sg, '--lba', '0', '--count', '1000').status).toBe(run('sg_verify', ['--lba=0', '--count=1000', sg]).status);
  });

  it('compare-and-write writes only over the expected data, like sg_compare_and_write; 14 and nothing written on a miscompare', () => {
    const old = randomBytes(1024);
    const next = randomBytes(1024);
    writePattern(sg, 500, old);
    const wrong = Buffer.from(old);
    wrong[700] = wrong[700]! ^ 1;
    for (const [name, bytes] of [['old.bin', old], ['next.bin', next], ['wrong.bin', wrong], ['both.bin', Buffer.concat([next, old])]] as const) writeFileSync(file(name), bytes);
    const peerArgs = ['--lba=500', '--num=2', '--xferlen=2048', '-vv'];
    const peer = run('sg_compare_and_write', [...peerArgs, `--in=${file('wrong.bin')}`, `--inw=${file('next.bin')}`, sg]);
    const mine = sgio('compare-and-write', sg, '--lba', '500', '--num', '2', '--in', file('wrong.bin'), '--inw', file('next.bin'), '-v');
    expect(peer.status, peer.stderr).toBe(14);
    expect(mine.status, mine.stderr).toBe(14);
    expect(mine.stderr).toMatch(/MISCOMPARE.*nothing was written/);
    expect(cdbIn(mine.stderr, /COMPARE AND WRITE/)).toBe(cdbIn(peer.stderr, /Compare and write/));
    // the offset of the first differing byte, where the device reports it (sg_compare_and_write prints it too)
    const peerOffset = /offset[^0-9]*(\d+)/i.exec(peer.stderr + peer.stdout)?.[1];
    if (peerOffset !== undefined) expect(mine.stderr).toContain(`offset ${peerOffset}`);
    expect(readBackBytes(sg, 500, 2).equals(old), 'a miscompare writes nothing').toBe(true);
    // equal: sgio writes the new blocks; then sg_compare_and_write with one combined file puts the old ones back
    expect(sgio('compare-and-write', sg, '--lba', '500', '--num', '2', '--in', file('old.bin'), '--inw', file('next.bin')).status).toBe(0);
    expect(readBackBytes(sg, 500, 2).equals(next)).toBe(true);
    expect(run('sg_compare_and_write', [...peerArgs, `--in=${file('both.bin')}`, sg]).status).toBe(0);
    expect(readBackBytes(sg, 500, 2).equals(old)).toBe(true);
    // and the same one-file form through sgio, with --json
    const json = sgio('compare-and-write', sg, '--lba', '500', '--num', '2', '--in', file('both.bin'), '--json');
    expect(json.status, json.stderr).toBe(14);
    writeFileSync(file('back.bin'), Buffer.concat([old, next]));
    const ok = sgio('compare-and-write', sg, '--lba', '500', '--num', '2', '--in', file('back.bin'), '--json');
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ action: 'compare-and-write', request: { lba: 500, blocks: 2 }, commands: [{ command: 'COMPARE AND WRITE', status: 'Good' }], exitStatus: 0 });
    expect(readBackBytes(sg, 500, 2).equals(next)).toBe(true);
  });

  it('stop makes the unit not ready and start brings it back, as sg_start does', () => {
    expect(sgio('stop', sg).status).toBe(0);
    expect(run('sg_turs', [sg]).status).toBe(2);
    expect(sgio('start', sg).status).toBe(0);
    expect(run('sg_turs', [sg]).status).toBe(0);
    expect(run('sg_start', ['--stop', sg]).status).toBe(0);
    const notReady = sgio('dd', `if=${sg}`, 'of=/dev/null', 'count=8');
    const peerNotReady = run('sg_dd', [`if=${sg}`, 'of=/dev/null', 'bs=512', 'count=8']);
    expect(notReady.status).toBe(peerNotReady.status);
    expect(run('sg_start', ['--start', sg]).status).toBe(0);
    expect(sgio('stop', sg, '--immed', '--json').stdout).toContain('"start": false');
    expect(sgio('start', sg, '--immed').status).toBe(0);
    expect(run('sg_turs', [sg]).status).toBe(0);
  });
});

describe('write-same and unmap (thin profile)', () => {
  let sg = '';
  beforeAll(async () => {
    sg = (await reloadScsiDebug('thin'))[0]!.path;
  });

  it('write-same writes the block over the range, like sg_write_same', () => {
    writePattern(sg, 1000, randomBytes(512 * 40));
    const block = Buffer.alloc(512, 0xab);
    block.write('sgio', 0);
    const blockFile = file('block.bin');
    writeFileSync(blockFile, block);
    expect(sgio('write-same', sg, '--lba', '1000', '--num', '10', '--in', blockFile).status).toBe(0);
    expect(run('sg_write_same', ['--lba=1020', '--num=10', `--in=${blockFile}`, sg]).status).toBe(0);
    const back = readBackBytes(sg, 1000, 40);
    for (let i = 0; i < 10; i++) expect(Buffer.compare(back.subarray(i * 512, (i + 1) * 512), block)).toBe(0);
    expect(Buffer.compare(back.subarray(0, 5120), back.subarray(20 * 512, 30 * 512))).toBe(0);
    // blocks 10..19 keep the random pattern
    expect(back.subarray(10 * 512, 11 * 512).equals(block)).toBe(false);
    // 16-byte CDB with 0xff and with NDOB (zeros)
    expect(sgio('write-same', sg, '--lba', '1010', '--num', '5', '--ff', '--sixteen').status).toBe(0);
    expect(readBackBytes(sg, 1010, 5).every((b) => b === 0xff)).toBe(true);
    expect(sgio('write-same', sg, '--lba', '1015', '--num', '5', '--ndob').status).toBe(0);
    expect(readBackBytes(sg, 1015, 5).every((b) => b === 0)).toBe(true);
    // out of range: the same CDB and the same non-zero exit status as sg_write_same
    const outOfRange = sgio('write-same', sg, '--lba', '131070', '--num', '10', '-v');
    const peerOut = run('sg_write_same', ['-vv', '--lba=131070', '--num=10', sg]);
    expect([outOfRange.status, peerOut.status]).toEqual([LBA_OUT_OF_RANGE, LBA_OUT_OF_RANGE]);
    expect(cdbIn(outOfRange.stderr, /WRITE SAME\(10\)/)).toBe('41000001fffe00000a00');
    expect(cdbIn(`${peerOut.stdout}${peerOut.stderr}`, /Write same\(10\)/)).toBe('41000001fffe00000a00');
  });

  it('unmap deallocates ranges (reads back zeros with LBPRZ), like sg_unmap', () => {
    writePattern(sg, 2000, randomBytes(512 * 64));
    expect(sgio('unmap', sg, '--lba', '2000,2040', '--num', '8,8').status).toBe(0);
    expect(run('sg_unmap', ['--force', '--lba=2020', '--num=8', sg]).status).toBe(0);
    const back = readBackBytes(sg, 2000, 64);
    const zero = (from: number, n: number): boolean => back.subarray(from * 512, (from + n) * 512).every((b) => b === 0);
    expect(zero(0, 8)).toBe(true);
    expect(zero(20, 8)).toBe(true);
    expect(zero(40, 8)).toBe(true);
    expect(zero(10, 8)).toBe(false);
    const dry = sgio('unmap', sg, '--all', '0,65536', '--dry-run');
    expect(dry.stdout).toBe('would unmap lba 0, 65536 blocks\nwould unmap lba 65536, 65536 blocks\n');
    // out of range: the same UNMAP CDB and the same non-zero exit status as sg_unmap
    const outOfRange = sgio('unmap', sg, '--lba', '131070', '--num', '10', '-v');
    const peerOut = run('sg_unmap', ['-vv', '--force', '--lba=131070', '--num=10', sg]);
    expect([outOfRange.status, peerOut.status]).toEqual([LBA_OUT_OF_RANGE, LBA_OUT_OF_RANGE]);
    expect(cdbIn(outOfRange.stderr, /UNMAP/)).toBe('42000000000000001800');
    expect(cdbIn(`${peerOut.stdout}${peerOut.stderr}`, /unmap/)).toBe('42000000000000001800');
  });
});

describe('zones and zone on a host-managed zoned disk (scsi_debug zbc=managed)', () => {
  let sg = '';
  /** 64 MiB in 4 MiB zones (8192 blocks): zones 0 and 1 conventional, 2..15 sequential write required. */
  const ZONE = 8192;
  const SEQ = 2 * ZONE;
  beforeAll(async () => {
    sg = (await reloadScsiDebug({ dev_size_mb: 64, sector_size: 512, delay: 0, zbc: 'managed', zone_size_mb: 4, zone_nr_conv: 2 }))[0]!.path;
  });

  type Zone = { zoneTypeName: string; zoneConditionName: string; zoneStartLba: number; writePointerLba: number | string; zoneLength: number };
  const ours = (...args: string[]): { zones: Zone[]; maximumLba: number } => {
    const r = sgio('zones', sg, '--json', ...args);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { zones: Zone[]; maximumLba: number };
  };
  /** sg_rep_zones' facts per zone: start, write pointer and condition. */
  const theirs = (...args: string[]): { start: number; wp: string; condition: string }[] => {
    const r = run('sg_rep_zones', [...args, sg]);
    expect(r.status, r.stderr).toBe(0);
    const starts = [...r.stdout.matchAll(/Zone start LBA: 0x([0-9a-f]+)/gi)].map((m) => parseInt(m[1]!, 16));
    const wps = [...r.stdout.matchAll(/Write pointer LBA: (\S+)/gi)].map((m) => m[1]!.toLowerCase());
    const conditions = [...r.stdout.matchAll(/Zone condition: (.+)/gi)].map((m) => m[1]!.trim().toLowerCase());
    return starts.map((start, i) => ({ start, wp: wps[i]!, condition: conditions[i]! }));
  };
  const zonesFrom = (start: number): Zone[] => ours('--start', String(start), '--num', '3').zones;
  const mine = (zones: Zone[]): { start: number; condition: string }[] => zones.map((z) => ({ start: z.zoneStartLba, condition: z.zoneConditionName.replace(/-/g, ' ') }));

  it('zones lists the same zones, conditions and write pointers as sg_rep_zones, before and after a write', () => {
    const all = ours();
    expect(all.zones).toHaveLength(16);
    expect(all.zones.slice(0, 3).map((z) => z.zoneTypeName)).toEqual(['conventional', 'conventional', 'sequential-write-required']);
    expect(mine(all.zones)).toEqual(theirs().map(({ start, condition }) => ({ start, condition })));
    // 8 blocks at the first sequential zone's write pointer: it moves, the zone opens implicitly
    writePattern(sg, SEQ, randomBytes(8 * 512));
    const after = ours('--start', String(SEQ), '--num', '2');
    expect(after.zones).toHaveLength(2);
    expect(after.zones[0]).toMatchObject({ zoneStartLba: SEQ, writePointerLba: SEQ + 8, zoneConditionName: 'implicitly-opened', zoneLength: ZONE });
    const peer = theirs(`--start=${SEQ}`, '--num=2');
    expect(peer[0]).toMatchObject({ start: SEQ, wp: `0x${(SEQ + 8).toString(16)}`, condition: 'implicitly opened' });
  });

  it('a write off the write pointer fails for sg_dd and sgio dd alike; sgio refuses before writing and says where the pointer is', () => {
    const src = file('zoned.bin');
    writeFileSync(src, randomBytes(4 * 512));
    const at = SEQ + ZONE + 100; // inside an empty zone, not at its start
    const peer = run('sg_dd', [`if=${src}`, `of=${sg}`, 'bs=512', `seek=${at}`]);
    const ours = sgio('dd', `if=${src}`, `of=${sg}`, 'bs=512', `seek=${at}`, '-v');
    expect(peer.status).toBe(5);
    expect(ours.status, ours.stderr).toBe(5);
    expect(ours.stderr).toMatch(new RegExp(`LBA ${at} is not the write pointer of zone ${SEQ + ZONE} .*Write from LBA ${SEQ + ZONE}`));
    expect(ours.stderr).not.toMatch(/WRITE\(10\)|cdb: 2a/i); // refused before any write
    // from the zone start it is fine: dd writes sequentially
    expect(sgio('dd', `if=${src}`, `of=${sg}`, 'bs=512', `seek=${SEQ + ZONE}`).status).toBe(0);
  });

  it('dd across zone boundaries from a write pointer: sgio splits transfers at the boundaries (sg_dd fails with WRITE BOUNDARY ERROR), in order at --qd 4', () => {
    const z = SEQ + 6 * ZONE; // zones 8.. are untouched so far
    const head = randomBytes(100 * 512);
    const body = randomBytes((2 * ZONE + 300) * 512);
    const headFile = file('zone-head.bin');
    const bodyFile = file('zone-body.bin');
    writeFileSync(headFile, head);
    writeFileSync(bodyFile, body);
    // 100 blocks first: the write pointer is then 100 blocks into the zone, so 128-block transfers straddle the boundaries
    expect(sgio('dd', `if=${headFile}`, `of=${sg}`, 'bs=512', `seek=${z}`).status).toBe(0);
    const peer = run('sg_dd', [`if=${bodyFile}`, `of=${sg}`, 'bs=512', `seek=${z + 100}`]);
    expect(peer.status).toBe(5);
    expect(peer.stderr).toMatch(/write boundary/i);
    // sg_dd wrote up to the boundary before failing: reset the zones it touched and start over
    expect(sgio('zone', sg, '--reset', '--zone', String(z), '--count', '3').status).toBe(0);
    expect(sgio('dd', `if=${headFile}`, `of=${sg}`, 'bs=512', `seek=${z}`).status).toBe(0);
    const ours = sgio('dd', `if=${bodyFile}`, `of=${sg}`, 'bs=512', `seek=${z + 100}`, '--qd', '4', '-v');
    expect(ours.status, ours.stderr).toBe(0);
    expect(ours.stderr).toMatch(/zoned: 3 zone\(s\), transfers split at zone boundaries, written in order/);
    const zones = zonesFrom(z);
    expect(zones.map((x) => [x.zoneConditionName, x.writePointerLba])).toEqual([
      ['full', expect.anything()],
      ['full', expect.anything()],
      ['implicitly-opened', z + 2 * ZONE + 400],
    ]);
    const back = execFileSync('sg_dd', [`if=${sg}`, 'of=-', 'bs=512', `skip=${z}`, `count=${2 * ZONE + 400}`], { maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
    expect(back.equals(Buffer.concat([head, body]))).toBe(true);
    expect(sgio('zone', sg, '--reset', '--zone', String(z), '--count', '3').status).toBe(0);
  });

  it('zone --open/--close/--finish/--reset move a zone through its states as sg_zone does, with the same CDBs', () => {
    const z = SEQ + 4 * ZONE;
    // the states are read with sg_rep_zones (a C start is cheap in the guest; `sgio zones` is compared with it above)
    const condition = (): string => theirs(`--start=${z}`, '--num=1')[0]!.condition.replace(/ /g, '-');
    const open = sgio('zone', sg, '--open', '--zone', String(z), '-v');
    expect(open.status, open.stderr).toBe(0);
    expect(condition()).toBe('explicitly-opened');
    const peerOpen = run('sg_zone', ['--open', `--zone=${z}`, '-vv', sg]);
    expect(peerOpen.status).toBe(0);
    expect(cdbIn(open.stderr, /OPEN ZONE/)).toBe(cdbIn(`${peerOpen.stdout}${peerOpen.stderr}`, /open zone/));
    expect(sgio('zone', sg, '--close', '--zone', String(z)).status).toBe(0);
    // an empty zone that is closed goes back to empty (ZBC); write a block so it stays closed
    writePattern(sg, z, randomBytes(512));
    expect(sgio('zone', sg, '--close', '--zone', String(z)).status).toBe(0);
    expect(condition()).toBe('closed');
    expect(sgio('zone', sg, '--finish', '--zone', String(z)).status).toBe(0);
    expect(condition()).toBe('full');
    const reset = sgio('zone', sg, '--reset', '--zone', String(z), '--json');
    expect(reset.status, reset.stderr).toBe(0);
    expect(JSON.parse(reset.stdout)).toMatchObject({ action: 'zone-reset', commands: [{ command: 'RESET WRITE POINTER', status: 'Good' }] });
    expect(condition()).toBe('empty');
    // not a zone start: the device answers ILLEGAL REQUEST (sgio exit 5); sg_zone fails too, with its own status (31 measured)
    const offStart = sgio('zone', sg, '--reset', '--zone', String(z + 1));
    expect(offStart.status, offStart.stderr).toBe(5);
    expect(offStart.stderr).toMatch(/Illegal Request/i);
    expect(run('sg_zone', ['--reset', `--zone=${z + 1}`, sg]).status).not.toBe(0);
    // --all: every written zone empty again
    expect(sgio('zone', sg, '--reset', '--all').status).toBe(0);
    expect(ours().zones.filter((x) => x.zoneTypeName !== 'conventional').every((x) => x.zoneConditionName === 'empty')).toBe(true);
    // nothing named: refused before any command
    expect(sgio('zone', sg, '--zone', String(z)).status).toBe(1);
  });

  it('zones on a disk that is not zoned ends with ILLEGAL REQUEST like sg_rep_zones', async () => {
    const plain = (await reloadScsiDebug('default'))[0]!.path;
    expect(sgio('zones', plain).status).toBe(run('sg_rep_zones', [plain]).status);
  });
});

describe("sync, verify, write-same and unmap on sgio's TypeScript TCMU disk (64 MiB, thin, served by sgio target)", () => {
  let served: ServedTcmuDisk | undefined;
  beforeAll(async () => {
    served = await serveTcmuDisk({ bin: SGIO_BIN, name: 'sgioctl', sizeMb: 64, extra: ['--thin'] });
    run('sg_turs', [served.path]); // the new LUN's power-on unit attention
  });
  afterAll(() => served?.tearDown());

  it('ends and writes like sg_sync, sg_verify, sg_write_same, sg_unmap and sg_rep_zones (one sgio process per subcommand: a Node start costs seconds in the guest)', () => {
    const sg = served!.path;
    expect([sgio('sync', sg).status, run('sg_sync', [sg]).status]).toEqual([0, 0]);
    // verify: equal data 0, a flipped bit 14, for both
    const data = randomBytes(512 * 64);
    writePattern(sg, 300, data);
    data[512 * 40] = data[512 * 40]! ^ 1;
    const bad = file('tcmu-bad.bin');
    writeFileSync(bad, data);
    expect(run('sg_verify', ['--lba=300', '--count=64', `--ndo=${data.length}`, `--in=${bad}`, sg]).status).toBe(14);
    expect(sgio('verify', sg, '--lba', '300', '--count', '64', '--in', bad).status).toBe(14);
    // write-same: sgio over 1000..1009, sg_write_same over 1020..1029, the random blocks between kept
    writePattern(sg, 1000, randomBytes(512 * 40));
    const block = Buffer.alloc(512, 0xab);
    block.write('sgio', 0);
    writeFileSync(file('tcmu-block.bin'), block);
    expect(sgio('write-same', sg, '--lba', '1000', '--num', '10', '--in', file('tcmu-block.bin')).status).toBe(0);
    expect(run('sg_write_same', ['--lba=1020', '--num=10', `--in=${file('tcmu-block.bin')}`, sg]).status).toBe(0);
    const same = readBackBytes(sg, 1000, 40);
    for (const first of [0, 20]) for (let i = first; i < first + 10; i++) expect(same.subarray(i * 512, (i + 1) * 512).equals(block)).toBe(true);
    expect(same.subarray(10 * 512, 11 * 512).equals(block)).toBe(false);
    // unmap: both deallocate, the disk reads zeros there, the block between keeps its data
    writePattern(sg, 2000, randomBytes(512 * 32));
    expect(sgio('unmap', sg, '--lba', '2000', '--num', '8').status).toBe(0);
    expect(run('sg_unmap', ['--force', '--lba=2016', '--num=8', sg]).status).toBe(0);
    const back = readBackBytes(sg, 2000, 32);
    const zero = (from: number): boolean => back.subarray(from * 512, (from + 8) * 512).every((b) => b === 0);
    expect([zero(0), zero(8), zero(16)]).toEqual([true, false, true]);
    // the disk is not zoned: zones ends like sg_rep_zones (the zoned cases need scsi_debug's zbc=managed above)
    const zones = sgio('zones', sg);
    expect(zones.status, zones.stderr).toBe(run('sg_rep_zones', [sg]).status);
    expect(zones.status).not.toBe(0);
  });
});
