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
  const r = await build({ entryPoints: [join(dir, 'entry.js')], bundle: true, write: false, platform: 'node', format: 'cjs', logLevel: 'silent', external: ['yaml'], plugins: [lazyRequiresPlugin()] });
  return r.outputFiles[0]!.text;
}

describe('lazy requires', () => {
  it('replaces each line in the file it names, so the module loads on first use', async () => {
    // each file's stand-in has all of its lines and uses the bindings, as the package does, so the bundle keeps them
    const cases = [
      ['commander/lib/command.js', ['childProcess']],
      ['fastify/lib/server.js', ['http2', 'https']],
      ['prom-client/lib/pushgateway.js', ['https', 'gzipSync']],
      ['@fastify/swagger/lib/spec/openapi/index.js', ['yaml']],
      ['@fastify/swagger/lib/mode/static.js', ['yaml']],
    ] as const;
    for (const [file, bindings] of cases) {
      const entries = LAZY_REQUIRES.filter((e) => e.file.test(`/x/node_modules/${file}`));
      expect(entries).toHaveLength(bindings.length);
      const out = await bundleWith(file, `'use strict';\n${entries.map((e) => e.line).join('\n')}\nmodule.exports = [${bindings.join(', ')}];\n`);
      for (const e of entries) {
        expect(out).not.toContain(e.line);
        // the module is required inside a function now, with esbuild's quotes
        const module = /require\('([^']+)'\)/.exec(e.line)![1]!;
        expect(out, e.line).toContain(`=> require("${module}")`);
      }
    }
    expect(cases.reduce((n, [, b]) => n + b.length, 0)).toBe(LAZY_REQUIRES.length);
  });

  it('fails the build when a line is gone, naming the file and the entry to update', async () => {
    await expect(bundleWith('fastify/lib/server.js', "'use strict';\nconst http2 = require('http2');\n")).rejects.toThrow(/no longer has the line const http2 = require\('node:http2'\).*update tooling\/bundle\/src\/lazy-requires\.ts/s);
  });

  it('holds the lines the installed packages have (an upgrade that moves one fails here first)', () => {
    // the packages are the apps' dependencies: resolve them from the apps' folders
    // (commander's exports hide its lib/: find the file from its main module)
    const fromApp = (app: string, id: string, file: string): string => join(createRequire(new URL(`../../../apps/${app}/package.json`, import.meta.url)).resolve(id), '..', file);
    const swagger = (file: string): string => fromApp('server', '@fastify/swagger', file);
    const files = [
      fromApp('cli', 'commander', 'lib/command.js'),
      fromApp('server', 'fastify', 'lib/server.js'),
      fromApp('server', 'prom-client', 'lib/pushgateway.js'),
      swagger('lib/spec/openapi/index.js'),
      swagger('lib/spec/swagger/index.js'),
      swagger('lib/mode/static.js'),
    ];
    for (const entry of LAZY_REQUIRES) {
      const matching = files.filter((f) => entry.file.test(f));
      expect(matching.length, entry.line).toBeGreaterThan(0);
      for (const file of matching) expect(readFileSync(file, 'utf8'), file).toContain(entry.line);
    }
  });
});
