/**
 * Bundles an app's command: `src/bin.ts` and everything it imports (but
 * koffi) into one CommonJS file, `dist/program.cjs`, and the start-up
 * loader (`loader/start.ts`) into `dist/bin.cjs`, the package's bin.
 *
 * Why this shape, measured in the lab (UML, where file reads, page faults
 * and system calls are slow) with `sgio inq`: unbundled, the command read
 * and compiled some 400 ES modules; an ES-module bundle with lazy chunks
 * still spent most of its start in Node 20's ES-module loader and in
 * compiling, with no way to keep compiled code. One CommonJS file compiled
 * through `vm.Script` with V8's code cache took `sgio inq` from 2.1 s to
 * 1.7 s there (`node -e 0`: 1.05 s). esbuild keeps each dynamically
 * imported module lazy inside the one file (its top level runs on first
 * import), so subcommands still load only what they use.
 */
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { barrelImportsPlugin } from './barrel-imports.js';
import { lazyRequiresPlugin } from './lazy-requires.js';
import { thirdPartyLicences } from './third-party-licences.js';

/** The bundle's file name in `dist/`. */
export const PROGRAM_FILE = 'program.cjs';

/** How `dist/program.cjs` begins: a function with a CommonJS module's parameters, which the loader calls. */
export const PROGRAM_WRAPPER_START = '(function (exports, require, module, __filename, __dirname) {';

/** How `dist/program.cjs` ends. */
export const PROGRAM_WRAPPER_END = '})';

/** The loader's file name in `dist/`: the package's bin. */
export const LOADER_FILE = 'bin.cjs';

/** What {@link bundleApp} builds. */
export interface BundleOptions {
  /** The app's folder (holds `src/bin.ts` and `dist/`). */
  readonly appDir: string;
  /** The command's name, used in the cache file's name (the package's bin name). */
  readonly name: string;
  /** The program's entry, relative to `appDir`; `src/bin.ts` unless given. */
  readonly entry?: string;
  /**
   * How long a run must last before it may replace its own compile cache
   * with a larger one at exit (ms; default {@link DEFAULT_CACHE_REFRESH_AFTER_MS}):
   * 0 for a server, whose exit time nobody waits for.
   */
  readonly refreshCacheAfterMs?: number;
}

/** A short command's exit does not pay for serializing its cache again (about 6 ms a MB on a host). */
export const DEFAULT_CACHE_REFRESH_AFTER_MS = 2_000;

/** What {@link bundleApp} wrote. */
export interface BundleResult {
  /** Absolute path of `dist/program.cjs`. */
  readonly program: string;
  /** Absolute path of `dist/bin.cjs`. */
  readonly loader: string;
  /** The first 16 hex digits of the program's SHA-256: the cache key. */
  readonly hash: string;
}

/** Builds `dist/program.cjs`, `dist/bin.cjs` and `dist/THIRD-PARTY-LICENSES.txt` of one app. */
export async function bundleApp(options: BundleOptions): Promise<BundleResult> {
  const dist = `${options.appDir}/dist`;
  const program = `${dist}/${PROGRAM_FILE}`;
  const loader = `${dist}/${LOADER_FILE}`;
  // what earlier builds left: tsc's unbundled entry and the ES-module bundle's chunks
  rmSync(`${dist}/chunks`, { recursive: true, force: true });
  rmSync(`${dist}/bin.js`, { force: true });
  const result = await build({
    absWorkingDir: options.appDir,
    entryPoints: [options.entry ?? 'src/bin.ts'],
    outfile: program,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['koffi'],
    // the workspace's ES modules find files beside themselves (createRequire, console assets) with import.meta.url
    define: { 'import.meta.url': '__sgioImportMetaUrl' },
    // the file is one function expression, which the loader compiles as it is (a CommonJS module's wrapper): wrapping
    // it at each start made a copy of the whole text (700 KB, about 170 fresh pages, slow to fault in the lab's guest)
    banner: { js: `${PROGRAM_WRAPPER_START}const __sgioImportMetaUrl = require('node:url').pathToFileURL(__filename).href;` },
    footer: { js: PROGRAM_WRAPPER_END },
    // fully minified, but function and class names stay (error names, constructor.name and stack frames use them): a
    // smaller file is read, decoded and deserialized faster (sgio inq in the lab: 1.84 -> 1.67 s)
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: true,
    keepNames: true,
    // the loader reads the program as Latin-1, which decodes faster than UTF-8 (700 KB in the lab: 8.0 against 11.5
    // ms): esbuild escapes every non-ASCII character, and the check below makes sure
    charset: 'ascii',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    // lazy-requires first: it edits third-party files, barrel-imports the workspace's own
    plugins: [lazyRequiresPlugin(), barrelImportsPlugin()],
  });
  const code = readFileSync(program);
  // the program is one function expression: a hashbang line (esbuild keeps it first, before the wrapper) breaks it
  if (code.subarray(0, 2).toString() === '#!') throw new Error(`${options.entry ?? 'src/bin.ts'} starts with #!: remove it, dist/${LOADER_FILE} is the executable`);
  const nonAscii = code.findIndex((byte) => byte > 0x7f);
  if (nonAscii >= 0) throw new Error(`dist/${PROGRAM_FILE} has a non-ASCII byte at offset ${nonAscii}: the loader reads it as Latin-1; find what esbuild left unescaped there`);
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  await build({
    entryPoints: [fileURLToPath(new URL('./loader/start.js', import.meta.url))],
    outfile: loader,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: {
      SGIO_PROGRAM_FILE: JSON.stringify(PROGRAM_FILE),
      SGIO_PROGRAM_HASH: JSON.stringify(hash),
      SGIO_PROGRAM_NAME: JSON.stringify(options.name),
      SGIO_CACHE_REFRESH_AFTER_MS: String(options.refreshCacheAfterMs ?? DEFAULT_CACHE_REFRESH_AFTER_MS),
    },
    banner: { js: '#!/usr/bin/env node' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  chmodSync(loader, 0o755);
  writeFileSync(`${dist}/THIRD-PARTY-LICENSES.txt`, thirdPartyLicences(Object.keys(result.metafile.inputs).map((i) => `${options.appDir}/${i}`), `dist/${PROGRAM_FILE}`));
  return { program, loader, hash };
}
