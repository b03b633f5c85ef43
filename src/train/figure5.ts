// The paper's Figure 5 protocol on this engine: for an architecture, train `runs` replicates at each
// (d, τ) of a grid with one fixed budget (optimizer steps), then locate the interpolation threshold
// per d and fit log n* = a log d + b.
//
// Two threshold estimators, per d, from the replicates' curves against log τ:
//   train — where the mean of log10(training error) crosses log10(ZERO_LEVEL) (linear interpolation
//           between the bracketing grid points): the training error "leaving zero";
//   peak  — the τ of the largest mean test (ICL) error, refined by a parabola in log τ through the
//           maximum and its two neighbours.
// Interval of a: the wider of (i) the least-squares t interval from the residuals about the line
// (m − 2 degrees of freedom for m values of d) and (ii) a bootstrap percentile interval resampling
// the replicates within each d (run-to-run noise of the thresholds).
import { stream } from '../sim/rng.js';
import { normalTwoSidedP, studentTwoSidedP } from '../sim/stats.js';
import type { ArchName } from './models.js';
import { trainRun, type TrainResult } from './train.js';

/** Training error counted as zero: a tenth of the paper's label-noise variance ρ = 0.01. */
export const ZERO_LEVEL = 1e-3;

export interface GridSpec {
  arch: ArchName;
  ds: number[];
  taus: number[];
  runs: number;
  steps: number;
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
      const p: GridPoint = { d, tau, n: 0, trainError: [], eICL: [], eIDG: [], cpuSeconds: [] };
      for (let r = 0; r < g.runs; r++) {
        const res: TrainResult = trainRun({ arch: g.arch, d, alpha: g.alpha, kappa: g.kappa, tau, rho: g.rho, seed: g.seed, replicate: r, steps: g.steps, lr: g.lr }).result;
        p.n = res.n;
        p.trainError.push(res.trainError);
        p.eICL.push(res.eICL.mean);
        p.eIDG.push(res.eIDG.mean);
        p.cpuSeconds.push(res.cpuSeconds);
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
export function tQuantile975(df: number): number {
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (studentTwoSidedP(mid, df) > 0.05) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Upper tail of χ² with k degrees of freedom (Wilson–Hilferty: the cube root is close to normal for k ≳ 5). */
export function chi2UpperP(chi2: number, k: number): number {
  const s = 2 / (9 * k);
  const z = (Math.cbrt(chi2 / k) - (1 - s)) / Math.sqrt(s);
  return z >= 0 ? normalTwoSidedP(z) / 2 : 1 - normalTwoSidedP(z) / 2;
}

export interface LineFit {
  a: number;
  b: number;
  /** Standard error of a from the residuals (NaN with two points). */
  seA: number;
}

export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit {
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
  /** τ*(d) and n* = τ* d². */
  tauStar: number[];
  nStar: number[];
  a: number;
  b: number;
  /** 95% interval of a: the wider of the residual t interval and the bootstrap interval. */
  lo: number;
  hi: number;
  tInterval: [number, number];
  bootInterval: [number, number];
  bootstrap: number;
}

/** Fits log n* = a log d + b; null when some d has no threshold on the grid (the grid must be widened). */
export function fitExponent(points: readonly GridPoint[], est: Estimator, seed: number, bootstrap = 1000): ExponentFit | null {
  const ds = [...new Set(points.map((p) => p.d))].sort((a, b) => a - b);
  const runs = points[0]!.trainError.length;
  const all = Array.from({ length: runs }, (_, r) => r);
  const tau = thresholds(points, ds, est, () => all);
  if (tau.some((t) => t === null) || ds.length < 2) return null;
  const tauStar = tau as number[];
  const xs = ds.map(Math.log);
  const nStar = tauStar.map((t, i) => t * ds[i]! ** 2);
  const f = fitLine(xs, nStar.map(Math.log));
  const q = tQuantile975(ds.length - 2);
  const tInterval: [number, number] = Number.isFinite(f.seA) ? [f.a - q * f.seA, f.a + q * f.seA] : [-Infinity, Infinity];
  const rng = stream(seed, 0, `train-threshold-bootstrap/${est}`);
  const as: number[] = [];
  for (let bI = 0; bI < bootstrap; bI++) {
    const draw = new Map(ds.map((d) => [d, Array.from({ length: runs }, () => rng.int(runs))]));
    const tb = thresholds(points, ds, est, (d) => draw.get(d)!);
    if (tb.some((t) => t === null)) continue;
    as.push(fitLine(xs, (tb as number[]).map((t, i) => Math.log(t * ds[i]! ** 2))).a);
  }
  as.sort((a, b) => a - b);
  // A resample without a threshold on the grid counts as an extreme on both sides (conservative).
  const missing = bootstrap - as.length;
  const at = (p: number): number => {
    const k = Math.floor(p * bootstrap) - Math.ceil(missing / 2);
    return k < 0 || k >= as.length ? (p < 0.5 ? -Infinity : Infinity) : as[k]!;
  };
  const bootInterval: [number, number] = [at(0.025), at(0.975)];
  return {
    estimator: est,
    ds,
    tauStar,
    nStar,
    a: f.a,
    b: f.b,
    lo: Math.min(tInterval[0], bootInterval[0]),
    hi: Math.max(tInterval[1], bootInterval[1]),
    tInterval,
    bootInterval,
    bootstrap,
  };
}

/** Slope of log(count(d)) against log d over the given d: a parameter count's "exponent" at finite d. */
export function countSlope(ds: readonly number[], count: (d: number) => number): number {
  return fitLine(ds.map(Math.log), ds.map((d) => Math.log(count(d)))).a;
}

/**
 * Collapse of the test-error curves in τ: at each τ of the grid, the d curves' means against their
 * inverse-variance weighted mean (standard errors over replicates); χ² summed over the grid with
 * (#d − 1)·#τ degrees of freedom. `shift` misaligns the curves by grid steps (a planted fault for tests).
 */
export function collapseChi2(points: readonly GridPoint[], shift = 0): { chi2: number; dof: number } {
  const ds = [...new Set(points.map((p) => p.d))].sort((a, b) => a - b);
  const taus = [...new Set(points.map((p) => p.tau))].sort((a, b) => a - b);
  let chi2 = 0;
  let dof = 0;
  for (let t = 0; t < taus.length; t++) {
    const ms: number[] = [];
    const ws: number[] = [];
    ds.forEach((d, j) => {
      const ti = j === 0 ? t + shift : t;
      if (ti < 0 || ti >= taus.length) return;
      const p = points.find((q) => q.d === d && q.tau === taus[ti])!;
      const m = mean(p.eICL);
      const v = p.eICL.reduce((a, b) => a + (b - m) ** 2, 0) / (p.eICL.length - 1) / p.eICL.length;
      ms.push(m);
      ws.push(1 / v);
    });
    if (ms.length < 2) continue;
    const W = ws.reduce((a, b) => a + b, 0);
    const mw = ms.reduce((a, m, i) => a + ws[i]! * m, 0) / W;
    chi2 += ms.reduce((a, m, i) => a + ws[i]! * (m - mw) ** 2, 0);
    dof += ms.length - 1;
  }
  return { chi2, dof };
}
