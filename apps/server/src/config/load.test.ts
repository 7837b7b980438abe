import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config.js';
import { ConfigError } from './errors.js';
import { loadConfig } from './load.js';

const T1 = 'file-token-0123456789abcdef';
const T2 = 'env-token-0123456789abcdef';
const files: Record<string, string> = {
  '/etc/sgiod.json': JSON.stringify({ port: 9000, allow: ['/dev/sg1'], concurrency: 2, maxTransferBytes: '1M', tokens: [{ token: T1, scopes: ['read'] }] }),
  '/etc/tokens': `${'flag-token-0123456789abcdef'} read,write,raw admin\n`,
  '/bad.json': '{"port": 1, "bogus": 2}',
  '/etc/workers.json': JSON.stringify({ workerThreads: 32, workerCallsPerDevice: 8 }),
  '/etc/console.json': JSON.stringify({ console: true }),
  '/etc/console-bad.json': JSON.stringify({ console: 'yes' }),
};
const readFile = (p: string): string => {
  const t = files[p];
  if (t === undefined) throw new Error('ENOENT');
  return t;
};
const modes: Record<string, number> = { '/etc/tokens': 0o100600, '/etc/open-tokens': 0o100644, '/etc/group-tokens': 0o100640 };
files['/etc/open-tokens'] = files['/etc/tokens']!;
files['/etc/group-tokens'] = files['/etc/tokens']!;
const fileMode = (p: string): number => {
  const m = modes[p];
  if (m === undefined) throw new Error('ENOENT');
  return m;
};
const load = (argv: string[], env: Record<string, string> = {}) => {
  const r = loadConfig({ argv, env, readFile, fileMode });
  if (r.help) throw new Error('help');
  return r.config;
};

describe('loadConfig', () => {
  it('defaults to loopback, read-only, nothing allowed', () => {
    const c = load([]);
    expect(c).toEqual({ ...DEFAULT_CONFIG, tokens: [] });
    expect(c.host).toBe('127.0.0.1');
    expect(c.allowWrite).toBe(false);
    expect(c.allowRaw).toBe(false);
  });

  it('layers file < env < flags, and collects tokens from all', () => {
    const c = load(['--config', '/etc/sgiod.json', '--port', '9100', '--allow', '/dev/sg2', '--allow', '/dev/sg*', '--allow-write', '--tokens-file', '/etc/tokens'], {
      SGIOD_PORT: '9050',
      SGIOD_CONCURRENCY: '3',
      SGIOD_TOKENS: `${T2} read`,
      SGIOD_HOST: '0.0.0.0',
      SGIOD_INSECURE: '1',
    });
    expect(c).toMatchObject({ host: '0.0.0.0', port: 9100, allow: ['/dev/sg2', '/dev/sg*'], concurrency: 3, maxTransferBytes: 1024 * 1024, allowWrite: true, allowRaw: false });
    expect(c.tokens.map((t) => t.token)).toEqual([T1, T2, 'flag-token-0123456789abcdef']);
    expect(c.tokens[2]!.scopes).toEqual(['read', 'write', 'raw']);
  });

  it('reads the config file named by SGIOD_CONFIG', () => {
    expect(load([], { SGIOD_CONFIG: '/etc/sgiod.json' }).port).toBe(9000);
  });

  it.each([
    [['--port', 'x']],
    [['--bogus']],
    [['--concurrency', '0']],
    [['--allow', 'sg0']],
    [['--max-transfer', '12Q']],
    [['--config', '/bad.json']],
    [['--config', '/missing.json']],
    [['--tokens-file', '/missing']],
    [['--tokens-file', '/etc/open-tokens']],
    [['--tokens-file', '/etc/group-tokens']],
    [['--allow-destructive']],
    [['--host', '0.0.0.0']],
    [['--host', '192.168.1.5']],
    [['--host', '::']],
    [['--tls-cert', '/etc/cert.pem']],
    [['--body-timeout', '10']],
    [['--max-connections', '0']],
    [['--idle-timeout', '5000', '--request-timeout', '5000']],
    [['--max-transfer', '1M', '--command-max-transfer', '2M']],
  ])('refuses %j with a ConfigError', (argv) => {
    expect(() => load(argv)).toThrow(ConfigError);
  });

  it('says why a token file or a plain-HTTP address is refused', () => {
    expect(() => load(['--tokens-file', '/etc/open-tokens'])).toThrow(/readable by group or others \(mode 644\).*chmod 600/);
    expect(() => load(['--host', '0.0.0.0'])).toThrow(/clear text.*--tls-cert.*--insecure/);
    expect(() => load(['--allow-destructive'])).toThrow(/needs --allow-write/);
  });

  it('listens on loopback, with TLS or with --insecure', () => {
    expect(load(['--host', '::1']).host).toBe('::1');
    expect(load(['--host', 'localhost']).host).toBe('localhost');
    expect(load(['--host', '0.0.0.0', '--tls-cert', '/c', '--tls-key', '/k'])).toMatchObject({ tlsCert: '/c', tlsKey: '/k' });
    expect(load(['--host', '0.0.0.0', '--insecure']).insecure).toBe(true);
    expect(load(['--allow-write', '--allow-destructive'], { SGIOD_TOKENS: 'AAAAAAAAAAAAAAAA1 admin x;BBBBBBBBBBBBBBBB2 read y' }).tokens.map((t) => t.name)).toEqual(['x', 'y']);
  });

  it('reads the connection and body limits from flags, environment and file', () => {
    files['/etc/limits.json'] = JSON.stringify({ bodyTimeoutMs: 9000, maxConnections: 12, commandMaxTransferBytes: '64k' });
    const c = load(['--config', '/etc/limits.json', '--headers-timeout', '3000', '--keep-alive-timeout', '700'], { SGIOD_IDLE_TIMEOUT: '60000', SGIOD_MAX_CONNECTIONS: '20' });
    expect(c).toMatchObject({ bodyTimeoutMs: 9000, maxConnections: 20, commandMaxTransferBytes: 65536, headersTimeoutMs: 3000, keepAliveTimeoutMs: 700, idleTimeoutMs: 60000 });
    expect(load(['--body-timeout', '1500', '--command-max-transfer', '256k', '--max-connections', '2'])).toMatchObject({ bodyTimeoutMs: 1500, commandMaxTransferBytes: 262144, maxConnections: 2 });
  });

  it('keeps the commands limit at or below the block limit', () => {
    expect(load([]).commandMaxTransferBytes).toBe(1024 * 1024);
    expect(load(['--max-transfer', '256k']).commandMaxTransferBytes).toBe(256 * 1024);
    expect(() => load(['--max-transfer', '256k', '--command-max-transfer', '512k'])).toThrow(/command max transfer.*--command-max-transfer/);
    expect(() => load(['--idle-timeout', '1000'])).toThrow(/idle timeout.*longer than the request timeout/);
  });

  it('answers --help', () => {
    expect(loadConfig({ argv: ['--help'], env: {} })).toEqual({ help: true });
  });

  it('sizes the worker pool from the file, the environment and the flags (flags win), and refuses a per-device cap above the pool', () => {
    expect(load([])).toMatchObject({ workerThreads: 16, workerCallsPerDevice: 4 });
    expect(load(['--config', '/etc/workers.json'])).toMatchObject({ workerThreads: 32, workerCallsPerDevice: 8 });
    expect(load(['--config', '/etc/workers.json'], { SGIOD_WORKER_THREADS: '24', SGIOD_WORKER_CALLS_PER_DEVICE: '6' })).toMatchObject({ workerThreads: 24, workerCallsPerDevice: 6 });
    expect(load(['--worker-threads', '8', '--worker-calls-per-device', '2'], { SGIOD_WORKER_THREADS: '24' })).toMatchObject({ workerThreads: 8, workerCallsPerDevice: 2 });
    expect(() => load(['--worker-threads', '4', '--worker-calls-per-device', '8'])).toThrow(/worker calls per device \(8\) exceed the worker threads \(4\).*lower --worker-calls-per-device or raise --worker-threads/);
    expect(() => load(['--worker-threads', '0'])).toThrow(ConfigError);
  });

  it('turns the console on from the file, the environment or the flag (off by default; the environment beats the file)', () => {
    expect(load([]).console).toBe(false);
    expect(load(['--console']).console).toBe(true);
    expect(load([], { SGIOD_CONSOLE: '1' }).console).toBe(true);
    expect(load(['--config', '/etc/console.json']).console).toBe(true);
    expect(load(['--config', '/etc/console.json'], { SGIOD_CONSOLE: 'off' }).console).toBe(false);
    expect(load(['--config', '/etc/console.json', '--console'], { SGIOD_CONSOLE: '0' }).console).toBe(true);
    expect(() => load([], { SGIOD_CONSOLE: 'maybe' })).toThrow(/SGIOD_CONSOLE: expected true or false/);
    expect(() => load(['--config', '/etc/console-bad.json'])).toThrow(/console: expected a boolean/);
    expect(() => load(['--console=1'])).toThrow(ConfigError);
  });
});
