/**
 * `sgio target` as a process, as a user runs it: it serves a TCMU backstore,
 * sg3_utils reach its disk through a tcm_loop LUN, and SIGTERM stops it
 * with exit 0 and its counters; a backstore it created itself is gone
 * afterwards. (The library underneath is proven in
 * packages/target/src/tcmu-target.lab.test.ts.)
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTcmuBackstore, exportTcmuBackstore, requireLab, runPeer, serveTcmuDisk, startTargetProcess as startTarget, tcmuBackstorePath, tearDownTcmu, unexportTcmu } from '@sgio/lab';
import { afterAll, describe, expect, it } from 'vitest';
import { SGIO_BIN } from './test-support/run.js';

requireLab('The sgio target lab test');

describe('sgio target (the process)', () => {
  const work = mkdtempSync(join(tmpdir(), 'sgio-target-'));
  afterAll(async () => {
    await unexportTcmu().catch(() => undefined);
    await tearDownTcmu().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  });

  it('serves a backstore (--uio) to sg_inq and sg_dd until SIGTERM, then exits 0 with its counters', { timeout: 180_000 }, async () => {
    const backstore = await createTcmuBackstore({ name: 'sgiocli', sizeMb: 16 });
    const t = startTarget(SGIO_BIN, ['--uio', backstore.uio, '--memory', '16M']);
    const serving = await t.nextJson('serving');
    expect(serving).toMatchObject({ serving: { uio: backstore.uio, configfs: null, bytes: 16 << 20, blockSize: 512, blocks: 32768 } });
    const dev = await exportTcmuBackstore(backstore);
    const inq = await runPeer('sg_inq', [dev.path]);
    expect(inq.status, inq.out).toBe(0);
    expect(inq.out).toMatch(/Product identification: TS TCMU DISK/);
    const data = randomBytes(256 * 1024);
    const src = join(work, 'src.bin');
    const back = join(work, 'back.bin');
    writeFileSync(src, data);
    const w = await runPeer('sg_dd', [`if=${src}`, `of=${dev.path}`, 'bs=512', 'seek=100']);
    expect(w.status, w.out).toBe(0);
    const r = await runPeer('sg_dd', [`if=${dev.path}`, `of=${back}`, 'bs=512', 'skip=100', `count=${data.length / 512}`]);
    expect(r.status, r.out).toBe(0);
    expect(readFileSync(back).equals(data)).toBe(true);
    await unexportTcmu();
    t.stop();
    const stopped = await t.nextJson('stopped');
    expect(await t.exit, t.stderr()).toBe(0);
    const stats = (stopped as { stopped: string; stats: { received: number; completed: number; malformed: number } }).stats;
    expect(stopped.stopped).toBe('SIGTERM');
    expect(stats.received).toBeGreaterThan(0);
    expect(stats.completed).toBe(stats.received);
    expect(stats.malformed).toBe(0);
    await tearDownTcmu();
  });

  it('creates its own backstore in configfs without --uio and removes it on SIGTERM', { timeout: 120_000 }, async () => {
    // the first test loaded target_core_user and mounted configfs: what the command needs as root
    const t = startTarget(SGIO_BIN, ['--memory', '8M', '--name', 'sgiocli2']);
    const serving = (await t.nextJson('serving')) as { serving: { configfs: string; uio: string } };
    expect(serving.serving.configfs).toMatch(/\/core\/user_\d+\/sgiocli2$/);
    expect(existsSync(serving.serving.configfs)).toBe(true);
    expect(existsSync(serving.serving.uio)).toBe(true);
    t.stop();
    await t.nextJson('stopped');
    expect(await t.exit, t.stderr()).toBe(0);
    expect(existsSync(serving.serving.configfs)).toBe(false);
  });

  it('serveTcmuDisk (the lab helper) leaves no backstore and no process behind when sgio target fails before serving', { timeout: 60_000 }, async () => {
    await expect(serveTcmuDisk({ bin: SGIO_BIN, name: 'sgiobadstart', sizeMb: 16, extra: ['--self-test-ms', 'soon'] })).rejects.toThrow(/ended before its serving line \(exit 1\)/);
    expect(existsSync(tcmuBackstorePath('sgiobadstart'))).toBe(false);
    const left = await runPeer('pgrep', ['-f', 'target --uio .* --self-test-ms soon']);
    expect(left.out.trim()).toBe('');
  });
});
