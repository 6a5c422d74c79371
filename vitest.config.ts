import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files start real servers and browsers; two cores do not fit more than two files at once.
    maxWorkers: 2,
  },
});
