/**
 * SIGTERM the moment sgiod says it listens (a supervisor that stops it at
 * once): the process must already handle the signal and shut down cleanly,
 * exit status 0 with its "bye" line, never die by the signal's default
 * action. sgiod is the built command, run as a process.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.cjs', import.meta.url));

/** Starts sgiod and sends SIGTERM in the same turn as its "listening" line arrives. */
function stopAtListening(): Promise<{ code: number | null; signal: NodeJS.Signals | null; log: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--host', '127.0.0.1', '--port', '0', '--log-level', 'info'], {
      env: { ...process.env, SGIOD_TOKENS: 'sigterm-test-token-0123456789 read' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    let sent = false;
    const onData = (b: Buffer): void => {
      log += b.toString();
      if (!sent && /listening at/i.test(log)) {
        sent = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => resolve({ code, signal, log }));
  });
}

describe('sgiod stopped the moment it listens', () => {
  it('handles the SIGTERM: exit 0 after its shutdown lines, five times in a row', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await stopAtListening();
      expect({ run: i, code: r.code, signal: r.signal }, r.log).toEqual({ run: i, code: 0, signal: null });
      expect(r.log).toMatch(/shutting down/);
      expect(r.log).toMatch(/bye/);
    }
  }, 60_000);
});
