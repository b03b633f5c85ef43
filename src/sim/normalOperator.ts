// The two products behind every solver of the fit, with H_Z = x zᵀ:
//   bilinear:   r_μ = x_μᵀ V z_μ                 (n numbers from a d × (d+1) matrix V)
//   accumulate: G = Σ_μ c_μ x_μ z_μᵀ = Xᵀ diag(c) Z (a d × (d+1) matrix from n numbers)
// so the normal operator V ↦ Σ_μ x_μ (x_μᵀ V z_μ) z_μᵀ costs 2 n d (d+1) multiply-adds. The loops
// work on two contexts and two rows of V at a time: each load feeds two multiply-adds, which is
// what makes them about twice as fast as the plain loops in V8.
import type { ContextBatch } from './samplers.js';

/** out[μ] = x_μᵀ V z_μ for every context. */
export function bilinear(b: ContextBatch, V: Float64Array, out: Float64Array): void {
  const { n, d, x: X, z: Z } = b;
  const p = d + 1;
  const dEven = d - (d % 2);
  let mu = 0;
  for (; mu + 1 < n; mu += 2) {
    const xo = mu * d;
    const xo2 = xo + d;
    const zo = mu * p;
    const zo2 = zo + p;
    let r = 0;
    let s = 0;
    for (let i = 0; i < dEven; i += 2) {
      const r0 = i * p;
      const r1 = r0 + p;
      let a0 = 0;
      let a1 = 0;
      let b0 = 0;
      let b1 = 0;
      for (let a = 0; a < p; a++) {
        const zv = Z[zo + a]!;
        const zw = Z[zo2 + a]!;
        const v0 = V[r0 + a]!;
        const v1 = V[r1 + a]!;
        a0 += v0 * zv;
        a1 += v1 * zv;
        b0 += v0 * zw;
        b1 += v1 * zw;
      }
      r += X[xo + i]! * a0 + X[xo + i + 1]! * a1;
      s += X[xo2 + i]! * b0 + X[xo2 + i + 1]! * b1;
    }
    if (dEven < d) {
      const r0 = dEven * p;
      let a0 = 0;
      let b0 = 0;
      for (let a = 0; a < p; a++) {
        a0 += V[r0 + a]! * Z[zo + a]!;
        b0 += V[r0 + a]! * Z[zo2 + a]!;
      }
      r += X[xo + dEven]! * a0;
      s += X[xo2 + dEven]! * b0;
    }
    out[mu] = r;
    out[mu + 1] = s;
  }
  if (mu < n) out[mu] = single(X, Z, V, mu, d);
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

/** out = Σ_μ c_μ x_μ z_μᵀ (overwrites out, d × (d+1)). */
export function accumulate(b: ContextBatch, c: Float64Array, out: Float64Array): void {
  const { n, d, x: X, z: Z } = b;
  const p = d + 1;
  const dEven = d - (d % 2);
  out.fill(0);
  let mu = 0;
  for (; mu + 1 < n; mu += 2) {
    const xo = mu * d;
    const xo2 = xo + d;
    const zo = mu * p;
    const zo2 = zo + p;
    const r = c[mu]!;
    const s = c[mu + 1]!;
    for (let i = 0; i < dEven; i += 2) {
      const c0 = r * X[xo + i]!;
      const c1 = r * X[xo + i + 1]!;
      const e0 = s * X[xo2 + i]!;
      const e1 = s * X[xo2 + i + 1]!;
      const r0 = i * p;
      const r1 = r0 + p;
      for (let a = 0; a < p; a++) {
        const zv = Z[zo + a]!;
        const zw = Z[zo2 + a]!;
        out[r0 + a] = out[r0 + a]! + c0 * zv + e0 * zw;
        out[r1 + a] = out[r1 + a]! + c1 * zv + e1 * zw;
      }
    }
    if (dEven < d) {
      const c0 = r * X[xo + dEven]!;
      const e0 = s * X[xo2 + dEven]!;
      const r0 = dEven * p;
      for (let a = 0; a < p; a++) out[r0 + a] = out[r0 + a]! + c0 * Z[zo + a]! + e0 * Z[zo2 + a]!;
    }
  }
  if (mu < n) {
    for (let i = 0; i < d; i++) {
      const c0 = c[mu]! * X[mu * d + i]!;
      for (let a = 0; a < p; a++) out[i * p + a] = out[i * p + a]! + c0 * Z[mu * p + a]!;
    }
  }
}

/** out = Σ_μ x_μ (x_μᵀ V z_μ) z_μᵀ + shift · V; `r` is scratch of length n. */
export function applyNormal(b: ContextBatch, V: Float64Array, shift: number, out: Float64Array, r: Float64Array): void {
  bilinear(b, V, r);
  accumulate(b, r, out);
  if (shift !== 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! + shift * V[i]!;
}
