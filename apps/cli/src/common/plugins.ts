/**
 * Third-party command packs: loaded from `--plugin MODULE` (repeatable), the
 * SGIO_PLUGINS environment variable (comma separated) and the `plugins` list
 * of the config file ($SGIO_CONFIG, else $XDG_CONFIG_HOME/sgio/config.json,
 * else ~/.config/sgio/config.json). A plugin module exports a command pack
 * (`defineCommandPack`) as its default export or as `commandPack`/`pack`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LoadedPack } from '@sgio/core';
import { CliError } from './cli-error.js';

/** The config file's shape. */
export interface CliConfig {
  /** Plugin modules to load. */
  readonly plugins?: readonly string[];
}

/** Path of the config file in effect. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SGIO_CONFIG) return env.SGIO_CONFIG;
  const base = env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  return join(base, 'sgio', 'config.json');
}

/** Reads the config file (absent is fine; malformed is an error that names it). */
export function readConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const path = configPath(env);
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as CliConfig;
  } catch (e) {
    throw new CliError(`cannot read the config file ${path}: ${(e as Error).message}`);
  }
}

/** Every plugin specifier from flags, environment and config, in that order, without duplicates. */
export function pluginSpecifiers(fromFlags: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const list = [
    ...fromFlags,
    ...(env.SGIO_PLUGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    ...(readConfig(env).plugins ?? []),
  ];
  return [...new Set(list)];
}

/** Scans argv for `--plugin X` / `--plugin=X` before commander parses (plugins add subcommand options). */
export function pluginFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--plugin' && i + 1 < argv.length) out.push(argv[++i]!);
    else if (a.startsWith('--plugin=')) out.push(a.slice('--plugin='.length));
  }
  return out;
}

/** Imports a plugin module (with core's pack loader) and returns its pack; a failure is a CliError with core's advice. */
export async function loadPlugin(specifier: string): Promise<LoadedPack> {
  // core's pack loader (and koffi) load only when a plugin is asked for, not at every start-up
  const { loadCommandPack, PackLoadError } = await import('./plugin-loader.js');
  try {
    return await loadCommandPack(specifier);
  } catch (e) {
    if (e instanceof PackLoadError) throw new CliError(e.message);
    throw e;
  }
}
