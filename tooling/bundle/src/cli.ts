/**
 * `node tooling/bundle/dist/cli.js`, run from an app's folder after `tsc`: bundles its command
 * (see {@link bundleApp}); the cache name is the package's first bin name.
 */
import { readFileSync } from 'node:fs';
import { bundleApp } from './bundle-app.js';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; bin?: Record<string, string> };
const name = Object.keys(manifest.bin ?? {})[0];
if (!name) {
  process.stderr.write(`bundle: ${manifest.name}'s package.json has no bin to bundle\n`);
  process.exit(2);
}
await bundleApp({ appDir: process.cwd(), name });
