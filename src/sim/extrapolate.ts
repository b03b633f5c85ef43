// Finite-size extrapolation d → ∞: weighted least squares of the simulated means on a + b/d
// (+ c/d² when the data ask for it), weights 1/stderr². The curvature term is kept only when it
// lowers χ² by more than 3.84 (the 95% point of χ²₁: a likelihood-ratio test with known variances)
// and at least four d are available. When χ²/dof > 1 the covariance is scaled by it (the Birge
// ratio), so scatter the standard errors do not explain widens the interval instead of being ignored;
// the scale is reported. The standard errors are themselves estimated from a few replicates, so the
// z-score of the theory is referred to Student's t with Welch–Satterthwaite degrees of freedom
// (a normal reference would overstate significance). The theory side is `evaluate(fp, params)`.
import { fp } from '../numeric/context.js';
import { require } from '../numeric/domain.js';
import { evaluate } from '../theory/evaluate.js';
import { cholesky, cholSolve } from './linalg.js';
import { studentTwoSidedP } from './stats.js';
import { simulate, type SimulateOptions, type SimulateResult } from './simulate.js';

export interface LadderPoint {
  d: number;
  mean: number;
  stderr: number;
  /** Degrees of freedom of the stderr (replicates − 1); Infinity when it is known exactly. */
  dof?: number;
}

export interface Extrapolation {
  /** Number of terms: 2 = a + b/d, 3 = a + b/d + c/d². */
  terms: 2 | 3;
  coef: number[];
  /** a, the d → ∞ value, and its standard error (Birge-scaled when χ²/dof > 1). */
  value: number;
  stderr: number;
  ci95: [number, number];
  chi2: number;
  dof: number;
  /** Factor applied to the standard error (1 when χ²/dof <= 1). */
  scale: number;
  /** χ² drop from adding c/d² (when it could be tried). */
  deltaChi2: number | null;
  /** Welch–Satterthwaite degrees of freedom of `stderr` (Infinity when the point errors are exact). */
  nuEff: number;
}

/** χ²₁ 95% point: the curvature term must beat it. */
const CHI2_1_95 = 3.841458820694124;
const Z95 = 1.959963984540054;

function wls(points: readonly LadderPoint[], terms: 2 | 3): { coef: number[]; cov: Float64Array; chi2: number; nuEff: number } {
  const m = terms;
  const A = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  for (const p of points) {
    const w = 1 / p.stderr ** 2;
    const f = [1, 1 / p.d, 1 / p.d ** 2].slice(0, m);
    for (let i = 0; i < m; i++) {
      rhs[i] = rhs[i]! + w * f[i]! * p.mean;
      for (let j = 0; j < m; j++) A[i * m + j] = A[i * m + j]! + w * f[i]! * f[j]!;
    }
  }
  if (!cholesky(A, m)) throw new Error('extrapolation: singular weighted design (need distinct d)');
  const coef = rhs.slice();
  cholSolve(A, m, coef);
  const cov = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    const e = new Float64Array(m);
    e[j] = 1;
    cholSolve(A, m, e);
    for (let i = 0; i < m; i++) cov[i * m + j] = e[i]!;
  }
  let chi2 = 0;
  // a = Σ_p g_p mean_p with g_p = w_p Σ_j cov[0][j] f_j(d_p): Var a = Σ g_p² s_p², and its
  // Satterthwaite degrees of freedom (Σ g²s²)² / Σ (g²s²)²/ν_p.
  let varA = 0;
  let denom = 0;
  for (const p of points) {
    const f = [1, 1 / p.d, 1 / p.d ** 2];
    let fit = 0;
    let g = 0;
    for (let i = 0; i < m; i++) {
      fit += coef[i]! * f[i]!;
      g += cov[i]! * f[i]!;
    }
    chi2 += ((p.mean - fit) / p.stderr) ** 2;
    const part = (g / p.stderr ** 2) ** 2 * p.stderr ** 2;
    varA += part;
    denom += (part * part) / (p.dof ?? Infinity);
  }
  return { coef: [...coef], cov, chi2, nuEff: denom === 0 ? Infinity : (varA * varA) / denom };
}

export function extrapolate(points: readonly LadderPoint[]): Extrapolation {
  require(points.length >= 3, 'ds', 'at least 3 distinct values of d', points.length);
  require(new Set(points.map((p) => p.d)).size === points.length, 'ds', 'distinct values of d', points.map((p) => p.d).join(','));
  for (const p of points) require(Number.isFinite(p.stderr) && p.stderr > 0, 'stderr', 'a finite number > 0 at every d (use >= 2 replicates)', p.stderr);
  const lin = wls(points, 2);
  let chosen = lin;
  let terms: 2 | 3 = 2;
  let deltaChi2: number | null = null;
  if (points.length >= 4) {
    const quad = wls(points, 3);
    deltaChi2 = lin.chi2 - quad.chi2;
    if (deltaChi2 > CHI2_1_95) {
      chosen = quad;
      terms = 3;
    }
  }
  const dof = points.length - terms;
  const scale = Math.max(1, Math.sqrt(chosen.chi2 / dof));
  const value = chosen.coef[0]!;
  const stderr = Math.sqrt(chosen.cov[0]!) * scale;
  return { terms, coef: chosen.coef, value, stderr, ci95: [value - Z95 * stderr, value + Z95 * stderr], chi2: chosen.chi2, dof, scale, deltaChi2, nuEff: chosen.nuEff };
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

/** The theory's (e^ICL, e^IDG, g_task) at the options' parameters, float64. */
export function theoryValues(o: { alpha: number; kappa: number; tau: number; rho: number; lambda: number }): Record<Quantity, number> {
  const e = evaluate(fp, { alpha: o.alpha, kappa: o.kappa, tau: o.tau, rho: o.rho, lambda: o.lambda });
  return { eICL: e.eICL, eIDG: e.eIDG, gTask: e.gTask };
}

/** Simulates every d of the ladder (same seed: the streams differ by d through the sizes) and compares. */
export async function runLadder(ds: readonly number[], o: Omit<SimulateOptions, 'd'>): Promise<LadderResult> {
  require(ds.length >= 3, 'ds', 'at least 3 distinct values of d', ds.join(','));
  require((o.replicates ?? 2) >= 2, 'replicates', 'an integer >= 2 (the fit weights need standard errors)', o.replicates);
  const theory = theoryValues(o);
  const t0 = performance.now();
  const runs: SimulateResult[] = [];
  const { onProgress, ...rest } = o;
  for (const [i, d] of ds.entries()) {
    runs.push(await simulate({ ...rest, d, onProgress: onProgress ? (done, total) => onProgress(i * total + done, ds.length * total) : undefined }));
  }
  return { options: rest, ds: [...ds], runs, comparisons: compare(runs, theory), seconds: (performance.now() - t0) / 1000 };
}
