import { defineConfig } from 'vitest/config';

/**
 * Test files that benchmark as a CI job would, each for tens of seconds to minutes: they run after the
 * rest of the suite, one at a time, so no other benchmark shares the two cores with them (a run that
 * overloads the machine comes out full of timeouts, and its gates fail, as they should).
 */
const ALONE = [
  'test/bench/interop/gates-and-exports.test.ts',
  'test/bench/interop/artillery.test.ts',
  'test/ci-recipe.test.ts',
  'test/bench/beside.test.ts',
  // Cross-checks two engines' throughput: beside another file's load their windows scattered by ±15 %
  // and the medians of five disagreed by 15 % after every try.
  'test/bench/real-servers.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files start real servers and browsers; two cores do not fit more than two files at once.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: ALONE } },
      ...ALONE.map((file, i) => ({
        extends: true as const,
        test: {
          name: file.replace(/^test\/|\.test\.ts$/g, ''),
          include: [file],
          sequence: { groupOrder: i + 1 },
        },
      })),
    ],
  },
});
