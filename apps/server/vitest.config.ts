import { defineConfig } from 'vitest/config';

/**
 * Three tiers (docs/testing.md):
 * - unit: pure functions beside the code (src/**\/*.test.ts) and test/unit;
 * - db:   database and HTTP specs on a real database — embedded PGlite by default,
 *         PostgreSQL when HUITONG_TEST_DB=postgres (CI runs both);
 * - process: the server and the `huitong` CLI started as processes;
 * - e2e:  the built console in Debian's Chromium, driven by playwright-core.
 */
export default defineConfig({
  test: {
    // The default output, plus the record of which [rule:…] tests passed under which profile
    // (read by `huitong conformance`; HUITONG_CONFORMANCE_RECORD moves it).
    reporters: ['default', './test/helpers/conformance-reporter.ts'],
    // Notes the policy profiles each test loads (test/helpers/conformance-hooks.ts).
    setupFiles: ['test/helpers/conformance-hooks.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: {
          name: 'db',
          include: ['test/db/**/*.test.ts', 'test/http/**/*.test.ts'],
          // One migrated template per run; each test database copies it (test/helpers/test-db.ts).
          globalSetup: ['test/helpers/global-setup.ts'],
          // PGlite instances are large; two workers fit the machine and keep files isolated.
          maxWorkers: 2,
          fileParallelism: true,
          sequence: { groupOrder: 1 },
        },
      },
      // The server and the CLI as separate processes, on the embedded database (as `npm start` runs them).
      { extends: true, test: { name: 'process', include: ['test/process/**/*.test.ts'], testTimeout: 240_000, maxWorkers: 2, sequence: { groupOrder: 2 } } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], fileParallelism: false, testTimeout: 180_000, sequence: { groupOrder: 3 } } },
    ],
  },
});
