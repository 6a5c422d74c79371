// Mutation testing of the runtime-agnostic core: `npm run test:mutation` (slow, not part of `npm test`).
// Only the settings that differ from Stryker's defaults are here, each with the reason it is set.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // Every source file of the core, and nothing else.
  mutate: [
    'servers/core/*.ts',
    // Types only: nothing to mutate.
    '!servers/core/web-globals.d.ts',
  ],
  // The tests are vitest tests, run by Stryker's vitest runner.
  testRunner: 'vitest',
  // Only the unit tests of the core: the conformance suite starts real servers and would take minutes per mutant.
  vitest: { configFile: 'vitest.mutation.config.ts' },
  // Run for each mutant only the tests that reach it (the default, stated because run times depend on it).
  coverageAnalysis: 'perTest',
  // The machine has two cores shared with benchmarks: one test-runner process at a time.
  concurrency: 1,
  // clear-text prints surviving mutants and the per-file score table; json is the machine-readable result;
  // html is the browsable report; progress shows how far a run is.
  reporters: ['clear-text', 'progress', 'html', 'json'],
  // Stryker's default paths, stated because the README and whoever reads the scores rely on them
  // (reports/ is gitignored).
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  // Keep the score table per file (what the goal is about) and the surviving mutants above it; leave out
  // the list of every test and the tests run per mutant, hundreds of lines that bury both.
  clearTextReporter: { reportScoreTable: true, reportTests: false, logTests: false },
  // The goal is 90 % on every file: colour the score table by that rather than Stryker's 80/60.
  thresholds: { high: 90, low: 80, break: null },
};
