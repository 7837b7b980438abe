/**
 * The command registry the CLI uses: the built-in packs plus any plugins.
 */
import { createCommandSet, type CommandPack, type CommandSet } from '@sgio/struct';
import { loadPlugin, pluginSpecifiers } from './plugins.js';

let registry: CommandSet | undefined;
const loaded: string[] = [];

/** The registry (built-ins, plus the plugins loaded so far). */
export function commandRegistry(): CommandSet {
  registry ??= createCommandSet();
  return registry;
}

/** Loads every plugin named by flags, SGIO_PLUGINS and the config file. */
export async function loadAllPlugins(flags: readonly string[]): Promise<string[]> {
  const set = commandRegistry();
  for (const spec of pluginSpecifiers(flags)) {
    if (loaded.includes(spec)) continue;
    const pack = await loadPlugin(spec);
    set.use(pack as unknown as CommandPack);
    loaded.push(spec);
  }
  return loaded;
}

/** The plugin specifiers loaded so far. */
export function loadedPlugins(): readonly string[] {
  return loaded;
}
