/**
 * Bundles `@sgio/struct` for the browser with esbuild, refusing any Node
 * built-in (`node:*` or bare `fs`, `buffer`, ...) instead of polyfilling it.
 */
import { builtinModules } from 'node:module';
import { build, type Metafile, type Plugin } from 'esbuild';

/** The bundle and what went into it. */
export interface BrowserBundle {
  /** The ESM bundle's source. */
  readonly code: string;
  /** Input files, relative to the working directory. */
  readonly inputs: readonly string[];
  /** Imports esbuild left external (must be none). */
  readonly externals: readonly string[];
}

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** An esbuild plugin that fails the build on any Node built-in import. */
export const noNodeBuiltins: Plugin = {
  name: 'no-node-builtins',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (builtins.has(args.path) || args.path.startsWith('node:')) {
        return { errors: [{ text: `${args.importer} imports the Node built-in '${args.path}'; @sgio/struct must run in a browser without polyfills` }] };
      }
      return undefined;
    });
  },
};

/** Bundles `entry` (source code importing `@sgio/struct`) for browsers. */
export async function bundleForBrowser(entry: string, resolveDir: string): Promise<BrowserBundle> {
  const result = await build({
    stdin: { contents: entry, resolveDir, sourcefile: 'browser-entry.js', loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [noNodeBuiltins],
  });
  const meta: Metafile = result.metafile;
  const externals = Object.values(meta.inputs).flatMap((i) => i.imports.filter((imp) => imp.external).map((imp) => imp.path));
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(meta.inputs), externals };
}
