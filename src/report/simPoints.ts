// Simulated points for the figures, from the finite-d engine (src/sim/).
import type { Params } from '../theory/params.js';
import type { ErrorName } from './theoryCurve.js';

export interface SimBudget {
  d: number;
  replicates: number;
  /** d values for the finite-size extrapolation; empty: no extrapolated points. */
  ladder: number[];
  pointsPerCurve: number;
}

export interface SimRequest {
  x: number;
  params: Params<number>;
  which: ErrorName;
}

export interface SimSeries {
  simulated: Array<{ x: number; y: number; lo: number; hi: number }>;
  extrapolated: Array<{ x: number; y: number; lo: number; hi: number }>;
  notes: string[];
}

export async function simulatedSeries(reqs: readonly SimRequest[], budget: SimBudget, seed: number): Promise<SimSeries> {
  void reqs;
  void budget;
  void seed;
  return { simulated: [], extrapolated: [], notes: ['simulation engine not wired yet'] };
}
