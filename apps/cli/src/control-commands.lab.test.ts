/**
 * sync, verify, start, stop, write-same and unmap against sg_sync,
 * sg_verify, sg_start, sg_write_same and sg_unmap on the real sg driver:
 * same exit statuses (pinned where they are not 0), the same CDBs (from
 * sgio -v and the tools' -vv), and the effects checked by reading back with sg_dd.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadScsiDebug, requireLab } from '@sgio/lab';
import { run, sgio } from './test-support/run.js';

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
    expect(sgio('sync', sg).status).toBe(0);
    // the 16-byte CDB, byte for byte the one sg_sync --16 sends
    const sixteen = sgio('sync', sg, '--sixteen', '--lba', '10', '--count', '100', '-v');
    const peerSixteen = run('sg_sync', ['-vv', '--16', '--lba=10', '--count=100', sg]);
    expect([sixteen.status, peerSixteen.status]).toEqual([0, 0]);
    expect(cdbIn(sixteen.stderr, /SYNCHRONIZE CACHE\(16\)/)).toBe('9100000000000000000a000000640000');
    expect(cdbIn(`${peerSixteen.stdout}${peerSixteen.stderr}`, /Synchronize cache\(16\)/)).toBe('9100000000000000000a000000640000');
    const json = JSON.parse(sgio('sync', sg, '--json').stdout) as { commands: { command: string; cdb: string }[] };
    expect(json.commands[0]).toMatchObject({ command: 'SYNCHRONIZE CACHE(10)', cdb: '35 00 00 00 00 00 00 00 00 00' });
    // sg_sync reports a failed open as 50 + errno (52); sgio keeps sg_dd's file error (15) for every subcommand
    expect(run('sg_sync', ['/dev/sg99']).status).not.toBe(0);
    expect(sgio('sync', '/dev/sg99').status).toBe(15);
    const verbose = sgio('sync', sg, '-v');
    expect(verbose.stderr).toContain('SYNCHRONIZE CACHE(10) cdb: 35 00');
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
