// Interpolation-threshold estimators of one d's curves against τ:
//   train — where the mean of log10(training error) crosses log10(ZERO_LEVEL) (linear interpolation in log τ
//           between the bracketing grid points): the training error "leaving zero";
//   peak  — the τ of the largest mean test (ICL) error, refined by a parabola in log τ through the maximum and
//           its two neighbours;
//   rise  — the paper's rule at a fixed budget: the sharp rise of the training error, located at the geometric
//           midpoint of the consecutive grid τ with the largest increase of log10(training error). Its
//           companion, the τ where the run-to-run variance of the training error rises most
//           (`varianceRise`), is reported beside it.
import { sampleVariance } from '../numeric/stats.js';
import { curveOf, type GridPoint } from './fig5Grid.js';

/** Training error counted as zero: a tenth of the paper's label-noise variance ρ = 0.01. */
export const ZERO_LEVEL = 1e-3;

/** Index i of the first consecutive pair (i − 1, i) where logErr crosses log10(ZERO_LEVEL) upward; −1 if none. */
export function trainBracket(logErr: readonly number[]): number {
  const L = Math.log10(ZERO_LEVEL);
  for (let i = 1; i < logErr.length; i++) if (logErr[i - 1]! < L && logErr[i]! >= L) return i;
  return -1;
}

/** τ where the mean log10 training error first crosses log10(ZERO_LEVEL); null if it never does on the grid. */
export function trainThreshold(taus: readonly number[], logErr: readonly number[]): number | null {
  const L = Math.log10(ZERO_LEVEL);
  const i = trainBracket(logErr);
  if (i < 0) return null;
  const f = (L - logErr[i - 1]!) / (logErr[i]! - logErr[i - 1]!);
  return Math.exp(Math.log(taus[i - 1]!) + f * (Math.log(taus[i]!) - Math.log(taus[i - 1]!)));
}

/**
 * τ of the largest test error, refined by a parabola in log τ; null when the maximum is at either end of
 * the grid (the peak may lie beyond it, e.g. a d run on a few τ only).
 */
export function peakThreshold(taus: readonly number[], err: readonly number[]): number | null {
  let i = 0;
  for (let j = 1; j < err.length; j++) if (err[j]! > err[i]!) i = j;
  if (i === 0 || i === err.length - 1) return null;
  const [x0, x1, x2] = [Math.log(taus[i - 1]!), Math.log(taus[i]!), Math.log(taus[i + 1]!)];
  const [y0, y1, y2] = [err[i - 1]!, err[i]!, err[i + 1]!];
  const den = (x0 - x1) * (x0 - x2) * (x1 - x2);
  const A = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / den;
  const B = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / den;
  if (!(A < 0)) return taus[i]!;
  const xs = Math.min(Math.max(-B / (2 * A), x0), x2);
  return Math.exp(xs);
}

export type Estimator = 'train' | 'peak' | 'rise';

/** Index i of the consecutive pair (i − 1, i) with the largest increase of y (the first of equals); −1 if none. */
export function riseBracket(y: readonly number[]): number {
  let best = 0;
  let at = -1;
  for (let i = 1; i < y.length; i++)
    if (y[i]! - y[i - 1]! > best) {
      best = y[i]! - y[i - 1]!;
      at = i;
    }
  return at;
}

/** Geometric midpoint of the consecutive τ with the largest increase of y (null when y never increases). */
export function riseThreshold(taus: readonly number[], y: readonly number[]): number | null {
  const at = riseBracket(y);
  return at < 0 ? null : Math.sqrt(taus[at - 1]! * taus[at]!);
}

/** log10 of a run's training error (floored at 1e-300: an exact zero stays finite). */
export const log10Err = (p: GridPoint, i: number): number => Math.log10(Math.max(p.trainError[i]!, 1e-300));

/** τ* of one d from the mean curve of the given replicates (all runs of each point when undefined). */
export function threshold(row: readonly GridPoint[], est: Estimator, reps?: readonly number[]): number | null {
  const taus = row.map((p) => p.tau);
  if (est === 'train') return trainThreshold(taus, curveOf(row, log10Err, reps));
  if (est === 'rise') return riseThreshold(taus, curveOf(row, log10Err, reps));
  return peakThreshold(
    taus,
    curveOf(row, (p, i) => p.eICL[i]!, reps),
  );
}

/** The τ where log10 of the run-to-run variance of the training error rises most (null with fewer than two runs). */
export function varianceRise(row: readonly GridPoint[]): number | null {
  if (row.some((p) => p.trainError.length < 2)) return null;
  return riseThreshold(
    row.map((p) => p.tau),
    row.map((p) => Math.log10(Math.max(sampleVariance(p.trainError), 1e-300))),
  );
}
