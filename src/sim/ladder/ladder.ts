// The ladder runner: simulates a ladder of d (replicates per d from a variance-optimal allocation
// or given) and compares its extrapolation with the theory.
import { ensure } from '../../numeric/domain.js';
import type { Params } from '../../theory/params.js';
import { compare, type Quantity, type LadderComparison } from './comparison.js';
import type { ExtrapolationModel } from './leastSquares.js';
import { chooseSolver } from '../fit/fit.js';
import { cholesky, cholSolve } from '../../numeric/linalg.js';
import { sizes } from '../replicate.js';
import { simulate, type SimulateOptions, type SimulateResult } from '../simulate.js';

export interface LadderResult {
  options: Omit<SimulateOptions, 'd' | 'replicates' | 'onProgress'>;
  ds: number[];
  /** Replicates at each d of `ds`. */
  replicates: number[];
  runs: SimulateResult[];
  model: ExtrapolationModel;
  comparisons: LadderComparison[];
  seconds: number;
}

/** A ladder: the dimensions and the replicates at each. */
export interface LadderDesign {
  ds: number[];
  replicates: number[];
}

/**
 * Conjugate-gradient steps to the fit's tolerance 1e-9 for a system whose whitened spectrum is
 * Marchenko–Pastur with ratio r < 1 (r = D/n for PCG, n/D for dual CG): condition number
 * ((1 + √r)/(1 − √r))², so about c·(1 + √r)/(1 − √r) steps, c = 9.5 measured (`bench/costModel.ts`: 9.2–10.2
 * over τ = 1.2…10, d = 24…48, ridgeless and λ = 0.01; ½·ln(2/1e-9) = 10.7 is the textbook bound). Capped at the
 * fit's 2000 steps; the ridge only lowers the count, which the model ignores.
 */
export function cgSteps(r: number): number {
  const s = Math.sqrt(Math.min(r, 1));
  return s >= 1 ? 2000 : Math.min(2000, (9.5 * (1 + s)) / (1 - s));
}

/**
 * Seconds one replicate takes on one core of the reference machine (the 2-core VM of docs/results.md's
 * speed table): operation counts of the solver `chooseSolver` picks, at rates
 * fitted to measured replicates. A model, not a measurement, so that an allocation by budget is the
 * same on every machine and run (the run's time is not). The iterative solvers' step counts follow the
 * spectrum (`cgSteps`), plus two products for the right-hand side and the confirmed residual.
 */
export function replicateSeconds(d: number, p: Params<number>): number {
  const { ell, n } = sizes(d, p.alpha, p.kappa, p.tau);
  const D = d * (d + 1);
  const sampling = 1.5e-8 * n * (d + 2) + 2e-9 * ell;
  switch (chooseSolver(n, d)) {
    case 'direct':
      return 2e-3 + sampling + ((n * D * D) / 2 + D ** 3 / 6) / 5e8;
    case 'kernel':
      return 2e-3 + sampling + (n * n * (2 * d + 1) + n ** 3 / 3) / 4e9;
    case 'pcg':
      return 2e-3 + sampling + ((cgSteps(D / n) + 2) * 4 * n * D) / 9e9;
    case 'dual-cg':
      return 2e-3 + sampling + ((cgSteps(n / D) + 2) * 4 * n * D) / 9e9;
  }
}

/** The weights g_d of the intercept a = Σ g_d m_d of a weighted fit in powers of 1/d (`terms` of them). */
function interceptWeights(ds: readonly number[], variances: readonly number[], terms: number): number[] {
  const A = new Float64Array(terms * terms);
  for (const [i, d] of ds.entries()) {
    for (let a = 0; a < terms; a++)
      for (let b = 0; b < terms; b++) A[a * terms + b] = A[a * terms + b]! + (d ** -a * d ** -b) / variances[i]!;
  }
  if (!cholesky(A, terms)) throw new Error('allocation: singular design');
  const row = new Float64Array(terms);
  row[0] = 1;
  cholSolve(A, terms, row);
  return ds.map((d, i) => {
    let g = 0;
    for (let a = 0; a < terms; a++) g += row[a]! * d ** -a;
    return g / variances[i]!;
  });
}

/** At least this many replicates at every d: the standard errors are estimated from them. */
export const MIN_REPLICATES = 8;

/**
 * Replicates per d that minimize the variance of the extrapolated intercept for a budget of
 * `budgetSeconds` on `workers` cores (by `replicateSeconds`). Replicate scatter is modelled as ∝ 1/d
 * (measured: σ·d within ±30% over d = 16…96 at both `extrapolate` points of docs/results.md's Speed
 * table); for a fixed ladder the optimal counts are R_d ∝ |g_d| σ_d / √c_d (Elfving), g_d the
 * intercept's weights, iterated since g depends on R.
 */
export function allocate(
  ds: readonly number[],
  p: Params<number>,
  budgetSeconds: number,
  workers: number,
  model: ExtrapolationModel,
): LadderDesign {
  ensure(Number.isFinite(budgetSeconds) && budgetSeconds > 0, 'budget-seconds', 'a finite number > 0', budgetSeconds);
  checkLadder(ds, model);
  const terms = model === 'linear' ? 2 : 3;
  const cost = ds.map((d) => replicateSeconds(d, p));
  const sigma2 = ds.map((d) => 1 / (d * d));
  const total = budgetSeconds * workers;
  let reps = ds.map(() => 1);
  for (let it = 0; it < 50; it++) {
    const g = interceptWeights(
      ds,
      sigma2.map((s, i) => s / reps[i]!),
      terms,
    );
    // g_d is per unit of mean: the weight on m_d, whose variance is σ²/R.
    const share = ds.map((_, i) => (Math.abs(g[i]!) * Math.sqrt(sigma2[i]!)) / Math.sqrt(cost[i]!));
    const norm = share.reduce((a, b, i) => a + b * cost[i]!, 0);
    reps = share.map((s) => Math.max(1e-6, (s * total) / norm));
  }
  const replicates = reps.map((r) => Math.max(MIN_REPLICATES, Math.round(r)));
  return { ds: [...ds], replicates };
}

/** A ladder the model can be fitted to: distinct integer d >= 2, at least 3 (4 with a c/d² term). */
function checkLadder(ds: readonly number[], model: ExtrapolationModel): void {
  const min = model === 'linear' ? 3 : 4;
  ensure(ds.length >= min, 'ds', `at least ${min} distinct values of d for the ${model} model`, ds.join(','));
  ensure(new Set(ds).size === ds.length, 'ds', 'distinct values of d', ds.join(','));
  for (const d of ds) ensure(Number.isInteger(d) && d >= 2, 'ds', 'integers >= 2', d);
}

/** Simulates every d of the ladder (same seed: the streams differ by d through the sizes) and compares with `theory`. */
export async function runLadder(
  design: LadderDesign,
  o: Omit<SimulateOptions, 'd' | 'replicates'>,
  model: ExtrapolationModel,
  level: number,
  theory: Record<Quantity, number>,
): Promise<LadderResult> {
  const { ds, replicates } = design;
  checkLadder(ds, model);
  ensure(replicates.length === ds.length, 'replicates', `one count per d (${ds.length})`, replicates.join(','));
  for (const r of replicates)
    ensure(Number.isInteger(r) && r >= 2, 'replicates', 'an integer >= 2 (the fit weights need standard errors)', r);
  const t0 = performance.now();
  const runs: SimulateResult[] = [];
  const { onProgress, ...rest } = o;
  const total = replicates.reduce((a, b) => a + b, 0);
  let before = 0;
  for (const [i, d] of ds.entries()) {
    const offset = before;
    runs.push(
      await simulate({
        ...rest,
        d,
        replicates: replicates[i]!,
        onProgress: onProgress ? (done) => onProgress(offset + done, total) : undefined,
      }),
    );
    before += replicates[i]!;
  }
  return {
    options: rest,
    ds: [...ds],
    replicates: [...replicates],
    runs,
    model,
    comparisons: compare(runs, theory, model, level),
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * Where ℓ = round(αd), k = round(κd) or n = round(τd²) is not exact on the ladder: the simulated
 * parameters then jump with d, which a fit in 1/d cannot separate from the finite-size trend.
 */
export function roundingNotes(ds: readonly number[], o: { alpha: number; kappa: number; tau: number }): string[] {
  const notes: string[] = [];
  for (const d of ds) {
    const { ell, k, n } = sizes(d, o.alpha, o.kappa, o.tau);
    const off = [
      ['alpha', ell / d, o.alpha, `ell = ${ell}`],
      ['kappa', k / d, o.kappa, `k = ${k}`],
      ['tau', n / (d * d), o.tau, `n = ${n}`],
    ] as const;
    for (const [name, got, want, what] of off) {
      if (Number.isFinite(want) && Math.abs(got / want - 1) > 1e-12)
        notes.push(`at d = ${d}, ${what} makes ${name} = ${got.toPrecision(6)}, not ${want}`);
    }
  }
  return notes;
}
