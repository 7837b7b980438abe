import { defineConfig } from 'vitest/config';

/**
 * The host half of the packaging test: packing, installing with npm and
 * pnpm, and the browser bundle. Installing takes a while on a cold npm cache.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['**/*.lab.test.ts', '**/node_modules/**', '**/dist/**'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
