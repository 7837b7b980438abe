import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    // each loader test builds a small bundle with esbuild and runs node on it
    testTimeout: 60_000,
  },
});
