/**
 * The command registry and the page decoder registry the CLI uses: the
 * built-in packs plus any plugins (their commands and their VPD, mode and
 * log pages).
 */
import { createCommandSet, createDecoderRegistry, type CommandSet, type DecoderRegistry } from '@sgio/struct';
import { loadPlugin, pluginSpecifiers } from './plugins.js';

let registry: CommandSet | undefined;
let decoders: DecoderRegistry | undefined;
const loaded: string[] = [];

/** The registry (built-ins, plus the plugins loaded so far). */
export function commandRegistry(): CommandSet {
  registry ??= createCommandSet();
  return registry;
}

/** The page decoders (standard decoders, plus the pages of the plugins loaded so far). */
export function decoderRegistry(): DecoderRegistry {
  decoders ??= createDecoderRegistry() as unknown as DecoderRegistry;
  return decoders;
}

/** Loads every plugin named by flags, SGIO_PLUGINS and the config file. */
export async function loadAllPlugins(flags: readonly string[]): Promise<string[]> {
  const set = commandRegistry();
  for (const spec of pluginSpecifiers(flags)) {
    if (loaded.includes(spec)) continue;
    const pack = await loadPlugin(spec);
    set.use(pack);
    decoderRegistry().use(pack);
    loaded.push(spec);
  }
  return loaded;
}

/** The plugin specifiers loaded so far. */
export function loadedPlugins(): readonly string[] {
  return loaded;
}
