// LadderComparison of a simulated ladder with theory values: the extrapolated value, the z-score of the
// theory, its p-value, and the smallest relative error of the theory the comparison would detect.
import { fp } from '../numeric/context.js';
import { evaluate } from '../theory/evaluate.js';
import { extrapolate, type Extrapolation, type ExtrapolationModel, type LadderPoint } from './leastSquares.js';
import type { SimulateResult } from './simulate.js';
import { studentTwoSidedP, studentTwoSidedQuantile } from './stats.js';

export type Quantity = 'eICL' | 'eIDG' | 'gTask';
export const QUANTITIES: readonly Quantity[] = ['eICL', 'eIDG', 'gTask'];

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

/**
 * The smallest relative error δ of a value v that a two-sided test at `level` against an estimate with
 * standard error `stderr` (Student t, ν degrees of freedom) detects with probability >= 0.9: the shifted
 * z = δ|v|/stderr + T must leave ±t_level in at least 90% of draws, i.e. δ|v|/stderr >= t_level + t_0.9
 * (the opposite tail adds under 1e-3 at these levels and is left out, so δ errs on the large side).
 */
export function detectableDeviation(value: number, stderr: number, nu: number, level: number): number {
  return ((studentTwoSidedQuantile(level, nu) + studentTwoSidedQuantile(0.2, nu)) * stderr) / Math.abs(value);
}

/** Compares ladder estimates with theory values, quantity by quantity; `level` is the test's two-sided level. */
export function compare(runs: readonly SimulateResult[], theory: Record<Quantity, number>, model: ExtrapolationModel, level: number): LadderComparison[] {
  return QUANTITIES.map((q) => {
    const points = runs.map((r) => ({ d: r.d, mean: r[q].mean, stderr: r[q].stderr ?? NaN, dof: r.replicates - 1 }));
    const fit = extrapolate(points, model);
    const z = (theory[q] - fit.value) / fit.stderr;
    return { quantity: q, points, fit, theory: theory[q], z, p: studentTwoSidedP(z, fit.nuEff), detectable: detectableDeviation(theory[q], fit.stderr, fit.nuEff, level) };
  });
}

/** The theory's (e^ICL, e^IDG, g_task) at the options' parameters, float64. */
export function theoryValues(o: { alpha: number; kappa: number; tau: number; rho: number; lambda: number }): Record<Quantity, number> {
  const e = evaluate(fp, { alpha: o.alpha, kappa: o.kappa, tau: o.tau, rho: o.rho, lambda: o.lambda });
  return { eICL: e.eICL, eIDG: e.eIDG, gTask: e.gTask };
}

