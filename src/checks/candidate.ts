// Registry checks of `check-formula`: the true formulas of docs/theory.md and equal rewrites are
// accepted, plausible derivation errors are rejected, with the evidence the command itself uses.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCandidate } from '../candidate/parse.js';
import { judge, type Verdict } from '../candidate/verdict.js';
import { failOrNotRun, verdict, type Check, type CheckOptions, type CheckResult } from '../registry/registry.js';

/** examples/candidates, found upwards from this module (it runs from src/ in tests and dist/src/ in the CLI). */
function examplesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'examples', 'candidates');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('examples/candidates not found above ' + fileURLToPath(import.meta.url));
}

const load = (file: string) => parseCandidate(readFileSync(join(examplesDir(), file), 'utf8'));

/** The true formulas of examples/candidates that verify's candidate checks (and the exact-check tests) judge. */
export const TRUE_FORMULAS = [
  'eICL-unified.txt',
  'eIDG-unified.txt',
  'gTask-unified.txt',
  'eICL-rewritten.txt',
  'eIDG-rewritten.txt',
  'eICL-kappa-inf.txt',
  'eICL-ridgeless-above.txt',
  'eIDG-ridgeless-above.txt',
  'eICL-ridgeless-below.txt',
  'eIDG-ridgeless-below.txt',
  'M-closed.txt',
  'epsilon-ridgeless-below.txt',
  'epsilon-kappa-inf.txt',
];

/** Mutants that exact limits or the τ → ∞ check reject without any finite-τ simulation. */
const MUTANTS_WITHOUT_SIMULATION = [
  'mutant-kappa-inverted.txt',
  'mutant-kstar-kappa-inverted.txt',
  'mutant-dropped-tau.txt',
  'mutant-extra-tau.txt',
  'mutant-dropped-1px.txt',
  'mutant-extra-1prho.txt',
  'mutant-wrong-power-nu.txt',
  'mutant-wrong-power-eps.txt',
  'mutant-dropped-term.txt',
  'mutant-lambda-for-taulambda.txt',
  'mutant-epsilon-lambda.txt',
  'mutant-wrong-side.txt',
  'mutant-tau-for-taum1.txt',
  'mutant-dropped-kstar.txt',
];

const summary = (file: string, v: Verdict) => {
  const first = v.evidence[0];
  return {
    file,
    verdict: v.verdict,
    decisive: first && !first.pass ? `${first.kind}: ${first.name}` : null,
    z: first?.z ?? null,
    seconds: +v.seconds.toFixed(2),
    strength: v.strength.summary,
  };
};

async function withoutSimulation(opts: CheckOptions): Promise<CheckResult> {
  // No wall-clock limit in effect (a budget never reached): the checked points do not depend on machine speed.
  const budgetSeconds = 10_000;
  const ladder = opts.quick ? 'small' : 'full';
  const run = (f: string) =>
    judge(load(f), { seed: opts.seed, budgetSeconds, ladder, maxSimPoints: 0, refinements: 0 }).then((v) =>
      summary(f, v),
    );
  const truths = [];
  for (const f of TRUE_FORMULAS) truths.push(await run(f));
  const mutants = [];
  for (const f of MUTANTS_WITHOUT_SIMULATION) mutants.push(await run(f));
  const falseRejects = truths.filter((t) => t.verdict !== 'accept');
  const falseAccepts = mutants.filter((m) => m.verdict !== 'reject');
  return verdict(
    falseRejects.length === 0 && falseAccepts.length === 0,
    `${truths.length - falseRejects.length}/${truths.length} true ` +
      `accepted, ${mutants.length - falseAccepts.length}/${mutants.length} mutants rejected (no simulation)`,
    { seed: opts.seed, ladder, truths, mutants },
  );
}

async function withSimulation(opts: CheckOptions): Promise<CheckResult> {
  // Quick: three simulated points on the small ladder; full: the default budget's ladder, five points
  // (shared by the three targets: the simulations are cached per point and seed).
  const o = {
    seed: opts.seed,
    budgetSeconds: 10_000,
    ladder: opts.quick ? ('small' as const) : ('full' as const),
    maxSimPoints: opts.quick ? 3 : 5,
    refinements: 0,
  };
  const truths = [];
  for (const f of opts.quick ? ['eICL-unified.txt'] : ['eICL-unified.txt', 'eIDG-unified.txt', 'gTask-unified.txt']) {
    truths.push(summary(f, await judge(load(f), { ...o, exhaustive: true })));
  }
  const flipped = summary('mutant-flipped-sign.txt', await judge(load('mutant-flipped-sign.txt'), o));
  const ok = truths.every((t) => t.verdict === 'accept') && flipped.verdict === 'reject';
  const result = verdict(
    ok,
    `${truths.filter((t) => t.verdict === 'accept').length}/${truths.length} true accepted with simulation; ` +
      `sign-flip mutant ${flipped.verdict}ed${flipped.z !== null ? ` (z ${flipped.z.toFixed(1)})` : ''}`,
    { ...o, truths, flipped },
  );
  // Three points of the small ladder for one true formula: a wrong verdict there is a failure, but
  // agreement is not the claim (the three unified formulas on the full ladder).
  return opts.quick
    ? failOrNotRun(
        result,
        'quick mode screens three points of the small ladder for one of the three ' +
          'formulas; the claim needs the full ladder (run verify without --quick)',
      )
    : result;
}

export const checks: Check[] = [
  {
    id: 'candidate.mutation.exact',
    claim:
      'check-formula accepts the true formulas of docs/theory.md (and equal rewrites) and rejects ' +
      'derivation errors from exact limits, invariants and the tau -> inf population optimum',
    subject: 'check-formula',
    detects:
      'check-formula accepting a derivation error that an exact limit, invariant ' +
      'or the tau -> inf optimum exposes, or rejecting a true formula there',
    run: withoutSimulation,
  },
  {
    id: 'candidate.mutation.simulation',
    claim:
      'with finite-d simulation, check-formula accepts the true unified ' +
      'formulas and rejects a sign error visible only at finite tau',
    subject: 'check-formula',
    detects:
      'check-formula accepting a sign error visible only at finite tau, or rejecting a true ' +
      'unified formula, on its screening simulation; not errors only its refinement would find',
    run: withSimulation,
  },
];
