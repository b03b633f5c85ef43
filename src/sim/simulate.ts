// The finite-d experiment at one parameter point: sizes from (α, κ, τ), replicates on worker threads,
// errors of each fitted Γ* by Proposition 1, mean and standard error over replicates.
import { totalmem } from 'node:os';
import { DomainError, ensure } from '../numeric/domain.js';
import { chooseSolver, solverBytes, type SolverKind } from './fit/fit.js';
import { checkOperatorFits, operatorBytes } from './fit/normalOperator.js';
import { DEFAULT_WORKERS, runReplicates } from './pool.js';
import { sizes, type ReplicateResult, type SimSpec } from './replicate.js';
import { DEFAULT_SEED, MAX_SEED } from '../numeric/seeds.js';
import { allowedRange, DOMAIN, inRange, PARAM_NAMES } from '../theory/params.js';
import { replicatesToUse, type EvidenceStore, type StoreUse } from './evidence.js';
import type { SamplerKind } from './samplers.js';
import type { Assignment } from './tasks.js';

/** One finite-d experiment: sizes from d and (α, κ, τ), noise ρ, ridge λ, replicates and seed. */
export interface SimulateOptions {
  d: number;
  alpha: number;
  kappa: number;
  tau: number;
  rho: number;
  lambda: number;
  replicates?: number;
  seed?: number;
  assignment?: Assignment;
  workers?: number;
  solver?: SolverKind | 'auto';
  sampler?: SamplerKind;
  /** Called after each finished replicate (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
  /** Replicates already held here are read back, and fresh ones written (a cache: same numbers). */
  evidence?: EvidenceStore;
  /** With `evidence`: which of the replicates held the estimates use (StoreUse; default 'design'). */
  use?: StoreUse;
}

/** A mean over replicates with its standard error. */
export interface Estimate {
  mean: number;
  /** Standard error of the mean; null with a single replicate (not estimable). */
  stderr: number | null;
}

/** The outcome of one finite-d experiment: sizes, solver, and e^ICL, e^IDG, g_task as estimates. */
export interface SimulateResult {
  params: { alpha: number; kappa: number; tau: number; rho: number; lambda: number };
  d: number;
  ell: number;
  k: number;
  n: number;
  replicates: number;
  seed: number;
  solver: string;
  eICL: Estimate;
  eIDG: Estimate;
  gTask: Estimate;
  seconds: number;
  /** Per replicate, for diagnostics (not part of the JSON). */
  perReplicate: ReplicateResult[];
  /** How many of the replicates were read back from the evidence store (not part of the JSON). */
  reused: number;
}

export const DEFAULT_REPLICATES = 4;

/** Memory the run may use: three quarters of this machine's RAM. */
const memoryBudget = (): number => 0.75 * totalmem();

/** Bytes one replicate holds at its peak: X, Z, y, tasks, assignment and the solver's matrices. */
function replicateBytes(d: number, k: number, n: number, solver: SolverKind): number {
  const taskRows = k === Infinity ? n : k;
  return 8 * (n * d + n * (d + 1) + n + taskRows * d) + 4 * n + operatorBytes(n, d) + solverBytes(solver, n, d);
}

/** Validates the options and returns the replicate spec (throws DomainError on bad input). */
export function simSpec(o: SimulateOptions): { spec: SimSpec; replicates: number; workers: number } {
  ensure(Number.isInteger(o.d) && o.d >= 2, 'd', 'an integer >= 2', o.d);
  // The simulator's domain is the theory's at finite d: α and τ finite, κ = ∞ a fresh task per context.
  for (const key of PARAM_NAMES) {
    const inf = DOMAIN[key].infAtFiniteD;
    ensure(inRange(key, o[key], inf), key, allowedRange(key, inf), o[key]);
  }
  const { d } = o;
  const { ell, k, n } = sizes(d, o.alpha, o.kappa, o.tau);
  ensure(ell >= 2, 'ell', 'an integer >= 2 (ell = round(alpha d))', `${ell} (alpha ${o.alpha}, d ${d})`);
  ensure(k >= 1, 'k', 'an integer >= 1 (k = round(kappa d))', `${k} (kappa ${o.kappa}, d ${d})`);
  ensure(n >= 1, 'n', 'an integer >= 1 (n = round(tau d^2))', `${n} (tau ${o.tau}, d ${d})`);
  ensure(
    !(o.lambda === 0 && n === d * (d + 1)),
    'n',
    '!= d(d+1) when lambda = 0 (the interpolation problem is singular there)',
    n,
  );
  const replicates = o.replicates ?? DEFAULT_REPLICATES;
  ensure(Number.isInteger(replicates) && replicates >= 1, 'replicates', 'an integer >= 1', replicates);
  const seed = o.seed ?? DEFAULT_SEED;
  ensure(Number.isSafeInteger(seed) && seed >= 0 && seed <= MAX_SEED, 'seed', `an integer in [0, ${MAX_SEED}]`, seed);
  const workers = o.workers ?? DEFAULT_WORKERS;
  ensure(Number.isInteger(workers) && workers >= 1, 'workers', 'an integer >= 1', workers);
  const solver = o.solver ?? 'auto';
  const concrete = solver === 'auto' ? chooseSolver(n, d) : solver;
  const bytes = replicateBytes(d, k, n, concrete) * Math.min(workers, replicates);
  checkOperatorFits(n, d);
  const budget = memoryBudget();
  if (bytes > budget)
    throw new DomainError(
      'memory',
      `<= ${(budget / 2 ** 20).toFixed(0)} MiB (3/4 of RAM)`,
      `${(bytes / 2 ** 20).toFixed(0)} MiB for d=${d}, n=${n} on ${Math.min(workers, replicates)} worker(s)`,
    );
  const spec: SimSpec = {
    d,
    ell,
    k,
    n,
    rho: o.rho,
    lambda: o.lambda,
    seed,
    assignment: o.assignment ?? 'random',
    solver,
    sampler: o.sampler ?? 'fast',
  };
  return { spec, replicates, workers };
}

export function estimate(values: readonly number[]): Estimate {
  const r = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / r;
  if (r < 2) return { mean, stderr: null };
  const v = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (r - 1);
  return { mean, stderr: Math.sqrt(v / r) };
}

export async function simulate(o: SimulateOptions): Promise<SimulateResult> {
  const { spec, replicates, workers } = simSpec(o);
  const t0 = performance.now();
  const store = o.evidence;
  const use = o.use ?? 'design';
  ensure(use === 'design' || store !== undefined, 'use', 'design without an evidence store', use);
  const total = store && use !== 'design' ? replicatesToUse(use, replicates, store.held(spec)) : replicates;
  const runs: ReplicateResult[] = new Array(total);
  const missing: number[] = [];
  for (let r = 0; r < total; r++) {
    const held = store?.get(spec, r);
    if (held) runs[r] = held;
    else missing.push(r);
  }
  const reused = total - missing.length;
  if (reused > 0) o.onProgress?.(reused, total);
  await runReplicates(spec, missing, workers, (done, r, result) => {
    runs[r] = result;
    store?.put(spec, r, result);
    o.onProgress?.(reused + done, total);
  });
  const seconds = (performance.now() - t0) / 1000;
  return {
    params: { alpha: o.alpha, kappa: o.kappa, tau: o.tau, rho: o.rho, lambda: o.lambda },
    d: spec.d,
    ell: spec.ell,
    k: spec.k,
    n: spec.n,
    replicates: total,
    seed: spec.seed,
    solver: [...new Set(runs.map((r) => r.solver))].join(','),
    eICL: estimate(runs.map((r) => r.eICL)),
    eIDG: estimate(runs.map((r) => r.eIDG)),
    gTask: estimate(runs.map((r) => r.gTask)),
    seconds,
    perReplicate: runs,
    reused,
  };
}
