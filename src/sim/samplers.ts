// Samplers of one context's statistics (h, s), query token x = x_{ℓ+1} and label y = y_{ℓ+1}
// given its task w (‖w‖² = d). `direct` draws all ℓ tokens (O(ℓd)); `fast` is the exact O(d)
// sampler of docs/theory.md §3: only the component of the tokens along e = w/√d matters for the labels,
// so Σ yᵢaᵢ and ‖y‖² come from χ²_ℓ, N(0, ρ) and χ²_{ℓ−1}, and the orthogonal part of Σ yᵢxᵢ is
// ‖y‖/√d times a Gaussian projected off e.
import { fault } from '../numeric/faults.js';
import type { Rng } from './rng.js';

export type SamplerKind = 'fast' | 'direct';

/** Writes the query token into x[xo..xo+d) and z = [h; s] into z[zo..zo+d+1); returns y_{ℓ+1}. */
export type ContextSampler = (
  rng: Rng,
  w: Float64Array,
  wo: number,
  d: number,
  ell: number,
  rho: number,
  x: Float64Array,
  xo: number,
  z: Float64Array,
  zo: number,
) => number;

/** Standard deviations of the context tokens' and the query's label noise (planted faults scale them). */
// Stryker disable next-line ArithmeticOperator,StringLiteral: planted fault, off here (docs/equivalent-mutants.md)
const contextVariance = (rho: number): number => (fault('context-noise-1.05') ? 1.05 ** 2 * rho : rho);
const contextNoise = (rho: number): number => Math.sqrt(contextVariance(rho));
// Stryker disable next-line ArithmeticOperator,StringLiteral: fault off: x/1 = x*1 (docs/equivalent-mutants.md)
const queryNoise = (rho: number): number => Math.sqrt(rho) * (fault('query-noise-1.05') ? 1.05 : 1);

/** A token x ~ N(0, I/d) written to out[o..o+d); returns its label without noise, x·w (w = w[wo..wo+d)). */
export function token(rng: Rng, w: Float64Array, wo: number, d: number, out: Float64Array, o: number): number {
  const sx = 1 / Math.sqrt(d);
  let y = 0;
  for (let i = 0; i < d; i++) {
    const v = sx * rng.normal();
    out[o + i] = v;
    y += v * w[wo + i]!;
  }
  return y;
}

/** The query token and its label (shared by both samplers and the trained models' token sampler, drawn first). */
export function query(
  rng: Rng,
  w: Float64Array,
  wo: number,
  d: number,
  rho: number,
  x: Float64Array,
  xo: number,
): number {
  const y = token(rng, w, wo, d, x, xo);
  return rho > 0 ? y + queryNoise(rho) * rng.normal() : y;
}

export const directSampler: ContextSampler = (rng, w, wo, d, ell, rho, x, xo, z, zo) => {
  const y = query(rng, w, wo, d, rho, x, xo);
  const sn = contextNoise(rho);
  const tok = new Float64Array(d);
  // Stryker disable next-line EqualityOperator: slot d is set to s/ℓ at the end anyway (docs/equivalent-mutants.md)
  for (let i = 0; i <= d; i++) z[zo + i] = 0;
  let s = 0;
  for (let t = 0; t < ell; t++) {
    let yi = token(rng, w, wo, d, tok, 0);
    if (rho > 0) yi += sn * rng.normal();
    // Stryker disable next-line EqualityOperator: slot d is set to s/ℓ at the end (docs/equivalent-mutants.md)
    for (let i = 0; i < d; i++) z[zo + i] = z[zo + i]! + yi * tok[i]!;
    s += yi * yi;
  }
  const f = d / ell;
  // Stryker disable next-line EqualityOperator: slot d is set to s/ℓ right after (docs/equivalent-mutants.md)
  for (let i = 0; i < d; i++) z[zo + i] = f * z[zo + i]!;
  z[zo + d] = s / ell;
  return y;
};

export const fastSampler: ContextSampler = (rng, w, wo, d, ell, rho, x, xo, z, zo) => {
  const y = query(rng, w, wo, d, rho, x, xo);
  // Stryker disable next-line ArithmeticOperator,StringLiteral: planted fault, off here (docs/equivalent-mutants.md)
  const A = rng.chiSquare(fault('chi2-dof') ? ell - 1 : ell);
  const sn = contextNoise(rho);
  const t = rho > 0 ? sn * rng.normal() : 0;
  const Q = rho > 0 ? rng.chiSquare(ell - 1) : 0;
  const rootA = Math.sqrt(A);
  const ya = A + t * rootA;
  const ny2 = (rootA + t) ** 2 + contextVariance(rho) * Q;
  const rd = Math.sqrt(d);
  // g is written into h's slots, then projected off e = w/√d in place.
  let ge = 0;
  for (let i = 0; i < d; i++) {
    const g = rng.normal();
    z[zo + i] = g;
    ge += g * w[wo + i]!;
  }
  ge /= rd;
  const f = d / ell;
  const along = ya / rd;
  const across = Math.sqrt(ny2) / rd;
  // Stryker disable next-line EqualityOperator: slot d is set to ny2/ℓ right after (docs/equivalent-mutants.md)
  for (let i = 0; i < d; i++) {
    const e = w[wo + i]! / rd;
    z[zo + i] = f * (along * e + across * (z[zo + i]! - ge * e));
  }
  z[zo + d] = ny2 / ell;
  return y;
};

export const samplers: Record<SamplerKind, ContextSampler> = { fast: fastSampler, direct: directSampler };

/** n contexts: query tokens X (n × d), statistics Z (n × (d+1)) and labels y. */
export interface ContextBatch {
  n: number;
  d: number;
  x: Float64Array;
  z: Float64Array;
  y: Float64Array;
}

/** Draws n contexts whose tasks are rows `assignment[μ]` of `tasks` (k × d); `shared` puts X and Z in SharedArrayBuffers (for ParallelOps). */
export function sampleContexts(
  rng: Rng,
  tasks: Float64Array,
  assignment: Uint32Array,
  d: number,
  ell: number,
  rho: number,
  kind: SamplerKind = 'fast',
  shared = false,
): ContextBatch {
  const n = assignment.length;
  const alloc = (len: number): Float64Array =>
    shared ? new Float64Array(new SharedArrayBuffer(8 * len)) : new Float64Array(len);
  const x = alloc(n * d);
  const z = alloc(n * (d + 1));
  const y = new Float64Array(n);
  const sample = samplers[kind];
  for (let mu = 0; mu < n; mu++)
    y[mu] = sample(rng, tasks, assignment[mu]! * d, d, ell, rho, x, mu * d, z, mu * (d + 1));
  return { n, d, x, z, y };
}
