import { defineConfig } from 'vitest/config';

/**
 * The benchmark harness's quick pass and the short soak: lab files of their
 * own suite (`pnpm test:bench`, vitest.bench.config.ts), not of `pnpm test`,
 * whose whole run must stay under CI's 30 minutes.
 */
export const BENCH_SUITE = ['tooling/bench/src/*.lab.test.ts'];

/**
 * Every other `*.lab.test.ts` of the workspace, run in one lab boot by
 * `pnpm test:lab`. The guest has one CPU: files run one after another,
 * each in a fresh worker (isolated: tried without isolation on 2026-12-01,
 * the files ran slower, not faster: whatever one file leaves running, the
 * next ones pay for on the one CPU). Worker threads instead of child
 * processes (tried 2026-12-02) won 10 s on six small files but lost in
 * the whole suite: the lab hit its timeout with 25 of 39 files done.
 */
export default defineConfig({
  test: {
    include: ['{packages,apps,tooling,examples}/*/src/**/*.lab.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', ...BENCH_SUITE],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // the workspace's built packages load as plain Node modules, not through vite's transform
    server: { deps: { external: [/\/(packages|apps|tooling|examples)\/[^/]+\/dist\//] } },
  },
});
