import { defineConfig } from 'vitest/config';

/**
 * Every `*.lab.test.ts` of the workspace, run in one lab boot by
 * `pnpm test:lab`. The guest has one CPU: files run one after another,
 * each in a fresh worker (isolated: tried without isolation on 2026-12-01,
 * the files ran slower, not faster: whatever one file leaves running, the
 * next ones pay for on the one CPU).
 */
export default defineConfig({
  test: {
    include: ['{packages,apps,tooling,examples}/*/src/**/*.lab.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
