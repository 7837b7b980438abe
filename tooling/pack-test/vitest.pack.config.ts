import { defineConfig } from 'vitest/config';

/**
 * The host half of the packaging test (`pnpm test:pack`): packing,
 * installing the tarballs with npm and pnpm outside the workspace, the
 * documentation examples. Run alone, after the build, so the installs do not
 * slow down timing-sensitive unit tests of other packages.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.pack.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
