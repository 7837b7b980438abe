/**
 * Assembles the configuration: defaults, then the config file, then the
 * environment, then the flags; reads token files; validates the result.
 */
import { readFileSync, statSync } from 'node:fs';
import { isLoopbackHost } from '@sgio/core';
import { parseTokenText } from '../auth/token-text.js';
import { DEFAULT_CONFIG, type ServerConfig, type TokenEntry } from './config.js';
import { configFromEnv } from './env.js';
import { ConfigError } from './errors.js';
import { parseConfigFile } from './file.js';
import { parseFlags } from './flags.js';
import { mergeLayers, type ConfigLayer } from './layer.js';

/** Where the configuration comes from (injectable for tests). */
export interface ConfigSources {
  /** argv without node and the script. */
  readonly argv: readonly string[];
  /** The environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads a file as UTF-8 (default: node:fs). */
  readonly readFile?: (path: string) => string;
  /** The permission bits of a file (default: node:fs stat). */
  readonly fileMode?: (path: string) => number;
}

/** How {@link resolveConfig} reads token files (injectable for tests). */
export interface FileAccess {
  /** Reads a file as UTF-8. */
  readonly readFile: (path: string) => string;
  /** The permission bits of a file (`stat().mode`). */
  readonly fileMode: (path: string) => number;
}

/** The real file system. */
export const NODE_FILES: FileAccess = { readFile: (p) => readFileSync(p, 'utf8'), fileMode: (p) => statSync(p).mode };

/** The result of {@link loadConfig}: a configuration, or a request for help. */
export type LoadedConfig = { readonly help: true } | { readonly help: false; readonly config: ServerConfig };

function read(readFile: (path: string) => string, path: string, what: string): string {
  try {
    return readFile(path);
  } catch (e) {
    throw new ConfigError(`cannot read ${what} ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** Loads and validates the configuration from flags, environment and file. */
export function loadConfig(sources: ConfigSources): LoadedConfig {
  const readFile = sources.readFile ?? NODE_FILES.readFile;
  const files: FileAccess = { readFile, fileMode: sources.fileMode ?? NODE_FILES.fileMode };
  const flags = parseFlags(sources.argv);
  if (flags.help) return { help: true };
  const layers: ConfigLayer[] = [];
  const file = flags.configFile ?? sources.env.SGIOD_CONFIG;
  if (file) layers.push(parseConfigFile(read(readFile, file, 'config file'), file));
  layers.push(configFromEnv(sources.env), flags.layer);
  return { help: false, config: resolveConfig(mergeLayers(layers), files) };
}

/**
 * Reads the tokens of a token file, refusing one that group or others may
 * read (a leaked token file is a leaked server): `chmod 600` it.
 */
export function readTokenFile(path: string, files: FileAccess = NODE_FILES): TokenEntry[] {
  let mode: number;
  try {
    mode = files.fileMode(path);
  } catch (e) {
    throw new ConfigError(`cannot read token file ${path}: ${(e as Error).message}`, { cause: e });
  }
  if ((mode & 0o044) !== 0) {
    throw new ConfigError(`token file ${path} is readable by group or others (mode ${(mode & 0o777).toString(8)}); make it private: chmod 600 ${path}`);
  }
  return parseTokenText(read(files.readFile, path, 'token file'), path).map((t) => ({ ...t, file: path }));
}

/** Applies defaults to a merged layer, reads its token files and validates everything. */
export function resolveConfig(layer: ConfigLayer, files: FileAccess = NODE_FILES): ServerConfig {
  const { tokens = [], tokensFiles = [], ...rest } = layer;
  const allTokens = [...tokens];
  for (const f of tokensFiles) allTokens.push(...readTokenFile(f, files));
  const merged = { ...DEFAULT_CONFIG, ...rest };
  // unless given, the commands endpoint's limit follows a lower --max-transfer
  const commandMaxTransferBytes = rest.commandMaxTransferBytes ?? Math.min(DEFAULT_CONFIG.commandMaxTransferBytes, merged.maxTransferBytes);
  const config: ServerConfig = { ...merged, commandMaxTransferBytes, tokens: allTokens, tokensFiles };
  validateConfig(config);
  return config;
}

/** The longest delay a Node.js timer takes (about 24.8 days). */
const MAX_TIMER_MS = 0x7fffffff;

function positiveInt(value: number, what: string, min = 1, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${what} must be a whole number ${min}..${max}, got ${value}`);
}

/** Throws {@link ConfigError} for settings that cannot work together. */
export function validateConfig(c: ServerConfig): void {
  if (c.host.trim() === '') throw new ConfigError('the listen address is empty; use 127.0.0.1 (default) or another address');
  positiveInt(c.port, 'port', 0, 65535);
  positiveInt(c.concurrency, 'concurrency', 1, 16);
  positiveInt(c.ioSizeBytes, 'io size', 512, 16 * 1024 * 1024);
  positiveInt(c.maxTransferBytes, 'max transfer', 512);
  positiveInt(c.commandMaxTransferBytes, 'command max transfer', 512);
  if (c.commandMaxTransferBytes > c.maxTransferBytes) {
    throw new ConfigError(`the command max transfer (${c.commandMaxTransferBytes}) is above the max transfer (${c.maxTransferBytes}); lower --command-max-transfer or raise --max-transfer`);
  }
  positiveInt(c.requestTimeoutMs, 'request timeout', 100, 0xffffffff);
  positiveInt(c.bodyTimeoutMs, 'body timeout', 100, MAX_TIMER_MS);
  positiveInt(c.headersTimeoutMs, 'headers timeout', 100, MAX_TIMER_MS);
  positiveInt(c.keepAliveTimeoutMs, 'keep-alive timeout', 1, MAX_TIMER_MS);
  positiveInt(c.idleTimeoutMs, 'idle timeout', 100, MAX_TIMER_MS);
  positiveInt(c.maxConnections, 'max connections', 1, 1_000_000);
  if (c.healthIntervalMs !== 0) positiveInt(c.healthIntervalMs, 'health interval (0 turns it off)', 1000, MAX_TIMER_MS);
  if (c.idleTimeoutMs <= c.requestTimeoutMs) {
    throw new ConfigError(`the idle timeout (${c.idleTimeoutMs} ms) must be longer than the request timeout (${c.requestTimeoutMs} ms): a connection waits silently while its SCSI command runs; raise --idle-timeout`);
  }
  positiveInt(c.bodyLimitBytes, 'body limit', 1024);
  positiveInt(c.shutdownGraceMs, 'shutdown grace', 0);
  positiveInt(c.workerThreads, 'worker threads', 1, 1024);
  positiveInt(c.workerCallsPerDevice, 'worker calls per device', 1, 1024);
  if (c.workerCallsPerDevice > c.workerThreads) {
    throw new ConfigError(`worker calls per device (${c.workerCallsPerDevice}) exceed the worker threads (${c.workerThreads}): one hung device would take every thread; lower --worker-calls-per-device or raise --worker-threads`);
  }
  if (c.allowDestructive && !c.allowWrite) throw new ConfigError('--allow-destructive needs --allow-write as well (destructive commands write; without --allow-write the devices are opened read-only)');
  if ((c.tlsCert === undefined) !== (c.tlsKey === undefined)) throw new ConfigError('give --tls-cert and --tls-key together (the certificate and its private key, PEM files)');
  if (c.tlsCert === undefined && !c.insecure && !isLoopbackHost(c.host)) {
    throw new ConfigError(`listening on ${c.host} without TLS would send bearer tokens in clear text over the network; give --tls-cert and --tls-key, listen on 127.0.0.1, or pass --insecure if the network is trusted`);
  }
  for (const a of c.allow) {
    if (!a.startsWith('/')) throw new ConfigError(`allowlist entry '${a}' must be an absolute path or glob (e.g. /dev/sg1 or /dev/sg*)`);
  }
  const seen = new Set<string>();
  for (const t of c.tokens) {
    if (seen.has(t.token)) throw new ConfigError(`token '${t.name}' is listed twice; give each client its own token`);
    seen.add(t.token);
  }
}
