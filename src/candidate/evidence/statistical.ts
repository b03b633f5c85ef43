// The two statistical kinds of evidence, both independent of the shipped error formulas:
// - simulation: the real model at finite d (src/sim: exact sampler, Γ* fit, Proposition 1),
//   on a ladder of d, extrapolated to d → ∞ by weighted least squares in 1/d (src/sim/ladder/leastSquares.ts):
//   the screening ladders with the 'linear' model (calibrated for short ladders of few replicates),
//   the refinement ladders with the 'curved' one (calibrated for d = 24…96, docs/monte-carlo.md);
// - tau-limit: the τ → ∞ population optimum (populationOptimum.ts) extrapolated in d, against the
//   candidate at τ = 1e10.
// Results depend only on (point, seed, ladder), never on the candidate, so they are cached in memory:
// judging many candidates in one process (the mutation test) simulates each point once.
import { fp, mp } from '../../numeric/context.js';
import { detectableDeviation, type Quantity } from '../../sim/ladder/comparison.js';
import type { EvidenceStore, StoreUse } from '../../sim/evidence.js';
import { simulate, type SimulateResult } from '../../sim/simulate.js';
import { normalTwoSidedP } from '../../numeric/stats.js';
import { formatPoint, paramsOf, type DesignPoint } from '../design.js';
import type { CandidateFn } from '../compile.js';
import type { Target } from '../parse.js';
import { liftParams } from '../../theory/params.js';
import type { Evidence } from './evidence.js';
import { extrapolate, type Extrapolation, type ExtrapolationModel } from '../../sim/ladder/leastSquares.js';
import { populationLimit, type PopulationLimit } from './populationOptimum.js';
import { resolventLimit } from './resolventSimulation.js';

/** A simulation ladder: the dimensions, the replicates at each, and the finite-size model fitted to them. */
export interface SimLadder {
  ds: number[];
  replicates: number[];
  model: ExtrapolationModel;
  workers: number;
  /** Replicates held here are read back and new ones written (docs/evidence.md). */
  evidence?: EvidenceStore;
  /** With `evidence`: which of the replicates held it uses (StoreUse). */
  use?: StoreUse;
}

interface SimulatedPoint {
  point: DesignPoint;
  seed: number;
  ladder: SimLadder;
  fits: Record<Quantity, Extrapolation>;
  /** Per d: replicates used (read back from the evidence store), mean ± stderr of each quantity. */
  rows: {
    d: number;
    n: number;
    replicates: number;
    reused: number;
    eICL: [number, number];
    eIDG: [number, number];
    gTask: [number, number];
  }[];
  seconds: number;
}

const simCache = new Map<string, Promise<SimulatedPoint>>();
const popCache = new Map<string, PopulationLimit>();

/** Forget every cached result: for a process whose simulator changes between judgements (the mutation run). */
export function clearEvidenceCache(): void {
  simCache.clear();
  popCache.clear();
}

const keyOf = (
  p: DesignPoint,
  seed: number,
  ds: readonly number[],
  reps: number | readonly number[],
  // Stryker disable next-line StringLiteral: only the population cache uses the default (docs/equivalent-mutants.md)
  model = '',
): string =>
  // Stryker disable next-line ConditionalExpression,StringLiteral: keys stay one-to-one (docs/equivalent-mutants.md)
  JSON.stringify([p.alpha, p.kappa === Infinity ? 'inf' : p.kappa, p.tau, p.rho, p.lambda, seed, ds, reps, model]);

/** Whether the engine can run the point on the ladder (sizes >= 2, n small enough for the budget). */
export function simulable(p: DesignPoint, ladder: Pick<SimLadder, 'ds'>, maxContexts: number): boolean {
  const dMin = Math.min(...ladder.ds);
  const dMax = Math.max(...ladder.ds);
  if (!Number.isFinite(p.alpha) || !Number.isFinite(p.tau)) return false;
  // Stryker disable next-line ConditionalExpression: Math.round(∞) < 1 is false anyway (docs/equivalent-mutants.md)
  if (Math.round(p.alpha * dMin) < 2 || (p.kappa !== Infinity && Math.round(p.kappa * dMin) < 1)) return false;
  if (p.lambda === 0 && ladder.ds.some((d) => Math.round(p.tau * d * d) === d * (d + 1))) return false;
  return p.tau * dMax * dMax <= maxContexts;
}

function simulatePoint(p: DesignPoint, seed: number, ladder: SimLadder): Promise<SimulatedPoint> {
  const key = keyOf(
    p,
    seed,
    ladder.ds,
    ladder.replicates,
    `${ladder.model}${(ladder.use ?? 'design') === 'design' ? '' : `+${ladder.use}`}`,
  );
  let hit = simCache.get(key);
  if (!hit) {
    hit = (async () => {
      const t0 = performance.now();
      const runs: SimulateResult[] = [];
      for (const [i, d] of ladder.ds.entries())
        runs.push(
          await simulate({
            ...paramsOf(p),
            d,
            replicates: ladder.replicates[i]!,
            seed,
            workers: ladder.workers,
            evidence: ladder.evidence,
            use: ladder.use,
          }),
        );
      const fit = (q: Quantity) =>
        extrapolate(
          // Stryker disable next-line ArithmeticOperator: dof reaches only nuEff (docs/equivalent-mutants.md)
          runs.map((r) => ({ d: r.d, mean: r[q].mean, stderr: r[q].stderr ?? NaN, dof: r.replicates - 1 })),
          ladder.model,
        );
      const pair = (e: { mean: number; stderr: number | null }): [number, number] => [e.mean, e.stderr ?? NaN];
      return {
        point: p,
        seed,
        ladder,
        fits: { eICL: fit('eICL'), eIDG: fit('eIDG'), gTask: fit('gTask') },
        rows: runs.map((r) => ({
          d: r.d,
          n: r.n,
          replicates: r.replicates,
          reused: r.reused,
          eICL: pair(r.eICL),
          eIDG: pair(r.eIDG),
          gTask: pair(r.gTask),
        })),
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
  // Stryker disable BlockStatement: catch's undefined acts as NaN downstream (docs/equivalent-mutants.md)
  try {
    if (!highPrecision) return fn(fp, p);
    const v = fn(HP, liftParams(HP, p));
    return HP.toNumber(v);
  } catch {
    return NaN;
  }
}
// Stryker restore BlockStatement

function zEvidence(
  kind: Evidence['kind'],
  name: string,
  point: Omit<DesignPoint, 'regime'> & { regime?: string },
  cand: number,
  fit: { value: number; stderr: number },
  zCritical: number,
  seed: number,
  detail: string,
): Evidence {
  const z = (cand - fit.value) / fit.stderr;
  const pass = Number.isFinite(z) && Math.abs(z) <= zCritical;
  const detectable = detectableAt(fit.value, fit.stderr, zCritical);
  return {
    kind,
    name,
    pass,
    point,
    candidate: Number.isFinite(cand) ? cand : null,
    expected: fit.value,
    stderr: fit.stderr,
    z: Number.isFinite(z) ? z : undefined,
    zCritical,
    detectable,
    seed,
    detail,
  };
}

/** The smallest relative error of `value` that a normal test at threshold |z| <= zCritical catches with probability >= 0.9. */
export const detectableAt = (value: number, stderr: number, zCritical: number): number =>
  detectableDeviation(value, stderr, Infinity, normalTwoSidedP(zCritical));

/** The ladder as simulated: replicates used per d, and how many the evidence store gave back. */
const ladderText = (l: SimLadder, rows: SimulatedPoint['rows']): string => {
  const used = rows.map((r) => r.replicates);
  const same = used.every((r) => r === used[0]);
  const reused = rows.reduce((a, r) => a + r.reused, 0);
  const store = l.evidence ? `; ${reused} of them read back from the evidence store` : '';
  return `d = ${l.ds.join(', ')} (${same ? `${used[0]} replicates each` : `${used.join(', ')} replicates`}${store})`;
};

/**
 * The candidate against the simulated point. `stage` 'refine' is a refinement on fresh streams (its
 * own seed), chosen after the screening results were seen; its threshold accounts for that (verdict.ts).
 */
export async function simulationEvidence(
  target: Quantity,
  fn: CandidateFn,
  p: DesignPoint,
  seed: number,
  ladder: SimLadder,
  zCritical: number,
  stage: 'screen' | 'refine',
  note = '',
): Promise<{ evidence: Evidence; sim: SimulatedPoint }> {
  const sim = await simulatePoint(p, seed, ladder);
  const fit = sim.fits[target];
  const cand = candidateAt(fn, paramsOf(p));
  const detail = `${note}simulated at ${ladderText(ladder, sim.rows)}, seed ${seed}, extrapolated with ${fit.label}`;
  const name = `${stage === 'refine' ? 'refined simulation' : 'simulation'} d -> inf at ${formatPoint(p)}`;
  const e = zEvidence('simulation', name, p, cand, fit, zCritical, seed, detail);
  return { evidence: { ...e, stage }, sim };
}

/** τ large enough that the candidate's O(1/τ) distance to its limit is far below any error bar. */
const TAU_LIMIT = 1e10;

export function tauLimitEvidence(
  target: Quantity,
  fn: CandidateFn,
  p: DesignPoint,
  seed: number,
  ds: readonly number[],
  replicates: number,
  zCritical: number,
): Evidence {
  const key = keyOf(p, seed, ds, replicates);
  let lim = popCache.get(key);
  // Stryker disable next-line ConditionalExpression: a deterministic cache (docs/equivalent-mutants.md)
  if (!lim) {
    lim = populationLimit({ alpha: p.alpha, kappa: p.kappa, rho: p.rho, lambda: p.lambda }, seed, ds, replicates);
    popCache.set(key, lim);
  }
  const point = { ...paramsOf(p), tau: TAU_LIMIT, regime: p.regime };
  const cand = candidateAt(fn, point, true);
  // At κ = ∞ the population values are deterministic (g_task exactly 0) and the fit's error is rounding
  // noise; float64 solves at d <= 256 stay far below 1e-10 (1 + ρ), the floor used here.
  const fit = {
    value: lim[target].value,
    stderr: Math.max(lim[target].stderr, 1e-10 * (1 + p.rho)),
    label: lim[target].label,
  };
  const detail =
    `population optimum (tau = inf) at d = ${ds.join(', ')} (${lim.replicates} task ` +
    `draw(s) each, seed ${seed}), extrapolated with ${fit.label}; candidate at tau = 1e10`;
  return zEvidence(
    'tau-limit',
    `tau -> inf limit at ${formatPoint({ ...point, tau: Infinity })}`,
    point,
    cand,
    fit,
    zCritical,
    seed,
    detail,
  );
}

/** Target M: the definition (1/d) tr (R̂ + xI)⁻¹ at finite d, extrapolated (resolventSimulation.ts). */
export function resolventEvidence(
  fn: CandidateFn,
  p: DesignPoint,
  seed: number,
  ds: readonly number[],
  replicates: number,
  zCritical: number,
): Evidence {
  const x = (1 + p.rho) / p.alpha;
  const fit = resolventLimit(p.kappa, x, seed, ds, replicates);
  const cand = candidateAt(fn, paramsOf(p));
  const detail =
    `(1/d) tr (R + x I)^-1 with k = kappa d tasks at d = ${ds.join(', ')} (${replicates} ` +
    `draws each, seed ${seed}), extrapolated with ${fit.label}; x = ${x.toPrecision(6)}`;
  return zEvidence(
    'simulation',
    `random-matrix M_kappa(x) at kappa=${p.kappa} x=${x.toPrecision(4)}`,
    p,
    cand,
    fit,
    zCritical,
    seed,
    detail,
  );
}

/** Which of the statistical kinds a target has. */
export const statisticalTarget = (t: Target): t is Quantity => t === 'eICL' || t === 'eIDG' || t === 'gTask';
