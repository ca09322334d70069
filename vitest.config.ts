import { defineConfig } from 'vitest/config';

// Three suites: unit (one module, fast), integration (real PTYs, SQLite, PostgreSQL, HTTP), e2e
// (Debian's Chromium through playwright-core). Run one with `npx vitest run --project unit`.
//
// In CI the integration and e2e suites retry a failed test once: they drive real PTYs, PostgreSQL and
// Chromium on a shared two-core machine, where a rare timing fault in the harness must not sink a whole
// run. A retry is never silent: `npm test` lists every test that passed only on its retry, with the
// first error, under "Flaky". Unit tests (one module, no timing) never retry. See docs/decisions.md.
const retry = process.env.CI ? 1 : 0;
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          retry,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          retry,
          fileParallelism: false,
        },
      },
    ],
  },
});
