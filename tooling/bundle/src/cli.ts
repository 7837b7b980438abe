/**
 * `node tooling/bundle/dist/cli.js [--refresh-cache-after-ms MS]`, run from an app's folder after
 * `tsc`: bundles its command (see {@link bundleApp}); the cache name is the package's first bin name.
 * `--refresh-cache-after-ms`: how long a run must last before it may replace its own compile cache with
 * a larger one at exit (default 2000; sgiod gives 0).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bundleApp } from './bundle-app.js';

const fail = (message: string): never => {
  process.stderr.write(`bundle: ${message}\n`);
  process.exit(2);
};

let values: { 'refresh-cache-after-ms'?: string | undefined };
try {
  ({ values } = parseArgs({ options: { 'refresh-cache-after-ms': { type: 'string' } } }));
} catch (e) {
  fail(`${e instanceof Error ? e.message : String(e)} (usage: bundle [--refresh-cache-after-ms MS])`);
}
const refreshText = values!['refresh-cache-after-ms'];
const refreshCacheAfterMs = refreshText === undefined ? undefined : Number(refreshText);
if (refreshCacheAfterMs !== undefined && !(Number.isInteger(refreshCacheAfterMs) && refreshCacheAfterMs >= 0)) {
  fail(`--refresh-cache-after-ms wants a whole number of milliseconds >= 0, got ${JSON.stringify(refreshText)}`);
}
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; bin?: Record<string, string> };
const name = Object.keys(manifest.bin ?? {})[0];
if (!name) fail(`${manifest.name}'s package.json has no bin to bundle`);
await bundleApp({ appDir: process.cwd(), name: name!, ...(refreshCacheAfterMs !== undefined ? { refreshCacheAfterMs } : {}) });
