// The table of trained architectures: adding one is one entry here (its builder, its parameter count for the
// reference exponent, the paper's fitted exponent when the paper has that row, its τ grid for Figure 5).
import type { Rng } from '../sim/rng.js';
import type { TokenContexts } from './tokenContexts.js';
import { linearReduced, softmaxHead } from './reduced.js';
import { authorsBlocks, authorsLinear, blocksCount, linearCount } from './transformers.js';

export type ArchName = 'linear' | 'linear-reduced' | 'softmax' | 'softmax-head' | 'blocks2' | 'blocks3';

/** A training set reduced to what the architecture's passes read. */
export interface Prepared {
  n: number;
  /** Mean over contexts idx[0..count) (all n when idx is null) of (ŷ − y)²; writes its gradient into grad if given. */
  lossGrad(theta: Float64Array, idx: Uint32Array | null, count: number, grad: Float64Array | null): number;
}

export interface Architecture {
  name: ArchName;
  d: number;
  h: number;
  nParams: number;
  init(rng: Rng): Float64Array;
  /** float32: the forward and backward passes store float32 (the authors' precision); default float64. */
  prepare(c: TokenContexts, float32?: boolean): Prepared;
}

export interface ArchSpec {
  name: ArchName;
  /** One line for help texts and the report. */
  description: string;
  build(d: number): Architecture;
  /**
   * The parameter count whose local slope in log d is the reference exponent of n* ∝ d^a: the trainable
   * parameters, or for the reduced linear model those left after its one rescaling symmetry.
   */
  count(d: number): number;
  /** The paper's fitted exponent of this row of Figure 5 (null: not a row of the paper). */
  paperA: number | null;
  /** Bytes per context the prepared set keeps beyond its tokens (the reduced linear model's second moments). */
  extraBytes(d: number): number;
}

export const ARCHITECTURES: Record<ArchName, ArchSpec> = {
  linear: {
    name: 'linear',
    description: "the authors' linear attention: Q, K, V with biases, the query attends to itself, read-out with bias",
    build: authorsLinear,
    count: linearCount,
    paperA: 1.87,
    extraBytes: () => 0,
  },
  'linear-reduced': {
    name: 'linear-reduced',
    description: 'reduced linear attention: v^T C K^T Q x_q, no biases, the query does not attend',
    build: (d) => linearReduced(d),
    // v ∈ R^{d+1} and M = KᵀQ of full rank (h = d), less the one rescaling symmetry: (d+1) + (d+1)d − 1.
    count: (d) => d * d + 2 * d,
    paperA: 1.87,
    extraBytes: (d) => 8 * (d + 1) ** 2,
  },
  softmax: {
    name: 'softmax',
    description: "the authors' one softmax block (type 2): embedding, causal attention, residual, two LayerNorms",
    build: (d) => authorsBlocks('softmax', d, 1, 0),
    count: (d) => blocksCount(d, 1, 0),
    paperA: 1.66,
    extraBytes: () => 0,
  },
  'softmax-head': {
    name: 'softmax-head',
    description: 'a bare softmax head: v^T e_i weighted by softmax(e_i^T K^T Q x_q), no embedding or read-out',
    build: (d) => softmaxHead(d),
    // v ∈ R^{d+1} and M = KᵀQ ∈ R^{(d+1)×d}.
    count: (d) => (d + 1) * (d + 1),
    paperA: null,
    extraBytes: () => 0,
  },
  blocks2: {
    name: 'blocks2',
    description: "the authors' two softmax blocks with one MLP layer each (type 3)",
    build: (d) => authorsBlocks('blocks2', d, 2, 1),
    count: (d) => blocksCount(d, 2, 1),
    paperA: 2.13,
    extraBytes: () => 0,
  },
  blocks3: {
    name: 'blocks3',
    description: "the authors' three softmax blocks with one MLP layer each (type 4)",
    build: (d) => authorsBlocks('blocks3', d, 3, 1),
    count: (d) => blocksCount(d, 3, 1),
    paperA: 2.08,
    extraBytes: () => 0,
  },
};

export const ARCHS = Object.keys(ARCHITECTURES) as readonly ArchName[];

export const architecture = (name: ArchName, d: number): Architecture => ARCHITECTURES[name].build(d);

/**
 * The largest gap between a model's gradient and the derivative of its loss, each parameter's derivative by
 * central differences at h and h/2 combined by Richardson extrapolation (error O(h⁴)); gaps are relative to
 * max(|derivative|, 1e-3). Shared by the run-time check `train.gradients` and the tests.
 */
export function gradientGap(
  p: Prepared,
  theta: Float64Array,
  idx: Uint32Array,
  h: number,
): { worst: number; at: number } {
  const grad = new Float64Array(theta.length);
  p.lossGrad(theta, idx, idx.length, grad);
  const central = (i: number, step: number): number => {
    const t0 = theta[i]!;
    theta[i] = t0 + step;
    const up = p.lossGrad(theta, idx, idx.length, null);
    theta[i] = t0 - step;
    const down = p.lossGrad(theta, idx, idx.length, null);
    theta[i] = t0;
    return (up - down) / (2 * step);
  };
  let worst = 0;
  let at = -1;
  for (let i = 0; i < theta.length; i++) {
    const fd = (4 * central(i, h / 2) - central(i, h)) / 3;
    const gap = Math.abs(fd - grad[i]!) / Math.max(1e-3, Math.abs(fd));
    if (gap > worst) [worst, at] = [gap, i];
  }
  return { worst, at };
}
