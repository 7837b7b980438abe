// The layer rule on the real workspace layout: the package a file belongs to
// is found from the nearest package.json, as `pnpm lint` does it.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { plugin } from './layers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { sgio: plugin },
      rules: { 'sgio/layers': 'error' },
    },
  ],
});

async function lint(path, code) {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result.messages.map((m) => m.message);
}

describe('layer rule in the workspace', () => {
  it('reports an import of @sgio/core inside @sgio/struct', async () => {
    const messages = await lint('packages/struct/src/probe.ts', "import { SgDevice } from '@sgio/core';\nexport const x = SgDevice;\n");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/@sgio\/struct must not import '@sgio\/core'/);
  });

  it('reports node: imports in @sgio/struct and allows them in @sgio/libc', async () => {
    expect(await lint('packages/struct/src/probe.ts', "import { readFileSync } from 'node:fs';\nexport { readFileSync };\n")).toHaveLength(1);
    expect(await lint('packages/libc/src/probe.ts', "import { readFileSync } from 'node:fs';\nexport { readFileSync };\n")).toEqual([]);
  });

  it('allows @sgio/core to import struct and libc', async () => {
    expect(await lint('packages/core/src/probe.ts', "import { a } from '@sgio/struct';\nimport { b } from '@sgio/libc';\nexport { a, b };\n")).toEqual([]);
  });

  it('every package that has a test-support folder leaves it out of its build (the rule lets such folders import test tooling)', () => {
    const packages = ['apps', 'packages', 'tooling'].flatMap((top) => readdirSync(join(root, top)).map((name) => join(top, name)));
    const withSupport = packages.filter((p) => existsSync(join(root, p, 'src')) && readdirSync(join(root, p, 'src'), { recursive: true }).some((f) => String(f).split(/[\\/]/).includes('test-support')));
    expect(withSupport.length).toBeGreaterThan(0);
    for (const p of withSupport) {
      const build = JSON.parse(readFileSync(join(root, p, 'tsconfig.build.json'), 'utf8'));
      expect({ p, exclude: build.exclude }).toEqual({ p, exclude: expect.arrayContaining(['src/**/test-support/**']) });
    }
  });
});
