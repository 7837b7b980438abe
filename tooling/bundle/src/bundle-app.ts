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
 *
 * Reading, decoding and deserializing the file still grow with its size,
 * whatever the command uses: an app can ask for programs of one part each
 * ({@link BundleOptions.splits}), which the loader picks by the first
 * argument. `sgio dd` in the lab, from its own 370 KB program instead of the
 * whole 720 KB one: read 38 -> 18 ms, code-cache deserialization 55 -> 25 ms,
 * top level 50 -> 35 ms, the rest of its start 135 -> 77 ms.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { thirdPartyLicences } from './third-party-licences.js';

/** The bundle's file name in `dist/`. */
export const PROGRAM_FILE = 'program.cjs';

/** The file name in `dist/` of the program of one part (see {@link BundleOptions.splits}). */
export function splitProgramFile(key: string): string {
  return `program-${key}.cjs`;
}

/**
 * What a program's code reads to know which part it was built for: the key
 * of a split, or undefined in the whole program (and in code that was not
 * bundled). The bundler defines it as a literal, so esbuild folds a test of
 * it, such as `(globalThis.SGIO_SPLIT ?? 'dd') === 'dd'`, and leaves out
 * what a dead branch imports.
 */
export const SPLIT_GLOBAL = 'globalThis.SGIO_SPLIT';

/** The loader's file name in `dist/`: the package's bin. */
export const LOADER_FILE = 'bin.cjs';

/**
 * commander requires node:child_process (which loads net, dgram and more)
 * at its top, for executable subcommands only, which sgio does not use: in
 * the bundle it loads on first use instead. The build fails if commander's
 * line changes, rather than silently keeping the cost.
 */
const lazyChildProcessInCommander: Plugin = {
  name: 'lazy-child-process-in-commander',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const line = "const childProcess = require('node:child_process');";
      if (!source.includes(line)) throw new Error(`${args.path} no longer has the line ${line}: update tooling/bundle/src/bundle-app.ts`);
      return { contents: source.replace(line, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"), loader: 'js' };
    });
  },
};

/** What {@link bundleApp} builds. */
export interface BundleOptions {
  /** The app's folder (holds `src/bin.ts` and `dist/`). */
  readonly appDir: string;
  /** The command's name, used in the cache file's name (the package's bin name). */
  readonly name: string;
  /** The program's entry, relative to `appDir`; `src/bin.ts` unless given. */
  readonly entry?: string;
  /**
   * Programs of one part each, besides the whole program: each entry lists
   * the first arguments that run it (a subcommand's name and aliases); its
   * first is its key. It is the same entry built with {@link SPLIT_GLOBAL}
   * defined as the key (the app's code keeps only that part when it tests
   * the global), into `dist/program-KEY.cjs`. The loader runs it when the
   * command's first argument is one of its names, and the whole program
   * otherwise. Keys are lower-case words and dashes.
   */
  readonly splits?: readonly (readonly [string, ...string[]])[];
}

/** One program of a part, in {@link BundleResult.splits}. */
export interface SplitProgram {
  /** Its key (the first of its names). */
  readonly key: string;
  /** The first arguments that run it. */
  readonly names: readonly string[];
  /** Absolute path of its `dist/program-KEY.cjs`. */
  readonly program: string;
  /** The first 16 hex digits of its SHA-256: its cache key. */
  readonly hash: string;
}

/** What {@link bundleApp} wrote. */
export interface BundleResult {
  /** Absolute path of `dist/program.cjs`. */
  readonly program: string;
  /** Absolute path of `dist/bin.cjs`. */
  readonly loader: string;
  /** The first 16 hex digits of the program's SHA-256: the cache key. */
  readonly hash: string;
  /** The programs of one part each (empty without {@link BundleOptions.splits}). */
  readonly splits: readonly SplitProgram[];
}

/** Builds `dist/program.cjs`, `dist/bin.cjs` and `dist/THIRD-PARTY-LICENSES.txt` of one app. */
export async function bundleApp(options: BundleOptions): Promise<BundleResult> {
  const dist = `${options.appDir}/dist`;
  const program = `${dist}/${PROGRAM_FILE}`;
  const loader = `${dist}/${LOADER_FILE}`;
  const entry = options.entry ?? 'src/bin.ts';
  const splits = checkedSplits(options.splits ?? []);
  // what earlier builds left: tsc's unbundled entry, the ES-module bundle's chunks, programs of parts no longer split
  rmSync(`${dist}/chunks`, { recursive: true, force: true });
  rmSync(`${dist}/bin.js`, { force: true });
  if (existsSync(dist)) for (const file of readdirSync(dist)) if (/^program-.+\.cjs$/.test(file)) rmSync(`${dist}/${file}`, { force: true });
  const whole = await buildProgram(options.appDir, entry, program, undefined);
  const built: SplitProgram[] = [];
  for (const names of splits) {
    const file = `${dist}/${splitProgramFile(names[0])}`;
    const part = await buildProgram(options.appDir, entry, file, names[0]);
    built.push({ key: names[0], names, program: file, hash: part.hash });
  }
  // the loader's table: each first argument that runs a part, with that part's file, hash and key
  const byName: Record<string, [file: string, hash: string, key: string]> = {};
  for (const p of built) for (const name of p.names) byName[name] = [splitProgramFile(p.key), p.hash, p.key];
  await build({
    entryPoints: [fileURLToPath(new URL('./loader/start.js', import.meta.url))],
    outfile: loader,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: {
      SGIO_PROGRAM_FILE: JSON.stringify(PROGRAM_FILE),
      SGIO_PROGRAM_HASH: JSON.stringify(whole.hash),
      SGIO_PROGRAM_NAME: JSON.stringify(options.name),
      SGIO_SPLITS: JSON.stringify(byName),
    },
    banner: { js: '#!/usr/bin/env node' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  chmodSync(loader, 0o755);
  // the whole program holds every part's code: its inputs are the licences of all of them
  writeFileSync(`${dist}/THIRD-PARTY-LICENSES.txt`, thirdPartyLicences(whole.inputs.map((i) => `${options.appDir}/${i}`), `dist/${PROGRAM_FILE}`));
  return { program, loader, hash: whole.hash, splits: built };
}

/** The splits, checked: keys that make file names, no first argument in two of them. */
function checkedSplits(splits: readonly (readonly [string, ...string[]])[]): (readonly [string, ...string[]])[] {
  const seen = new Set<string>();
  for (const names of splits) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(names[0])) throw new Error(`split key '${names[0]}' must be lower-case letters, digits and dashes (it names dist/${splitProgramFile('KEY')})`);
    for (const name of names) {
      if (seen.has(name)) throw new Error(`'${name}' is listed in two splits: each first argument runs one program`);
      seen.add(name);
    }
  }
  return [...splits];
}

/** Bundles `entry` into `outfile`, with {@link SPLIT_GLOBAL} defined as `split`; returns its hash and its inputs. */
async function buildProgram(appDir: string, entry: string, outfile: string, split: string | undefined): Promise<{ hash: string; inputs: string[] }> {
  const result = await build({
    absWorkingDir: appDir,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['koffi'],
    // the workspace's ES modules find files beside themselves (createRequire, console assets) with import.meta.url
    define: { 'import.meta.url': '__sgioImportMetaUrl', [SPLIT_GLOBAL]: split === undefined ? 'undefined' : JSON.stringify(split) },
    banner: { js: "const __sgioImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    // fully minified, but function and class names stay (error names, constructor.name and stack frames use them): a
    // smaller file is read, decoded and deserialized faster (sgio inq in the lab: 1.84 -> 1.67 s)
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: true,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    plugins: [lazyChildProcessInCommander],
  });
  const code = readFileSync(outfile);
  // the loader wraps the program in a function: a hashbang line there is a syntax error
  if (code.subarray(0, 2).toString() === '#!') throw new Error(`${entry} starts with #!: remove it, dist/${LOADER_FILE} is the executable`);
  return { hash: createHash('sha256').update(code).digest('hex').slice(0, 16), inputs: Object.keys(result.metafile.inputs) };
}
