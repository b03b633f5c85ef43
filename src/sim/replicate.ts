// One replicate of the finite-d experiment: draw tasks and n contexts, fit Γ*, and score it by
// Proposition 1 (exact given Γ*). Pure function of (spec, replicate): every draw comes from the
// streams keyed by (seed, replicate, purpose), so any worker reproduces it bit for bit.
import { fault } from '../numeric/faults.js';
import { predictionError } from '../theory/proposition1.js';
import { fitGamma, type FitResult, type SolverKind } from './fit/fit.js';
import { ParallelOps } from './fit/parallelOps.js';
import { stream } from './rng.js';
import { sampleContexts, type ContextBatch, type SamplerKind } from './samplers.js';
import { makeTaskSet, type Assignment, type TaskSet } from './tasks.js';

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
}

/** The integer sizes of docs/theory.md §4 at finite d: ℓ = round(αd), k = round(κd), n = round(τd²). */
export function sizes(d: number, alpha: number, kappa: number, tau: number): { ell: number; k: number; n: number } {
  return {
    ell: Math.round(alpha * d),
    // Stryker disable next-line ConditionalExpression: both branches give ∞ at κ = ∞ (docs/equivalent-mutants.md)
    k: kappa === Infinity ? Infinity : Math.round(kappa * d),
    n: Math.round(tau * d * d),
  };
}

function draw(s: SimSpec, replicate: number, shared: boolean) {
  // d is part of every purpose, so the points of a ladder of d share no draws.
  const key = (purpose: string) => stream(s.seed, replicate, `${purpose}/d=${s.d}`);
  const ts = makeTaskSet(key('tasks'), key('assignment'), s.n, s.k, s.d, s.assignment);
  const batch = sampleContexts(key('contexts'), ts.tasks, ts.assignment, s.d, s.ell, s.rho, s.sampler, shared);
  return { ts, batch };
}

/** The Γ* a replicate scores (a planted fault may scale it here, between the fit and its errors). */
function scored(fit: FitResult): FitResult {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: planted fault: off (docs/equivalent-mutants.md)
  // Stryker disable next-line UpdateOperator,ArithmeticOperator,StringLiteral: fault: off (docs/equivalent-mutants.md)
  if (fault('gamma-1.02')) for (let i = 0; i < fit.gamma.length; i++) fit.gamma[i] = 1.02 * fit.gamma[i]!;
  return fit;
}

function score(s: SimSpec, ts: TaskSet, fit: FitResult): ReplicateResult {
  // Stryker disable next-line StringLiteral: planted fault, off here; fault('') too (docs/equivalent-mutants.md)
  const gamma = fault('score-gamma-1.005') ? fit.gamma.map((v) => 1.005 * v) : fit.gamma;
  const eICL = predictionError(gamma, s.d, s.ell, s.rho, { kind: 'icl' });
  // Stryker disable next-line StringLiteral: every kind but 'icl' means the task set (docs/equivalent-mutants.md)
  const eIDG = predictionError(gamma, s.d, s.ell, s.rho, { kind: 'tasks', tasks: ts.tasks, k: ts.k });
  return {
    eICL,
    eIDG,
    gTask: eICL - eIDG,
    solver: fit.fallbackFrom ? `${fit.fallbackFrom}->${fit.solver}` : fit.solver,
    iterations: fit.iterations,
    relResidual: fit.relResidual,
  };
}

/** The draws of one replicate and the Γ* its errors are computed from. */
export function fitReplicate(s: SimSpec, replicate: number): { ts: TaskSet; batch: ContextBatch; fit: FitResult } {
  // Stryker disable next-line BooleanLiteral: shared memory only: same numbers (docs/equivalent-mutants.md)
  const { ts, batch } = draw(s, replicate, false);
  return { ts, batch, fit: scored(fitGamma(batch, { lambda: s.lambda, solver: s.solver })) };
}

export function runReplicate(s: SimSpec, replicate: number): ReplicateResult {
  const { ts, fit } = fitReplicate(s, replicate);
  return score(s, ts, fit);
}

/** The same replicate with the fit's products on two threads (bit-identical result). */
export async function runReplicateTwoThreads(s: SimSpec, replicate: number): Promise<ReplicateResult> {
  // Stryker disable next-line BooleanLiteral: shared memory only: same numbers (docs/equivalent-mutants.md)
  const { ts, batch } = draw(s, replicate, true);
  const ops = await ParallelOps.start(batch);
  try {
    // Stryker disable next-line LogicalOperator: null && x is null, which means no ops (docs/equivalent-mutants.md)
    return score(s, ts, scored(fitGamma(batch, { lambda: s.lambda, solver: s.solver, ops: ops ?? undefined })));
  } finally {
    await ops?.close();
  }
}
