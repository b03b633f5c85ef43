// A grid of trainings, the one runner under Figure 5's (d, τ) grid and Figure 6's (d, k) grid: each cell is
// one training protocol trained at each replicate index on that replicate's streams. A caller sees each run
// and, after each cell, the points finished so far, so a long grid can be saved as it goes.
import { trainRun, type StopReason, type TrainOptions } from './train.js';

/** What the runs of one cell record, in replicate order (each point of a training grid carries them). */
export interface RunRecords {
  trainError: number[];
  eICL: number[];
  eIDG: number[];
  cpuSeconds: number[];
  /** Steps each run trained and why it stopped. */
  steps: number[];
  stopReason: StopReason[];
}

export interface Cell<P> {
  /** The protocol of every run of the cell; the replicate index is the runner's. */
  options: Omit<TrainOptions, 'replicate'>;
  /** Names the cell in the progress line. */
  label: string;
  /** The cell's point, from its runs and their number of training contexts (the same for every replicate). */
  point(runs: RunRecords, n: number): P;
}

/** Trains every cell at each replicate, in order; onRun counts runs, onPoint sees the points after each cell. */
export function trainGrid<P>(
  cells: readonly Cell<P>[],
  replicates: readonly number[],
  onRun?: (done: number, total: number, label: string) => void,
  onPoint?: (finished: readonly P[]) => void,
): P[] {
  const total = cells.length * replicates.length;
  let done = 0;
  const points: P[] = [];
  for (const cell of cells) {
    const runs: RunRecords = { trainError: [], eICL: [], eIDG: [], cpuSeconds: [], steps: [], stopReason: [] };
    let n = 0;
    for (const r of replicates) {
      const res = trainRun({ ...cell.options, replicate: r }).result;
      n = res.n;
      runs.trainError.push(res.trainError);
      runs.eICL.push(res.eICL.mean);
      runs.eIDG.push(res.eIDG.mean);
      runs.cpuSeconds.push(res.cpuSeconds);
      runs.steps.push(res.steps);
      runs.stopReason.push(res.stopReason);
      onRun?.(++done, total, `${cell.label} run ${r + 1}`);
    }
    points.push(cell.point(runs, n));
    onPoint?.(points);
  }
  return points;
}
