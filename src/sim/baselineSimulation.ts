// The baselines of docs/theory.md §7 by Monte Carlo. For an estimate ŵ of the task from the context, the
// error of predicting y_{ℓ+1} = ⟨x, w⟩ + ε with x ~ N(0, I/d) independent of the context is exactly
// ρ + ‖w − ŵ‖²/d, so only contexts are sampled. Standard errors are over replicates (independent
// task sets and contexts), each replicate averaging `contexts` test contexts.
import { ensure } from '../numeric/domain.js';
import { fault } from '../numeric/faults.js';
import { cholesky } from '../numeric/linalg.js';
import { stream, type Rng } from './rng.js';
import { estimate, type Estimate } from './simulate.js';
import { dec, type EstimateJson } from './simulateJson.js';
import { token } from './samplers.js';
import { sampleTasks } from './tasks.js';

/** Tokens X (ℓ × d, N(0, I/d)) and labels y = Xw + ε of one context. */
function drawContext(
  rng: Rng,
  w: Float64Array,
  wo: number,
  d: number,
  ell: number,
  rho: number,
  X: Float64Array,
  y: Float64Array,
): void {
  const sn = Math.sqrt(rho);
  for (let t = 0; t < ell; t++) y[t] = token(rng, w, wo, d, X, t * d) + sn * rng.normal();
}

/**
 * The dMMSE estimate, ŵ = Σ_j w_j e^{−‖y − X w_j‖²/(2ρ)} / Σ_j e^{…} over the k tasks (rows of `tasks`),
 * shifted by the largest exponent (log-sum-exp); X is ℓ × d row-major, the result goes to `out`.
 */
export function dmmseEstimate(
  tasks: Float64Array,
  k: number,
  d: number,
  ell: number,
  rho: number,
  X: Float64Array,
  y: Float64Array,
  out: Float64Array,
): void {
  const logw = new Float64Array(k);
  let top = -Infinity;
  for (let j = 0; j < k; j++) {
    let r2 = 0;
    for (let t = 0; t < ell; t++) {
      let v = 0;
      for (let i = 0; i < d; i++) v += X[t * d + i]! * tasks[j * d + i]!;
      r2 += (y[t]! - v) ** 2;
    }
    logw[j] = -r2 / (2 * (fault('dmmse-noise-1.1') ? 1.1 * rho : rho));
    if (logw[j]! > top) top = logw[j]!;
  }
  out.fill(0);
  let z = 0;
  for (let j = 0; j < k; j++) {
    const p = Math.exp(logw[j]! - top);
    z += p;
    for (let i = 0; i < d; i++) out[i] = out[i]! + p * tasks[j * d + i]!;
  }
  for (let i = 0; i < d; i++) out[i] = out[i]! / z;
}

interface BaselineOptions {
  d: number;
  ell: number;
  rho: number;
  replicates: number;
  /** Test contexts per replicate. */
  contexts: number;
  seed: number;
}

function checkCommon(o: BaselineOptions): void {
  ensure(Number.isInteger(o.d) && o.d >= 2, 'd', 'an integer >= 2', o.d);
  ensure(Number.isInteger(o.ell) && o.ell >= 2, 'ell', 'an integer >= 2', o.ell);
  ensure(Number.isFinite(o.rho) && o.rho > 0, 'rho', 'a finite number > 0 (the posterior needs noise)', o.rho);
  ensure(Number.isInteger(o.replicates) && o.replicates >= 2, 'replicates', 'an integer >= 2', o.replicates);
  ensure(Number.isInteger(o.contexts) && o.contexts >= 1, 'contexts', 'an integer >= 1', o.contexts);
}

interface DmmseResult {
  eICL: Estimate;
  eIDG: Estimate;
  gTask: Estimate;
}

/** dMMSE's ICL and IDG errors for k pretraining tasks (finite k only: the posterior is over them). */
export function dmmseErrors(o: BaselineOptions & { k: number }): DmmseResult {
  checkCommon(o);
  ensure(Number.isInteger(o.k) && o.k >= 1, 'k', 'a finite integer >= 1', o.k);
  const { d, ell, rho, k } = o;
  const X = new Float64Array(ell * d);
  const y = new Float64Array(ell);
  const what = new Float64Array(d);
  const icl: number[] = [];
  const idg: number[] = [];
  const gap: number[] = [];
  for (let r = 0; r < o.replicates; r++) {
    const key = (p: string) => stream(o.seed, r, `dmmse/${p}/d=${d}/k=${k}`);
    const tasks = sampleTasks(key('tasks'), k, d);
    const ctx = key('contexts');
    const pick = key('test-task');
    const fresh = key('fresh-task');
    let sIcl = 0;
    let sIdg = 0;
    for (let c = 0; c < o.contexts; c++) {
      const w = sampleTasks(fresh, 1, d);
      drawContext(ctx, w, 0, d, ell, rho, X, y);
      dmmseEstimate(tasks, k, d, ell, rho, X, y, what);
      sIcl += squaredDistance(w, 0, what, d);
      const j = pick.int(k);
      drawContext(ctx, tasks, j * d, d, ell, rho, X, y);
      dmmseEstimate(tasks, k, d, ell, rho, X, y, what);
      sIdg += squaredDistance(tasks, j * d, what, d);
    }
    const eI = rho + sIcl / (o.contexts * d);
    const eD = rho + sIdg / (o.contexts * d);
    icl.push(eI);
    idg.push(eD);
    gap.push(eI - eD);
  }
  return { eICL: estimate(icl), eIDG: estimate(idg), gTask: estimate(gap) };
}

function squaredDistance(w: Float64Array, wo: number, v: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += (w[wo + i]! - v[i]!) ** 2;
  return s;
}

/**
 * Ridge on the context alone, ŵ = (XᵀX + ρI)⁻¹Xᵀy, ICL error (fresh task per context).
 * 'plain' samples w, X, ε and scores ‖w − ŵ‖². 'conditional' averages w and ε out exactly given X:
 * with S = XᵀX and E[wwᵀ] = I, w − ŵ = ρ(S+ρI)⁻¹w − (S+ρI)⁻¹Xᵀε, whose mean square is
 * ρ² tr (S+ρI)⁻² + ρ tr S(S+ρI)⁻² = ρ tr (S+ρI)⁻¹; same mean, far smaller variance.
 */
export function contextRidgeErrorMC(o: BaselineOptions, mode: 'plain' | 'conditional' = 'conditional'): Estimate {
  checkCommon(o);
  const { d, ell, rho } = o;
  const X = new Float64Array(ell * d);
  const y = new Float64Array(ell);
  const S = new Float64Array(d * d);
  const reps: number[] = [];
  for (let r = 0; r < o.replicates; r++) {
    const key = (p: string) => stream(o.seed, r, `ridge/${mode}/${p}/d=${d}/ell=${ell}`);
    const ctx = key('contexts');
    const fresh = key('task');
    let sum = 0;
    for (let c = 0; c < o.contexts; c++) {
      const w = sampleTasks(fresh, 1, d);
      drawContext(ctx, w, 0, d, ell, rho, X, y);
      S.fill(0);
      for (let t = 0; t < ell; t++) {
        for (let i = 0; i < d; i++) {
          const xi = X[t * d + i]!;
          for (let j = 0; j <= i; j++) S[i * d + j] = S[i * d + j]! + xi * X[t * d + j]!;
        }
      }
      for (let i = 0; i < d; i++) S[i * d + i] = S[i * d + i]! + rho;
      if (!cholesky(S, d)) throw new Error('context ridge: X^T X + rho I not positive definite');
      sum += mode === 'conditional' ? rho * traceInverse(S, d) : ridgeSquaredError(S, d, ell, X, y, w);
    }
    reps.push(rho + sum / (o.contexts * d));
  }
  return estimate(reps);
}

/** tr (LLᵀ)⁻¹ = ‖L⁻¹‖_F², column by column of L⁻¹ (forward substitution). */
function traceInverse(L: Float64Array, d: number): number {
  const col = new Float64Array(d);
  let tr = 0;
  for (let j = 0; j < d; j++) {
    for (let i = j; i < d; i++) {
      let s = i === j ? 1 : 0;
      for (let m = j; m < i; m++) s -= L[i * d + m]! * col[m]!;
      col[i] = s / L[i * d + i]!;
      tr += col[i]! ** 2;
    }
  }
  return tr;
}

/** ‖w − ŵ‖² with ŵ solving (LLᵀ) ŵ = Xᵀy. */
function ridgeSquaredError(
  L: Float64Array,
  d: number,
  ell: number,
  X: Float64Array,
  y: Float64Array,
  w: Float64Array,
): number {
  const v = new Float64Array(d);
  for (let t = 0; t < ell; t++) for (let i = 0; i < d; i++) v[i] = v[i]! + X[t * d + i]! * y[t]!;
  for (let i = 0; i < d; i++) {
    let s = v[i]!;
    for (let m = 0; m < i; m++) s -= L[i * d + m]! * v[m]!;
    v[i] = s / L[i * d + i]!;
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = v[i]!;
    for (let m = i + 1; m < d; m++) s -= L[m * d + i]! * v[m]!;
    v[i] = s / L[i * d + i]!;
  }
  return squaredDistance(w, 0, v, d);
}

/** The baselines by name, as `simulate --estimator` offers them next to the trained model ('gamma'). */
export type BaselineName = 'dmmse' | 'ridge';

/** Test contexts per replicate of `simulate --estimator dmmse|ridge` unless given. */
export const DEFAULT_CONTEXTS = 200;

/** One baseline experiment at the model's sizes: ℓ = round(αd), k = round(κd). */
export interface BaselineRunOptions {
  estimator: BaselineName;
  d: number;
  /** ℓ = round(αd). */
  alpha: number;
  /** k = round(κd) pretraining tasks (dMMSE only; finite). */
  kappa?: number;
  rho: number;
  replicates: number;
  contexts: number;
  seed: number;
}

/** A baseline's errors as estimates over replicates (context ridge: e^ICL only). */
export interface BaselineResult {
  estimator: BaselineName;
  params: { alpha: number; kappa?: number; rho: number };
  d: number;
  ell: number;
  /** dMMSE only. */
  k?: number;
  replicates: number;
  contexts: number;
  seed: number;
  eICL: Estimate;
  /** dMMSE only: context ridge has no pretraining tasks, so no in-distribution error. */
  eIDG?: Estimate;
  gTask?: Estimate;
  seconds: number;
}

/** One baseline at one point, sized like the model: ℓ = round(αd), k = round(κd). */
export function runBaseline(o: BaselineRunOptions): BaselineResult {
  const t0 = performance.now();
  ensure(Number.isFinite(o.alpha) && o.alpha > 0, 'alpha', 'a finite number > 0', o.alpha);
  const ell = Math.round(o.alpha * o.d);
  const common = { d: o.d, ell, rho: o.rho, replicates: o.replicates, contexts: o.contexts, seed: o.seed };
  const base = { estimator: o.estimator, d: o.d, ell, replicates: o.replicates, contexts: o.contexts, seed: o.seed };
  if (o.estimator === 'ridge') {
    const eICL = contextRidgeErrorMC(common);
    return { ...base, params: { alpha: o.alpha, rho: o.rho }, eICL, seconds: (performance.now() - t0) / 1000 };
  }
  const kappa = o.kappa ?? NaN;
  ensure(
    Number.isFinite(kappa) && kappa > 0,
    'kappa',
    'a finite number > 0 for dmmse (the posterior is over k = round(kappa d) tasks)',
    kappa,
  );
  const k = Math.round(kappa * o.d);
  const r = dmmseErrors({ ...common, k });
  return { ...base, params: { alpha: o.alpha, kappa, rho: o.rho }, k, ...r, seconds: (performance.now() - t0) / 1000 };
}

/** A baseline result as `simulate --estimator dmmse|ridge --json` prints it: numbers as decimal strings. */
export function baselineToJson(r: BaselineResult): Record<string, unknown> {
  const est = (e: Estimate): EstimateJson => ({ mean: dec(e.mean), stderr: e.stderr === null ? null : dec(e.stderr) });
  const params: Record<string, string> = { alpha: dec(r.params.alpha) };
  if (r.params.kappa !== undefined) params.kappa = dec(r.params.kappa);
  params.rho = dec(r.params.rho);
  return {
    estimator: r.estimator,
    params,
    d: dec(r.d),
    ell: dec(r.ell),
    ...(r.k !== undefined ? { k: dec(r.k) } : {}),
    replicates: dec(r.replicates),
    contexts: dec(r.contexts),
    seed: dec(r.seed),
    eICL: est(r.eICL),
    ...(r.eIDG ? { eIDG: est(r.eIDG) } : {}),
    ...(r.gTask ? { gTask: est(r.gTask) } : {}),
    seconds: r.seconds.toFixed(3),
  };
}
