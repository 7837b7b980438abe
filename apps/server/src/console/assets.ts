/**
 * Where the web console's files are on disk. The page (`index.html`,
 * `console.js`, `console.css`) lives in the `console/` folder of the
 * `@sgio/server` package, found by walking up from this module's own file
 * to the package's `package.json`: that is `src/console/` under vitest,
 * `dist/console/` in the library build and `dist/` in sgiod's bundle
 * (`dist/program.cjs`), and the same walk works from an installed
 * package. uPlot's files are resolved from this module's location with
 * Node's resolver (`createRequire`), so they come from the `uplot`
 * dependency as installed beside the server, never from the bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One file of the console: where it is and what it is. */
export interface ConsoleAsset {
  /** Absolute path on disk. */
  readonly file: string;
  /** Its Content-Type. */
  readonly contentType: string;
}

/** The name of the package whose `console/` folder holds the page. */
const PACKAGE = '@sgio/server';

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/**
 * The folder of `@sgio/server` that holds `from` (a file URL; default this
 * module): the nearest folder above it whose package.json names the package.
 * @throws {Error} when there is none (a copy of the code outside its package).
 */
export function serverPackageDir(from: string = import.meta.url): string {
  const start = dirname(fileURLToPath(from));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE) return dir;
      } catch {
        // not a readable manifest: keep walking up
      }
    }
    if (dirname(dir) === dir) throw new Error(`no ${PACKAGE} package folder above ${start}: the console's files are in its console/ folder`);
  }
}

/**
 * The console's files by their path under `/console/`: the page from the
 * package's `console/` folder, uPlot's script and stylesheet under `vendor/`.
 * @throws {Error} when a file is missing (the console cannot be served; better said at start than at the first page load).
 */
export function consoleAssets(from: string = import.meta.url): ReadonlyMap<string, ConsoleAsset> {
  const page = join(serverPackageDir(from), 'console');
  const resolve = createRequire(from).resolve;
  const assets = new Map<string, ConsoleAsset>([
    ['index.html', { file: join(page, 'index.html'), contentType: HTML }],
    ['console.js', { file: join(page, 'console.js'), contentType: JS }],
    ['console.css', { file: join(page, 'console.css'), contentType: CSS }],
    ['vendor/uPlot.iife.min.js', { file: resolve('uplot/dist/uPlot.iife.min.js'), contentType: JS }],
    ['vendor/uPlot.min.css', { file: resolve('uplot/dist/uPlot.min.css'), contentType: CSS }],
  ]);
  for (const [name, asset] of assets) if (!existsSync(asset.file)) throw new Error(`the console's ${name} is missing (${asset.file})`);
  return assets;
}
