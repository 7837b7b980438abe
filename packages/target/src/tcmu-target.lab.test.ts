/**
 * The TypeScript SCSI device in the real kernel: a TCMU backstore served by
 * TcmuTarget + ScsiDisk in this process, exported through tcm_loop, checked
 * with sg3_utils, smartctl, sgio's CLI and core as the initiators, and
 * with sd_mod, ext4 and e2fsck on top.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckConditionError, ScsiStatusError, SgDevice, TaskAbortedError } from '@sgio/core';
import { createTcmuBackstore, exportTcmuBackstore, jsonLeaves, mustRunPeer, requireLab, runPeer, SMARTCTL_METADATA, TCMU_SECOND_TEST_PORTS, tearDownTcmu, unexportTcmu, type LabDevice, type LabTcmuBackstore } from '@sgio/lab';
import { cdbUsageData, compareAndWrite, SenseKey, testUnitReady } from '@sgio/struct';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sense } from './scsi/response.js';
import { ScsiDisk } from './scsi/scsi-disk.js';
import { MemoryStore } from './store/memory-store.js';
import { TcmuTarget } from './tcmu-target.js';

const SIZE_MB = 32;
/** The sgio command (built), run as a child process like the sg3_utils tools. */
const SGIO = fileURLToPath(new URL('../../../apps/cli/dist/bin.cjs', import.meta.url));
const BLOCK = 512;
/** Seconds the kernel lets a command wait unanswered in the ring (its default is 30): the dropped-command case waits this long. */
const CMD_TIME_OUT_S = 5;

describe('TCMU: a SCSI disk served by TypeScript', () => {
  let store: MemoryStore;
  let disk: ScsiDisk;
  let target: TcmuTarget;
  let dev: LabDevice;
  let uio: string;
  let backstore: LabTcmuBackstore;
  let work: string;
  const errors: Error[] = [];

  beforeAll(async () => {
    requireLab();
    work = mkdtempSync(join(tmpdir(), 'sgio-tcmu-'));
    backstore = await createTcmuBackstore({ name: 'sgio0', sizeMb: SIZE_MB, cmdTimeOutS: CMD_TIME_OUT_S });
    store = new MemoryStore(SIZE_MB * 1024 * 1024);
    disk = new ScsiDisk({ store, thin: true, identity: { serial: 'SGIOTCMU0001' } });
    uio = backstore.uio;
    target = TcmuTarget.open(uio, disk, { onError: (e) => errors.push(e) });
    dev = await exportTcmuBackstore(backstore);
  }, 60_000);

  afterAll(async () => {
    await unexportTcmu().catch(() => undefined);
    await target?.close();
    await tearDownTcmu();
    rmSync(work, { recursive: true, force: true });
    expect(target?.failure).toBeUndefined();
    expect(errors).toEqual([]);
  }, 60_000);

  it('sg_inq, sg_vpd and sg_readcap see the TypeScript device', async () => {
    const inq = await runPeer('sg_inq', [dev.path]);
    expect(inq.status).toBe(0);
    expect(inq.out).toMatch(/Vendor identification: SGIO/);
    expect(inq.out).toMatch(/Product identification: TS TCMU DISK/);
    const sn = await runPeer('sg_vpd', ['-p', 'sn', dev.path]);
    expect(sn.out).toMatch(/SGIOTCMU0001/);
    const pages = await runPeer('sg_vpd', [dev.path]);
    for (const name of ['Block limits', 'Block device characteristics', 'Logical block provisioning', 'Device identification']) {
      expect(pages.out).toContain(name);
    }
    const bl = await runPeer('sg_vpd', ['-p', 'bl', dev.path]);
    expect(bl.status).toBe(0);
    expect(bl.out).toMatch(/Maximum transfer length: 128/);
    const lbp = await runPeer('sg_vpd', ['-p', 'lbpv', dev.path]);
    expect(lbp.out).toMatch(/Unmap command supported \(LBPU\): 1/);
    const cap = await runPeer('sg_readcap', ['-l', dev.path]);
    expect(cap.status).toBe(0);
    expect(cap.out).toContain(`Last LBA=${(SIZE_MB * 1024 * 1024) / BLOCK - 1}`);
    expect(cap.out).toMatch(/Logical block length=512 bytes/);
  });

  it('sg_dd writes land in the backing store and read back equal', async () => {
    const data = randomBytes(1 << 20);
    const src = join(work, 'src.bin');
    const back = join(work, 'back.bin');
    writeFileSync(src, data);
    const w = await runPeer('sg_dd', [`if=${src}`, `of=${dev.path}`, `bs=${BLOCK}`, 'seek=1000', 'bpt=128']);
    expect(w.status, w.out).toBe(0);
    expect(Buffer.from(store.read(1000 * BLOCK, data.length)).equals(data)).toBe(true);
    const r = await runPeer('sg_dd', [`if=${dev.path}`, `of=${back}`, `bs=${BLOCK}`, 'skip=1000', `count=${data.length / BLOCK}`, 'bpt=128']);
    expect(r.status, r.out).toBe(0);
    expect(readFileSync(back).equals(data)).toBe(true);
  });

  it('sg_unmap deallocates: sg_get_lba_status says so, the blocks read zeros and the store no longer holds them', async () => {
    // the memory store allocates in 1 MiB chunks: LBA 4096..6143 is the third, written whole, then unmapped whole
    const lba = 4096;
    const blocks = 2048;
    const src = join(work, 'unmap.bin');
    writeFileSync(src, randomBytes(blocks * BLOCK));
    expect((await runPeer('sg_dd', [`if=${src}`, `of=${dev.path}`, `bs=${BLOCK}`, `seek=${lba}`, 'bpt=128'])).status).toBe(0);
    const status = async (at: number): Promise<string> => (await mustRunPeer('sg_get_lba_status', ['--lba', String(at), '-bb', dev.path])).trim();
    expect(await status(lba)).toBe('0'); // mapped
    // --force: without it sg_unmap waits 15 s for a change of mind
    const unmap = await runPeer('sg_unmap', ['--force', `--lba=${lba}`, `--num=${blocks}`, dev.path]);
    expect(unmap.status, unmap.out).toBe(0);
    expect(await status(lba)).toBe('1'); // deallocated
    expect(store.allocation(lba * BLOCK, blocks * BLOCK)).toEqual({ allocated: false, length: blocks * BLOCK });
    const back = join(work, 'unmap-back.bin');
    expect((await runPeer('sg_dd', [`if=${dev.path}`, `of=${back}`, `bs=${BLOCK}`, `skip=${lba}`, `count=${blocks}`, 'bpt=128'])).status).toBe(0);
    expect(readFileSync(back).equals(Buffer.alloc(blocks * BLOCK))).toBe(true);
  });

  it('an injected delay is what sg_dd measures: a READ held 700 ms takes at least that, the next one does not', async () => {
    const held = disk.faults.add({ commands: ['read10', 'read16'], lbas: { first: 6000, count: 1 }, delayMs: 700, times: 1 });
    try {
      const seconds = async (): Promise<number> => {
        const r = await runPeer('sg_dd', [`if=${dev.path}`, 'of=/dev/null', `bs=${BLOCK}`, 'skip=6000', 'count=1', 'time=1']);
        expect(r.status, r.out).toBe(0);
        return Number(/time to transfer data(?: was|:)\s*([\d.]+)\s*secs/.exec(r.out)![1]);
      };
      expect(await seconds()).toBeGreaterThanOrEqual(0.69);
      expect(await seconds()).toBeLessThan(0.5);
    } finally {
      held.remove();
    }
  });

  it('smartctl -a -j and sgio health --json agree on every key smartctl reports for the TypeScript disk, but the temperatures smartctl invents', async () => {
    // smartctl's exit status has bits for the commands the device refused: its JSON is what counts
    const theirs = jsonLeaves(JSON.parse((await runPeer('smartctl', ['-a', '-j', dev.path])).stdout), SMARTCTL_METADATA);
    const ours = await runPeer(process.execPath, [SGIO, 'health', dev.path, '--json']);
    expect(ours.stderr).toBe('');
    const mine = JSON.parse(ours.stdout) as { sgio: { unsupported: { fact: string }[] } };
    const have = jsonLeaves(mine);
    // The disk's only log pages are the supported list and Self-Test Results: smartctl 7.3 starts both temperatures
    // at 0 in scsiCheckIE and, with neither the Temperature nor the Informational Exceptions log page to replace them,
    // prints 0 °C; sgio says it has none. The self-test log is empty, so neither prints a self-test key.
    const invented = ['temperature.current', 'scsi_temperature.drive_trip'];
    for (const k of invented) expect({ key: k, smartctl: theirs.get(k), sgio: have.get(k) }).toEqual({ key: k, smartctl: 0, sgio: undefined });
    expect(mine.sgio.unsupported.map((g) => g.fact)).toContain('temperature');
    const keys = [...theirs.keys()].filter((k) => !invented.includes(k)).sort();
    for (const k of keys) expect({ key: k, value: have.get(k) }).toEqual({ key: k, value: theirs.get(k) });
    console.log(`health of the TCMU disk: ${keys.length} keys equal to smartctl's: ${keys.join(', ')}`);
    expect(theirs.get('scsi_vendor')).toBe('SGIO');
    expect(theirs.get('serial_number')).toBe('SGIOTCMU0001');
    expect(theirs.get('user_capacity.blocks')).toBe((SIZE_MB * 1024 * 1024) / BLOCK);
  });

  it('an injected medium error is a typed CheckConditionError in core and exit status 3 in sg_dd', async () => {
    const fault = disk.faults.add({ commands: ['read10', 'read16'], lbas: { first: 5000, count: 8 }, sense: Sense.UNRECOVERED_READ_ERROR });
    try {
      const sg = await SgDevice.open(dev.path);
      try {
        const e = await sg.readBlocks(4996, 16).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(CheckConditionError);
        const c = e as CheckConditionError;
        expect(c.senseKey).toBe(SenseKey.MEDIUM_ERROR);
        expect([c.asc, c.ascq]).toEqual([0x11, 0x00]);
        expect(c.sense.information).toBe(5000n);
        expect((await sg.readBlocks(4900, 16)).length).toBe(16 * BLOCK);
      } finally {
        await sg.close();
      }
      const dd = await runPeer('sg_dd', [`if=${dev.path}`, 'of=/dev/null', `bs=${BLOCK}`, 'skip=4990', 'count=32']);
      expect(dd.status, dd.out).toBe(3);
      expect(fault.hits).toBeGreaterThanOrEqual(2);
    } finally {
      fault.remove();
    }
  });

  it('COMPARE AND WRITE: sg_compare_and_write and sgio write only over the expected data; a miscompare is 14 for both and writes nothing', async () => {
    const lba = 7000;
    const old = randomBytes(2 * BLOCK);
    store.write(lba * BLOCK, old);
    const next = randomBytes(2 * BLOCK);
    const both = join(work, 'caw.bin');
    writeFileSync(both, Buffer.concat([old, next]));
    const theirs = await runPeer('sg_compare_and_write', [`--in=${both}`, `--lba=${lba}`, '--num=2', dev.path]);
    expect(theirs.status, theirs.out).toBe(0);
    expect(Buffer.from(store.read(lba * BLOCK, 2 * BLOCK)).equals(next)).toBe(true);
    // the same file again: the blocks no longer hold `old`, so both tools miscompare and nothing changes
    expect((await runPeer('sg_compare_and_write', [`--in=${both}`, `--lba=${lba}`, '--num=2', dev.path])).status).toBe(14);
    const mine = await runPeer(process.execPath, [SGIO, 'compare-and-write', dev.path, '--lba', String(lba), '--num', '2', '--in', both]);
    expect(mine.status, mine.out).toBe(14);
    expect(mine.out).toMatch(/miscompare/i);
    expect(Buffer.from(store.read(lba * BLOCK, 2 * BLOCK)).equals(next)).toBe(true);
    writeFileSync(both, Buffer.concat([next, old]));
    const back = await runPeer(process.execPath, [SGIO, 'compare-and-write', dev.path, '--lba', String(lba), '--num', '2', '--in', both]);
    expect(back.status, back.out).toBe(0);
    expect(Buffer.from(store.read(lba * BLOCK, 2 * BLOCK)).equals(old)).toBe(true);
  });

  it('REPORT SUPPORTED OPERATION CODES: sg_opcodes and sgio opcodes list the commands the disk answers, and COMPARE AND WRITE\'s usage data', async () => {
    const theirs = await runPeer('sg_opcodes', [dev.path]);
    expect(theirs.status, theirs.out).toBe(0);
    // sg_opcodes' list lines: " OP  [SA]  CDB-size  RWCDLP,CDLP  Name"
    const key = (opcode: number, sa: number | null | undefined): string => `${opcode.toString(16).padStart(2, '0')}${sa === null || sa === undefined ? '' : `,${sa}`}`;
    const listed = [...theirs.out.matchAll(/^ ([0-9a-f]{2})\s+([0-9a-f]*)\s+(\d+)\s+\d,\d\s/gm)].map((m) => key(parseInt(m[1]!, 16), m[2] ? parseInt(m[2], 16) : null));
    const mine = await runPeer(process.execPath, [SGIO, 'opcodes', dev.path, '--json']);
    expect(mine.status, mine.out).toBe(0);
    const ours = (JSON.parse(mine.out) as { commands: { opcode: number; serviceAction: number | null }[] }).commands.map((c) => key(c.opcode, c.serviceAction));
    const expected = disk.supportedCommands().map((c) => key(c.opcode, 'kind' in c ? c.serviceAction : undefined));
    expect(listed.sort()).toEqual([...expected].sort());
    expect(ours.sort()).toEqual([...expected].sort());
    const one = await runPeer('sg_opcodes', ['--opcode=0x89', dev.path]);
    expect(one.status, one.out).toBe(0);
    // the usage data is the definition's field table read as a bit mask (struct's cdbUsageData)
    const usage = [...cdbUsageData(compareAndWrite)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    expect(one.out.toLowerCase().replace(/\s+/g, ' ')).toContain(usage);
  });

  it('a unit attention on demand reaches the initiator once', async () => {
    disk.faults.unitAttention(Sense.CAPACITY_CHANGED);
    const tur = await runPeer('sg_turs', [dev.path]);
    expect(tur.status).toBe(6); // SG_LIB_CAT_UNIT_ATTENTION
    expect((await runPeer('sg_turs', [dev.path])).status).toBe(0);
  });

  // Measured: the SCSI midlayer requeues a passthrough command that gets BUSY
  // or TASK SET FULL until the command's timeout has passed; only then does
  // the status reach the initiator (sg_turs, with sg's 60 s, took 60.2 s and
  // ~1,570 tries, exit 26 and 27). So the tools get short timeouts here.
  it.each([
    ['BUSY', 0x08, 26],
    ['TASK SET FULL', 0x28, 27],
  ])('status %s (%i): the kernel retries it below sg until the timeout; then ScsiStatusError in core, exit %i from sgio turs as from sg_turs, and sg_raw\'s 99 named', async (name, status, sgLibCategory) => {
    const sg = await SgDevice.open(dev.path);
    try {
      // a few: the kernel's requeue absorbs them, the initiator sees GOOD
      const few = disk.faults.add({ commands: ['testUnitReady'], status, times: 3 });
      try {
        expect((await sg.execute(testUnitReady, {})).status).toBe(0);
        expect(few.hits).toBe(3);
      } finally {
        few.remove();
      }
      const always = disk.faults.add({ commands: ['testUnitReady'], status });
      try {
        const t0 = performance.now();
        const e = await sg.execute(testUnitReady, {}, { timeout: 1000 }).catch((x: unknown) => x);
        expect(e, name).toBeInstanceOf(ScsiStatusError);
        expect((e as ScsiStatusError).status).toBe(status);
        expect(performance.now() - t0).toBeGreaterThanOrEqual(950);
        expect(always.hits).toBeGreaterThan(3);
        // sg_turs (no timeout option: 60 s per run, measured once, see above) exits with
        // SG_LIB_CAT_BUSY (26) or SG_LIB_CAT_TS_FULL (27); sgio turs says the same
        const turs = await runPeer(process.execPath, [SGIO, 'turs', '--timeout', '1', dev.path]);
        expect(turs.status, turs.out).toBe(sgLibCategory);
        // a known difference: sg_raw has no category for a status without sense and exits 99
        // ("unknown pass through result category"); sgio raw keeps the category sg_turs uses
        const theirs = await runPeer('sg_raw', ['-t', '1', dev.path, '00', '00', '00', '00', '00', '00']);
        const ours = await runPeer(process.execPath, [SGIO, 'raw', '--timeout', '1', dev.path, '00', '00', '00', '00', '00', '00']);
        expect(theirs.status, theirs.out).toBe(99);
        expect(theirs.out).toMatch(/unknown pass through result category/);
        expect(ours.status, ours.out).toBe(sgLibCategory);
      } finally {
        always.remove();
      }
    } finally {
      await sg.close();
    }
  }, 60_000);

  // LIO's logical units have TAS set (emulate_tas = 1): a LOGICAL UNIT RESET ends the
  // other nexuses' commands with status TASK ABORTED. Measured (2026-12-02): the reset
  // waits until the handler has answered the held commands; the resetting nexus's own
  // command is not reported aborted but completes with its data (tcm_loop hands it back
  // as it ended), and both nexuses then see the reset's unit attention once.
  it("a LOGICAL UNIT RESET from one initiator (sgio reset --device): the other initiator's READs in flight end TASK ABORTED, a TaskAbortedError in core, exit 99 from sg_dd and 29 from sgio dd; the resetting initiator's own READ completes with its data; each sees the reset once, then the disk answers", async () => {
    const lba = 7600;
    const pattern = randomBytes(BLOCK);
    store.write(lba * BLOCK, pattern);
    const other = await exportTcmuBackstore(backstore, 30_000, TCMU_SECOND_TEST_PORTS);
    const a = await SgDevice.open(dev.path);
    const b = await SgDevice.open(other.path);
    const held = disk.faults.add({ commands: ['read10', 'read16'], lbas: { first: lba }, delayMs: 2500, times: 4 });
    try {
      // the new nexus's power-on unit attention, unless sd (with --block) took it in its scan
      for (let i = 0; i < 3 && (await runPeer('sg_turs', [other.path])).status !== 0; i++);
      expect((await runPeer('sg_turs', [other.path])).status).toBe(0);
      const ownRead = a.readBlocks(lba, 1, { blockSize: BLOCK });
      const otherRead = b.readBlocks(lba, 1, { blockSize: BLOCK }).catch((x: unknown) => x);
      const peer = runPeer('sg_dd', [`if=${other.path}`, 'of=/dev/null', `bs=${BLOCK}`, `skip=${lba}`, 'count=1', 'verbose=2']); // verbose=2: it names the status
      const ours = runPeer(process.execPath, [SGIO, 'dd', `if=${other.path}`, 'of=/dev/null', `bs=${BLOCK}`, `skip=${lba}`, 'count=1']);
      const until = Date.now() + 20_000;
      while (held.hits < 4 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(held.hits, 'all four READs reached the disk before the reset').toBe(4);
      const reset = await runPeer(process.execPath, [SGIO, 'reset', dev.path, '--device', '--confirm', 'SGIOTCMU0001']);
      expect(reset.status, reset.out).toBe(0);
      const e = await otherRead;
      expect(e).toBeInstanceOf(TaskAbortedError);
      expect(e).toMatchObject({ code: 'ERR_SCSI_TASK_ABORTED', status: 0x40 });
      const theirs = await peer;
      expect(theirs.status, theirs.out).toBe(99);
      expect(theirs.out).toMatch(/Task Aborted/i);
      const mine = await ours;
      expect(mine.status, mine.out).toBe(29);
      expect(mine.out).toMatch(/TASK ABORTED/);
      expect(Buffer.from(await ownRead).equals(pattern)).toBe(true);
      for (const path of [dev.path, other.path]) {
        const ua = await runPeer('sg_turs', ['-v', path]);
        expect(ua.status, ua.out).toBe(6);
        expect(ua.out).toMatch(/reset/i);
        expect((await runPeer('sg_turs', [path])).status).toBe(0);
      }
      expect(Buffer.from(await b.readBlocks(lba, 1, { blockSize: BLOCK })).equals(pattern)).toBe(true);
    } finally {
      held.remove();
      await a.close();
      await b.close();
      await unexportTcmu(TCMU_SECOND_TEST_PORTS);
    }
  });

  it('a handler stopped mid-command and restarted serves the command left in the ring', async () => {
    const pattern = randomBytes(8 * BLOCK);
    store.write(7000 * BLOCK, pattern);
    const slow = disk.faults.add({ commands: ['read10'], lbas: { first: 7000 }, delayMs: 2000, times: 1 });
    const out = join(work, 'restart.bin');
    const reading = runPeer('sg_dd', [`if=${dev.path}`, `of=${out}`, `bs=${BLOCK}`, 'skip=7000', 'count=8']);
    const until = Date.now() + 20_000;
    while (slow.hits === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(slow.hits).toBe(1);
    const before = target.stats;
    await target.close(0); // the READ is still in the ring, not completed
    expect(target.stats.completed).toBe(before.completed);
    target = TcmuTarget.open(uio, disk, { onError: (e) => errors.push(e) });
    const r = await reading;
    expect(r.status, r.out).toBe(0);
    expect(readFileSync(out).equals(pattern)).toBe(true);
    expect(target.stats.received).toBeGreaterThanOrEqual(1);
  });

  it("a dropped command: the kernel's ring timeout (cmd_time_out) ends it, a typed error in core and exit 2 in sg_dd; the next command is answered", async () => {
    const lba = 7300;
    const pattern = randomBytes(8 * BLOCK);
    store.write(lba * BLOCK, pattern);
    const droppedBefore = target.stats.dropped;
    const drop = disk.faults.add({ commands: ['read10', 'read16'], lbas: { first: lba }, drop: true, times: 2 });
    const sg = await SgDevice.open(dev.path);
    try {
      const started = performance.now();
      const e = await sg.readBlocks(lba, 8, { blockSize: BLOCK }).catch((x: unknown) => x);
      const ms = performance.now() - started;
      expect(e).toBeInstanceOf(CheckConditionError);
      const c = e as CheckConditionError;
      // target_core_user ends an expired ring command with CHECK CONDITION, LOGICAL UNIT COMMUNICATION FAILURE
      expect([c.senseKey, c.asc, c.ascq], c.message).toEqual([SenseKey.NOT_READY, 0x08, 0x00]);
      expect(ms).toBeGreaterThan(CMD_TIME_OUT_S * 1000 * 0.8);
      expect(ms).toBeLessThan(CMD_TIME_OUT_S * 1000 + 15_000);
      const dd = await runPeer('sg_dd', [`if=${dev.path}`, 'of=/dev/null', `bs=${BLOCK}`, `skip=${lba}`, 'count=8']);
      expect(dd.status, dd.out).toBe(2); // SG_LIB_CAT_NOT_READY
      expect(drop.hits).toBe(2);
      expect(target.stats.dropped - droppedBefore).toBe(2);
      // the ring goes on past the two unanswered entries: the same blocks, at once
      expect(Buffer.from(await sg.readBlocks(lba, 8, { blockSize: BLOCK })).equals(pattern)).toBe(true);
    } finally {
      drop.remove();
      await sg.close();
    }
  });

  it('sd_mod gives a block device: mkfs.ext4, mount, write, umount, e2fsck -f', async () => {
    const block = await waitForBlock(dev);
    const bdev = `/dev/${block}`;
    await mustRunPeer('mkfs.ext4', ['-q', '-F', bdev]);
    const mnt = join(work, 'mnt');
    mkdirSync(mnt, { recursive: true });
    await mustRunPeer('mount', ['-t', 'ext4', bdev, mnt]);
    const payload = randomBytes(256 * 1024);
    try {
      writeFileSync(join(work, 'payload.bin'), payload);
      await mustRunPeer('cp', [join(work, 'payload.bin'), join(mnt, 'payload.bin')]);
      await mustRunPeer('sync', []);
    } finally {
      await mustRunPeer('umount', [mnt]);
    }
    const fsck = await runPeer('e2fsck', ['-f', '-n', bdev]);
    expect(fsck.status, fsck.out).toBe(0);
    // a second mount sees the file the TypeScript device stored
    await mustRunPeer('mount', ['-t', 'ext4', '-o', 'ro', bdev, mnt]);
    try {
      await mustRunPeer('cmp', [join(work, 'payload.bin'), join(mnt, 'payload.bin')]);
    } finally {
      await mustRunPeer('umount', [mnt]);
    }
  });
});

async function waitForBlock(dev: LabDevice): Promise<string> {
  const dir = `/sys/class/scsi_generic/${dev.name}/device/block`;
  const until = Date.now() + 10_000;
  for (;;) {
    try {
      const [name] = readdirSync(dir);
      if (name) return name;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error(`no block device for ${dev.path}: is sd_mod loaded (sgio-lab --block)?`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
