/**
 * Assembles the configuration: defaults, then the config file, then the
 * environment, then the flags; reads token files; validates the result.
 */
import { readFileSync } from 'node:fs';
import { parseTokenText } from '../auth/token-text.js';
import { DEFAULT_CONFIG, type ServerConfig } from './config.js';
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
}

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
  const readFile = sources.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const flags = parseFlags(sources.argv);
  if (flags.help) return { help: true };
  const layers: ConfigLayer[] = [];
  const file = flags.configFile ?? sources.env.SGIOD_CONFIG;
  if (file) layers.push(parseConfigFile(read(readFile, file, 'config file'), file));
  layers.push(configFromEnv(sources.env), flags.layer);
  return { help: false, config: resolveConfig(mergeLayers(layers), readFile) };
}

/** Applies defaults to a merged layer, reads its token files and validates everything. */
export function resolveConfig(layer: ConfigLayer, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): ServerConfig {
  const { tokens = [], tokensFiles = [], ...rest } = layer;
  const allTokens = [...tokens];
  for (const f of tokensFiles) allTokens.push(...parseTokenText(read(readFile, f, 'token file'), f));
  const config: ServerConfig = { ...DEFAULT_CONFIG, ...rest, tokens: allTokens };
  validateConfig(config);
  return config;
}

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
  positiveInt(c.requestTimeoutMs, 'request timeout', 100, 0xffffffff);
  positiveInt(c.bodyLimitBytes, 'body limit', 1024);
  positiveInt(c.shutdownGraceMs, 'shutdown grace', 0);
  for (const a of c.allow) {
    if (!a.startsWith('/')) throw new ConfigError(`allowlist entry '${a}' must be an absolute path or glob (e.g. /dev/sg1 or /dev/sg*)`);
  }
  const seen = new Set<string>();
  for (const t of c.tokens) {
    if (seen.has(t.token)) throw new ConfigError(`token '${t.name}' is listed twice; give each client its own token`);
    seen.add(t.token);
  }
}
