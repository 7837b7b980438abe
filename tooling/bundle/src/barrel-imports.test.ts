/**
 * Imports of a workspace package's entry point go to the defining modules:
 * the export maps, the rewriting of import statements, and a bundle in
 * which a module nobody imports no longer runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { barrelImportsPlugin, rewriteBarrelImports } from './barrel-imports.js';
import { ExportOrigins, type ExportOrigin } from './export-origins.js';

const files: Record<string, string> = {
  '/p/index.js': [
    '// export { notAnExport } from "./a.js" in a comment is not an export',
    "export * from './a.js';",
    "export { b as bee, c } from './b.js';",
    "export { d } from 'other-package';",
    "export * as space from './a.js';",
    'export const e = 1, { f, g: [h] } = { f: 2, g: [3] };',
    'export function fn() {}',
    'export class K {}',
    'const local = 4;',
    'export { local as renamedLocal };',
    'export default 5;',
  ].join('\n'),
  '/p/a.js': "export const a = 1;\nexport const c = 'loses to the explicit export of index.js';\nconst text = 'export const fake = 1';\n",
  '/p/b.js': "export { c } from './c.js';\nexport const b = 2;\n",
  '/p/c.js': "export * from './index.js';\nexport const c = 3;\n",
};

const origin = (file: string, name: string): ExportOrigin => ({ file, name });

describe('ExportOrigins', () => {
  const origins = new ExportOrigins((file) => {
    const text = files[file];
    if (text === undefined) throw new Error(`no ${file}`);
    return text;
  });
  const map = origins.of('/p/index.js');

  it('follows re-exports, renames and star exports to the defining module', () => {
    expect(map.get('a')).toEqual(origin('/p/a.js', 'a'));
    expect(map.get('bee')).toEqual(origin('/p/b.js', 'b'));
    // index.js -> b.js -> c.js: the chain ends where c is declared
    expect(map.get('c')).toEqual(origin('/p/c.js', 'c'));
  });

  it('keeps local declarations, local export lists, namespaces and other packages with the module itself', () => {
    for (const name of ['e', 'f', 'h', 'fn', 'K', 'space', 'd']) expect(map.get(name)).toEqual(origin('/p/index.js', name));
    expect(map.get('renamedLocal')).toEqual(origin('/p/index.js', 'renamedLocal'));
  });

  it('leaves out default exports and text that only looks like an export', () => {
    expect(map.has('default')).toBe(false);
    expect(map.has('notAnExport')).toBe(false);
    expect(map.has('fake')).toBe(false);
    expect(map.has('local')).toBe(false);
  });
});

describe('rewriteBarrelImports', () => {
  const exports = new Map<string, ExportOrigin>([
    ['read10', origin('/s/read.js', 'read10')],
    ['inquiry', origin('/s/inquiry.js', 'inquiry')],
    ['decodeSense', origin('/s/sense.js', 'decodeSense')],
    ['renamed', origin('/s/sense.js', 'original')],
  ]);
  const barrelOf = (specifier: string): typeof exports | undefined => (specifier === '@sgio/struct' ? exports : undefined);

  it('points each named value import at its module, keeping aliases, type-only and unknown names', () => {
    const source = [
      'import {',
      '  read10,',
      '  inquiry as inq,',
      '  type Layout,',
      '  decodeSense,',
      '  renamed as mine,',
      '  notFound,',
      "} from '@sgio/struct';",
      "import { x } from './local.js';",
      'export const y = read10;',
    ].join('\n');
    expect(rewriteBarrelImports(source, 'a.ts', barrelOf)).toBe(
      [
        'import { read10 } from "/s/read.js"; import { inquiry as inq } from "/s/inquiry.js"; import { decodeSense, original as mine } from "/s/sense.js"; import { type Layout, notFound } from "@sgio/struct";',
        "import { x } from './local.js';",
        'export const y = read10;',
      ].join('\n'),
    );
  });

  it('leaves namespace, default, type-only and side-effect imports, other packages and re-exports alone', () => {
    const source = [
      "import * as struct from '@sgio/struct';",
      "import def, { read10 as r } from '@sgio/struct';",
      "import type { Layout } from '@sgio/struct';",
      "import '@sgio/struct';",
      "import { read10 } from '@sgio/core';",
      "export { inquiry } from '@sgio/struct';",
      "const later = import('@sgio/struct');",
    ].join('\n');
    expect(rewriteBarrelImports(source, 'a.ts', barrelOf)).toBeUndefined();
  });

  it('reads JavaScript as well as TypeScript', () => {
    expect(rewriteBarrelImports("import { read10 } from '@sgio/struct';\n", 'a.js', barrelOf)).toBe('import { read10 } from "/s/read.js";\n');
  });
});

describe('barrelImportsPlugin in a bundle', () => {
  const root = mkdtempSync(join(tmpdir(), 'sgio-barrel-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const write = (file: string, text: string): void => {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  // a workspace package, linked into the app's node_modules as pnpm links them
  write('packages/fake/package.json', JSON.stringify({ name: '@sgio/fake', type: 'module', sideEffects: false, exports: { '.': './dist/index.js' } }));
  write('packages/fake/dist/index.js', "export * from './used.js';\nexport { unused } from './unused.js';\n");
  write('packages/fake/dist/used.js', "globalThis.ran = [...(globalThis.ran ?? []), 'used'];\nexport const used = 'used';\n");
  write('packages/fake/dist/unused.js', "globalThis.ran = [...(globalThis.ran ?? []), 'unused'];\nexport const unused = 'unused';\n");
  mkdirSync(join(root, 'app/node_modules/@sgio'), { recursive: true });
  symlinkSync(join(root, 'packages/fake'), join(root, 'app/node_modules/@sgio/fake'));
  // a subcommand loaded with import(), as the apps load theirs: esbuild then wraps each module in a function run on first use
  write('app/src/bin.ts', "void (process.argv[2] === 'other' ? import('./other.js') : import('./command.js')).then(({ run }) => run());\n");
  // a second command (not run) uses the other module, so the bundle holds both
  write('app/src/other.ts', "import { unused } from '@sgio/fake';\nexport function run(): void { console.log(unused); }\n");
  write('app/src/command.ts', "import { used } from '@sgio/fake';\nexport function run(): void { console.log(JSON.stringify({ used, ran: (globalThis as { ran?: string[] }).ran })); }\n");

  async function bundle(withPlugin: boolean): Promise<unknown> {
    const outfile = join(root, `app/dist/${withPlugin ? 'with' : 'without'}.cjs`);
    await build({
      absWorkingDir: join(root, 'app'),
      entryPoints: ['src/bin.ts'],
      outfile,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
      plugins: withPlugin ? [barrelImportsPlugin()] : [],
    });
    const r = spawnSync(process.execPath, [outfile], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as unknown;
  }

  it('runs only the modules a command imports', async () => {
    // without the plugin the entry point runs every module it re-exports
    expect(await bundle(false)).toEqual({ used: 'used', ran: ['used', 'unused'] });
    expect(await bundle(true)).toEqual({ used: 'used', ran: ['used'] });
  });
});
