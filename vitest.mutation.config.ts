import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant (stryker.config.mjs). Stryker mutates src/ in
 * memory; tests that spawn the CLI or a worker run the built dist/ instead and cannot see a
 * mutant, so they only cost time here: the corpus, the CLI, the notebook and the sweeps are left
 * out, and so is the globalSetup that builds dist/ (nothing kept here reads it).
 *
 * MUTATION_TESTS (comma-separated globs) narrows the tests while working on one area; a score
 * from a narrowed run is a lower bound of the full one.
 */
const only = process.env.MUTATION_TESTS?.split(',').filter((g) => g !== '');

export default defineConfig({
  test: {
    include: only !== undefined && only.length > 0 ? only : ['test/**/*.test.ts'],
    // Stryker runs vitest on worker threads, where process.chdir() throws: the tests that run a
    // config from two working folders (relative data paths) cannot run here.
    exclude: ['test/corpus/**', 'test/cli*.test.ts', 'test/notebook*.test.ts', 'test/sweep*.test.ts', 'test/lifecycle-paths.test.ts', 'test/lifecycle-regressions.test.ts', '**/node_modules/**'],
    // Coverage counters and a loaded machine make the property tests several times slower here.
    testTimeout: 600_000,
    hookTimeout: 60_000,
  },
});
