/**
 * `sgio dd` against sg_dd on the real sg driver: every transfer mode reads
 * the same bytes sg_dd reads, for 512- and 4096-byte sectors; writes read
 * back equal through sg_dd; a file survives a device round trip; --verify
 * finds a miscompare; errors end with sg_dd's exit statuses; SIGINT stops a
 * copy cleanly and reports how far it got. The same reads and writes on LIO
 * and on sgio's own TCMU disk, whose backing file must hold what was written.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearFaults, firstDevice, injectFault, profiles, reloadScsiDebug, requireLab, ScsiDebugOpts, serveTcmuDisk, setScsiDebugParam, setScsiDebugTiming, setUpLio, tearDownLio, type ServedTcmuDisk } from '@sgio/lab';
import { BsgDevice, bsgPathFor } from '@sgio/core';
import { run, SGIO_BIN, sgio } from './test-support/run.js';

requireLab('The sgio dd lab test');

const dir = mkdtempSync(join(tmpdir(), 'sgio-dd-'));
const file = (name: string): string => join(dir, name);
/**
 * scsi_debug with delay=0 answers inside the submitting write(), so plain
 * `--qd 4` switches to SG_IO after its first queued commands (the copy
 * crosses the switch); `--always-queue` keeps the asynchronous interface
 * for the whole disk.
 */
// --no-io-uring: the sg driver's queue (and its switch to SG_IO), not the device's bsg node (tested below)
const MODES: readonly (readonly string[])[] = [[], ['--dio'], ['--mmap'], ['--qd', '4', '--no-io-uring'], ['--mmap', '--qd', '4', '--always-queue']];
/** With 4096-byte sectors: the plainest mode and the most involved one (the others differ from these only as they do at 512). */
const MODES_4K: readonly (readonly string[])[] = [[], ['--mmap', '--qd', '4']];
const ALLOW_DIO = '/proc/scsi/sg/allow_dio';

function same(a: string, b: string): boolean {
  return Buffer.compare(readFileSync(a), readFileSync(b)) === 0;
}

/** The whole-disk suites' disk: 16 MiB (every mode reads all of it, twice over; the guest's page faults are slow). */
const DISK_BYTES = 16 * 1024 * 1024;

/** Fills the whole disk with random data through sg_dd, so every comparison means something. */
function fillDisk(sg: string, bs: number): void {
  writeFileSync(file('random.bin'), randomBytes(DISK_BYTES));
  const r = run('sg_dd', [`if=${file('random.bin')}`, `of=${sg}`, `bs=${bs}`]);
  expect(r.status, r.stderr).toBe(0);
}

let dioBefore = '0';
beforeAll(() => {
  dioBefore = readFileSync(ALLOW_DIO, 'utf8').trim();
  writeFileSync(ALLOW_DIO, '1');
});

afterAll(async () => {
  writeFileSync(ALLOW_DIO, dioBefore);
  clearFaults();
  await reloadScsiDebug('default');
  rmSync(dir, { recursive: true, force: true });
});

describe.each([512, 4096])('sgio dd with %i-byte sectors', (bs) => {
  let sg = '';
  beforeAll(async () => {
    sg = (await reloadScsiDebug({ ...profiles[bs === 4096 ? '4k' : 'default'].scsiDebug, dev_size_mb: DISK_BYTES / (1024 * 1024) }))[0]!.path;
    fillDisk(sg, bs);
    expect(run('sg_dd', [`if=${sg}`, `of=${file(`ref-${bs}.bin`)}`, `bs=${bs}`]).status).toBe(0);
  });

  const modes = bs === 4096 ? MODES_4K : MODES;

  it.each(modes.map((m) => [m.join(' ') || 'indirect', m] as const))('reads the whole disk like sg_dd (%s)', (_name, mode) => {
    const out = file(`out-${bs}.bin`);
    rmSync(out, { force: true });
    const r = sgio('dd', `if=${sg}`, `of=${out}`, `bs=${bs}`, '--json', ...mode);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { recordsIn: number; recordsOut: number; bytes: number; mode: string; dioIncomplete: number; queueDepth: number; switchedToSgIo: string[] };
    expect(summary).toMatchObject({ recordsIn: DISK_BYTES / bs, recordsOut: DISK_BYTES / bs, bytes: DISK_BYTES });
    // a delay=0 disk answers inside each submit: queued reads go on with SG_IO unless told not to
    expect(summary.switchedToSgIo).toEqual(mode.includes('--qd') && !mode.includes('--always-queue') ? [sg] : []);
    expect(summary.mode).toBe(mode.includes('--mmap') ? 'mmap' : mode.includes('--dio') ? 'direct' : 'indirect');
    // `mode` is what was asked for; a silent fall-back from direct IO shows only in dioIncomplete
    expect(summary.dioIncomplete).toBe(0);
    expect(same(out, file(`ref-${bs}.bin`))).toBe(true);
    if (mode.includes('--dio')) {
      // the counter is live: with allow_dio=0 the driver copies, and every command is counted
      writeFileSync(ALLOW_DIO, '0');
      try {
        const off = sgio('dd', `if=${sg}`, 'of=/dev/null', `bs=${bs}`, 'count=1024', '--json', ...mode);
        expect(off.status, off.stderr).toBe(0);
        const s = JSON.parse(off.stdout) as { mode: string; dioIncomplete: number };
        expect(s.mode).toBe('direct');
        expect(s.dioIncomplete).toBeGreaterThan(0);
      } finally {
        writeFileSync(ALLOW_DIO, '1');
      }
    }
  });

  it.each(modes.map((m) => [m.join(' ') || 'indirect', m] as const))('writes what sg_dd reads back (%s)', (_name, mode) => {
    const blocks = 2000; // seek + blocks stays inside the 16 MiB disk at 4096-byte blocks too
    const pattern = file(`pattern-${bs}.bin`);
    writeFileSync(pattern, randomBytes(blocks * bs));
    const seek = 1234;
    const w = sgio('dd', `if=${pattern}`, `of=${sg}`, `seek=${seek}`, ...mode);
    expect(w.stderr).toContain(`${blocks}+0 records out`);
    expect(w.status, w.stderr).toBe(0);
    const back = file(`back-${bs}.bin`);
    rmSync(back, { force: true });
    expect(run('sg_dd', [`if=${sg}`, `of=${back}`, `bs=${bs}`, `skip=${seek}`, `count=${blocks}`]).status).toBe(0);
    expect(same(back, pattern)).toBe(true);
  });
});

/**
 * `sgio dd` against sg_dd on another target's unit `sg` of `mb` MiB of
 * `bs`-byte blocks, filled with random data first: whole reads in two modes equal
 * sg_dd's, writes read back equal through sg_dd (and, where the test can
 * see them, in the backing bytes), an out-of-range skip ends alike.
 */
function ddLikeSgDdOn(name: string, mb: number, bs: number, modes: readonly (readonly [string, readonly string[]])[], device: () => string, backing?: () => Buffer): void {
  const bytes = mb * 1024 * 1024;
  const blocks = bytes / bs;
  const ref = file(`${name}-ref.bin`);
  beforeAll(() => {
    writeFileSync(file(`${name}-random.bin`), randomBytes(bytes));
    expect(run('sg_dd', [`if=${file(`${name}-random.bin`)}`, `of=${device()}`, `bs=${bs}`]).status).toBe(0);
    expect(run('sg_dd', [`if=${device()}`, `of=${ref}`, `bs=${bs}`]).status).toBe(0);
  });

  it.each(modes)('reads the whole unit like sg_dd (%s) and writes what sg_dd reads back', (_name, mode) => {
    const sg = device();
    const out = file(`${name}-out.bin`);
    rmSync(out, { force: true });
    const r = sgio('dd', `if=${sg}`, `of=${out}`, `bs=${bs}`, '--json', ...mode);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ recordsIn: blocks, bytes });
    expect(same(out, ref)).toBe(true);
    if (backing) expect(Buffer.compare(backing(), readFileSync(ref))).toBe(0);
    const pattern = file(`${name}-pattern.bin`);
    rmSync(ref, { force: true }); // the write below changes the unit: read the reference again afterwards
    writeFileSync(pattern, randomBytes(300 * bs));
    const w = sgio('dd', `if=${pattern}`, `of=${sg}`, 'seek=1000', ...mode);
    expect(w.status, w.stderr).toBe(0);
    expect(run('sg_dd', [`if=${sg}`, `of=${file(`${name}-back.bin`)}`, `bs=${bs}`, 'skip=1000', 'count=300']).status).toBe(0);
    expect(same(file(`${name}-back.bin`), pattern)).toBe(true);
    if (backing) expect(Buffer.compare(backing().subarray(1000 * bs, 1300 * bs), readFileSync(pattern))).toBe(0);
    expect(run('sg_dd', [`if=${sg}`, `of=${ref}`, `bs=${bs}`]).status).toBe(0);
  });

  it("an out-of-range skip ends with sg_dd's status", () => {
    const args = [`if=${device()}`, 'of=/dev/null', `bs=${bs}`, `skip=${blocks - 96}`, 'count=200'];
    const peer = run('sg_dd', args);
    expect(peer.status).toBe(22);
    expect(sgio('dd', ...args).status).toBe(peer.status);
  });
}

describe('sgio dd on LIO (a 16 MiB fileio logical unit of 4096-byte blocks)', () => {
  let sg = '';
  beforeAll(async () => {
    sg = (await setUpLio({ initiators: 1, blockSize: 4096, sizeMb: 16 }))[0]!.path;
    run('sg_turs', [sg]); // the new nexus' power-on unit attention
  });
  afterAll(() => tearDownLio());
  ddLikeSgDdOn('lio', 16, 4096, [['indirect', []], ['mmap, queued', ['--mmap', '--qd', '4']]], () => sg);
});

describe("sgio dd on sgio's TypeScript TCMU disk (4 MiB of 512-byte blocks in a file, served by sgio target)", () => {
  const backingFile = file('tcmu-backing.img');
  let served: ServedTcmuDisk | undefined;
  beforeAll(async () => {
    served = await serveTcmuDisk({ bin: SGIO_BIN, name: 'sgiodd', sizeMb: 4, file: backingFile });
    run('sg_turs', [served.path]); // the new LUN's power-on unit attention
  });
  afterAll(() => served?.tearDown());
  // queued without mmap: the target's side of queued commands is the same, and mmap's sg side is LIO's case above (a TCMU command costs milliseconds in the guest)
  ddLikeSgDdOn('tcmu', 4, 512, [['indirect', []], ['queued', ['--qd', '4']]], () => served!.path, () => readFileSync(backingFile));
});

describe('sgio dd round trips, verify and errors (512-byte sectors)', () => {
  let sg = '';
  beforeAll(async () => {
    await reloadScsiDebug('default');
    sg = firstDevice().path;
  });

  it('carries a file to the device and back unchanged, sg to sg included', () => {
    const original = file('orig.bin');
    writeFileSync(original, randomBytes(5 * 1024 * 1024 + 300));
    // 10240 whole blocks and one partial (300 bytes): dd's records count it as +1
    const w = sgio('dd', `if=${original}`, `of=${sg}`, 'seek=20000', '--mmap');
    expect(w.stderr).toContain('10240+1 records in');
    expect(w.status, w.stderr).toBe(0);
    const copy = file('copy.bin');
    rmSync(copy, { force: true });
    expect(sgio('dd', `if=${sg}`, `of=${copy}`, 'skip=20000', 'count=10241', '--qd', '4').status).toBe(0);
    const back = readFileSync(copy);
    expect(back.length).toBe(10241 * 512);
    expect(Buffer.compare(back.subarray(0, 5 * 1024 * 1024 + 300), readFileSync(original))).toBe(0);
    expect(back.subarray(5 * 1024 * 1024 + 300).every((b) => b === 0)).toBe(true);
    // device to device (same disk, another place), then through stdout
    expect(sgio('dd', `if=${sg}`, `of=${sg}`, 'skip=20000', 'seek=60000', 'count=10241', '--mmap', '--qd', '4').status).toBe(0);
    const piped = sgio('dd', `if=${sg}`, 'of=-', 'skip=60000', 'count=10241', '--qd', '3');
    expect(piped.status).toBe(0);
    const viaSgDd = run('sg_dd', [`if=${sg}`, 'of=-', 'bs=512', 'skip=60000', 'count=10241']);
    expect(piped.stdout === viaSgDd.stdout).toBe(true);
  });

  it('--verify passes on equal data and ends with 14 on a miscompare, like sg_dd --verify', () => {
    const pattern = file('verify.bin');
    const bytes = randomBytes(512 * 500);
    writeFileSync(pattern, bytes);
    expect(sgio('dd', `if=${pattern}`, `of=${sg}`, 'seek=5000').status).toBe(0);
    const ok = sgio('dd', `if=${pattern}`, `of=${sg}`, 'seek=5000', '--verify');
    expect(ok.stderr).toContain('500+0 records verified');
    expect(ok.status, ok.stderr).toBe(0);
    bytes[512 * 300 + 7] = bytes[512 * 300 + 7]! ^ 0xff;
    writeFileSync(pattern, bytes);
    const bad = sgio('dd', `if=${pattern}`, `of=${sg}`, 'seek=5000', '--verify');
    const peer = run('sg_dd', [`if=${pattern}`, `of=${sg}`, 'bs=512', 'seek=5000', '--verify']);
    expect(peer.status).toBe(14);
    expect(bad.status, bad.stderr).toBe(14);
    expect(bad.stderr).toContain('1 miscompare error(s)');
    // against a file: read back and compare
    const disk = file('disk-part.bin');
    rmSync(disk, { force: true });
    expect(sgio('dd', `if=${sg}`, `of=${disk}`, 'skip=5000', 'count=500').status).toBe(0);
    const fileBad = sgio('dd', `if=${pattern}`, `of=${disk}`, '--verify');
    expect(fileBad.status).toBe(14);
    expect(fileBad.stderr).toContain(`byte ${512 * 300 + 7}`);
  });

  it('--qd keeps queueing on a device that takes time, and reads what sg_dd reads', async () => {
    const args = [`if=${sg}`, 'bs=512', 'skip=3000', 'count=4096', 'bpt=16'];
    const ref = file('delayed-ref.bin');
    const out = file('delayed-out.bin');
    rmSync(out, { force: true });
    expect(run('sg_dd', [...args, `of=${ref}`]).status).toBe(0);
    // 100 us a command: answered by scsi_debug's timer, after write() has returned
    await setScsiDebugTiming('ndelay', 100_000);
    let r;
    try {
      r = sgio('dd', ...args, `of=${out}`, '--mmap', '--qd', '4', '--time', '--json');
    } finally {
      await setScsiDebugTiming('ndelay', 0); // this puts the jiffy delay back to 1
      await setScsiDebugTiming('delay', 0);
    }
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ recordsIn: 4096, queueDepth: 4, switchedToSgIo: [] });
    expect(same(out, ref)).toBe(true);
    // and on the same disk without a delay it switches, and says so with --time
    const fast = sgio('dd', ...args, 'of=/dev/null', '--mmap', '--qd', '4', '--time');
    expect(fast.status, fast.stderr).toBe(0);
    expect(fast.stderr).toContain(`>> ${sg} answered each queued command inside its submit: the rest went through SG_IO`);
  });

  it('fails like sg_dd: out-of-range skip, medium error, wrong bs, missing input', () => {
    const args = [`if=${sg}`, 'of=/dev/null', 'bs=512', 'skip=131000', 'count=1000'];
    const peer = run('sg_dd', args);
    const mine = sgio('dd', ...args);
    expect(peer.status).toBe(22);
    expect(mine.status).toBe(peer.status);
    expect(mine.stderr).toContain('0+0 records in');

    injectFault({ everyNth: 1, opts: ScsiDebugOpts.medium });
    try {
      const medium = [`if=${sg}`, 'of=/dev/null', 'bs=512', 'skip=4600', 'count=100'];
      const peerMedium = run('sg_dd', medium);
      const mineMedium = sgio('dd', ...medium);
      expect(peerMedium.status).toBe(3);
      expect(mineMedium.status, mineMedium.stderr).toBe(3);
      expect(mineMedium.stderr).toMatch(/Medium Error|MEDIUM ERROR/i);
    } finally {
      clearFaults();
    }

    const wrongBs = sgio('dd', `if=${sg}`, 'of=/dev/null', 'bs=4096');
    expect(wrongBs.status).toBe(1);
    expect(wrongBs.stderr).toContain('device claims=512');
    const missing = [`if=${file('nonexistent')}`, 'of=/dev/null', 'bs=512'];
    expect(sgio('dd', ...missing).status).toBe(run('sg_dd', missing).status);
  });

  it('writes, reads and verifies through the bsg node (SG_IO at --qd 1, io_uring where the kernel has it at --qd 4) what sg_dd finds through the sg node', async () => {
    const bsg = bsgPathFor(sg);
    const probe = await BsgDevice.open(bsg, { readOnly: true });
    const queued = probe.transport.capabilities.kind === 'bsg-uring' ? 'io_uring' : 'bsg';
    await probe.close();
    // 3000 whole blocks and a partial one (100 bytes): it goes out zero-padded, as through the sg node
    const bytes = randomBytes(512 * 3000 + 100);
    const pattern = file('bsg-pattern.bin');
    writeFileSync(pattern, bytes);
    const padded = Buffer.concat([bytes, Buffer.alloc(412)]);
    for (const [qd, seek] of [['1', 100000], ['4', 104000]] as const) {
      const mode = qd === '1' ? 'bsg' : queued;
      const w = sgio('dd', `if=${pattern}`, `of=${bsg}`, `seek=${seek}`, 'bpt=16', '--qd', qd, '--json');
      expect(w.status, w.stderr).toBe(0);
      expect(JSON.parse(w.stdout)).toMatchObject({ recordsIn: 3000, recordsInPartial: 1, recordsOut: 3000, recordsOutPartial: 1, queueDepth: Number(qd), mode, transfers: 188 });
      // what sg_dd reads through the sg node
      const back = file(`bsg-back-${qd}.bin`);
      rmSync(back, { force: true });
      expect(run('sg_dd', [`if=${sg}`, `of=${back}`, 'bs=512', `skip=${seek}`, 'count=3001']).status).toBe(0);
      expect(Buffer.compare(readFileSync(back), padded)).toBe(0);
      // read through the bsg node: the same bytes
      const read = file(`bsg-read-${qd}.bin`);
      rmSync(read, { force: true });
      const r = sgio('dd', `if=${bsg}`, `of=${read}`, `skip=${seek}`, 'count=3001', 'bpt=64', '--qd', qd, '--json');
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ recordsIn: 3001, mode });
      expect(same(read, back)).toBe(true);
      const v = sgio('dd', `if=${pattern}`, `of=${bsg}`, `seek=${seek}`, '--qd', qd, '--verify');
      expect(v.status, v.stderr).toBe(0);
      expect(v.stderr).toContain('3000+1 records verified');
    }
  });

  it('at --qd 4 an sg node goes through its bsg node where the kernel takes io_uring (--no-io-uring keeps the sg queue): the bytes sg_dd finds', async () => {
    const probe = await BsgDevice.open(bsgPathFor(sg), { readOnly: true });
    const uring = probe.transport.capabilities.kind === 'bsg-uring';
    await probe.close();
    const bytes = randomBytes(512 * 2048);
    const pattern = file('sg-uring-pattern.bin');
    writeFileSync(pattern, bytes);
    const w = sgio('dd', `if=${pattern}`, `of=${sg}`, 'seek=110000', 'bpt=16', '--qd', '4', '--json');
    expect(w.status, w.stderr).toBe(0);
    expect(JSON.parse(w.stdout)).toMatchObject({ recordsOut: 2048, queueDepth: 4, mode: uring ? 'io_uring' : 'indirect' });
    const back = file('sg-uring-back.bin');
    rmSync(back, { force: true });
    expect(run('sg_dd', [`if=${sg}`, `of=${back}`, 'bs=512', 'skip=110000', 'count=2048']).status).toBe(0);
    expect(Buffer.compare(readFileSync(back), bytes)).toBe(0);
    const read = file('sg-uring-read.bin');
    for (const extra of [[], ['--no-io-uring']]) {
      rmSync(read, { force: true });
      const r = sgio('dd', `if=${sg}`, `of=${read}`, 'skip=110000', 'count=2048', 'bpt=64', '--qd', '4', '--json', ...extra);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ recordsIn: 2048, mode: uring && extra.length === 0 ? 'io_uring' : 'indirect' });
      expect(same(read, back)).toBe(true);
    }
    const v = sgio('dd', `if=${pattern}`, `of=${sg}`, 'seek=110000', '--qd', '4', '--verify', '--json');
    expect(v.status, v.stderr).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ verify: true, mode: uring ? 'io_uring' : 'indirect' });
    // a bsg node that does not open (here: moved away; for a user without root, its permissions) leaves the sg queue
    const node = bsgPathFor(sg);
    const aside = `${node}.aside`;
    renameSync(node, aside);
    try {
      rmSync(read, { force: true });
      const fallback = sgio('dd', `if=${sg}`, `of=${read}`, 'skip=110000', 'count=2048', '--qd', '4', '--json');
      expect(fallback.status, fallback.stderr).toBe(0);
      expect(JSON.parse(fallback.stdout)).toMatchObject({ recordsIn: 2048, mode: 'indirect' });
      expect(same(read, back)).toBe(true);
    } finally {
      renameSync(aside, node);
    }
  });

  it("refuses --mmap and --dio on a bsg node and names the device's sg node", () => {
    const bsg = bsgPathFor(sg);
    for (const option of ['--mmap', '--dio']) {
      const r = sgio('dd', `if=${bsg}`, 'of=/dev/null', 'count=8', option);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toContain(`use ${sg}, the same device,`);
      expect(r.stderr).not.toContain('records in');
    }
    // nor with an sg node at the other end: bsg cannot move data in or out of the sg node's mapping (EFAULT)
    for (const [input, output] of [[bsg, sg], [sg, bsg]]) {
      const r = sgio('dd', `if=${input}`, `of=${output}`, 'skip=100000', 'seek=110000', 'count=64', '--mmap');
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toContain(`--mmap: ${bsg} is a bsg node`);
      expect(r.stderr).not.toContain('records in');
    }
    // without --mmap the two nodes copy to each other
    const both = sgio('dd', `if=${bsg}`, `of=${sg}`, 'skip=100000', 'seek=110000', 'count=64', '--json');
    expect(both.status, both.stderr).toBe(0);
    expect(JSON.parse(both.stdout)).toMatchObject({ recordsOut: 64, mode: 'bsg+indirect' });
  });

  it('stops on SIGINT, reports the records so far and dies by the signal like sg_dd', async () => {
    // The signal goes when the copy has started: after a delay for sg_dd (C starts at once), and for
    // sgio when -v has printed the first CDB (its SIGINT handler is in place by then), not after a guessed start-up time.
    const interrupt = (cmd: string, args: string[], when: number | RegExp): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> =>
      new Promise((resolve) => {
        const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        let sent = false;
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (typeof when !== 'number' && !sent && when.test(stderr)) {
            sent = true;
            setTimeout(() => child.kill('SIGINT'), 50);
          }
        });
        if (typeof when === 'number') setTimeout(() => child.kill('SIGINT'), when);
        child.on('close', (code, signal) => resolve({ code, signal, stderr }));
      });
    const args = [`if=${sg}`, 'of=/dev/null', 'bs=512', 'bpt=1'];
    // 200 us a command: the whole disk (131,072 commands) takes far longer than the wait before the signal
    setScsiDebugParam('ndelay', 200_000);
    let peer, mine;
    try {
      peer = await interrupt('sg_dd', args, 300);
      // the first READ's trace line: the copy has started (READ CAPACITY at open is traced too)
      mine = await interrupt(process.execPath, [SGIO_BIN, 'dd', ...args, '-v'], /READ\(1[06]\) cdb: /);
    } finally {
      setScsiDebugParam('ndelay', 0); // this puts the jiffy delay back to 1
      setScsiDebugParam('delay', 0);
    }
    expect(peer.signal, JSON.stringify(peer)).toBe('SIGINT');
    expect(mine.signal, mine.stderr).toBe(peer.signal);
    expect(mine.stderr).toMatch(/Interrupted by signal,\s+remaining block count=\d+/);
    const m = /(\d+)\+0 records in\n(\d+)\+0 records out/.exec(mine.stderr);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(Number(m![1])).toBeLessThan(131072);
    expect(m![2]).toBe(m![1]);
  });
});
