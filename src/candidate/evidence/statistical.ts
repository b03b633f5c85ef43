// The two statistical kinds of evidence, both independent of the shipped error formulas:
// - simulation: the real model at finite d (src/sim: exact sampler, Γ* fit, Proposition 1),
//   on a ladder of d, extrapolated to d → ∞ by a Birge-scaled a + b/d fit with a curvature term
//   (src/sim/leastSquares.ts, 'linear': calibrated on the true formulas);
// - tau-limit: the τ → ∞ population optimum (populationOptimum.ts) extrapolated in d, against the
//   candidate at τ = 1e10.
// Results depend only on (point, seed, ladder), never on the candidate, so they are cached in memory:
// judging many candidates in one process (the mutation test) simulates each point once.
import { fp, mp } from '../../numeric/context.js';
import type { Quantity } from '../../sim/comparison.js';
import { simulate, type SimulateResult } from '../../sim/simulate.js';
import { formatPoint, paramsOf, type DesignPoint } from '../design.js';
import type { CandidateFn } from '../compile.js';
import type { Target } from '../parse.js';
import { liftParams } from '../../theory/params.js';
import type { Evidence } from './evidence.js';
import { extrapolate, type Extrapolation } from '../../sim/leastSquares.js';
import { populationLimit, type PopulationLimit } from './populationOptimum.js';
import { resolventLimit } from './resolventSimulation.js';

export interface SimLadder {
  ds: number[];
  replicates: number;
  workers: number;
}

interface SimulatedPoint {
  point: DesignPoint;
  seed: number;
  ladder: SimLadder;
  fits: Record<Quantity, Extrapolation>;
  /** Per d: mean ± stderr of each quantity. */
  rows: { d: number; n: number; eICL: [number, number]; eIDG: [number, number]; gTask: [number, number] }[];
  seconds: number;
}

const simCache = new Map<string, Promise<SimulatedPoint>>();
const popCache = new Map<string, PopulationLimit>();

const keyOf = (p: DesignPoint, seed: number, ds: readonly number[], reps: number): string =>
  JSON.stringify([p.alpha, p.kappa === Infinity ? 'inf' : p.kappa, p.tau, p.rho, p.lambda, seed, ds, reps]);

/** Whether the engine can run the point on the ladder (sizes >= 2, n small enough for the budget). */
export function simulable(p: DesignPoint, ladder: SimLadder, maxContexts: number): boolean {
  const dMin = Math.min(...ladder.ds);
  const dMax = Math.max(...ladder.ds);
  if (!Number.isFinite(p.alpha) || !Number.isFinite(p.tau)) return false;
  if (Math.round(p.alpha * dMin) < 2 || (p.kappa !== Infinity && Math.round(p.kappa * dMin) < 1)) return false;
  if (p.lambda === 0 && ladder.ds.some((d) => Math.round(p.tau * d * d) === d * (d + 1))) return false;
  return p.tau * dMax * dMax <= maxContexts;
}

function simulatePoint(p: DesignPoint, seed: number, ladder: SimLadder): Promise<SimulatedPoint> {
  const key = keyOf(p, seed, ladder.ds, ladder.replicates);
  let hit = simCache.get(key);
  if (!hit) {
    hit = (async () => {
      const t0 = performance.now();
      const runs: SimulateResult[] = [];
      for (const d of ladder.ds) runs.push(await simulate({ ...paramsOf(p), d, replicates: ladder.replicates, seed, workers: ladder.workers }));
      const fit = (q: Quantity) => extrapolate(runs.map((r) => ({ d: r.d, mean: r[q].mean, stderr: r[q].stderr ?? NaN, dof: r.replicates - 1 })));
      const pair = (e: { mean: number; stderr: number | null }): [number, number] => [e.mean, e.stderr ?? NaN];
      return {
        point: p,
        seed,
        ladder,
        fits: { eICL: fit('eICL'), eIDG: fit('eIDG'), gTask: fit('gTask') },
        rows: runs.map((r) => ({ d: r.d, n: r.n, eICL: pair(r.eICL), eIDG: pair(r.eIDG), gTask: pair(r.gTask) })),
        seconds: (performance.now() - t0) / 1000,
      };
    })();
    simCache.set(key, hit);
    hit.catch(() => simCache.delete(key));
  }
  return hit;
}

const HP = mp(50);

/** The candidate's value in float64 (NaN where undefined: the exact checks already report that). */
function candidateAt(fn: CandidateFn, p: Omit<DesignPoint, 'regime'>, highPrecision = false): number {
  try {
    if (!highPrecision) return fn(fp, p);
    const v = fn(HP, liftParams(HP, p));
    return HP.toNumber(v);
  } catch {
    return NaN;
  }
}

function zEvidence(kind: Evidence['kind'], name: string, point: Omit<DesignPoint, 'regime'> & { regime?: string }, cand: number, fit: { value: number; stderr: number }, zCritical: number, seed: number, detail: string): Evidence {
  const z = (cand - fit.value) / fit.stderr;
  const pass = Number.isFinite(z) && Math.abs(z) <= zCritical;
  return { kind, name, pass, point, candidate: Number.isFinite(cand) ? cand : null, expected: fit.value, stderr: fit.stderr, z: Number.isFinite(z) ? z : undefined, zCritical, seed, detail };
}

export async function simulationEvidence(target: Quantity, fn: CandidateFn, p: DesignPoint, seed: number, ladder: SimLadder, zCritical: number): Promise<{ evidence: Evidence; sim: SimulatedPoint }> {
  const sim = await simulatePoint(p, seed, ladder);
  const fit = sim.fits[target];
  const cand = candidateAt(fn, paramsOf(p));
  const detail = `simulated at d = ${ladder.ds.join(', ')} (${ladder.replicates} replicates each, seed ${seed}), extrapolated with ${fit.label}`;
  return { evidence: zEvidence('simulation', `simulation d -> inf at ${formatPoint(p)}`, p, cand, fit, zCritical, seed, detail), sim };
}

/** τ large enough that the candidate's O(1/τ) distance to its limit is far below any error bar. */
const TAU_LIMIT = 1e10;

export function tauLimitEvidence(target: Quantity, fn: CandidateFn, p: DesignPoint, seed: number, ds: readonly number[], replicates: number, zCritical: number): Evidence {
  const key = keyOf(p, seed, ds, replicates);
  let lim = popCache.get(key);
  if (!lim) {
    lim = populationLimit({ alpha: p.alpha, kappa: p.kappa, rho: p.rho, lambda: p.lambda }, seed, ds, replicates);
    popCache.set(key, lim);
  }
  const point = { ...paramsOf(p), tau: TAU_LIMIT, regime: p.regime };
  const cand = candidateAt(fn, point, true);
  // At κ = ∞ the population values are deterministic (g_task exactly 0) and the fit's error is rounding
  // noise; float64 solves at d <= 256 stay far below 1e-10 (1 + ρ), the floor used here.
  const fit = { value: lim[target].value, stderr: Math.max(lim[target].stderr, 1e-10 * (1 + p.rho)), label: lim[target].label };
  const detail = `population optimum (tau = inf) at d = ${ds.join(', ')} (${lim.replicates} task draw(s) each, seed ${seed}), extrapolated with ${fit.label}; candidate at tau = 1e10`;
  return zEvidence('tau-limit', `tau -> inf limit at ${formatPoint({ ...point, tau: Infinity })}`, point, cand, fit, zCritical, seed, detail);
}

/** Target M: the definition (1/d) tr (R̂ + xI)⁻¹ at finite d, extrapolated (resolventSimulation.ts). */
export function resolventEvidence(fn: CandidateFn, p: DesignPoint, seed: number, ds: readonly number[], replicates: number, zCritical: number): Evidence {
  const x = (1 + p.rho) / p.alpha;
  const fit = resolventLimit(p.kappa, x, seed, ds, replicates);
  const cand = candidateAt(fn, paramsOf(p));
  const detail = `(1/d) tr (R + x I)^-1 with k = kappa d tasks at d = ${ds.join(', ')} (${replicates} draws each, seed ${seed}), extrapolated with ${fit.label}; x = ${x.toPrecision(6)}`;
  return zEvidence('simulation', `random-matrix M_kappa(x) at kappa=${p.kappa} x=${x.toPrecision(4)}`, p, cand, fit, zCritical, seed, detail);
}

/** Which of the statistical kinds a target has. */
export const statisticalTarget = (t: Target): t is Quantity => t === 'eICL' || t === 'eIDG' || t === 'gTask';
