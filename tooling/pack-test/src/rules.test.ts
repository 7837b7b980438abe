/** The content and platform rules of `pnpm check:packages`. */
import { describe, expect, it } from 'vitest';
import { contentProblems } from './contents.js';
import { platformProblems } from './platform.js';
import { bindsNativeCode, publishedPackages, workspacePackages } from './workspace.js';

describe('contentProblems', () => {
  it('accepts build output, a README and data', () => {
    expect(contentProblems(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'scripts/demo.sh'])).toEqual([]);
  });

  it('rejects tests, sources, source maps and configuration, and wants a README', () => {
    const problems = contentProblems(['package.json', 'dist/a.test.js', 'dist/a.js.map', 'src/a.ts', 'dist/test-support/x.js', 'tsconfig.build.json', 'vitest.config.ts']);
    expect(problems).toEqual([
      'README.md is missing',
      'dist/a.test.js is a test file',
      'dist/a.js.map is a source map (the sources are not shipped)',
      'src/a.ts is source code (ship dist/ only)',
      'dist/test-support/x.js is test support code',
      'tsconfig.build.json is compiler configuration',
      'vitest.config.ts is tool configuration',
    ]);
  });
});

describe('platformProblems', () => {
  const base = { name: 'x', version: '1.0.0' };
  it('asks native packages for linux and known CPUs', () => {
    expect(platformProblems({ ...base, os: ['linux'], cpu: ['x64', 'arm64'] }, true)).toEqual([]);
    expect(platformProblems(base, true)).toHaveLength(2);
    expect(platformProblems({ ...base, os: ['linux'], cpu: ['ia32'] }, true)[0]).toMatch(/ia32/);
    expect(platformProblems(base, false)).toEqual([]);
  });
});

describe('the workspace', () => {
  it('publishes the libraries, the CLI and the lab', () => {
    expect(publishedPackages().map((p) => p.name).sort()).toEqual(['@sgio/cli', '@sgio/core', '@sgio/lab', '@sgio/libc', '@sgio/nbd', '@sgio/struct', '@sgio/target']);
  });

  it('knows which packages run native code', () => {
    const all = workspacePackages();
    const native = Object.fromEntries(publishedPackages().map((p) => [p.name, bindsNativeCode(p, all)]));
    expect(native).toEqual({ '@sgio/struct': false, '@sgio/libc': true, '@sgio/core': true, '@sgio/cli': true, '@sgio/lab': false, '@sgio/target': true, '@sgio/nbd': true });
  });
});
