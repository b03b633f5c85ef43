// The two products behind every solver of the fit, with H_Z = x zᵀ:
//   bilinear:   r_μ = x_μᵀ V z_μ                 (n numbers from a d × (d+1) matrix V)
//   accumulate: G = Σ_μ c_μ x_μ z_μᵀ = Xᵀ diag(c) Z (a d × (d+1) matrix from n numbers)
// so the normal operator V ↦ Σ_μ x_μ (x_μᵀ V z_μ) z_μᵀ costs 2 n d (d+1) multiply-adds. The loops
// are register-tiled (four contexts × two rows of V per pass) so each load feeds several
// multiply-adds: bilinear 1.5 and accumulate 1.3 G multiply-adds/s per thread (measured at d = 64).
import type { ContextBatch } from './samplers.js';

/** out[μ] = x_μᵀ V z_μ for every context. Four contexts × two rows of V per pass: 8 multiply-adds per 6 loads. */
export function bilinear(b: ContextBatch, V: Float64Array, out: Float64Array): void {
  const { n, d, x: X, z: Z } = b;
  const p = d + 1;
  const dEven = d - (d % 2);
  let mu = 0;
  for (; mu + 3 < n; mu += 4) {
    const z0 = mu * p;
    const z1 = z0 + p;
    const z2 = z1 + p;
    const z3 = z2 + p;
    const x0 = mu * d;
    const x1 = x0 + d;
    const x2 = x1 + d;
    const x3 = x2 + d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < dEven; i += 2) {
      const r0 = i * p;
      const r1 = r0 + p;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let b0 = 0;
      let b1 = 0;
      let b2 = 0;
      let b3 = 0;
      for (let a = 0; a < p; a++) {
        const v0 = V[r0 + a]!;
        const v1 = V[r1 + a]!;
        const w0 = Z[z0 + a]!;
        const w1 = Z[z1 + a]!;
        const w2 = Z[z2 + a]!;
        const w3 = Z[z3 + a]!;
        a0 += v0 * w0;
        a1 += v0 * w1;
        a2 += v0 * w2;
        a3 += v0 * w3;
        b0 += v1 * w0;
        b1 += v1 * w1;
        b2 += v1 * w2;
        b3 += v1 * w3;
      }
      s0 += X[x0 + i]! * a0 + X[x0 + i + 1]! * b0;
      s1 += X[x1 + i]! * a1 + X[x1 + i + 1]! * b1;
      s2 += X[x2 + i]! * a2 + X[x2 + i + 1]! * b2;
      s3 += X[x3 + i]! * a3 + X[x3 + i + 1]! * b3;
    }
    if (dEven < d) {
      const r0 = dEven * p;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let a = 0; a < p; a++) {
        const v0 = V[r0 + a]!;
        a0 += v0 * Z[z0 + a]!;
        a1 += v0 * Z[z1 + a]!;
        a2 += v0 * Z[z2 + a]!;
        a3 += v0 * Z[z3 + a]!;
      }
      s0 += X[x0 + dEven]! * a0;
      s1 += X[x1 + dEven]! * a1;
      s2 += X[x2 + dEven]! * a2;
      s3 += X[x3 + dEven]! * a3;
    }
    out[mu] = s0;
    out[mu + 1] = s1;
    out[mu + 2] = s2;
    out[mu + 3] = s3;
  }
  for (; mu < n; mu++) out[mu] = single(X, Z, V, mu, d);
}

function single(X: Float64Array, Z: Float64Array, V: Float64Array, mu: number, d: number): number {
  const p = d + 1;
  let r = 0;
  for (let i = 0; i < d; i++) {
    let acc = 0;
    for (let a = 0; a < p; a++) acc += V[i * p + a]! * Z[mu * p + a]!;
    r += X[mu * d + i]! * acc;
  }
  return r;
}

/** out = Σ_μ c_μ x_μ z_μᵀ (overwrites out, d × (d+1)). Four contexts at a time: each row of out is loaded once per four. */
export function accumulate(b: ContextBatch, c: Float64Array, out: Float64Array): void {
  const { n, d, x: X, z: Z } = b;
  const p = d + 1;
  const dEven = d - (d % 2);
  out.fill(0);
  let mu = 0;
  for (; mu + 3 < n; mu += 4) {
    const z0 = mu * p;
    const z1 = z0 + p;
    const z2 = z1 + p;
    const z3 = z2 + p;
    const x0 = mu * d;
    const x1 = x0 + d;
    const x2 = x1 + d;
    const x3 = x2 + d;
    const q0 = c[mu]!;
    const q1 = c[mu + 1]!;
    const q2 = c[mu + 2]!;
    const q3 = c[mu + 3]!;
    for (let i = 0; i < dEven; i += 2) {
      const a0 = q0 * X[x0 + i]!;
      const a1 = q1 * X[x1 + i]!;
      const a2 = q2 * X[x2 + i]!;
      const a3 = q3 * X[x3 + i]!;
      const b0 = q0 * X[x0 + i + 1]!;
      const b1 = q1 * X[x1 + i + 1]!;
      const b2 = q2 * X[x2 + i + 1]!;
      const b3 = q3 * X[x3 + i + 1]!;
      const r0 = i * p;
      const r1 = r0 + p;
      for (let a = 0; a < p; a++) {
        const w0 = Z[z0 + a]!;
        const w1 = Z[z1 + a]!;
        const w2 = Z[z2 + a]!;
        const w3 = Z[z3 + a]!;
        out[r0 + a] = out[r0 + a]! + a0 * w0 + a1 * w1 + a2 * w2 + a3 * w3;
        out[r1 + a] = out[r1 + a]! + b0 * w0 + b1 * w1 + b2 * w2 + b3 * w3;
      }
    }
    if (dEven < d) {
      const i = dEven;
      const a0 = q0 * X[x0 + i]!;
      const a1 = q1 * X[x1 + i]!;
      const a2 = q2 * X[x2 + i]!;
      const a3 = q3 * X[x3 + i]!;
      const r0 = i * p;
      for (let a = 0; a < p; a++) out[r0 + a] = out[r0 + a]! + a0 * Z[z0 + a]! + a1 * Z[z1 + a]! + a2 * Z[z2 + a]! + a3 * Z[z3 + a]!;
    }
  }
  for (; mu < n; mu++) {
    for (let i = 0; i < d; i++) {
      const c0 = c[mu]! * X[mu * d + i]!;
      for (let a = 0; a < p; a++) out[i * p + a] = out[i * p + a]! + c0 * Z[mu * p + a]!;
    }
  }
}

/**
 * The batch is always reduced as two blocks of contexts, [0, cut) and [cut, n), summed in that order,
 * whether one thread or two computes them: Γ is then bit-identical for any number of threads.
 */
export const blockCut = (n: number): number => 4 * Math.floor(n / 8);

export const blockView = (b: ContextBatch, lo: number, hi: number): ContextBatch => ({
  n: hi - lo,
  d: b.d,
  x: b.x.subarray(lo * b.d, hi * b.d),
  z: b.z.subarray(lo * (b.d + 1), hi * (b.d + 1)),
  y: b.y.subarray(lo, hi),
});

/** out = Σ_μ c_μ x_μ z_μᵀ as (block 0) + (block 1); `tmp` is scratch of out's size. */
export function accumulateBlocks(b: ContextBatch, c: Float64Array, out: Float64Array, tmp: Float64Array): void {
  const cut = blockCut(b.n);
  accumulate(blockView(b, 0, cut), c.subarray(0, cut), out);
  accumulate(blockView(b, cut, b.n), c.subarray(cut, b.n), tmp);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! + tmp[i]!;
}
