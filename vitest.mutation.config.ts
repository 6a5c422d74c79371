import { defineConfig } from 'vitest/config';
import { type Reporter, experimental_getRunnerTask as runnerTask } from 'vitest/node';

/**
 * Stryker's vitest runner (9.6.1) builds a mutant's result from the tests vitest collected. A mutant that
 * makes a module throw while it loads (new TextDecoder('') for one) leaves its test files with no tests
 * at all, so it would count as survived though every test that imports the module fails
 * (stryker-js#6150). This adds one failed test, carrying the load error, to each file that failed
 * without collecting a test, so such a mutant counts as killed. A file that loaded is left alone.
 */
const loadFailureAsFailedTest: Reporter = {
  onTestRunEnd(testModules) {
    for (const module of testModules) {
      const file = runnerTask(module);
      if (file.result?.state !== 'fail' || file.tasks.length > 0) continue;
      file.tasks.push({
        type: 'test',
        id: `${file.id}_load`,
        name: 'the test file loads',
        mode: 'run',
        file,
        suite: file,
        meta: {},
        annotations: [],
        artifacts: [],
        timeout: 0,
        result: { state: 'fail', errors: file.result.errors ?? [] },
        // Only vitest can build a test's context, and nothing reads one once the run is over.
        context: undefined as never,
      } as never);
    }
  },
};

// What Stryker runs for every mutant (stryker.config.mjs points its vitest.configFile here): only the unit
// tests of the core. They are pure functions and a real temporary directory, so they start no server and
// a mutant run takes well under a second; the conformance, contract and bench suites stay out.
export default defineConfig({
  test: {
    include: ['test/core/**/*.test.ts'],
    testTimeout: 30_000,
    reporters: ['default', loadFailureAsFailedTest],
  },
});
