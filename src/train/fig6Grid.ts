// The paper's Figure 6: the task-generalization gap g_task = e^ICL − e^IDG of a trained model against the task
// diversity κ = k/d at a fixed τ, for several d. Memorizing the k pretraining tasks (small κ) makes e^IDG small and
// e^ICL large; past a transition near κ = 1 the model generalizes and g_task falls toward 0; plotted against k/d the
// curves of different d lie on one another.
//
// Transition location κ*(d): where a curve of g_task against log κ first falls through half of its largest
// value, interpolated linearly in log κ (null when it never does on the grid). Each run's own curve gives its κ*,
// the runs are independent, and the 95% interval is their mean ± t(R − 1) s/√R.
import { mean, meanInterval95 } from '../numeric/stats.js';
import { ensure } from '../numeric/domain.js';
import type { ArchName } from './models.js';
import { presetOptions, type PresetName } from './protocol.js';
import { trainGrid, type Cell, type RunRecords } from './trainingGrid.js';

export interface Fig6Spec {
  arch: ArchName;
  ds: number[];
  /** κ = k/d values; k = round(κ d) (duplicate k at a d are trained once). */
  kappas: number[];
  tau: number;
  runs: number;
  seed: number;
  preset: PresetName;
  /** Step cap (converged) or iterations (authors) instead of the preset's. */
  steps?: number;
  iterations?: number;
  alpha: number;
  rho: number;
}

export interface Fig6Point extends RunRecords {
  d: number;
  k: number;
  kappa: number;
}

export const gTask = (p: Fig6Point, r: number): number => p.eICL[r]! - p.eIDG[r]!;

/** The (d, k) of a spec's grid, κ ascending within each d. */
export function fig6Grid(s: Fig6Spec): Array<{ d: number; k: number }> {
  const out: Array<{ d: number; k: number }> = [];
  for (const d of s.ds) {
    const ks = [...new Set(s.kappas.map((c) => Math.max(1, Math.round(c * d))))].sort((a, b) => a - b);
    for (const k of ks) out.push({ d, k });
  }
  return out;
}

/** Trains the grid; onPoint sees the points so far after each (d, k) (so a long run can be saved as it goes). */
export function runFig6(
  s: Fig6Spec,
  onRun?: (done: number, total: number, label: string) => void,
  onPoint?: (points: readonly Fig6Point[]) => void,
): Fig6Point[] {
  ensure(s.ds.length >= 1 && s.kappas.length >= 2, 'grid', 'at least one d and two kappa values', s.kappas.length);
  const grid = fig6Grid(s);
  const preset = presetOptions(s.preset, { steps: s.steps, iterations: s.iterations });
  const cells = grid.map(({ d, k }): Cell<Fig6Point> => ({
    options: { arch: s.arch, d, alpha: s.alpha, kappa: k / d, tau: s.tau, rho: s.rho, seed: s.seed, ...preset },
    label: `${s.arch} d=${d} k=${k}`,
    point: (runs) => ({ d, k, kappa: k / d, ...runs }),
  }));
  const replicates = Array.from({ length: s.runs }, (_, r) => r);
  return trainGrid(cells, replicates, onRun, onPoint);
}

/** κ where g (against log κ, κ ascending) first falls through half its maximum after it; null if it never does. */
export function halfMaxCrossing(kappas: readonly number[], g: readonly number[]): number | null {
  let iMax = 0;
  for (let i = 1; i < g.length; i++) if (g[i]! > g[iMax]!) iMax = i;
  const half = g[iMax]! / 2;
  if (!(g[iMax]! > 0)) return null;
  for (let i = iMax + 1; i < g.length; i++)
    if (g[i]! <= half) {
      const f = (g[i - 1]! - half) / (g[i - 1]! - g[i]!);
      return Math.exp(Math.log(kappas[i - 1]!) + f * (Math.log(kappas[i]!) - Math.log(kappas[i - 1]!)));
    }
  return null;
}

export interface Transition {
  d: number;
  /** κ* of the mean curve (over runs), each run's own κ*, and the 95% interval of their mean. */
  kappaStar: number | null;
  perRun: Array<number | null>;
  lo: number;
  hi: number;
  /** Whether κ = 1 lies in the interval. */
  oneInInterval: boolean;
}

/** The transition of each d (runs with no crossing on the grid leave the interval undefined: ±∞). */
export function transitions(points: readonly Fig6Point[]): Transition[] {
  const ds = [...new Set(points.map((p) => p.d))].sort((a, b) => a - b);
  return ds.map((d) => {
    const row = points.filter((p) => p.d === d).sort((a, b) => a.kappa - b.kappa);
    const kappas = row.map((p) => p.kappa);
    const runs = Math.min(...row.map((p) => p.eICL.length));
    const meanCurve = row.map((p) => mean(p.eICL.map((_, r) => gTask(p, r))));
    const perRun = Array.from({ length: runs }, (_, r) =>
      halfMaxCrossing(
        kappas,
        row.map((p) => gTask(p, r)),
      ),
    );
    const ok = perRun.every((v) => v !== null);
    const iv = ok ? meanInterval95(perRun as number[]) : { lo: -Infinity, hi: Infinity };
    return {
      d,
      kappaStar: halfMaxCrossing(kappas, meanCurve),
      perRun,
      lo: iv.lo,
      hi: iv.hi,
      oneInInterval: iv.lo <= 1 && 1 <= iv.hi,
    };
  });
}
