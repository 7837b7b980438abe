/**
 * SIGHUP to a running sgiod (the built command, as a process): it reloads
 * its token file, so a revoked token stops working and a new one works,
 * without a restart; a token file made readable by others is refused and
 * the previous tokens stay in force. (server-tls.test.ts covers the reload
 * itself, certificate included; this proves the signal reaches it.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './test-support/free-port.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.cjs', import.meta.url));
const OLD = 'old-token-0123456789abcdef0123';
const NEW = 'new-token-0123456789abcdef0123';


describe('sgiod on SIGHUP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgiod-sighup-'));
  const tokens = join(dir, 'tokens');
  let child: ChildProcess;
  let base = '';
  let log = '';

  beforeAll(async () => {
    writeFileSync(tokens, `${OLD} read old\n`, { mode: 0o600 });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [BIN, '--host', '127.0.0.1', '--port', String(port), '--tokens-file', tokens, '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (b: Buffer) => (log += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (log += b.toString()));
    for (let i = 0; i < 200; i++) {
      if ((await fetch(`${base}/healthz`).catch(() => undefined))?.ok) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`sgiod did not start: ${log}`);
  }, 20_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const status = async (token: string): Promise<number> => (await fetch(`${base}/v1/devices`, { headers: { authorization: `Bearer ${token}` } })).status;
  /** Waits until `check` holds (the signal is handled asynchronously). */
  async function eventually(check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`not reached; sgiod said: ${log}`);
  }

  it('reloads the token file: the replaced token is refused, the new one works, no restart', async () => {
    expect(await status(OLD)).toBe(200);
    expect(await status(NEW)).toBe(401);
    writeFileSync(tokens, `${NEW} read new\n`);
    child.kill('SIGHUP');
    await eventually(async () => (await status(NEW)) === 200);
    expect(await status(OLD)).toBe(401);
    // the log line reaches this process through a pipe, possibly after the new tokens already answer
    await eventually(() => Promise.resolve(/tokens reloaded/.test(log)));
    expect(child.exitCode).toBeNull();
  });

  it('keeps the previous tokens when the file became readable by others, and says why', async () => {
    writeFileSync(tokens, `${OLD} read old\n`);
    chmodSync(tokens, 0o644);
    child.kill('SIGHUP');
    await eventually(() => Promise.resolve(/reload failed/.test(log)));
    expect(log).toMatch(/readable by group or others/);
    expect(await status(NEW)).toBe(200);
    expect(await status(OLD)).toBe(401);
  });
});
