// Simulated points for the figures, from the finite-d engine (src/sim/). With a ladder of d in the
// budget, every point is the a + b/d extrapolation to d = ∞ (src/sim/ladder/ladder.ts) with its 95%
// interval and the z of the theory; without one (quick and test runs) it is the mean over replicates
// at one d, ±1.96 standard errors. One run gives e^ICL, e^IDG and g_task together, so runs are cached
// by parameter point and shared between panels. Each point's seed is derived from the run's seed and
// the point (as in sweeps), so a figure is replayable point by point.
import type { EvidenceStore } from '../sim/evidence.js';
import { DomainError } from '../numeric/domain.js';
import { dmmseErrors } from '../sim/baselineSimulation.js';
import type { Quantity } from '../sim/ladder/comparison.js';
import { LACK_OF_FIT_P, lackOfFitP } from '../sim/ladder/diagnostics.js';
import { roundingNotes, runLadder, type LadderResult } from '../sim/ladder/ladder.js';
import { simulate, type SimulateResult } from '../sim/simulate.js';
import { DEFAULT_WORKERS } from '../sim/pool.js';
import { pointSeed } from '../numeric/seeds.js';
import { P_THREE_SIGMA } from '../numeric/stats.js';
import { theoryValues } from '../theory/evaluate.js';
import type { Params } from '../theory/params.js';
import { evalOrGap } from './theoryCurve.js';

export interface SimBudget {
  d: number;
  replicates: number;
  /** d values for the finite-size extrapolation; empty: finite-d points at `d` only. */
  ladder: number[];
  /** Simulated x values per curve (the first ones of each curve's list). */
  pointsPerCurve: number;
}

export interface SimRequest {
  x: number;
  params: Params<number>;
  which: Quantity;
}

interface ErrorBar {
  x: number;
  y: number;
  lo: number;
  hi: number;
}

/** One drawn point with what a reader may want to know about it. */
export interface SimPoint extends ErrorBar {
  /** Hover text (an SVG <title>). */
  title: string;
  /** z = (theory − simulation)/stderr of the extrapolation; undefined for finite-d points. */
  z?: number;
  /** Two-sided p of z (Student t of the fit); undefined for finite-d points. */
  p?: number;
}

interface SimSeries {
  points: SimPoint[];
  /** One line per point (values, seed, fit quality, rounding of the sizes) for the fold-out. */
  details: string[];
}

/** Runs shared between panels: key = budget + seed + parameter point. */
export type SimCache = Map<string, Promise<LadderResult | SimulateResult>>;

export const newSimCache = (): SimCache => new Map();

const Z95 = 1.959963984540054;

/** In-process below this d: a worker pool costs more than it saves on tiny problems. */
const WORKERS_FROM_D = 16;

function figureSeed(seed: number, what: string, p: Params<number>): number {
  return pointSeed(seed, `${what}:alpha=${p.alpha},kappa=${p.kappa},tau=${p.tau},rho=${p.rho},lambda=${p.lambda}`);
}

const NAMES: Record<Quantity, string> = { eICL: 'e^ICL', eIDG: 'e^IDG', gTask: 'g_task' };

export async function simulatedSeries(
  reqs: readonly SimRequest[],
  budget: SimBudget,
  seed: number,
  cache: SimCache,
  onPoint?: () => void,
  evidence?: EvidenceStore,
): Promise<SimSeries> {
  const out: SimSeries = { points: [], details: [] };
  const ladder = budget.ladder.length > 0;
  for (const r of reqs) {
    const s = figureSeed(seed, 'linear-attention', r.params);
    const key = JSON.stringify([budget, s, r.params]);
    const maxD = ladder ? Math.max(...budget.ladder) : budget.d;
    const common = {
      ...r.params,
      replicates: budget.replicates,
      seed: s,
      workers: maxD >= WORKERS_FROM_D ? DEFAULT_WORKERS : 1,
      evidence,
    };
    let job = cache.get(key);
    if (job === undefined) {
      if (ladder) {
        const { replicates, ...options } = common;
        job = runLadder(
          { ds: budget.ladder, replicates: budget.ladder.map(() => replicates) },
          options,
          'linear',
          P_THREE_SIGMA,
          theoryValues(r.params),
        );
      } else job = simulate({ ...common, d: budget.d });
      cache.set(key, job);
    }
    const what = `${NAMES[r.which]} at ${label(r.params)}`;
    let run: LadderResult | SimulateResult;
    try {
      run = await job;
    } catch (err) {
      // A size the model cannot fit (e.g. n = d(d+1) ridgeless) is reported, never drawn.
      if (!(err instanceof DomainError)) throw err;
      out.details.push(`${what}: not simulated (${err.message})`);
      onPoint?.();
      continue;
    }
    const theory = evalOrGap(r.params)?.[r.which] ?? NaN;
    if ('comparisons' in run) {
      const c = run.comparisons.find((q) => q.quantity === r.which)!;
      const f = c.fit;
      const half = Z95 * f.stderr;
      const head =
        `${what}: d→∞ ${f.value.toPrecision(4)} ± ${half.toPrecision(2)} ` +
        `(95%), theory ${c.theory.toPrecision(4)}, z = ${c.z.toFixed(2)}`;
      out.points.push({
        x: r.x,
        y: f.value,
        lo: f.ci95[0],
        hi: f.ci95[1],
        z: c.z,
        p: c.p,
        title: `${head}; d ∈ {${budget.ladder.join(', ')}}, ${budget.replicates} replicates each, seed ${s}`,
      });
      const rounded = roundingNotes(budget.ladder, r.params);
      const lof = lackOfFitP(f.chi2, f.dof, budget.replicates - 1);
      const lackOfFit =
        lof < LACK_OF_FIT_P
          ? ` — the a + b/d line does not fit (p = ${lof.toPrecision(2)}), interval widened ${f.scale.toFixed(1)}×`
          : '';
      const fitNote = `χ²/dof of the fit ${f.chi2.toFixed(1)}/${f.dof}${lackOfFit}`;
      out.details.push(
        `${head} (${c.p < 0.05 ? 'outside' : 'inside'} the 95% interval; ${fitNote}; ` +
          `seed ${s})${rounded.length ? `; rounded sizes: ${rounded.join(', ')}` : ''}`,
      );
    } else {
      const e = run[r.which];
      const half = e.stderr === null ? 0 : Z95 * e.stderr;
      const head =
        `${what}: d = ${budget.d} ${e.mean.toPrecision(4)} ` +
        `± ${half.toPrecision(2)} (95%), d = ∞ theory ${theory.toPrecision(4)}`;
      out.points.push({
        x: r.x,
        y: e.mean,
        lo: e.mean - half,
        hi: e.mean + half,
        title: `${head}; ${budget.replicates} replicates, seed ${s}`,
      });
      out.details.push(`${head} (seed ${s})`);
    }
    onPoint?.();
  }
  return out;
}

/** dMMSE's g_task by Monte Carlo at the budget's d (a baseline with no formula to draw). */
export function dmmseGapSeries(
  kappas: readonly number[],
  alpha: number,
  rho: number,
  budget: { d: number; replicates: number; contexts: number },
  seed: number,
): SimPoint[] {
  return kappas.map((kappa) => {
    const { d, contexts } = budget;
    const k = Math.max(1, Math.round(kappa * d));
    const replicates = Math.max(2, budget.replicates);
    const s = figureSeed(seed, 'dmmse', { alpha, kappa, tau: NaN, rho, lambda: NaN });
    const r = dmmseErrors({ d, ell: Math.round(alpha * d), rho, k, replicates, contexts, seed: s });
    const half = r.gTask.stderr === null ? 0 : Z95 * r.gTask.stderr;
    return {
      x: kappa,
      y: r.gTask.mean,
      lo: r.gTask.mean - half,
      hi: r.gTask.mean + half,
      title:
        `dMMSE g_task at α=${alpha}, κ=${kappa}, ρ=${rho}: d = ${d} ${r.gTask.mean.toPrecision(4)} ` +
        `± ${half.toPrecision(2)} (95%); ${replicates} replicates × ${contexts} test contexts, seed ${s}`,
    };
  });
}

/** "z rms 0.9, max |z| 2.3; 2 of 36 outside their 95% interval" over the extrapolated points. */
export function agreement(points: readonly SimPoint[]): string {
  const zs = points.map((p) => p.z).filter((z): z is number => z !== undefined && Number.isFinite(z));
  if (zs.length === 0) return '';
  const rms = Math.sqrt(zs.reduce((a, z) => a + z * z, 0) / zs.length);
  const max = Math.max(...zs.map(Math.abs));
  const outside = points.filter((p) => p.p !== undefined && p.p < 0.05).length;
  const beyond3 = zs.filter((z) => Math.abs(z) > 3).length;
  return (
    `theory within the 95% interval at ${zs.length - outside} of ${zs.length} points (z rms ${rms.toFixed(2)}, ` +
    `max |z| ${max.toFixed(2)}${beyond3 ? `, |z| > 3 at ${beyond3}` : ''}; about 5% fall outside by chance)`
  );
}

const label = (p: Params<number>): string =>
  `α=${p.alpha}, κ=${p.kappa === Infinity ? '∞' : p.kappa}, τ=${p.tau}, ρ=${p.rho}, λ=${p.lambda}`;
