// StrykerJS: `npm run mutation` scores every module that decides verdicts; `MUTATE=theory npm run
// mutation` (theory | candidate | symbolic | sim) scores one, running only that module's tests
// (vitest.mutation.config.ts reads the same variable). Incremental: mutants whose code and tests did
// not change keep their last result (reports/, git-ignored, with the HTML report).
// Equivalent mutants are marked where they live, `// Stryker disable next-line <mutator>: <reason>`,
// and listed in docs/equivalent-mutants.md.
// Static mutants (module-level constants, evaluated once at import) would each rerun the whole scope
// with coverage off; they are ignored (reported as such, outside the score) to fit this machine.
const scopes = {
  theory: ['src/theory/**/*.ts'],
  candidate: ['src/candidate/**/*.ts'],
  symbolic: ['src/symbolic/**/*.ts'],
  sim: ['src/sim/samplers.ts', 'src/sim/fit.ts', 'src/sim/extrapolate.ts', 'src/sim/linalg.ts', 'src/sim/tasks.ts', 'src/sim/stats.ts'],
};
const scope = process.env.MUTATE ?? 'all';
if (scope !== 'all' && !(scope in scopes)) throw new Error(`MUTATE must be one of all, ${Object.keys(scopes).join(', ')}; got ${scope}`);

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: scope === 'all' ? Object.values(scopes).flat() : scopes[scope],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `reports/mutation/${scope}-incremental.json`,
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: `reports/mutation/${scope}.html` },
  jsonReporter: { fileName: `reports/mutation/${scope}.json` },
  concurrency: 1,
  timeoutMS: 60000,
  tempDirName: `.stryker-tmp-${scope}`,
  cleanTempDir: 'always',
};
