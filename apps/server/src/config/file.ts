/**
 * The JSON configuration file (`--config FILE` or `SGIOD_CONFIG`). Its keys
 * are those of {@link ServerConfig}; sizes may be numbers or strings such
 * as "16M"; `tokens` is a list of `{ token, scopes, name }` and
 * `tokensFile` names a token file.
 */
import { ConfigError } from './errors.js';
import type { ConfigLayer } from './layer.js';
import { checkToken } from '../auth/token-text.js';
import { parseSize } from './values.js';

const KEYS = new Set([
  'host',
  'port',
  'allow',
  'plugins',
  'allowWrite',
  'allowRaw',
  'allowDestructive',
  'tlsCert',
  'tlsKey',
  'insecure',
  'concurrency',
  'maxTransferBytes',
  'ioSizeBytes',
  'commandMaxTransferBytes',
  'requestTimeoutMs',
  'bodyTimeoutMs',
  'headersTimeoutMs',
  'keepAliveTimeoutMs',
  'idleTimeoutMs',
  'healthIntervalMs',
  'maxConnections',
  'bodyLimitBytes',
  'tokens',
  'tokensFile',
  'logLevel',
  'shutdownGraceMs',
  'workerThreads',
  'workerCallsPerDevice',
  'console',
]);

function size(v: unknown, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseSize(v, what);
  throw new ConfigError(`${what}: expected a number of bytes or a string such as "16M"`);
}

function expect<T>(v: unknown, type: 'string' | 'number' | 'boolean', what: string): T {
  if (typeof v !== type) throw new ConfigError(`${what}: expected a ${type}, got ${JSON.stringify(v)}`);
  return v as T;
}

/** Parses the text of a configuration file; `source` names it in errors. */
export function parseConfigFile(text: string, source: string): ConfigLayer {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${source}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ConfigError(`${source}: expected a JSON object of settings`);
  const d = data as Record<string, unknown>;
  for (const k of Object.keys(d)) {
    if (!KEYS.has(k)) throw new ConfigError(`${source}: unknown setting '${k}'; known settings: ${[...KEYS].join(', ')}`);
  }
  const at = (k: string): string => `${source}: ${k}`;
  const layer: ConfigLayer = {};
  if (d.host !== undefined) layer.host = expect(d.host, 'string', at('host'));
  if (d.port !== undefined) layer.port = expect(d.port, 'number', at('port'));
  if (d.allow !== undefined) {
    if (!Array.isArray(d.allow) || !d.allow.every((x) => typeof x === 'string')) throw new ConfigError(`${at('allow')}: expected a list of paths or globs`);
    layer.allow = d.allow;
  }
  if (d.plugins !== undefined) {
    if (!Array.isArray(d.plugins) || !d.plugins.every((x) => typeof x === 'string')) throw new ConfigError(`${at('plugins')}: expected a list of module paths or package names`);
    layer.plugins = d.plugins;
  }
  if (d.allowWrite !== undefined) layer.allowWrite = expect(d.allowWrite, 'boolean', at('allowWrite'));
  if (d.allowRaw !== undefined) layer.allowRaw = expect(d.allowRaw, 'boolean', at('allowRaw'));
  if (d.allowDestructive !== undefined) layer.allowDestructive = expect(d.allowDestructive, 'boolean', at('allowDestructive'));
  if (d.tlsCert !== undefined) layer.tlsCert = expect(d.tlsCert, 'string', at('tlsCert'));
  if (d.tlsKey !== undefined) layer.tlsKey = expect(d.tlsKey, 'string', at('tlsKey'));
  if (d.insecure !== undefined) layer.insecure = expect(d.insecure, 'boolean', at('insecure'));
  if (d.concurrency !== undefined) layer.concurrency = expect(d.concurrency, 'number', at('concurrency'));
  if (d.maxTransferBytes !== undefined) layer.maxTransferBytes = size(d.maxTransferBytes, at('maxTransferBytes'));
  if (d.ioSizeBytes !== undefined) layer.ioSizeBytes = size(d.ioSizeBytes, at('ioSizeBytes'));
  if (d.commandMaxTransferBytes !== undefined) layer.commandMaxTransferBytes = size(d.commandMaxTransferBytes, at('commandMaxTransferBytes'));
  for (const k of ['requestTimeoutMs', 'bodyTimeoutMs', 'headersTimeoutMs', 'keepAliveTimeoutMs', 'idleTimeoutMs', 'healthIntervalMs', 'maxConnections'] as const) {
    if (d[k] !== undefined) layer[k] = expect(d[k], 'number', at(k));
  }
  if (d.bodyLimitBytes !== undefined) layer.bodyLimitBytes = size(d.bodyLimitBytes, at('bodyLimitBytes'));
  if (d.logLevel !== undefined) layer.logLevel = expect(d.logLevel, 'string', at('logLevel'));
  if (d.shutdownGraceMs !== undefined) layer.shutdownGraceMs = expect(d.shutdownGraceMs, 'number', at('shutdownGraceMs'));
  if (d.workerThreads !== undefined) layer.workerThreads = expect(d.workerThreads, 'number', at('workerThreads'));
  if (d.workerCallsPerDevice !== undefined) layer.workerCallsPerDevice = expect(d.workerCallsPerDevice, 'number', at('workerCallsPerDevice'));
  if (d.console !== undefined) layer.console = expect(d.console, 'boolean', at('console'));
  if (d.tokensFile !== undefined) layer.tokensFiles = [expect(d.tokensFile, 'string', at('tokensFile'))];
  if (d.tokens !== undefined) {
    if (!Array.isArray(d.tokens)) throw new ConfigError(`${at('tokens')}: expected a list of { token, scopes, name }`);
    layer.tokens = d.tokens.map((t: unknown, i) => {
      if (typeof t !== 'object' || t === null) throw new ConfigError(`${at('tokens')}[${i}]: expected { token, scopes, name }`);
      const e = t as Record<string, unknown>;
      return checkToken({ token: e.token, scopes: e.scopes, name: e.name ?? `${source}#${i}` }, `${at('tokens')}[${i}]`);
    });
  }
  return layer;
}
