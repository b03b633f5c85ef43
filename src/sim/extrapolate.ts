// Finite-size extrapolation d → ∞ by weighted least squares in 1/d (weights 1/stderr²), one
// mechanism for every ladder of the project (Monte Carlo of the model, the τ = ∞ population optimum,
// the random-matrix M_κ):
// - 'linear' (Monte Carlo ladders): the intercept of a + b/d. Its statistical error is scaled by the
//   Birge ratio √(χ²/dof) when above 1 (scatter the standard errors do not explain widens the interval),
//   and combined with half the change a c/d² term makes to the intercept (curvature the line ignores).
//   Calibrated on the true formulas over 38 design points of check-formula: z rms 0.7, max 1.8. Picking
//   c/d² by a χ² test instead (kept only when it lowers χ² by 3.84) gave z rms 1.1–1.5 and a false
//   reject at z = 4.8: with 8 replicates the test keeps a noisy curvature whose error it understates.
// - 'quadratic' (precise data at large d): the intercept of a + b/d + c/d², Birge-scaled, combined
//   with the whole change from the linear fit.
// The standard errors are estimated from few replicates, so the z-score of the theory is referred to
// Student's t with the Welch–Satterthwaite degrees of freedom of the statistical part. The theory
// values are the caller's (theoryValues in theory/evaluate.ts), so this layer does not import the formulas.
import { ensure as require } from '../numeric/domain.js';
import { cholesky, cholSolve } from './linalg.js';
import { studentTwoSidedP } from './stats.js';
import { sizes } from './replicate.js';
import { simulate, type SimulateOptions, type SimulateResult } from './simulate.js';

/** An estimate at one d of a ladder: mean, standard error, degrees of freedom. */
export interface LadderPoint {
  d: number;
  mean: number;
  /** Standard error of `mean`; 0 for a deterministic statistic (the fit then rests on the scatter). */
  stderr: number;
  /** Degrees of freedom of the stderr (replicates − 1); Infinity when it is known exactly. */
  dof?: number;
}

/** The mean, standard error and degrees of freedom of replicate values at one d. */
export function ladderPoint(d: number, values: readonly number[]): LadderPoint {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const stderr = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) / n) : 0;
  return { d, mean, stderr, dof: n - 1 };
}

/** The fit in 1/d: a + b/d (linear) or a + b/d + c/d² (quadratic). */
export type ExtrapolationModel = 'linear' | 'quadratic';

/** The value extrapolated to d = ∞ with its standard error and the fit's diagnostics. */
export interface Extrapolation {
  model: ExtrapolationModel;
  /** How the value was obtained, for reports. */
  label: string;
  /** Coefficients (a, b[, c]) of the fit whose intercept is `value`. */
  coef: number[];
  /** a, the d → ∞ value, and one standard error: statistical and model parts combined. */
  value: number;
  stderr: number;
  statError: number;
  modelError: number;
  ci95: [number, number];
  /** χ² and degrees of freedom of the fit behind `value`. */
  chi2: number;
  dof: number;
  /** Birge factor applied to the statistical error (1 when χ²/dof <= 1). */
  scale: number;
  /** Welch–Satterthwaite degrees of freedom of the statistical error (Infinity when the point errors are exact). */
  nuEff: number;
}

const Z95 = 1.959963984540054;

interface Wls {
  coef: number[];
  /** Standard error of the intercept, Birge-scaled. */
  se: number;
  chi2: number;
  dof: number;
  scale: number;
  nuEff: number;
}

function wls(points: readonly LadderPoint[], m: 2 | 3): Wls {
  // A deterministic point has stderr 0: a floor at rounding level keeps the weights finite and equal.
  const floor = 1e-13 * Math.max(...points.map((p) => Math.abs(p.mean)), 1e-300);
  const se = (p: LadderPoint) => Math.hypot(p.stderr, floor);
  const basis = (d: number) => [1, 1 / d, 1 / d ** 2].slice(0, m);
  const A = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  for (const p of points) {
    const w = 1 / se(p) ** 2;
    const f = basis(p.d);
    for (let i = 0; i < m; i++) {
      rhs[i] = rhs[i]! + w * f[i]! * p.mean;
      for (let j = 0; j < m; j++) A[i * m + j] = A[i * m + j]! + w * f[i]! * f[j]!;
    }
  }
  if (!cholesky(A, m)) throw new Error('extrapolation: singular weighted design (need distinct d)');
  const coef = rhs.slice();
  cholSolve(A, m, coef);
  // First row of the inverse: the intercept's variance and its weights on the means.
  const row0 = new Float64Array(m);
  row0[0] = 1;
  cholSolve(A, m, row0);
  let chi2 = 0;
  // a = Σ_p g_p mean_p with g_p = w_p Σ_j row0_j f_j(d_p): Var a = Σ g_p² s_p², and its
  // Satterthwaite degrees of freedom (Σ g²s²)² / Σ (g²s²)²/ν_p.
  let varA = 0;
  let denom = 0;
  for (const p of points) {
    const f = basis(p.d);
    let fit = 0;
    let g = 0;
    for (let i = 0; i < m; i++) {
      fit += coef[i]! * f[i]!;
      g += row0[i]! * f[i]!;
    }
    chi2 += ((p.mean - fit) / se(p)) ** 2;
    const part = (g / se(p) ** 2) ** 2 * p.stderr ** 2;
    varA += part;
    if (part > 0) denom += (part * part) / (p.dof ?? Infinity);
  }
  const dof = points.length - m;
  const scale = dof > 0 ? Math.max(1, Math.sqrt(chi2 / dof)) : 1;
  return { coef: [...coef], se: Math.sqrt(row0[0]!) * scale, chi2, dof, scale, nuEff: denom === 0 ? Infinity : (varA * varA) / denom };
}

/**
 * The d → ∞ value of a ladder (at least three distinct d; the model term needs four, and 'quadratic'
 * falls back to 'linear' without it below four).
 */
export function extrapolate(points: readonly LadderPoint[], model: ExtrapolationModel = 'linear'): Extrapolation {
  require(points.length >= 3, 'ds', 'at least 3 distinct values of d', points.length);
  require(new Set(points.map((p) => p.d)).size === points.length, 'ds', 'distinct values of d', points.map((p) => p.d).join(','));
  for (const p of points) require(Number.isFinite(p.stderr) && p.stderr >= 0 && Number.isFinite(p.mean), 'stderr', 'a finite number >= 0 with a finite mean at every d', p.stderr);
  const lin = wls(points, 2);
  const quad = points.length >= 4 ? wls(points, 3) : undefined;
  const shift = quad ? Math.abs(quad.coef[0]! - lin.coef[0]!) : 0;
  const useQuad = model === 'quadratic' && quad !== undefined;
  const chosen = useQuad ? quad : lin;
  const modelError = useQuad ? shift : shift / 2;
  const stderr = Math.hypot(chosen.se, modelError);
  const value = chosen.coef[0]!;
  const label = useQuad ? 'a+b/d+c/d^2 (Birge-scaled, linear-fit difference)' : quad ? 'a+b/d (Birge-scaled, curvature term)' : 'a+b/d (Birge-scaled)';
  return {
    model: useQuad ? 'quadratic' : 'linear',
    label,
    coef: chosen.coef,
    value,
    stderr,
    statError: chosen.se,
    modelError,
    ci95: [value - Z95 * stderr, value + Z95 * stderr],
    chi2: chosen.chi2,
    dof: chosen.dof,
    scale: chosen.scale,
    nuEff: chosen.nuEff,
  };
}

export type Quantity = 'eICL' | 'eIDG' | 'gTask';
export const QUANTITIES: readonly Quantity[] = ['eICL', 'eIDG', 'gTask'];

export interface Comparison {
  quantity: Quantity;
  points: LadderPoint[];
  fit: Extrapolation;
  theory: number;
  /** (theory − extrapolated) / stderr. */
  z: number;
  /** Two-sided p-value of z under Student's t with the fit's ν_eff degrees of freedom. */
  p: number;
}

/** A simulated ladder of d: every run and, per error, the extrapolation compared with theory. */
export interface LadderResult {
  options: Omit<SimulateOptions, 'd' | 'onProgress'>;
  ds: number[];
  runs: SimulateResult[];
  comparisons: Comparison[];
  seconds: number;
}

/** Compares ladder estimates with theory values, quantity by quantity. */
export function compare(runs: readonly SimulateResult[], theory: Record<Quantity, number>): Comparison[] {
  return QUANTITIES.map((q) => {
    const points = runs.map((r) => ({ d: r.d, mean: r[q].mean, stderr: r[q].stderr ?? NaN, dof: r.replicates - 1 }));
    const fit = extrapolate(points);
    const z = (theory[q] - fit.value) / fit.stderr;
    return { quantity: q, points, fit, theory: theory[q], z, p: studentTwoSidedP(z, fit.nuEff) };
  });
}

/** Simulates every d of the ladder (same seed: the streams differ by d through the sizes) and compares. */
export async function runLadder(ds: readonly number[], o: Omit<SimulateOptions, 'd'>, theory: Record<Quantity, number>): Promise<LadderResult> {
  require(ds.length >= 3, 'ds', 'at least 3 distinct values of d', ds.join(','));
  require((o.replicates ?? 2) >= 2, 'replicates', 'an integer >= 2 (the fit weights need standard errors)', o.replicates);
  const t0 = performance.now();
  const runs: SimulateResult[] = [];
  const { onProgress, ...rest } = o;
  for (const [i, d] of ds.entries()) {
    runs.push(await simulate({ ...rest, d, onProgress: onProgress ? (done, total) => onProgress(i * total + done, ds.length * total) : undefined }));
  }
  return { options: rest, ds: [...ds], runs, comparisons: compare(runs, theory), seconds: (performance.now() - t0) / 1000 };
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
      if (Number.isFinite(want) && Math.abs(got / want - 1) > 1e-12) notes.push(`at d = ${d}, ${what} makes ${name} = ${got.toPrecision(6)}, not ${want}`);
    }
  }
  return notes;
}
