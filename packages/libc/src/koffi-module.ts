/**
 * Finding and loading koffi quickly.
 *
 * koffi's entry point (`index.js`) requires `https`, `zlib` and `crypto` at
 * its top (for its build tool, which a user of the prebuilt module never
 * runs), tries up to ten candidate paths and wraps the native module to add
 * deprecated aliases. In the lab's guest, where every page fault and system
 * call is slow, that costs about 0.4 s per process (`require('koffi')`
 * 1.27 s against 0.89 s for its native module alone and 0.85 s for
 * `node -e 0`), more than a command-line tool's whole budget.
 *
 * So the native module prebuilt for this platform is loaded directly
 * (`build/koffi/<os>_<arch>/koffi.node`, the first path koffi itself tries),
 * after the same version check koffi makes. When that file is missing or
 * does not load (musl, another layout in a future koffi), the entry point is
 * used as before: nothing is lost but time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** What {@link locateKoffi} found. */
export interface KoffiLocation {
  /** Absolute path of koffi's entry point (`index.js`): always loadable. */
  readonly entry: string;
  /** Absolute path of the prebuilt native module for this platform, when present. */
  readonly native: string | undefined;
  /** koffi's package version. */
  readonly version: string;
}

let location: KoffiLocation | undefined;

/** Where koffi is installed for this package, and its native module for `process.platform`/`process.arch`. */
export function locateKoffi(): KoffiLocation {
  if (location) return location;
  const require = createRequire(import.meta.url);
  const entry = require.resolve('koffi');
  const root = dirname(entry);
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const native = join(root, 'build', 'koffi', `${process.platform}_${process.arch}`, 'koffi.node');
  location = { entry, native: existsSync(native) ? native : undefined, version };
  return location;
}

/**
 * The path to load koffi from: its native module when that loads with
 * koffi's own version, its entry point otherwise. A worker thread requires
 * the same path (loading it here first proves it loads).
 * @param load - a `require` (tests pass one that fails)
 */
export function koffiPath(load: (path: string) => unknown = createRequire(import.meta.url)): string {
  const where = locateKoffi();
  if (where.native) {
    try {
      const native = load(where.native) as { version?: unknown };
      if (native.version === where.version) return where.native;
    } catch {
      // not loadable here (another C library, say): the entry point knows the alternatives
    }
  }
  return where.entry;
}

/**
 * Loads koffi from {@link koffiPath} (the native module is required once:
 * `require` caches it).
 * @param load - a `require` (tests pass one that fails)
 */
export function requireKoffi<T>(load: (path: string) => unknown = createRequire(import.meta.url)): T {
  return load(koffiPath(load)) as T;
}
