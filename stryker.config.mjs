// Mutation testing: `npm run test:mutation` (README, "Mutation testing").
// While working on one area, one folder or file at a time:
//   npx stryker run --mutate 'src/kernel/**/*.ts' --concurrency 1
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  // The tests that can see a mutant (no CLI spawns, no dist/ build): see that file.
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  // Code that runs when the tests' modules load (schema fingerprints, a calendar compiled at a
  // test file's top level) gives static mutants: each one needs every test run again (about 40 s
  // each here). Left out by default; measure them one file at a time with --ignoreStatic false.
  // (XNYS is built and compiled on first use, so its mutants are charged to tests.)
  ignoreStatic: true,
  mutate: ['src/handlers/**/*.ts', 'src/calendar/**/*.ts', 'src/kernel/**/*.ts', 'src/columnar/**/*.ts', 'src/state/**/*.ts'],
  // Stryker rewrites the tsconfig it is pointed at with the TypeScript compiler API, which
  // TypeScript 7 (the native compiler) no longer has; vitest transpiles with esbuild and reads no
  // tsconfig paths, so there is nothing to rewrite: point it at no file.
  tsconfigFile: 'no-tsconfig-for-stryker.json',
  ignorePatterns: ['dist', 'coverage', '.bench-data', 'reports', '.stryker-tmp*'],
  // The machine has 2 cores.
  concurrency: 2,
  // Later runs re-test only mutants whose code or covering tests changed; the file is local.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  thresholds: { high: 95, low: 90, break: 90 },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  // The first run (every test, with coverage counters) takes minutes on a loaded 2-core machine.
  dryRunTimeoutMinutes: 30,
};
