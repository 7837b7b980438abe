import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['**/*.lab.test.ts', '**/node_modules/**', '**/dist/**'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
    // each test starts the sgio process; under turbo's parallel tasks one start took over 5 s
    testTimeout: 30_000,
  },
});
