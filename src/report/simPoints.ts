// Simulated points for the figures, from the finite-d engine (src/sim/): the mean over replicates
// at one d with a 95% interval (±1.96 standard errors), and, when the budget has a ladder of d, the
// a + b/d extrapolation (src/sim/extrapolate.ts) to d = ∞ with its 95% interval. Each point's seed is derived from
// the run's seed and the point (as in sweeps), so a figure is replayable point by point.
import { dmmseErrors } from '../sim/baselines.js';
import { roundingNotes, runLadder } from '../sim/extrapolate.js';
import { simulate, type SimulateResult } from '../sim/simulate.js';
import { DEFAULT_WORKERS } from '../sim/pool.js';
import { pointSeed } from '../sim/seeds.js';
import { theoryValues } from '../theory/evaluate.js';
import type { Params } from '../theory/params.js';
import type { ErrorName } from './theoryCurve.js';

export interface SimBudget {
  d: number;
  replicates: number;
  /** d values for the finite-size extrapolation (must include `d`); empty: no extrapolated points. */
  ladder: number[];
  /** Simulated x values per curve; the first of them is also extrapolated when there is a ladder. */
  pointsPerCurve: number;
}

export interface SimRequest {
  x: number;
  params: Params<number>;
  which: ErrorName;
}

export interface ErrorBar {
  x: number;
  y: number;
  lo: number;
  hi: number;
}

export interface SimSeries {
  simulated: ErrorBar[];
  extrapolated: ErrorBar[];
  /** Seeds and extrapolation fits, for the caption. */
  notes: string[];
}

const Z95 = 1.959963984540054;

/** In-process below this d: a worker pool costs more than it saves on tiny problems. */
const WORKERS_FROM_D = 16;

function figureSeed(seed: number, what: string, p: Params<number>): number {
  return pointSeed(seed, `${what}:alpha=${p.alpha},kappa=${p.kappa},tau=${p.tau},rho=${p.rho},lambda=${p.lambda}`);
}

export async function simulatedSeries(reqs: readonly SimRequest[], budget: SimBudget, seed: number): Promise<SimSeries> {
  const out: SimSeries = { simulated: [], extrapolated: [], notes: [] };
  for (const [i, r] of reqs.entries()) {
    const s = figureSeed(seed, 'linear-attention', r.params);
    const common = { ...r.params, replicates: budget.replicates, seed: s, workers: budget.d >= WORKERS_FROM_D ? DEFAULT_WORKERS : 1 };
    let run: SimulateResult;
    if (i === 0 && budget.ladder.length > 0) {
      const ladder = await runLadder(budget.ladder, common, theoryValues(r.params));
      run = ladder.runs.find((x) => x.d === budget.d) ?? (await simulate({ ...common, d: budget.d }));
      const c = ladder.comparisons.find((q) => q.quantity === r.which)!;
      out.extrapolated.push({ x: r.x, y: c.fit.value, lo: c.fit.ci95[0], hi: c.fit.ci95[1] });
      out.notes.push(`${r.which} at ${label(r.params)}: d→∞ ${c.fit.value.toPrecision(4)} ± ${(Z95 * c.fit.stderr).toPrecision(2)} vs theory ${c.theory.toPrecision(4)} (z = ${c.z.toFixed(2)}${Math.abs(c.z) > 3 ? ', beyond 3σ' : ''}, seed ${s})`);
      const rounded = roundingNotes(budget.ladder, r.params);
      if (rounded.length > 0) out.notes.push(`rounded sizes bias that extrapolation: ${rounded.join('; ')}`);
    } else {
      run = await simulate({ ...common, d: budget.d });
    }
    out.simulated.push(interval(r.x, run[r.which].mean, run[r.which].stderr));
  }
  return out;
}

/** dMMSE's g_task by Monte Carlo at the budget's d (a baseline with no formula to draw). */
export function dmmseGapSeries(kappas: readonly number[], alpha: number, rho: number, budget: SimBudget, contexts: number, seed: number): ErrorBar[] {
  return kappas.map((kappa) => {
    const { d } = budget;
    const k = Math.max(1, Math.round(kappa * d));
    const r = dmmseErrors({ d, ell: Math.round(alpha * d), rho, k, replicates: Math.max(2, budget.replicates), contexts, seed: figureSeed(seed, 'dmmse', { alpha, kappa, tau: NaN, rho, lambda: NaN }) });
    return interval(kappa, r.gTask.mean, r.gTask.stderr);
  });
}

function interval(x: number, mean: number, stderr: number | null): ErrorBar {
  const half = stderr === null ? 0 : Z95 * stderr;
  return { x, y: mean, lo: mean - half, hi: mean + half };
}

const label = (p: Params<number>): string => `α=${p.alpha}, κ=${p.kappa === Infinity ? '∞' : p.kappa}, τ=${p.tau}, ρ=${p.rho}, λ=${p.lambda}`;
