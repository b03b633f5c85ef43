// The paper's Figure 5 protocol on this engine: for an architecture, train `runs` replicates at each
// (d, τ) of a grid with one training rule (until converged by a stopping rule, or a fixed step budget), then locate the interpolation threshold
// per d and fit log n* = a log d + b.
//
// Two threshold estimators, per d, from the replicates' curves against log τ:
//   train — where the mean of log10(training error) crosses log10(ZERO_LEVEL) (linear interpolation
//           between the bracketing grid points): the training error "leaving zero";
//   peak  — the τ of the largest mean test (ICL) error, refined by a parabola in log τ through the
//           maximum and its two neighbours.
// Intervals: each replicate r gives its own estimate (its thresholds at every d, its slope; its curves'
// collapse exponent) — the runs are independent draws — and the 95% interval is their mean ± t(R − 1)
// s/√R. (A bootstrap over 3 runs per d has only 10 distinct resamples per d and understates the spread.)
import { studentTwoSidedP } from '../sim/stats.js';
import type { ArchName } from './models.js';
import { trainRun, type StopReason, type StopRule, type TrainResult } from './train.js';

/** Training error counted as zero: a tenth of the paper's label-noise variance ρ = 0.01. */
export const ZERO_LEVEL = 1e-3;

export interface GridSpec {
  arch: ArchName;
  ds: number[];
  taus: number[];
  runs: number;
  /** The step cap of the stopping rule (or, without one, the fixed budget). */
  steps: number;
  stop?: StopRule;
  lr: number;
  alpha: number;
  kappa: number;
  rho: number;
  seed: number;
}

export interface GridPoint {
  d: number;
  tau: number;
  n: number;
  trainError: number[];
  eICL: number[];
  eIDG: number[];
  cpuSeconds: number[];
  /** Steps each run trained and why it stopped. */
  steps: number[];
  stopReason: StopReason[];
}

const memo = new Map<string, GridPoint[]>();

/** Runs the grid (memoized within the process: a check and the report panel share one computation). */
export function runGrid(g: GridSpec, onRun?: (done: number, total: number, label: string) => void): GridPoint[] {
  const key = JSON.stringify(g);
  const hit = memo.get(key);
  if (hit) return hit;
  const total = g.ds.length * g.taus.length * g.runs;
  let done = 0;
  const points: GridPoint[] = [];
  for (const d of g.ds)
    for (const tau of g.taus) {
      const p: GridPoint = { d, tau, n: 0, trainError: [], eICL: [], eIDG: [], cpuSeconds: [], steps: [], stopReason: [] };
      for (let r = 0; r < g.runs; r++) {
        const res: TrainResult = trainRun({ arch: g.arch, d, alpha: g.alpha, kappa: g.kappa, tau, rho: g.rho, seed: g.seed, replicate: r, steps: g.steps, stop: g.stop, lr: g.lr }).result;
        p.n = res.n;
        p.trainError.push(res.trainError);
        p.eICL.push(res.eICL.mean);
        p.eIDG.push(res.eIDG.mean);
        p.cpuSeconds.push(res.cpuSeconds);
        p.steps.push(res.steps);
        p.stopReason.push(res.stopReason);
        onRun?.(++done, total, `${g.arch} d=${d} tau=${tau} run ${r + 1}`);
      }
      points.push(p);
    }
  memo.set(key, points);
  return points;
}

const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

/** τ where the mean log10 training error first crosses log10(ZERO_LEVEL); null if it never does on the grid. */
export function trainThreshold(taus: readonly number[], logErr: readonly number[]): number | null {
  const L = Math.log10(ZERO_LEVEL);
  for (let i = 1; i < taus.length; i++) {
    if (logErr[i - 1]! < L && logErr[i]! >= L) {
      const f = (L - logErr[i - 1]!) / (logErr[i]! - logErr[i - 1]!);
      return Math.exp(Math.log(taus[i - 1]!) + f * (Math.log(taus[i]!) - Math.log(taus[i - 1]!)));
    }
  }
  return null;
}

/** τ of the largest test error, refined by a parabola in log τ when the maximum is interior. */
export function peakThreshold(taus: readonly number[], err: readonly number[]): number {
  let i = 0;
  for (let j = 1; j < err.length; j++) if (err[j]! > err[i]!) i = j;
  if (i === 0 || i === err.length - 1) return taus[i]!;
  const [x0, x1, x2] = [Math.log(taus[i - 1]!), Math.log(taus[i]!), Math.log(taus[i + 1]!)];
  const [y0, y1, y2] = [err[i - 1]!, err[i]!, err[i + 1]!];
  const den = (x0 - x1) * (x0 - x2) * (x1 - x2);
  const A = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / den;
  const B = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / den;
  if (!(A < 0)) return taus[i]!;
  const xs = Math.min(Math.max(-B / (2 * A), x0), x2);
  return Math.exp(xs);
}

export type Estimator = 'train' | 'peak';

/** Thresholds τ*(d) from the mean curves of the given replicates (indices into each point's runs). */
function thresholds(points: readonly GridPoint[], ds: readonly number[], est: Estimator, pick: (d: number) => readonly number[]): Array<number | null> {
  return ds.map((d) => {
    const row = points.filter((p) => p.d === d).sort((a, b) => a.tau - b.tau);
    const idx = pick(d);
    const taus = row.map((p) => p.tau);
    if (est === 'train') return trainThreshold(taus, row.map((p) => mean(idx.map((r) => Math.log10(Math.max(p.trainError[r]!, 1e-300))))));
    return peakThreshold(taus, row.map((p) => mean(idx.map((r) => p.eICL[r]!))));
  });
}

/** The 97.5% quantile of Student's t with df degrees of freedom (bisection on the two-sided tail). */
function tQuantile975(df: number): number {
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (studentTwoSidedP(mid, df) > 0.05) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

interface LineFit {
  a: number;
  b: number;
  /** Standard error of a from the residuals (NaN with two points). */
  seA: number;
}

function fitLine(xs: readonly number[], ys: readonly number[]): LineFit {
  const m = xs.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < m; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  const a = sxy / sxx;
  const b = my - a * mx;
  let rss = 0;
  for (let i = 0; i < m; i++) rss += (ys[i]! - a * xs[i]! - b) ** 2;
  return { a, b, seA: m > 2 ? Math.sqrt(rss / (m - 2) / sxx) : NaN };
}

export interface ExponentFit {
  estimator: Estimator;
  ds: number[];
  /** τ*(d) and n* = τ* d² from the mean curves over the runs. */
  tauStar: number[];
  nStar: number[];
  /** Slope and intercept of log n* = a log d + b through the mean curves' thresholds. */
  a: number;
  b: number;
  /** Slope of each run's own thresholds (runs paired by index across d; the draws are independent). */
  perRun: number[];
  /** 95% interval of a: mean of perRun ± t(R − 1) s/√R — the run-to-run sampling error with its true dof. */
  lo: number;
  hi: number;
  /** The residual t interval about the mean curves' line (m − 2 dof): reported, not used for the verdict. */
  tInterval: [number, number];
}

/** Mean ± t(R − 1) · s/√R of per-run estimates (R ≥ 2). */
export function runInterval(v: readonly number[]): { mean: number; lo: number; hi: number } {
  const m = mean(v);
  if (v.length < 2) return { mean: m, lo: -Infinity, hi: Infinity };
  const sd = Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / (v.length - 1));
  const h = tQuantile975(v.length - 1) * (sd / Math.sqrt(v.length));
  return { mean: m, lo: m - h, hi: m + h };
}

/**
 * Fits log n* = a log d + b; null when some d has no threshold on the grid (the grid must be widened) or a
 * run has none (its slope is then undefined). The interval is the between-run one: the expected exponent
 * is itself a least-squares slope over the same d, so curvature of log n* in log d is not an error of a.
 */
export function fitExponent(points: readonly GridPoint[], est: Estimator): ExponentFit | null {
  const ds = [...new Set(points.map((p) => p.d))].sort((a, b) => a - b);
  const runs = Math.min(...points.map((p) => p.trainError.length));
  const all = Array.from({ length: runs }, (_, r) => r);
  const tau = thresholds(points, ds, est, () => all);
  if (tau.some((t) => t === null) || ds.length < 2) return null;
  const tauStar = tau as number[];
  const xs = ds.map(Math.log);
  const nStar = tauStar.map((t, i) => t * ds[i]! ** 2);
  const f = fitLine(xs, nStar.map(Math.log));
  const q = tQuantile975(ds.length - 2);
  const tInterval: [number, number] = Number.isFinite(f.seA) ? [f.a - q * f.seA, f.a + q * f.seA] : [-Infinity, Infinity];
  const perRun: number[] = [];
  for (let r = 0; r < runs; r++) {
    const tr = thresholds(points, ds, est, () => [r]);
    if (tr.some((t) => t === null)) return null;
    perRun.push(fitLine(xs, (tr as number[]).map((t, i) => Math.log(t * ds[i]! ** 2))).a);
  }
  const iv = runInterval(perRun);
  return { estimator: est, ds, tauStar, nStar, a: f.a, b: f.b, perRun, lo: iv.lo, hi: iv.hi, tInterval };
}

/** Slope of log(count(d)) against log d over the given d: a parameter count's "exponent" at finite d. */
export function countSlope(ds: readonly number[], count: (d: number) => number): number {
  return fitLine(ds.map(Math.log), ds.map((d) => Math.log(count(d)))).a;
}

/** The scalings n/d^c tried by the collapse fit. */
const COLLAPSE_CS = Array.from({ length: 201 }, (_, i) => 1 + i / 100);

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
      const xa = A.logN.map((v) => v - c * Math.log(A.d));
      const xb = B.logN.map((v) => v - c * Math.log(B.d));
      for (let k = 0; k < xa.length; k++) {
        const x = xa[k]!;
        if (x < xb[0]! || x > xb[xb.length - 1]!) continue;
        let m = 1;
        while (m < xb.length - 1 && xb[m]! < x) m++;
        const f = (x - xb[m - 1]!) / (xb[m]! - xb[m - 1]!);
        const yb = B.logE[m - 1]! + f * (B.logE[m]! - B.logE[m - 1]!);
        sum += (A.logE[k]! - yb) ** 2;
        terms++;
      }
    }
  return terms > 0 ? sum / terms : null;
}

export interface CollapseFit {
  /** The c of n/d^c that best collapses the mean test-error curves. */
  c: number;
  /** The best c of each run's curves, and the 95% interval mean ± t(R − 1) s/√R. */
  perRun: number[];
  lo: number;
  hi: number;
  /** Mismatch of the mean curves at c = 2 and at the best c. */
  mismatchAt2: number;
  mismatchBest: number;
}

/** Collapse exponent of the test-error curves: of the mean curves, and per run with a between-run interval. */
export function collapseExponent(points: readonly GridPoint[]): CollapseFit {
  const ds = [...new Set(points.map((p) => p.d))].sort((a, b) => a - b);
  const rows = ds.map((d) => points.filter((p) => p.d === d).sort((a, b) => a.tau - b.tau));
  const curvesOf = (pick: readonly number[]) =>
    rows.map((row, i) => ({ d: ds[i]!, logN: row.map((p) => Math.log(p.n)), logE: row.map((p) => Math.log(mean(pick.map((r) => p.eICL[r]!)))) }));
  const best = (curves: ReturnType<typeof curvesOf>): { c: number; m: number } => {
    let out = { c: NaN, m: Infinity };
    for (const c of COLLAPSE_CS) {
      const m = mismatch(curves, c);
      if (m !== null && m < out.m) out = { c, m };
    }
    return out;
  };
  const runs = Math.min(...points.map((p) => p.eICL.length));
  const curves = curvesOf(Array.from({ length: runs }, (_, r) => r));
  const fit = best(curves);
  const perRun = Array.from({ length: runs }, (_, r) => best(curvesOf([r])).c);
  const iv = runInterval(perRun);
  return { c: fit.c, perRun, lo: iv.lo, hi: iv.hi, mismatchAt2: mismatch(curves, 2) ?? NaN, mismatchBest: fit.m };
}
