// Finite-size extrapolation d → ∞ by weighted least squares in 1/d (weights 1/stderr²), one
// mechanism for every ladder of the project (Monte Carlo of the model, the τ = ∞ population optimum,
// the random-matrix M_κ). Three models, each one meaning:
// - 'linear': the intercept of a + b/d. Its statistical error is scaled by the Birge ratio
//   √(χ²/dof) when above 1 (scatter the standard errors do not explain widens the interval), and
//   combined with half the change a c/d² term makes to the intercept (curvature the line ignores).
//   For short ladders of few replicates (check-formula's): calibrated there on the true formulas
//   (docs/check-formula.md). Picking c/d² by a χ² test instead (kept only when it lowers χ² by 3.84)
//   gave z rms 1.1–1.5: with 8 replicates the test keeps a noisy curvature whose error it understates.
// - 'curved': the intercept of a + b/d + c/d², Birge-scaled, with no further model term. For precise
//   Monte Carlo ladders (many replicates, d from 24 to 96), where a c/d² term is resolved and the
//   next one, e/d³, moves the intercept by ~e/(d₁d₂d₃), below the statistical error (calibrated by
//   `npm run calibrate`, docs/monte-carlo.md).
// - 'quadratic' (deterministic or near-exact data at large d): a + b/d + c/d², Birge-scaled, combined
//   with the whole change from the linear fit.
// The standard errors are estimated from replicates, so the z-score of a value is referred to
// Student's t with the Welch–Satterthwaite degrees of freedom of the statistical part. Values to
// compare with are the caller's (theoryValues in theory/evaluate.ts): this layer imports no formula.
import { ensure } from '../../numeric/domain.js';
import { cholesky, cholSolve } from '../../numeric/linalg.js';
import { fault } from '../../numeric/faults.js';

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

export type ExtrapolationModel = 'linear' | 'curved' | 'quadratic';

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

/** The standard errors of a ladder, for a domain error's message. */
const stderrsText = (points: readonly LadderPoint[]): string =>
  points.map((p) => Number(p.stderr.toPrecision(3))).join(',');

function wls(points: readonly LadderPoint[], m: 2 | 3): Wls {
  // A deterministic point has stderr 0: a floor at rounding level keeps the weights finite and equal.
  const floor = 1e-13 * Math.max(...points.map((p) => Math.abs(p.mean)), 1e-300);
  const se = (p: LadderPoint) => Math.hypot(p.stderr, floor);
  const inv = fault('extrapolation-regressor') ? (d: number) => 1 / (d + 1) : (d: number) => 1 / d;
  // Stryker disable next-line MethodExpression: every loop over the basis stops at m (docs/equivalent-mutants.md)
  const basis = (d: number) => [1, inv(d), inv(d) ** 2].slice(0, m);
  const A = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  for (const p of points) {
    const w = 1 / se(p) ** 2;
    const f = basis(p.d);
    // Stryker disable next-line EqualityOperator: extra writes fall past the end (dropped) (docs/equivalent-mutants.md)
    for (let i = 0; i < m; i++) {
      rhs[i] = rhs[i]! + w * f[i]! * p.mean;
      for (let j = 0; j < m; j++) A[i * m + j] = A[i * m + j]! + w * f[i]! * f[j]!;
    }
  }
  const positiveDefinite = cholesky(A, m);
  ensure(
    positiveDefinite,
    'stderr',
    'standard errors close enough for the weighted fit to resolve ' +
      'in float64 (their squared ratios enter its normal equations)',
    () => stderrsText(points),
  );
  // Stryker disable next-line MethodExpression: rhs is not used after this point (docs/equivalent-mutants.md)
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
      // Stryker disable next-line AssignmentOperator: g enters only as g² (docs/equivalent-mutants.md)
      g += row0[i]! * f[i]!;
    }
    chi2 += ((p.mean - fit) / se(p)) ** 2;
    const part = (g / se(p) ** 2) ** 2 * p.stderr ** 2;
    // Stryker disable next-line AssignmentOperator: varA enters only as varA² (docs/equivalent-mutants.md)
    varA += part;
    if (part > 0) denom += (part * part) / (p.dof ?? Infinity);
  }
  const dof = points.length - m;
  // dof >= 1: extrapolate asks for one point more than the model's coefficients.
  const scale = Math.max(1, Math.sqrt(chi2 / dof));
  return {
    coef: [...coef],
    se: Math.sqrt(row0[0]!) * scale,
    chi2,
    dof,
    scale,
    nuEff: denom === 0 ? Infinity : (varA * varA) / denom,
  };
}

/**
 * The d → ∞ value of a ladder (at least three distinct d; the curvature needs four: 'curved' and
 * 'quadratic' require them, 'linear' adds its curvature term only from four on).
 */
export function extrapolate(points: readonly LadderPoint[], model: ExtrapolationModel = 'linear'): Extrapolation {
  ensure(points.length >= 3, 'ds', 'at least 3 distinct values of d', points.length);
  ensure(
    model === 'linear' || points.length >= 4,
    'ds',
    `at least 4 distinct values of d for the ${model} model`,
    points.length,
  );
  ensure(
    new Set(points.map((p) => p.d)).size === points.length,
    'ds',
    'distinct values of d',
    points.map((p) => p.d).join(','),
  );
  for (const p of points)
    ensure(
      Number.isFinite(p.stderr) && p.stderr >= 0 && Number.isFinite(p.mean),
      'stderr',
      'a finite number >= 0 with a finite mean at every d',
      p.stderr,
    );
  // An exact point among noisy ones would get a weight ~1e26 times theirs: the fit would pass through
  // it alone (and the normal equations lose positive definiteness in floating point).
  // Stryker disable next-line EqualityOperator: none exact = all inexact: same test (docs/equivalent-mutants.md)
  const exact = points.filter((p) => p.stderr === 0).length;
  ensure(
    exact === 0 || exact === points.length,
    'stderr',
    'all > 0 (replicated means), or all 0 (an exact statistic); a single replicate gives no error estimate',
    () => stderrsText(points),
  );
  const lin = wls(points, 2);
  const quad = points.length >= 4 ? wls(points, 3) : undefined;
  const shift = quad ? Math.abs(quad.coef[0]! - lin.coef[0]!) : 0;
  const chosen = model === 'linear' ? lin : quad!;
  const modelError = model === 'linear' ? shift / 2 : model === 'quadratic' ? shift : 0;
  const stderr = Math.hypot(chosen.se, modelError);
  const value = chosen.coef[0]!;
  const label =
    model === 'curved'
      ? 'a+b/d+c/d^2 (Birge-scaled)'
      : model === 'quadratic'
        ? 'a+b/d+c/d^2 (Birge-scaled, linear-fit difference)'
        : quad
          ? 'a+b/d (Birge-scaled, curvature term)'
          : 'a+b/d (Birge-scaled)';
  return {
    model,
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
