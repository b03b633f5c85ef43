// The Figure 5 grid: for an architecture, `runs` replicates at each (d, τ) under one training protocol, and the
// helpers that read a grid's rows (one d) as curves of each run or of the mean over runs.
import { mean } from '../numeric/stats.js';
import type { ArchName } from './models.js';
import type { Batching, StopRule } from './train.js';
import { trainGrid, type Cell, type RunRecords } from './trainingGrid.js';

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
  /** The authors' preset: weight decay, minibatch sampler, truncated sizes and a budget in iterations. */
  weightDecay?: number;
  batching?: Batching;
  floorSizes?: boolean;
  iterations?: number;
  alpha: number;
  kappa: number;
  rho: number;
  seed: number;
}

export interface GridPoint extends RunRecords {
  d: number;
  tau: number;
  n: number;
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
  const first = g.firstRun ?? 0;
  const replicates = Array.from({ length: g.runs }, (_, i) => first + i);
  const cells: Array<Cell<GridPoint>> = g.ds.flatMap((d) =>
    g.taus.map((tau) => ({
      options: {
        arch: g.arch,
        d,
        alpha: g.alpha,
        kappa: g.kappa,
        tau,
        rho: g.rho,
        seed: g.seed,
        steps: g.steps,
        stop: g.stop,
        lr: g.lr,
        weightDecay: g.weightDecay,
        batching: g.batching,
        floorSizes: g.floorSizes,
        iterations: g.iterations,
      },
      label: `${g.arch} d=${d} tau=${tau}`,
      point: (runs, n) => ({ d, tau, n, ...runs, replicates: [...replicates] }),
    })),
  );
  const points = trainGrid(cells, replicates, onRun, onPoint);
  memo.set(key, points);
  return points;
}

/** Replicate index of each run of a point. */
export const repsOf = (p: GridPoint): readonly number[] => p.replicates ?? p.trainError.map((_, i) => i);

/** The points of one d, τ ascending. */
export const rowOf = (points: readonly GridPoint[], d: number): GridPoint[] =>
  points.filter((p) => p.d === d).sort((a, b) => a.tau - b.tau);

/** Runs in a row's mean curve: the fewest at any of its τ. */
export const runsOf = (row: readonly GridPoint[]): number => Math.min(...row.map((p) => p.eICL.length));

/** Replicates present at every τ of a row: the runs that have a whole curve of their own. */
export function completeReplicates(row: readonly GridPoint[]): number[] {
  return [...repsOf(row[0]!)].filter((r) => row.every((p) => repsOf(p).includes(r))).sort((a, b) => a - b);
}

/** A run's values at each point of a row, or (reps undefined) each point's mean over all its runs. */
export function curveOf(
  row: readonly GridPoint[],
  value: (p: GridPoint, i: number) => number,
  reps?: readonly number[],
): number[] {
  return row.map((p) => {
    const idx = reps ? reps.map((r) => repsOf(p).indexOf(r)) : p.trainError.map((_, i) => i);
    return mean(idx.map((i) => value(p, i)));
  });
}

/**
 * The design of a grid's runs: balanced when every point has the same replicates (at least two), each a whole
 * curve at every d — then each replicate gives its own estimate; otherwise the per-d runs are pooled.
 */
export function design(points: readonly GridPoint[], ds: readonly number[]): { balanced: boolean; reps: number[][] } {
  const reps = ds.map((d) => completeReplicates(rowOf(points, d)));
  const first = reps[0]!.join(',');
  const balanced =
    reps[0]!.length >= 2 &&
    reps.every((r) => r.join(',') === first) &&
    points.every((p) => repsOf(p).length === reps[0]!.length);
  return { balanced, reps };
}
