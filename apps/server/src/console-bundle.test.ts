/**
 * The web console from the built command: sgiod's esbuild bundle
 * (`dist/program.cjs`, started by `dist/bin.cjs`; the console's code loads lazily inside it)
 * finds the page in the package's `console/` folder and uPlot in its
 * installed dependency, and serves them; the series route answers with a
 * token. Without `--console` the same paths are unknown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { freePort } from './test-support/free-port.js';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.cjs', import.meta.url));
const TOKEN = 'console-token-0123456789abcdef';


/** Starts the bundle with `args`; resolves with its base URL once /healthz answers. */
async function sgiod(args: string[], children: ChildProcess[]): Promise<string> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(process.execPath, [BIN, '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warn', '--health-interval', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SGIOD_TOKENS: `${TOKEN} read console` },
  });
  children.push(child);
  child.stdout.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr.on('data', (b: Buffer) => (log += b.toString()));
  for (let i = 0; i < 400; i++) {
    if ((await fetch(`${base}/healthz`).catch(() => undefined))?.ok) return base;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sgiod did not start: ${log}`);
}

describe('the console from the bundle', () => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode !== null) continue;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('serves the page, its script and style, and uPlot, and the series with a token', async () => {
    const base = await sgiod(['--console'], children);
    const page = new URL('../console/', import.meta.url);
    const uplot = (file: string): string => readFileSync(createRequire(import.meta.url).resolve(`uplot/dist/${file}`), 'utf8');
    for (const [path, type, body] of [
      ['/console/', 'text/html; charset=utf-8', readFileSync(new URL('index.html', page), 'utf8')],
      ['/console/console.js', 'text/javascript; charset=utf-8', readFileSync(new URL('console.js', page), 'utf8')],
      ['/console/console.css', 'text/css; charset=utf-8', readFileSync(new URL('console.css', page), 'utf8')],
      ['/console/vendor/uPlot.iife.min.js', 'text/javascript; charset=utf-8', uplot('uPlot.iife.min.js')],
      ['/console/vendor/uPlot.min.css', 'text/css; charset=utf-8', uplot('uPlot.min.css')],
    ] as const) {
      const r = await fetch(`${base}${path}`);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type'), path).toBe(type);
      expect(await r.text(), path).toBe(body);
    }
    expect((await fetch(`${base}/v1/console/series`)).status).toBe(401);
    const series = await fetch(`${base}/v1/console/series`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(series.status).toBe(200);
    expect(await series.json()).toMatchObject({ intervalMs: 1000, devices: expect.any(Array) });
  }, 30_000);

  it('without --console, the console is an unknown path', async () => {
    const base = await sgiod([], children);
    const r = await fetch(`${base}/console/`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(404);
    expect((await fetch(`${base}/v1/console/series`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  }, 30_000);
});
