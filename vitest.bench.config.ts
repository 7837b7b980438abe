import { defineConfig } from 'vitest/config';
import { BENCH_SUITE } from './vitest.lab.config.js';

/**
 * `pnpm test:bench`: the benchmark harness's quick pass (every case and
 * section once, so the harness cannot rot) and the short soak (every
 * execution path under MALLOC_CHECK_=3), in one lab boot. Run it before
 * changing the bench, the soak or a hot path; `pnpm test` leaves it out to
 * keep CI under 30 minutes.
 */
export default defineConfig({
  test: {
    include: BENCH_SUITE,
    exclude: ['**/node_modules/**', '**/dist/**'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 300_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
