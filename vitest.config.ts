import { defineConfig } from 'vitest/config';

/**
 * Tests that start processes (the CLI, worker scripts, databases locked by
 * another process), a browser, or generate large files: left out of the fast
 * unit-only run (`npm run test:unit`), run by `npm test`.
 */
const PROCESS_TESTS = [
  'test/cli/**',
  'test/corpus/bad-input.test.ts',
  'test/store/database-states.test.ts',
  'test/store/crash-resume.test.ts',
  'test/strategy/strategy-anywhere.test.ts',
  'test/report/report-browser.test.ts',
  'test/store/stored-rows.test.ts',
];

const shared = { testTimeout: 60_000, pool: 'forks' } as const;

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: PROCESS_TESTS } },
      { test: { ...shared, name: 'process', include: PROCESS_TESTS } },
    ],
  },
});
