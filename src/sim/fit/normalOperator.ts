// The two products behind every solver of the fit, with H_Z = x zᵀ:
//   bilinear:   r_μ = x_μᵀ V z_μ                 (n numbers from a d × (d+1) matrix V)
//   accumulate: G = Σ_μ c_μ x_μ z_μᵀ = Xᵀ diag(c) Z (a d × (d+1) matrix from n numbers)
// so the normal operator V ↦ Σ_μ x_μ (x_μᵀ V z_μ) z_μᵀ costs 2 n d (d+1) multiply-adds, run by the
// SIMD kernels of kernels.ts. The batch is always reduced as two blocks of contexts, [0, cut) and
// [cut, n), summed in that order, whether one thread or two (ParallelOps) computes them: Γ is then
// bit-identical for any number of threads.
import { BlockOperator, blockBytes, checkBlockFits } from './kernels.js';
import type { ContextBatch } from '../samplers.js';

export const blockCut = (n: number): number => 4 * Math.floor(n / 8);

/** Block [lo, hi) of the batch's contexts as a kernel operator (copies them). */
export const blockOperator = (b: Pick<ContextBatch, 'd' | 'x' | 'z'>, lo: number, hi: number): BlockOperator =>
  new BlockOperator(b.x.subarray(lo * b.d, hi * b.d), b.z.subarray(lo * (b.d + 1), hi * (b.d + 1)), hi - lo, b.d);

/** The larger block's kernel bytes; a DomainError when it would not fit (checked before sampling). */
export const checkOperatorFits = (n: number, d: number): number => checkBlockFits(n - blockCut(n), d);

/** Bytes the kernels' copies of a batch take (both blocks). */
export const operatorBytes = (n: number, d: number): number =>
  blockBytes(blockCut(n), d) + blockBytes(n - blockCut(n), d);

/** Both blocks in this thread. */
export class SerialOperator {
  private readonly cut: number;
  private readonly blocks: [BlockOperator, BlockOperator];
  private readonly tmp: Float64Array;

  constructor(private readonly b: ContextBatch) {
    this.cut = blockCut(b.n);
    this.blocks = [blockOperator(b, 0, this.cut), blockOperator(b, this.cut, b.n)];
    this.tmp = new Float64Array(b.d * (b.d + 1));
  }

  bilinear(V: Float64Array, out: Float64Array): void {
    this.blocks[0].bilinear(V, out.subarray(0, this.cut));
    this.blocks[1].bilinear(V, out.subarray(this.cut, this.b.n));
  }

  accumulate(c: Float64Array, out: Float64Array): void {
    this.blocks[0].accumulate(c.subarray(0, this.cut), out);
    this.blocks[1].accumulate(c.subarray(this.cut, this.b.n), this.tmp);
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + this.tmp[i]!;
  }
}
