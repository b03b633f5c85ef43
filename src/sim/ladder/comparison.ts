// Comparison of a simulated ladder with the caller's theory values (this layer imports no formula): the extrapolated value, the z-score of the
// theory, its p-value, and the smallest relative error of the theory the comparison would detect.
import { extrapolate, type Extrapolation, type ExtrapolationModel, type LadderPoint } from './leastSquares.js';
import type { SimulateResult } from '../simulate.js';
import { lnGamma, normalTwoSidedP, studentTwoSidedP, studentTwoSidedQuantile } from '../../numeric/stats.js';

export type Quantity = 'eICL' | 'eIDG' | 'gTask';
const QUANTITIES: readonly Quantity[] = ['eICL', 'eIDG', 'gTask'];

export interface LadderComparison {
  quantity: Quantity;
  points: LadderPoint[];
  fit: Extrapolation;
  theory: number;
  /** (theory − extrapolated) / stderr. */
  z: number;
  /** Two-sided p-value of z under Student's t with the fit's ν_eff degrees of freedom. */
  p: number;
  /** The smallest |relative error| of the theory caught with probability >= 0.9 at level `level`. */
  detectable: number;
}

/** Standard normal distribution function. */
// Stryker disable next-line EqualityOperator: both branches give 1/2 at x = 0 (docs/equivalent-mutants.md)
const normalCdf = (x: number): number => (x >= 0 ? 1 - normalTwoSidedP(x) / 2 : normalTwoSidedP(x) / 2);

/**
 * Power of the two-sided t test at critical value `tc` when the true standardized shift is `shift`:
 * the statistic is (shift + N)/S with S² = χ²_ν/ν (noncentral t), so the power is
 * E_S[Φ(shift − tc S) + Φ(−shift − tc S)], integrated over the χ²_ν density (ν = ∞: S = 1).
 */
function tTestPower(shift: number, tc: number, nu: number): number {
  const at = (S: number): number => {
    const right = normalCdf(shift - tc * S);
    // Stryker disable next-line ArithmeticOperator: below the integral's accuracy (2e-5) (docs/equivalent-mutants.md)
    const wrong = normalCdf(-shift - tc * S);
    return right + wrong;
  };
  if (!Number.isFinite(nu)) return at(1);
  // χ²_ν density on a grid wide enough to hold all but ~1e-12 of its mass.
  const hi = nu + 20 * Math.sqrt(2 * nu) + 60;
  const steps = 4000;
  const h = hi / steps;
  const logNorm = -(nu / 2) * Math.LN2 - lnGamma(nu / 2);
  let sum = 0;
  let mass = 0;
  // Stryker disable next-line EqualityOperator: the last cell holds ~1e-12 of the mass (docs/equivalent-mutants.md)
  for (let i = 1; i <= steps; i++) {
    const u = (i - 0.5) * h;
    const density = Math.exp(logNorm + (nu / 2 - 1) * Math.log(u) - u / 2);
    // Stryker disable next-line ArithmeticOperator: h cancels in sum / mass (docs/equivalent-mutants.md)
    const w = density * h;
    sum += w * at(Math.sqrt(u / nu));
    mass += w;
  }
  return sum / mass;
}

/**
 * The smallest relative error δ of a value v that a two-sided test at `level` against an estimate with
 * standard error `stderr` (Student t, ν degrees of freedom) detects with probability >= 0.9: the
 * standardized shift δ|v|/stderr at which `tTestPower` reaches 0.9.
 */
export function detectableDeviation(value: number, stderr: number, nu: number, level: number): number {
  const tc = studentTwoSidedQuantile(level, nu);
  let lo = 0;
  let hi = tc + 2;
  // Stryker disable next-line EqualityOperator: differ only at power exactly 0.9 (docs/equivalent-mutants.md)
  while (tTestPower(hi, tc, nu) < 0.9) hi *= 2;
  // Stryker disable next-line EqualityOperator: a 61st halving moves it by < 2^-60 (docs/equivalent-mutants.md)
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    // Stryker disable next-line EqualityOperator: differ only at power exactly 0.9 (docs/equivalent-mutants.md)
    if (tTestPower(mid, tc, nu) < 0.9) lo = mid;
    else hi = mid;
  }
  return (hi * stderr) / Math.abs(value);
}

/** Compares ladder estimates with theory values, quantity by quantity; `level` is the test's two-sided level. */
export function compare(
  runs: readonly SimulateResult[],
  theory: Record<Quantity, number>,
  model: ExtrapolationModel,
  level: number,
): LadderComparison[] {
  return QUANTITIES.map((q) => {
    const points = runs.map((r) => ({ d: r.d, mean: r[q].mean, stderr: r[q].stderr ?? NaN, dof: r.replicates - 1 }));
    const fit = extrapolate(points, model);
    const z = (theory[q] - fit.value) / fit.stderr;
    return {
      quantity: q,
      points,
      fit,
      theory: theory[q],
      z,
      p: studentTwoSidedP(z, fit.nuEff),
      detectable: detectableDeviation(theory[q], fit.stderr, fit.nuEff, level),
    };
  });
}
