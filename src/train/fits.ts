// The Figure 5 fits over d: the exponent a of n* ∝ d^a from each d's threshold, and the collapse exponent c of
// the test-error curves against n/d^c. Intervals: each replicate r gives its own estimate (its thresholds at
// every d, its slope; its curves' collapse exponent) — the runs are independent draws — and the 95% interval
// is their mean ± t(R − 1) s/√R. (A bootstrap over 3 runs per d has only 10 distinct resamples per d and
// understates the spread.) With unequal runs per d, the runs' scatter about their d's mean is pooled.
import { fitLine, mean, meanInterval95, studentTwoSidedQuantile } from '../numeric/stats.js';
import { curveOf, design, rowOf, runsOf, type GridPoint } from './fig5Grid.js';
import { threshold, type Estimator } from './thresholds.js';

/**
 * Interval of a least-squares slope over log d whose points are each d's mean over R_d independent runs
 * (runs[i]; perRun[i] holds the runs' own estimates where a run has a whole curve), from the runs' scatter about their d's mean (pooled over d: one variance s², Σ(R_d − 1) dof): the slope's
 * variance is s² Σ w_d²/R_d with w_d = (x_d − x̄)/Sxx. For a design where some d have a single run (the
 * largest d, where a run set costs most); assumes the scatter does not grow with d.
 */
function pooledSlopeInterval(
  xs: readonly number[],
  perRun: ReadonlyArray<readonly number[]>,
  runs: readonly number[],
  slope: number,
): { lo: number; hi: number; dof: number } {
  const mx = mean(xs);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  let ss = 0;
  let dof = 0;
  let w2 = 0;
  xs.forEach((x, i) => {
    const v = perRun[i]!;
    if (v.length >= 2) {
      const m = mean(v);
      ss += v.reduce((a, y) => a + (y - m) ** 2, 0);
      dof += v.length - 1;
    }
    w2 += ((x - mx) / sxx) ** 2 / runs[i]!;
  });
  if (dof < 1) return { lo: -Infinity, hi: Infinity, dof };
  const h = studentTwoSidedQuantile(0.05, dof) * Math.sqrt((ss / dof) * w2);
  return { lo: slope - h, hi: slope + h, dof };
}

export interface ExponentFit {
  estimator: Estimator;
  ds: number[];
  /** τ*(d) and n* = τ* d² from the mean curves over each d's runs. */
  tauStar: number[];
  nStar: number[];
  /** Slope and intercept of log n* = a log d + b through the mean curves' thresholds. */
  a: number;
  b: number;
  /** How the interval was made: 'runs' (balanced design) or 'pooled' (unequal runs per d). */
  method: 'runs' | 'pooled';
  /** 'runs': the slope of each replicate's own thresholds (paired by replicate across d; the draws are independent). */
  perRun: number[];
  /** Each d's runs' own τ* (the replicates with a whole curve at that d). */
  perRunTau: number[][];
  /** 95% interval of a: 'runs', mean of perRun ± t(R − 1) s/√R; 'pooled', a ± t(Σ(R_d − 1)) s √(Σ w_d²/R_d). */
  lo: number;
  hi: number;
  /** The residual t interval about the mean curves' line (m − 2 dof): reported, not used for the verdict. */
  tInterval: [number, number];
}

/**
 * Fits log n* = a log d + b; null when some d has no threshold on the grid (the grid must be widened) or a
 * run has none (its slope is then undefined). The interval is the between-run one: the expected exponent
 * is itself a least-squares slope over the same d, so curvature of log n* in log d is not an error of a.
 */
export function fitExponent(points: readonly GridPoint[], est: Estimator): ExponentFit | null {
  const ds = [...new Set(points.map((p) => p.d))].sort((a, b) => a - b);
  if (ds.length < 2) return null;
  const rows = ds.map((d) => rowOf(points, d));
  const tau = rows.map((row) => threshold(row, est));
  if (tau.some((t) => t === null)) return null;
  const tauStar = tau as number[];
  const xs = ds.map(Math.log);
  const nStar = tauStar.map((t, i) => t * ds[i]! ** 2);
  const f = fitLine(xs, nStar.map(Math.log));
  const q = studentTwoSidedQuantile(0.05, ds.length - 2);
  const tInterval: [number, number] = Number.isFinite(f.seA)
    ? [f.a - q * f.seA, f.a + q * f.seA]
    : [-Infinity, Infinity];
  const { balanced, reps } = design(points, ds);
  const perRunTau: number[][] = [];
  for (const [i, row] of rows.entries()) {
    const own = reps[i]!.map((r) => threshold(row, est, [r]));
    if (own.some((t) => t === null)) return null;
    perRunTau.push(own as number[]);
  }
  const base = { estimator: est, ds, tauStar, nStar, a: f.a, b: f.b, perRunTau, tInterval };
  if (balanced) {
    const perRun = reps[0]!.map(
      (_, k) =>
        fitLine(
          xs,
          perRunTau.map((t, i) => Math.log(t[k]! * ds[i]! ** 2)),
        ).a,
    );
    const iv = meanInterval95(perRun);
    return { ...base, method: 'runs', perRun, lo: iv.lo, hi: iv.hi };
  }
  const iv = pooledSlopeInterval(
    xs,
    perRunTau.map((t, i) => t.map((v) => Math.log(v * ds[i]! ** 2))),
    rows.map(runsOf),
    f.a,
  );
  return { ...base, method: 'pooled', perRun: [], lo: iv.lo, hi: iv.hi };
}

/** Slope of log(count(d)) against log d over the given d: a parameter count's "exponent" at finite d. */
export function countSlope(ds: readonly number[], count: (d: number) => number): number {
  return fitLine(
    ds.map(Math.log),
    ds.map((d) => Math.log(count(d))),
  ).a;
}

/** The scalings n/d^c tried by the collapse fit. */
const COLLAPSE_CS = Array.from({ length: 201 }, (_, i) => 1 + i / 100);

/**
 * Mismatch of curve A against curve B (x ascending): for each point of A inside B's x range, the squared
 * difference from B interpolated linearly in x; the sum and the number of terms.
 */
function pairMismatch(
  xa: readonly number[],
  ya: readonly number[],
  xb: readonly number[],
  yb: readonly number[],
): { sum: number; terms: number } {
  let sum = 0;
  let terms = 0;
  for (let k = 0; k < xa.length; k++) {
    const x = xa[k]!;
    if (x < xb[0]! || x > xb[xb.length - 1]!) continue;
    let m = 1;
    while (m < xb.length - 1 && xb[m]! < x) m++;
    const f = (x - xb[m - 1]!) / (xb[m]! - xb[m - 1]!);
    sum += (ya[k]! - (yb[m - 1]! + f * (yb[m]! - yb[m - 1]!))) ** 2;
    terms++;
  }
  return { sum, terms };
}

/**
 * Mismatch of the test-error curves when plotted against x = log n − c log d: for each pair of d, each
 * point of one curve inside the other's x range against the other interpolated linearly in x, squared
 * difference of log mean e_ICL, averaged over all such terms (null without overlap).
 */
function mismatch(curves: ReadonlyArray<{ d: number; logN: number[]; logE: number[] }>, c: number): number | null {
  let sum = 0;
  let terms = 0;
  for (let i = 0; i < curves.length; i++)
    for (let j = 0; j < curves.length; j++) {
      if (i === j) continue;
      const A = curves[i]!;
      const B = curves[j]!;
      const m = pairMismatch(
        A.logN.map((v) => v - c * Math.log(A.d)),
        A.logE,
        B.logN.map((v) => v - c * Math.log(B.d)),
        B.logE,
      );
      sum += m.sum;
      terms += m.terms;
    }
  return terms > 0 ? sum / terms : null;
}

export interface CollapseFit {
  /** The c of n/d^c that best collapses the mean test-error curves (each d's mean over all its runs). */
  c: number;
  /** How the interval was made: 'runs' (balanced design) or 'pooled' (unequal runs per d). */
  method: 'runs' | 'pooled';
  /** 'runs': the best c of each replicate's own curves; the interval mean ± t(R − 1) s/√R. */
  perRun: number[];
  /** 'pooled': each run's shift in log n that best lays its curve on its d's mean curve, per d. */
  shifts: number[][];
  lo: number;
  hi: number;
  /** Mismatch of the mean curves at c = 2 and at the best c. */
  mismatchAt2: number;
  mismatchBest: number;
}

/** Shifts tried when laying a run's curve on its d's mean curve (log n, ±0.5 by 0.005). */
const SHIFTS = Array.from({ length: 201 }, (_, i) => -0.5 + i / 200);

/**
 * Collapse exponent of the test-error curves: c of the mean curves, with a between-run interval. Balanced
 * design: each replicate's own best c. Unequal runs per d: collapsing is aligning the curves' positions
 * in log n, so c is (to first order) the least-squares slope over log d of the d's curve positions; each
 * run's position scatter about its d's mean (its best shift onto the mean curve) gives that slope's
 * variance as for the thresholds (pooledSlopeInterval).
 */
export function collapseExponent(points: readonly GridPoint[]): CollapseFit {
  const ds = [...new Set(points.map((p) => p.d))].sort((a, b) => a - b);
  const rows = ds.map((d) => rowOf(points, d));
  const logE = (row: readonly GridPoint[], reps?: readonly number[]) =>
    curveOf(row, (p, i) => p.eICL[i]!, reps).map(Math.log);
  const curvesOf = (reps?: readonly number[]) =>
    rows.map((row, i) => ({ d: ds[i]!, logN: row.map((p) => Math.log(p.n)), logE: logE(row, reps) }));
  const best = (curves: ReturnType<typeof curvesOf>): { c: number; m: number } => {
    let out = { c: NaN, m: Infinity };
    for (const c of COLLAPSE_CS) {
      const m = mismatch(curves, c);
      if (m !== null && m < out.m) out = { c, m };
    }
    return out;
  };
  const curves = curvesOf();
  const fit = best(curves);
  const base = { c: fit.c, mismatchAt2: mismatch(curves, 2) ?? NaN, mismatchBest: fit.m };
  const { balanced, reps } = design(points, ds);
  if (balanced) {
    const perRun = reps[0]!.map((r) => best(curvesOf([r])).c);
    const iv = meanInterval95(perRun);
    return { ...base, method: 'runs', perRun, shifts: [], lo: iv.lo, hi: iv.hi };
  }
  const shifts = rows.map((row, i) => {
    const x = row.map((p) => Math.log(p.n));
    const y = curves[i]!.logE;
    return reps[i]!.map((r) => {
      const yr = logE(row, [r]);
      let out = { s: 0, m: Infinity };
      for (const s of SHIFTS) {
        const m = pairMismatch(
          x.map((v) => v + s),
          yr,
          x,
          y,
        );
        if (m.terms > 0 && m.sum / m.terms < out.m) out = { s, m: m.sum / m.terms };
      }
      return out.s;
    });
  });
  const iv = pooledSlopeInterval(ds.map(Math.log), shifts, rows.map(runsOf), fit.c);
  return { ...base, method: 'pooled', perRun: [], shifts, lo: iv.lo, hi: iv.hi };
}
