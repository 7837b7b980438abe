/**
 * `node tooling/bundle/dist/cli.js`, run from an app's folder after `tsc`: bundles its command
 * (see {@link bundleApp}); the cache name is the package's first bin name.
 *
 * An app splits its command into programs of one part each with `"sgioBundle": { "splits": "dist/FILE.js" }` in its
 * package.json: that module (tsc's output) exports `bundleSplits`, the names of each part (see
 * `BundleOptions.splits`), so the list comes from the app's own table and is written nowhere else.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleApp } from './bundle-app.js';

interface Manifest {
  name: string;
  bin?: Record<string, string>;
  sgioBundle?: { splits?: string };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const name = Object.keys(manifest.bin ?? {})[0];
if (!name) {
  process.stderr.write(`bundle: ${manifest.name}'s package.json has no bin to bundle\n`);
  process.exit(2);
}
const splitsModule = manifest.sgioBundle?.splits;
let splits: readonly (readonly [string, ...string[]])[] | undefined;
if (splitsModule) {
  const exported = (await import(pathToFileURL(resolve(splitsModule)).href)) as { bundleSplits?: readonly (readonly [string, ...string[]])[] };
  if (!Array.isArray(exported.bundleSplits)) {
    process.stderr.write(`bundle: ${splitsModule} (sgioBundle.splits in package.json) does not export bundleSplits, an array of name lists\n`);
    process.exit(2);
  }
  splits = exported.bundleSplits;
}
const built = await bundleApp({ appDir: process.cwd(), name, ...(splits ? { splits } : {}) });
if (built.splits.length > 0) process.stdout.write(`bundle: ${name}: the whole program and ${built.splits.length} programs of one part each\n`);
