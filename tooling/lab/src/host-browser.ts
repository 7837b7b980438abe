/**
 * A headless Chromium on the host that tests in the guest drive over the
 * lab network (see net.ts). Chromium serves its DevTools protocol on
 * 127.0.0.1 only (it ignores `--remote-debugging-address` in its current
 * headless mode), so the lab forwards one TCP port on the host's end of the
 * link to it. The guest gets the WebSocket endpoint in `SGIO_LAB_BROWSER`.
 *
 * The browser runs on the host, not in the guest: a guest process pays for
 * every page fault and process switch, and Chromium is many processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { LabSetupError } from './kernel.js';
import { findOnPath } from './path-lookup.js';

/** A running host browser. */
export interface HostBrowser {
  /** The DevTools WebSocket endpoint, reachable from the guest. */
  readonly endpoint: string;
  /** Stops the forwarder and the browser. */
  close(): Promise<void>;
}

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The browser binary: `SGIO_LAB_CHROMIUM`, else the first of Chromium's usual names on PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.SGIO_LAB_CHROMIUM;
  if (explicit) return explicit;
  const found = findOnPath(CANDIDATES, env.PATH ?? '');
  if (found) return found;
  throw new LabSetupError('ELAB_BROWSER', 'sgio-lab: --browser needs Chromium on the host (Debian: apt-get install chromium), or its path in SGIO_LAB_CHROMIUM.');
}

/** The arguments of a headless Chromium that serves DevTools on a free local port. */
export function chromiumArguments(profileDir: string): string[] {
  return [
    '--headless',
    '--no-sandbox', // the lab runs as root
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--remote-debugging-port=0',
    `--user-data-dir=${profileDir}`,
    'about:blank',
  ];
}

/** The DevTools endpoint Chromium prints on stderr, if `text` holds it. */
export function devToolsEndpoint(text: string): URL | undefined {
  const m = /DevTools listening on (ws:\/\/\S+)/.exec(text);
  return m ? new URL(m[1]!) : undefined;
}

function waitForEndpoint(child: ChildProcess, timeoutMs: number): Promise<URL> {
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (f: () => void): void => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      f();
    };
    const onData = (c: Buffer): void => {
      text += c.toString('utf8');
      const url = devToolsEndpoint(text);
      if (url) done(() => resolve(url));
    };
    const onExit = (code: number | null): void =>
      done(() => reject(new LabSetupError('ELAB_BROWSER', `sgio-lab: Chromium exited (status ${code}) before serving DevTools:\n${text.split('\n').slice(-10).join('\n')}`)));
    const onError = (e: Error): void => done(() => reject(new LabSetupError('ELAB_BROWSER', `sgio-lab: could not start Chromium: ${e.message}`)));
    const timer = setTimeout(() => done(() => reject(new LabSetupError('ELAB_BROWSER', `sgio-lab: Chromium did not serve DevTools within ${timeoutMs / 1000} s.`))), timeoutMs);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

function forwarder(target: URL, sockets: Set<Socket>): Server {
  const server = createServer((inbound) => {
    const outbound = connect(Number(target.port), target.hostname);
    sockets.add(inbound).add(outbound);
    const end = (): void => {
      inbound.destroy();
      outbound.destroy();
      sockets.delete(inbound);
      sockets.delete(outbound);
    };
    inbound.on('error', end).on('close', end);
    outbound.on('error', end).on('close', end);
    inbound.pipe(outbound).pipe(inbound);
  });
  return server;
}

/**
 * Starts Chromium with its profile under `dir` and forwards a port on
 * `listenAddress` (the host's end of the lab link) to its DevTools.
 */
export async function startHostBrowser(listenAddress: string, dir: string, env: NodeJS.ProcessEnv = process.env): Promise<HostBrowser> {
  const binary = findChromium(env);
  const profileDir = join(dir, 'chromium-profile');
  mkdirSync(profileDir, { recursive: true });
  const child = spawn(binary, chromiumArguments(profileDir), { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const kill = (): void => {
    try {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  };
  let local: URL;
  try {
    local = await waitForEndpoint(child, 30_000);
  } catch (e) {
    kill();
    throw e;
  }
  child.stderr?.resume(); // keep draining its chatter
  const sockets = new Set<Socket>();
  const server = forwarder(local, sockets);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, listenAddress, () => resolve());
    });
  } catch (e) {
    kill();
    throw new LabSetupError('ELAB_BROWSER', `sgio-lab: could not listen on ${listenAddress} for the browser: ${e instanceof Error ? e.message : String(e)}`);
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `ws://${listenAddress}:${port}${local.pathname}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
      const exited = child.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
      kill();
      await exited;
    },
  };
}
