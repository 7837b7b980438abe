import { defineConfig } from 'vitest/config';

/**
 * The quick tests (rules, browser bundle), run with every package's unit
 * tests. The packing and installing tests (`*.pack.test.ts`) are heavy and
 * run on their own: `pnpm test:pack` (vitest.pack.config.ts).
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['**/*.lab.test.ts', '**/*.pack.test.ts', '**/node_modules/**', '**/dist/**'],
  },
});
