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
 * Loads koffi: its native module directly when it is there and reports
 * koffi's own version, its entry point otherwise.
 * @param load - `require` of the calling module (so a worker can pass its own)
 */
export function requireKoffi<T>(load: (path: string) => unknown = createRequire(import.meta.url)): T {
  const where = locateKoffi();
  if (where.native) {
    try {
      const native = load(where.native) as { version?: unknown };
      if (native.version === where.version) return native as T;
    } catch {
      // not loadable here (another C library, say): the entry point knows the alternatives
    }
  }
  return load(where.entry) as T;
}

/**
 * The path a worker thread should `require` for koffi: the native module
 * when it loads in this thread with the right version, else the entry point.
 */
export function koffiPathForWorkers(): string {
  const where = locateKoffi();
  if (where.native) {
    try {
      const native = createRequire(import.meta.url)(where.native) as { version?: unknown };
      if (native.version === where.version) return where.native;
    } catch {
      // fall through to the entry point
    }
  }
  return where.entry;
}
