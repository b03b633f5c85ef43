// One replicate of the finite-d experiment: draw tasks and n contexts, fit Γ*, and score it by
// Proposition 1 (exact given Γ*). Pure function of (spec, replicate): every draw comes from the
// streams keyed by (seed, replicate, purpose), so any worker reproduces it bit for bit.
import { fault } from '../numeric/faults.js';
import { predictionError } from '../theory/proposition1.js';
import { fitGamma, type FitResult, type SolverKind } from './fit.js';
import { ParallelOps } from './parallelOps.js';
import { stream } from './rng.js';
import { populationErrors } from './population.js';
import { sampleContexts, type SamplerKind } from './samplers.js';
import { makeTaskSet, sampleTasks, type Assignment, type TaskSet } from './tasks.js';

export interface SimSpec {
  d: number;
  ell: number;
  /** Number of pretraining tasks; Infinity = a fresh task per context. */
  k: number;
  n: number;
  rho: number;
  lambda: number;
  seed: number;
  assignment: Assignment;
  solver: SolverKind | 'auto';
  sampler: SamplerKind;
}

export interface ReplicateResult {
  eICL: number;
  eIDG: number;
  gTask: number;
  solver: string;
  iterations: number;
  relResidual: number;
  /** Statistics of the replicate's draws whose expectations are known exactly (see `controls`). */
  controls: number[];
}

/** The integer sizes of THEORY.md §4 at finite d: ℓ = round(αd), k = round(κd), n = round(τd²). */
export function sizes(d: number, alpha: number, kappa: number, tau: number): { ell: number; k: number; n: number } {
  return { ell: Math.round(alpha * d), k: kappa === Infinity ? Infinity : Math.round(kappa * d), n: Math.round(tau * d * d) };
}

function draw(s: SimSpec, replicate: number, shared: boolean) {
  // d is part of every purpose, so the points of a ladder of d share no draws.
  const key = (purpose: string) => stream(s.seed, replicate, `${purpose}/d=${s.d}`);
  const ts = makeTaskSet(key('tasks'), key('assignment'), s.n, s.k, s.d, s.assignment);
  const batch = sampleContexts(key('contexts'), ts.tasks, ts.assignment, s.d, s.ell, s.rho, s.sampler, shared);
  return { ts, batch };
}

/**
 * Control statistics of one replicate: the e^ICL and e^IDG of the population (τ = ∞) optimum on the
 * replicate's own task set (population.ts). Their expectation over task sets is estimated by
 * `controlMeans` from independent task sets, far more of them than replicates since each costs O(d³).
 * None at κ = ∞ (a fresh task per context: the population optimum does not depend on the draw).
 */
export function controlStats(s: SimSpec, ts: TaskSet): number[] {
  if (s.k === Infinity) return [];
  const p = populationErrors(ts.tasks, ts.k, s.d, s.ell, s.rho, s.lambda);
  return [p.eICL, p.eIDG];
}

/** Mean, and variance of the mean, of `controlStats` over `draws` task sets independent of every replicate. */
export function controlMeans(s: SimSpec, draws: number): { mean: number[]; varMean: number[] } {
  if (s.k === Infinity) return { mean: [], varMean: [] };
  const rng = stream(s.seed, 0, `control-tasks/d=${s.d}`);
  const sum = [0, 0];
  const sum2 = [0, 0];
  for (let j = 0; j < draws; j++) {
    const p = populationErrors(sampleTasks(rng, s.k, s.d), s.k, s.d, s.ell, s.rho, s.lambda);
    [p.eICL, p.eIDG].forEach((v, i) => {
      sum[i] = sum[i]! + v;
      sum2[i] = sum2[i]! + v * v;
    });
  }
  const mean = sum.map((v) => v / draws);
  return { mean, varMean: sum2.map((v, i) => Math.max(0, v / draws - mean[i]! ** 2) / (draws - 1)) };
}

function score(s: SimSpec, ts: TaskSet, fit: FitResult): ReplicateResult {
  if (fault('gamma-1.02')) for (let i = 0; i < fit.gamma.length; i++) fit.gamma[i] = 1.02 * fit.gamma[i]!;
  const eICL = predictionError(fit.gamma, s.d, s.ell, s.rho, { kind: 'icl' });
  const eIDG = predictionError(fit.gamma, s.d, s.ell, s.rho, { kind: 'tasks', tasks: ts.tasks, k: ts.k });
  return {
    eICL,
    eIDG,
    gTask: eICL - eIDG,
    solver: fit.fallbackFrom ? `${fit.fallbackFrom}->${fit.solver}` : fit.solver,
    iterations: fit.iterations,
    relResidual: fit.relResidual,
    controls: controlStats(s, ts),
  };
}

export function runReplicate(s: SimSpec, replicate: number): ReplicateResult {
  const { ts, batch } = draw(s, replicate, false);
  return score(s, ts, fitGamma(batch, { lambda: s.lambda, solver: s.solver }));
}

/** The same replicate with the fit's products on two threads (bit-identical result). */
export async function runReplicateTwoThreads(s: SimSpec, replicate: number): Promise<ReplicateResult> {
  const { ts, batch } = draw(s, replicate, true);
  const ops = await ParallelOps.start(batch);
  try {
    return score(s, ts, fitGamma(batch, { lambda: s.lambda, solver: s.solver, ops: ops ?? undefined }));
  } finally {
    await ops?.close();
  }
}
