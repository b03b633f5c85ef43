// Independent evidence for a formula of M_κ(x): its definition, (1/d) tr (R̂ + xI)⁻¹ with
// R̂ = (1/k) Σ_j w_j w_jᵀ over k = κd tasks on the sphere, computed at finite d and extrapolated in 1/d.
import { cholesky } from '../../sim/linalg.js';
import { stream } from '../../sim/rng.js';
import { sampleTasks } from '../../sim/tasks.js';
import { extrapolate, type Extrapolated } from './extrapolation.js';

/** (1/d) tr (R̂ + xI)⁻¹ for one draw of the k = round(κd) tasks. */
export function resolventTrace(kappa: number, x: number, d: number, seed: number, replicate: number): number {
  const k = Math.max(1, Math.round(kappa * d));
  const W = sampleTasks(stream(seed, replicate, `resolvent-tasks-d${d}`), k, d);
  const A = new Float64Array(d * d);
  for (let j = 0; j < k; j++) {
    const o = j * d;
    for (let a = 0; a < d; a++) {
      const wa = W[o + a]! / k;
      for (let b = 0; b <= a; b++) A[a * d + b] = A[a * d + b]! + wa * W[o + b]!;
    }
  }
  for (let a = 0; a < d; a++) A[a * d + a] = A[a * d + a]! + x;
  if (!cholesky(A, d)) throw new Error(`resolvent: R + x I not positive definite (x = ${x}, d = ${d})`);
  // tr (L Lᵀ)⁻¹ = ‖L⁻¹‖_F²: invert L column by column (forward substitution).
  let tr = 0;
  const col = new Float64Array(d);
  for (let c = 0; c < d; c++) {
    col.fill(0);
    col[c] = 1;
    for (let i = c; i < d; i++) {
      let s = col[i]!;
      for (let m = c; m < i; m++) s -= A[i * d + m]! * col[m]!;
      col[i] = s / A[i * d + i]!;
      tr += col[i]! * col[i]!;
    }
  }
  return tr / d;
}

export function resolventLimit(kappa: number, x: number, seed: number, ds: readonly number[], replicates: number): Extrapolated {
  return extrapolate(ds.map((d) => ({ d, values: Array.from({ length: replicates }, (_, r) => resolventTrace(kappa, x, d, seed, r)) })));
}
