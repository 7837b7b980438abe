/**
 * Loading third-party command packs by module specifier, for every app: a
 * pack module exports a command pack (`defineCommandPack`: `name`,
 * `commands`, and optionally `vpdPages`, `modePages`, `logPages`) as its
 * default export or as `commandPack`/`pack`. Where the specifiers come from
 * (flags, environment, config file) is the app's business.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandPack, PageDecoderPack } from '@sgio/struct';
import { SgioError } from '../errors/sgio-error.js';

/** A loaded pack: its commands and page decoders. */
export type LoadedPack = CommandPack & PageDecoderPack;

/** A pack module could not be imported or exports no pack. Code `EPACK_LOAD`. */
export class PackLoadError extends SgioError {
  /** The specifier that failed. */
  readonly specifier: string;
  constructor(specifier: string, message: string, options?: ErrorOptions) {
    super('EPACK_LOAD', message, options);
    this.specifier = specifier;
  }
}

/**
 * Where a bundled command's loader (tooling/bundle, `dist/bin.cjs`) puts an
 * `import()` of its own: on Node 20, code compiled from V8's code cache
 * cannot call `import()` (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so packs
 * are imported through the loader's function when there is one.
 */
const IMPORT_HOOK = Symbol.for('sgio.importModule');

function importModule(target: string): Promise<unknown> {
  const hook = (globalThis as Record<symbol, unknown>)[IMPORT_HOOK];
  return typeof hook === 'function' ? (hook as (target: string) => Promise<unknown>)(target) : import(target);
}

/** The URL or bare name `import()` gets for `specifier`: paths (`./x.js`, `/x.js`) resolve from `cwd`. */
export function packImportTarget(specifier: string, cwd: string = process.cwd()): string {
  return specifier.startsWith('.') || isAbsolute(specifier) ? pathToFileURL(resolve(cwd, specifier)).href : specifier;
}

/**
 * Imports one pack module (a path or an installed package name) and returns
 * its pack.
 * @throws {@link PackLoadError} when the module cannot be imported or exports no pack.
 */
export async function loadCommandPack(specifier: string): Promise<LoadedPack> {
  let mod: Record<string, unknown>;
  try {
    mod = (await importModule(packImportTarget(specifier))) as Record<string, unknown>;
  } catch (e) {
    throw new PackLoadError(specifier, `cannot load plugin '${specifier}': ${(e as Error).message}. Pass a module name installed where sgio can resolve it, or a path to its entry file.`, { cause: e });
  }
  const pack = (mod.default ?? mod.commandPack ?? mod.pack) as { name?: unknown; commands?: unknown } | undefined;
  if (!pack || typeof pack.name !== 'string' || !Array.isArray(pack.commands)) {
    throw new PackLoadError(specifier, `plugin '${specifier}' does not export a command pack (defineCommandPack) as default, 'commandPack' or 'pack'.`);
  }
  return pack as unknown as LoadedPack;
}

/** Imports every pack of `specifiers` (duplicates once), in order. */
export async function loadCommandPacks(specifiers: readonly string[]): Promise<LoadedPack[]> {
  const packs: LoadedPack[] = [];
  for (const specifier of new Set(specifiers)) packs.push(await loadCommandPack(specifier));
  return packs;
}
