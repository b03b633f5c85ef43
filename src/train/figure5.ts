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
import { ensure } from '../numeric/domain.js';
import { fitLine, mean, sampleVariance, studentTwoSidedQuantile } from '../numeric/stats.js';
import type { ArchName } from './models.js';
import { trainRun, type StopReason, type StopRule, type TrainResult } from './train.js';

/** Training error counted as zero: a tenth of the paper's label-noise variance ρ = 0.01. */
export const ZERO_LEVEL = 1e-3;

export interface GridSpec {
  arch: ArchName;
  ds: number[];
  taus: number[];
  runs: number;
  /** First replicate index (default 0): replicates firstRun … firstRun + runs − 1, so a later run can add replicates. */
  firstRun?: number;
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
  /** Replicate index of each run (absent in files written before replicates could be added: 0 … R − 1). */
  replicates?: number[];
}

const memo = new Map<string, GridPoint[]>();

/**
 * Runs the grid (memoized within the process: a check and the report panel share one computation);
 * onPoint sees the points finished so far after each (d, τ), so a caller can save a long run as it goes.
 */
export function runGrid(
  g: GridSpec,
  onRun?: (done: number, total: number, label: string) => void,
  onPoint?: (finished: readonly GridPoint[]) => void,
): GridPoint[] {
  const key = JSON.stringify(g);
  const hit = memo.get(key);
  if (hit) return hit;
  const total = g.ds.length * g.taus.length * g.runs;
  let done = 0;
  const points: GridPoint[] = [];
  for (const d of g.ds)
    for (const tau of g.taus) {
      const p: GridPoint = {
        d,
        tau,
        n: 0,
        trainError: [],
        eICL: [],
        eIDG: [],
        cpuSeconds: [],
        steps: [],
        stopReason: [],
        replicates: [],
      };
      const first = g.firstRun ?? 0;
      for (let r = first; r < first + g.runs; r++) {
        const res: TrainResult = trainRun({
          arch: g.arch,
          d,
          alpha: g.alpha,
          kappa: g.kappa,
          tau,
          rho: g.rho,
          seed: g.seed,
          replicate: r,
          steps: g.steps,
          stop: g.stop,
          lr: g.lr,
        }).result;
        p.n = res.n;
        p.trainError.push(res.trainError);
        p.eICL.push(res.eICL.mean);
        p.eIDG.push(res.eIDG.mean);
        p.cpuSeconds.push(res.cpuSeconds);
        p.steps.push(res.steps);
        p.stopReason.push(res.stopReason);
        p.replicates!.push(r);
        onRun?.(++done, total, `${g.arch} d=${d} tau=${tau} run ${r + 1}`);
      }
      points.push(p);
      onPoint?.(points);
    }
  memo.set(key, points);
  return points;
}

/** A grid's spec and points as the Figure 5 script writes them (--out) and reads them back (--from). */
export interface GridFile {
  spec: GridSpec;
  points: GridPoint[];
}

/** What must agree for runs of different files to be the same experiment. */
const PROTOCOL_FIELDS = ['arch', 'steps', 'stop', 'lr', 'alpha', 'kappa', 'rho', 'seed'] as const;

/**
 * Pools grid files of one protocol (e.g. one d per process, or replicates added later with firstRun): the
 * runs of each (d, τ) are joined. A different protocol, or the same replicate of a (d, τ) twice, is an error.
 */
export function mergeGrids(files: readonly GridFile[]): GridFile {
  const first = files[0];
  ensure(first !== undefined, 'files', 'at least one grid file', 'none');
  for (const f of files)
    for (const k of PROTOCOL_FIELDS)
      ensure(
        JSON.stringify(f.spec[k]) === JSON.stringify(first!.spec[k]),
        `spec.${k}`,
        `the same in every file (${JSON.stringify(first!.spec[k])})`,
        () => JSON.stringify(f.spec[k]),
      );
  const byKey = new Map<string, GridPoint>();
  for (const f of files)
    for (const p of f.points) {
      const key = `${p.d}/${p.tau}`;
      const reps = repsOf(p);
      const q = byKey.get(key);
      if (!q) {
        byKey.set(key, {
          ...p,
          trainError: [...p.trainError],
          eICL: [...p.eICL],
          eIDG: [...p.eIDG],
          cpuSeconds: [...p.cpuSeconds],
          steps: [...p.steps],
          stopReason: [...p.stopReason],
          replicates: [...reps],
        });
        continue;
      }
      const dup = reps.find((r) => q.replicates!.includes(r));
      ensure(dup === undefined, 'replicate', `in one file only at d = ${p.d}, tau = ${p.tau}`, () => `${dup} twice`);
      q.trainError.push(...p.trainError);
      q.eICL.push(...p.eICL);
      q.eIDG.push(...p.eIDG);
      q.cpuSeconds.push(...p.cpuSeconds);
      q.steps.push(...p.steps);
      q.stopReason.push(...p.stopReason);
      q.replicates!.push(...reps);
    }
  const points = [...byKey.values()].sort((a, b) => a.d - b.d || a.tau - b.tau);
  const ds = [...new Set(points.map((p) => p.d))];
  const taus = [...new Set(points.map((p) => p.tau))].sort((a, b) => a - b);
  const { firstRun: _, ...spec } = first!.spec;
  return { spec: { ...spec, ds, taus, runs: Math.max(...points.map((p) => p.eICL.length)) }, points };
}

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

export type Estimator = 'train' | 'peak';

/** Replicate index of each run of a point. */
const repsOf = (p: GridPoint): readonly number[] => p.replicates ?? p.trainError.map((_, i) => i);

/** The points of one d, τ ascending. */
const rowOf = (points: readonly GridPoint[], d: number): GridPoint[] =>
  points.filter((p) => p.d === d).sort((a, b) => a.tau - b.tau);

/** Runs in a row's mean curve: the fewest at any of its τ. */
const runsOf = (row: readonly GridPoint[]): number => Math.min(...row.map((p) => p.eICL.length));

/** Replicates present at every τ of a row: the runs that have a whole curve of their own. */
function completeReplicates(row: readonly GridPoint[]): number[] {
  return [...repsOf(row[0]!)].filter((r) => row.every((p) => repsOf(p).includes(r))).sort((a, b) => a - b);
}

/** A run's values at each point of a row, or (reps undefined) each point's mean over all its runs. */
function curveOf(
  row: readonly GridPoint[],
  value: (p: GridPoint, i: number) => number,
  reps?: readonly number[],
): number[] {
  return row.map((p) => {
    const idx = reps ? reps.map((r) => repsOf(p).indexOf(r)) : p.trainError.map((_, i) => i);
    return mean(idx.map((i) => value(p, i)));
  });
}

/** τ* of one d from the mean curve of the given replicates (all runs of each point when undefined). */
function threshold(row: readonly GridPoint[], est: Estimator, reps?: readonly number[]): number | null {
  const taus = row.map((p) => p.tau);
  if (est === 'train')
    return trainThreshold(
      taus,
      curveOf(row, (p, i) => Math.log10(Math.max(p.trainError[i]!, 1e-300)), reps),
    );
  return peakThreshold(
    taus,
    curveOf(row, (p, i) => p.eICL[i]!, reps),
  );
}

/**
 * The design of a grid's runs: balanced when every point has the same replicates (at least two), each a whole
 * curve at every d — then each replicate gives its own estimate; otherwise the per-d runs are pooled.
 */
function design(points: readonly GridPoint[], ds: readonly number[]): { balanced: boolean; reps: number[][] } {
  const reps = ds.map((d) => completeReplicates(rowOf(points, d)));
  const first = reps[0]!.join(',');
  const balanced =
    reps[0]!.length >= 2 &&
    reps.every((r) => r.join(',') === first) &&
    points.every((p) => repsOf(p).length === reps[0]!.length);
  return { balanced, reps };
}

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

/** Mean ± t(R − 1) · s/√R of per-run estimates (R ≥ 2). */
export function runInterval(v: readonly number[]): { mean: number; lo: number; hi: number } {
  const m = mean(v);
  if (v.length < 2) return { mean: m, lo: -Infinity, hi: Infinity };
  const sd = Math.sqrt(sampleVariance(v));
  const h = studentTwoSidedQuantile(0.05, v.length - 1) * (sd / Math.sqrt(v.length));
  return { mean: m, lo: m - h, hi: m + h };
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
    const iv = runInterval(perRun);
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
    const iv = runInterval(perRun);
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
