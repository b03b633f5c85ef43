// Token-level contexts for the trained architectures. A trained K, Q, V sees every token, not only
// the statistics (h, s) of the reduced model, so contexts are drawn token by token in exactly the order
// of the `direct` sampler of src/sim/samplers.ts (query first, then ℓ tokens with their noise) from the
// same streams as the Γ* fits (src/sim/replicate.ts): the (h, s) of these tokens are the direct
// sampler's, bit for bit, and Γ* can be fitted on the very data the architectures are trained on.
import { fault } from '../numeric/faults.js';
import { stream, type Rng } from '../sim/rng.js';
import { query, token, type ContextBatch } from '../sim/samplers.js';
import { makeTaskSet, sampleTasks, type Assignment } from '../sim/tasks.js';

/** n contexts of ℓ tokens e_i = [x_i; y_i] ∈ R^{d+1} (row-major n × ℓ × (d+1)), query tokens and labels. */
export interface TokenContexts {
  n: number;
  d: number;
  ell: number;
  tokens: Float64Array;
  /** Query tokens x_{ℓ+1}, n × d. */
  x: Float64Array;
  /** Labels y_{ℓ+1}. */
  y: Float64Array;
}

export interface DataSpec {
  d: number;
  ell: number;
  /** Number of pretraining tasks; Infinity = a fresh task per context. */
  k: number;
  n: number;
  rho: number;
  seed: number;
  assignment: Assignment;
}

/** Draws n contexts whose tasks are rows `assignment[μ]` of `tasks`, in the direct sampler's order. */
export function sampleTokenContexts(
  rng: Rng,
  tasks: Float64Array,
  assignment: Uint32Array,
  d: number,
  ell: number,
  rho: number,
): TokenContexts {
  const n = assignment.length;
  const D = d + 1;
  const tokens = new Float64Array(n * ell * D);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  const sn = Math.sqrt(rho);
  for (let mu = 0; mu < n; mu++) {
    const wo = assignment[mu]! * d;
    y[mu] = query(rng, tasks, wo, d, rho, x, mu * d);
    for (let t = 0; t < ell; t++) {
      const o = (mu * ell + t) * D;
      let yi = token(rng, tasks, wo, d, tokens, o);
      if (rho > 0) yi += sn * rng.normal();
      tokens[o + d] = yi;
    }
  }
  return { n, d, ell, tokens, x, y };
}

/**
 * Rows per sequence of the authors' models: the ℓ context tokens and the query token, ℓ + 1. (Planted fault
 * `train-ell-plus-1`: ℓ, the query written over the last context token.)
 */
export const sequenceLength = (ell: number): number => (fault('train-ell-plus-1') ? ell : ell + 1);

/**
 * The sequences the authors' models read, as B·T rows of width d + 1 (T = sequenceLength(ℓ)): for each
 * context idx[from … from + count) (or from … from + count when idx is null) its ℓ tokens [x_i; y_i], then
 * the query token [x_q; 0], whose label slot is zero, the last row.
 */
export function sequences(
  c: TokenContexts,
  idx: Uint32Array | null,
  from: number,
  count: number,
  out: Float64Array | Float32Array,
): number {
  const { d, ell } = c;
  const D = d + 1;
  const T = sequenceLength(ell);
  for (let m = 0; m < count; m++) {
    const mu = idx ? idx[from + m]! : from + m;
    const so = m * T * D;
    out.set(c.tokens.subarray(mu * ell * D, (mu * ell + Math.min(ell, T - 1)) * D), so);
    const qo = so + (T - 1) * D;
    out.set(c.x.subarray(mu * d, mu * d + d), qo);
    out[qo + d] = 0;
  }
  return T;
}

/** The reduced model's statistics z = [h; s] of each context, summed in the direct sampler's order. */
export function reducedBatch(c: TokenContexts): ContextBatch {
  const { n, d, ell } = c;
  const D = d + 1;
  const z = new Float64Array(n * D);
  const f = d / ell;
  for (let mu = 0; mu < n; mu++) {
    const zo = mu * D;
    let s = 0;
    for (let t = 0; t < ell; t++) {
      const o = (mu * ell + t) * D;
      const yi = c.tokens[o + d]!;
      for (let i = 0; i < d; i++) z[zo + i] = z[zo + i]! + yi * c.tokens[o + i]!;
      s += yi * yi;
    }
    for (let i = 0; i < d; i++) z[zo + i] = f * z[zo + i]!;
    z[zo + d] = s / ell;
  }
  return { n, d, x: c.x, z, y: c.y };
}

export interface TrainingSet {
  train: TokenContexts;
  /** Pretraining tasks (k × d) and each context's task. */
  tasks: Float64Array;
  k: number;
  /** Fresh contexts on fresh tasks (ICL) and on tasks drawn uniformly from the k pretraining tasks (IDG). */
  testICL: TokenContexts;
  testIDG: TokenContexts;
}

/** The pretraining data of replicate r: the Γ* fit's streams (seed, r, purpose/d=D); test sets from their own streams. */
export function trainingSet(s: DataSpec, replicate: number, nTest: number): TrainingSet {
  const key = (purpose: string): Rng => stream(s.seed, replicate, `${purpose}/d=${s.d}`);
  const ts = makeTaskSet(key('tasks'), key('assignment'), s.n, s.k, s.d, s.assignment);
  const train = sampleTokenContexts(key('contexts'), ts.tasks, ts.assignment, s.d, s.ell, s.rho);
  const fresh = sampleTasks(key('train-test-icl-tasks'), nTest, s.d);
  const ordinal = new Uint32Array(nTest).map((_, i) => i);
  const testICL = sampleTokenContexts(key('train-test-icl'), fresh, ordinal, s.d, s.ell, s.rho);
  const pick = key('train-test-idg-assignment');
  const idgAssign = new Uint32Array(nTest).map(() => pick.int(ts.k));
  const testIDG = sampleTokenContexts(key('train-test-idg'), ts.tasks, idgAssign, s.d, s.ell, s.rho);
  return { train, tasks: ts.tasks, k: ts.k, testICL, testIDG };
}
