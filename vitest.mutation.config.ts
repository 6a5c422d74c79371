import { defineConfig } from 'vitest/config';

// What Stryker runs for every mutant (stryker.config.mjs points its vitest.configFile here): only the unit
// tests of the core. They are pure functions and a real temporary directory, so they start no server and
// a mutant run takes well under a second; the conformance, contract and bench suites stay out.
export default defineConfig({
  test: {
    include: ['test/core/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
