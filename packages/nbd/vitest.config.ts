import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/*.lab.test.ts', '**/node_modules/**', '**/dist/**'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
  },
});
