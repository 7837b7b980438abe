/**
 * Persistent reservations on LIO with two initiators (two I_T nexuses on
 * one logical unit): `sgio persist` and sg_persist act on the same target
 * in turn and must report the same keys, reservation, capabilities and full
 * status; a write through the initiator the reservation excludes ends in
 * RESERVATION CONFLICT for sg_dd, `sgio dd` (exit 24) and core
 * (ReservationConflictError); preempt, release, clear and APTPL as SPC says;
 * and COMPARE AND WRITE as a lock the two initiators race for.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiscompareError, ReservationConflictError, SgDevice } from '@sgio/core';
import { LIO_STATE_DIR, lioInitiatorWwn, requireLab, setUpLio, tearDownLio, type LabDevice } from '@sgio/lab';
import { run, sgio } from './test-support/run.js';

requireLab('The sgio persist lab test');

let a = '';
let b = '';
let lio: LabDevice[] = [];

beforeAll(async () => {
  lio = await setUpLio({ initiators: 2, sizeMb: 16 });
  [a, b] = lio.map((d) => d.path) as [string, string];
  // the first command of each nexus sees the power-on unit attention; let sg3_utils' TUR take it
  for (const d of [a, b]) run('sg_turs', [d]);
});

afterAll(async () => {
  if (a) run('sg_persist', ['--out', '--register-ignore', '--param-sark=c3', a]);
  if (a) run('sg_persist', ['--out', '--clear', '--param-rk=c3', a]);
  await tearDownLio();
});

function json<T>(...args: string[]): T {
  const r = sgio('persist', ...args, '--json');
  expect(r.status, `sgio persist ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
}

function peer(...args: string[]): string {
  const r = run('sg_persist', args);
  expect(r.status, `sg_persist ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout + r.stderr;
}

/** sg_persist -k's facts: generation and keys. */
function peerKeys(dev: string): { generation: number; keys: string[] } {
  const text = peer('--in', '--read-keys', dev);
  const generation = parseInt(/PR generation=0x([0-9a-f]+)/.exec(text)![1]!, 16);
  return { generation, keys: [...text.matchAll(/^\s+(0x[0-9a-f]+)$/gm)].map((m) => m[1]!) };
}

/** sg_persist -r's facts: the holder's key and the type, or null. */
function peerReservation(dev: string): { key: string; typeName: string } | null {
  const text = peer('--in', '--read-reservation', dev);
  if (/NO reservation held/.test(text)) return null;
  return { key: /Key=(0x[0-9a-f]+)/.exec(text)![1]!, typeName: /scope: \S+,\s+type: (.+)$/m.exec(text)![1]!.trim() };
}

type Keys = { generation: number; keys: string[] };
type Reservation = { generation: number; reservation: { key: string; typeName: string; type: number; scopeName: string } | null };

describe('sgio persist vs sg_persist on LIO (two initiators)', () => {
  it('report capabilities: the same flags and type mask', () => {
    const ours = json<Record<string, unknown> & { typeMask: Record<string, boolean> }>('--in', '--report-capabilities', a);
    const text = peer('--in', '--report-capabilities', a);
    const flag = (label: string): boolean => new RegExp(`${label.replace(/[()]/g, '\\$&')}: (\\d)`).exec(text)![1] === '1';
    const pairs: [unknown, string][] = [
      [ours.compatibleReservationHandling, 'Compatible Reservation Handling(CRH)'],
      [ours.specifyInitiatorPortsCapable, 'Specify Initiator Ports Capable(SIP_C)'],
      [ours.allTargetPortsCapable, 'All Target Ports Capable(ATP_C)'],
      [ours.persistThroughPowerLossCapable, 'Persist Through Power Loss Capable(PTPL_C)'],
      [ours.typeMaskValid, 'Type Mask Valid(TMV)'],
      [ours.persistThroughPowerLossActive, 'Persist Through Power Loss Active(PTPL_A)'],
      [ours.typeMask.writeExclusive, 'Write Exclusive'],
      [ours.typeMask.exclusiveAccessAllRegistrants, 'Exclusive Access, all registrants'],
    ];
    for (const [value, label] of pairs) expect(value, label).toBe(flag(label));
    expect(ours.persistThroughPowerLossCapable).toBe(true);
  });

  it('life cycle: register from both, reserve, conflict from the other initiator, preempt, release, clear', { timeout: 240_000 }, async () => {
    const empty = json<Keys>('--in', '--read-keys', a);
    expect(empty.keys).toEqual([]);
    expect(peerKeys(b)).toEqual({ generation: empty.generation, keys: [] });
    expect(sgio('persist', a).stdout).toContain('there are NO registered reservation keys');

    // register: A through sgio, B through sg_persist; both tools see both keys, same generation
    expect(sgio('persist', '--out', '--register', '--param-sark=a1', a).status).toBe(0);
    peer('--out', '--register', '--param-sark=b2', b);
    const two = json<Keys>('--in', '--read-keys', b);
    expect(two.keys).toEqual(['0xa1', '0xb2']);
    expect(two.generation).toBe(empty.generation + 2);
    expect(peerKeys(a)).toEqual({ generation: two.generation, keys: two.keys });

    // reserve Write Exclusive from A
    expect(sgio('persist', '--out', '--reserve', '--param-rk=a1', '--prout-type=1', a).status).toBe(0);
    const held = json<Reservation>('--in', '--read-reservation', b);
    expect(held.reservation).toMatchObject({ key: '0xa1', type: 1, typeName: 'Write Exclusive', scopeName: 'LU_SCOPE' });
    expect(peerReservation(b)).toEqual({ key: '0xa1', typeName: 'Write Exclusive' });

    // B may read but not write: sg_dd, sgio dd and core all see RESERVATION CONFLICT
    expect(run('sg_dd', [`if=${b}`, 'of=/dev/null', 'bs=512', 'count=8']).status).toBe(0);
    const theirs = run('sg_dd', ['if=/dev/zero', `of=${b}`, 'bs=512', 'count=8']);
    // sg_dd names the conflict but exits 99 (its write path has no category for it); sgio dd exits 24 like sg_persist
    expect(theirs.stderr).toMatch(/reservation conflict/i);
    expect(theirs.status, theirs.stderr).toBe(99);
    const ours = sgio('dd', 'if=/dev/zero', `of=${b}`, 'bs=512', 'count=8');
    expect(ours.status).toBe(24);
    expect(ours.stderr).toMatch(/RESERVATION CONFLICT/);
    const dev = await SgDevice.open(b);
    try {
      const e = await dev.writeBlocks(0, new Uint8Array(512), { blockSize: 512 }).then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(ReservationConflictError);
      expect(e).toMatchObject({ code: 'ERR_SCSI_RESERVATION_CONFLICT', status: 0x18, category: 24 });
    } finally {
      await dev.close();
    }
    expect(sgio('dd', 'if=/dev/zero', `of=${a}`, 'bs=512', 'count=8').status).toBe(0);

    // full status: both registrations, A the holder, the initiators' SAS addresses
    type Full = { generation: number; registrations: { key: string; reservationHolder: boolean; typeName: string; transportId: { address: string } }[] };
    const full = json<Full>('--in', '--read-full-status', a);
    expect(full.registrations.map((r) => [r.key, r.reservationHolder, r.transportId.address])).toEqual([
      ['0xa1', true, lioInitiatorWwn(1).slice(4)],
      ['0xb2', false, lioInitiatorWwn(2).slice(4)],
    ]);
    const fullText = peer('--in', '--read-full-status', a);
    expect([...fullText.matchAll(/Key=(0x[0-9a-f]+)/g)].map((m) => m[1])).toEqual(['0xa1', '0xb2']);
    expect(fullText).toContain('<< Reservation holder >>');
    for (const i of [1, 2]) expect(fullText.toLowerCase()).toContain(lioInitiatorWwn(i).slice(4));
    expect(sgio('persist', '--read-full-status', a).stdout).toContain('<< Reservation holder >>');

    // preempt from B: A's registration goes, B holds the reservation; now A's writes conflict
    expect(sgio('persist', '--out', '--preempt', '--param-rk=b2', '--param-sark=a1', '--prout-type=1', b).status).toBe(0);
    // SPC: the preempted nexus gets a UNIT ATTENTION (registrations preempted); sgio retries it once, sg_persist does not
    expect(json<Keys>('--in', '--read-keys', a).keys).toEqual(['0xb2']);
    expect(peerKeys(a).keys).toEqual(['0xb2']);
    expect(json<Reservation>('--in', '--read-reservation', a).reservation).toMatchObject({ key: '0xb2', typeName: 'Write Exclusive' });
    expect(sgio('dd', 'if=/dev/zero', `of=${a}`, 'bs=512', 'count=8').status).toBe(24);

    // release from B: no reservation; A writes again
    expect(sgio('persist', '--out', '--release', '--param-rk=b2', '--prout-type=1', b).status).toBe(0);
    expect(peerReservation(a)).toBeNull();
    expect(json<Reservation>('--in', '--read-reservation', a).reservation).toBeNull();
    run('sg_turs', [a]);
    expect(sgio('dd', 'if=/dev/zero', `of=${a}`, 'bs=512', 'count=8').status).toBe(0);

    // clear from B: every registration goes
    expect(sgio('persist', '--out', '--register', '--param-sark=a3', a).status).toBe(0);
    const before = json<Keys>('--in', '--read-keys', a);
    expect(before.keys).toEqual(['0xb2', '0xa3']);
    const cleared = sgio('persist', '--out', '--clear', '--param-rk=b2', b, '--json');
    expect(cleared.status, cleared.stderr).toBe(0);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ action: 'persist clear', request: { key: '0xb2' }, commands: [{ command: 'PERSISTENT RESERVE OUT', cdb: '5f 03 00 00 00 00 00 00 18 00' }] });
    const after = json<Keys>('--in', '--read-keys', b);
    expect(after.keys).toEqual([]);
    run('sg_turs', [a]); // CLEAR gives the other registered nexus a unit attention (reservations preempted)
    expect(peerKeys(a)).toEqual({ generation: after.generation, keys: after.keys });
  });

  it('a RESERVE with the wrong key is a reservation conflict for both tools; LIO answers an unregistered nexus with NOT READY', () => {
    for (let i = 0; i < 3; i++) run('sg_turs', [a]); // unit attentions left by the CLEAR above
    const reserve = ['--out', '--reserve', '--param-rk=dead', '--prout-type=1', a];
    // LIO quirk: SPC says RESERVATION CONFLICT, LIO 6.1 says NOT READY, LOGICAL UNIT COMMUNICATION FAILURE
    const unregistered = sgio('persist', ...reserve);
    expect(unregistered.stderr).toMatch(/Logical unit communication failure/i);
    expect(run('sg_persist', reserve).status).toBe(unregistered.status);
    expect(sgio('persist', '--out', '--register', '--param-sark=c3', a).status).toBe(0);
    const ours = sgio('persist', ...reserve);
    const theirs = run('sg_persist', reserve);
    expect(ours.status, ours.stderr).toBe(24);
    expect(theirs.status, theirs.stderr).toBe(ours.status);
  });

  it('APTPL: the registration is written to the target\'s persistent store and PTPL_A turns on', () => {
    // register and ignore existing key: whatever A held before, its key is now c3, with APTPL
    const r = sgio('persist', '--out', '--register-ignore', '--param-sark=c3', '--param-aptpl', a);
    expect(r.status, r.stderr).toBe(0);
    const caps = json<{ persistThroughPowerLossActive: boolean }>('--in', '--report-capabilities', b);
    expect(caps.persistThroughPowerLossActive).toBe(true);
    expect(peer('--in', '--report-capabilities', b)).toContain('Persist Through Power Loss Active(PTPL_A): 1');
    const files = readdirSync(`${LIO_STATE_DIR}/pr`).filter((f) => f.startsWith('aptpl_'));
    expect(files).toHaveLength(1);
    const stored = readFileSync(`${LIO_STATE_DIR}/pr/${files[0]!}`, 'utf8');
    expect(stored).toMatch(new RegExp(`sa_res_key=${0xc3}\\b`)); // LIO writes keys in decimal
    expect(stored.toLowerCase()).toContain(lioInitiatorWwn(1).toLowerCase());
  });

  it('COMPARE AND WRITE as a lock between the two initiators: one wins, the other gets MiscompareError / exit 14 and writes nothing', async () => {
    for (const d of [a, b]) for (let i = 0; i < 3; i++) run('sg_turs', [d]); // unit attentions left by the registrations above
    const block = 8191; // the last block of the 16 MiB LUN: a lock block, apart from the data
    const free = new Uint8Array(512);
    const owner = (name: string): Uint8Array => new Uint8Array(512).fill(0).map((_, i) => name.charCodeAt(i % name.length));
    const [devA, devB] = await Promise.all([SgDevice.open(a), SgDevice.open(b)]);
    try {
      await devA.writeBlocks(block, free);
      await devA.compareAndWrite(block, free, owner('initiator A'));
      const lost = await devB.compareAndWrite(block, free, owner('initiator B')).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(lost).toBeInstanceOf(MiscompareError);
      expect((lost as MiscompareError).category).toBe(14);
      expect(Buffer.from(await devB.readBlocks(block, 1)).equals(Buffer.from(owner('initiator A'))), 'the loser wrote nothing').toBe(true);
      // sg_compare_and_write through B, with the same stale expectation: 14 as well; then release the lock from A
      const stale = `${LIO_STATE_DIR}/cw-stale.bin`;
      writeFileSync(stale, Buffer.concat([free, owner('initiator B')]));
      expect(run('sg_compare_and_write', [`--lba=${block}`, '--num=1', `--in=${stale}`, b]).status).toBe(14);
      await devA.compareAndWrite(block, owner('initiator A'), free);
      expect(run('sg_compare_and_write', [`--lba=${block}`, '--num=1', `--in=${stale}`, b]).status).toBe(0);
      expect(Buffer.from(await devA.readBlocks(block, 1)).equals(Buffer.from(owner('initiator B')))).toBe(true);
    } finally {
      await Promise.all([devA.close(), devB.close()]);
    }
  });
});
