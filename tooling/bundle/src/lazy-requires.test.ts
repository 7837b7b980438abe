/** The deferred requires: applied where the line is, the build refused where it is gone. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { LAZY_REQUIRES, lazyRequiresPlugin } from './lazy-requires.js';

const root = mkdtempSync(join(tmpdir(), 'sgio-lazy-requires-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Bundles an entry that requires a package file `pkgFile` whose text is `text`; returns the bundle. */
async function bundleWith(pkgFile: string, text: string): Promise<string> {
  const dir = mkdtempSync(join(root, 'app-'));
  const file = join(dir, 'node_modules', pkgFile);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  writeFileSync(join(dir, 'entry.js'), `module.exports = require('./node_modules/${pkgFile}');\n`);
  const r = await build({ entryPoints: [join(dir, 'entry.js')], bundle: true, write: false, platform: 'node', format: 'cjs', logLevel: 'silent', plugins: [lazyRequiresPlugin()] });
  return r.outputFiles[0]!.text;
}

describe('lazy requires', () => {
  it('replaces each line in the file it names, so the module loads on first use', async () => {
    // each file's stand-in uses the binding, as the package does, so the bundle keeps it
    const cases = [
      ['commander/lib/command.js', 0, 'childProcess'],
      ['fastify/lib/server.js', 1, 'http2'],
      ['prom-client/lib/pushgateway.js', 2, 'gzipSync'],
    ] as const;
    for (const [file, i, binding] of cases) {
      const entry = LAZY_REQUIRES[i]!;
      expect(entry.file.test(`/x/node_modules/${file}`)).toBe(true);
      const out = await bundleWith(file, `'use strict';\n${entry.line}\nmodule.exports = ${binding};\n`);
      expect(out).not.toContain(entry.line);
      expect(out, file).toMatch(/=> require\("(node:)?(child_process|http2|zlib)"\)/);
    }
  });

  it('fails the build when a line is gone, naming the file and the entry to update', async () => {
    await expect(bundleWith('fastify/lib/server.js', "'use strict';\nconst http2 = require('http2');\n")).rejects.toThrow(/no longer has the line const http2 = require\('node:http2'\).*update tooling\/bundle\/src\/lazy-requires\.ts/s);
  });

  it('holds the lines the installed packages have (an upgrade that moves one fails here first)', () => {
    // the packages are the apps' dependencies: resolve them from the apps' folders
    // (commander's exports hide its lib/: find the file from its main module)
    const fromApp = (app: string, id: string, file: string): string => join(createRequire(new URL(`../../../apps/${app}/package.json`, import.meta.url)).resolve(id), '..', file);
    const files = [fromApp('cli', 'commander', 'lib/command.js'), fromApp('server', 'fastify', 'lib/server.js'), fromApp('server', 'prom-client', 'lib/pushgateway.js')];
    files.forEach((f, i) => {
      expect(LAZY_REQUIRES[i]!.file.test(f), f).toBe(true);
      expect(readFileSync(f, 'utf8'), f).toContain(LAZY_REQUIRES[i]!.line);
    });
  });
});
