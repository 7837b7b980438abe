import { defineConfig } from 'vitest/config';

/** The one lab file that mocks a module (core's buildResult): it keeps a module registry of its own. */
const MOCKING = ['packages/core/src/transport/completion-errors.lab.test.ts'];

/**
 * Every `*.lab.test.ts` of the workspace, run in one lab boot by
 * `pnpm test:lab`. The guest has one CPU: files run one after another.
 * They share one module registry (isolate: false): importing the packages
 * again for each of 35 files took 100 s of the guest's slow page faults.
 * A file must therefore leave no global state behind (environment
 * variables, listeners, scsi_debug parameters), as it already must for the
 * next file's devices. The file that mocks a module runs isolated, last.
 */
export default defineConfig({
  test: {
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'lab',
          include: ['{packages,apps,tooling,examples}/*/src/**/*.lab.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**', ...MOCKING],
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'lab-mocking', include: MOCKING, isolate: true, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
