// Independent evidence for a formula of M_κ(x): its definition, (1/d) tr (R̂ + xI)⁻¹ with
// R̂ = (1/k) Σ_j w_j w_jᵀ over k = κd tasks on the sphere, computed at finite d and extrapolated in 1/d.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { stream } from '../../sim/rng.js';
import { sampleTasks } from '../../sim/tasks.js';
import { extrapolate, ladderPoint, type Extrapolation } from '../../sim/ladder/leastSquares.js';

/**
 * (1/d) tr (R̂ + xI)⁻¹ = (1/d) Σ_i 1/(λ_i + x) for one draw of the k = round(κd) tasks, from the
 * spectrum of R̂ (ml-matrix's symmetric eigensolver: off the hot path, and independent of the
 * Cholesky kernels of the fit).
 */
function resolventTrace(kappa: number, x: number, d: number, seed: number, replicate: number): number {
  const k = Math.max(1, Math.round(kappa * d));
  const W = sampleTasks(stream(seed, replicate, `resolvent-tasks-d${d}`), k, d);
  const R = Matrix.zeros(d, d);
  for (let j = 0; j < k; j++) {
    const o = j * d;
    for (let a = 0; a < d; a++) {
      const wa = W[o + a]! / k;
      // Each entry once (b <= a), written to both triangles: R̂ is exactly symmetric.
      for (let b = 0; b <= a; b++) {
        const v = R.get(a, b) + wa * W[o + b]!;
        R.set(a, b, v);
        R.set(b, a, v);
      }
    }
  }
  let tr = 0;
  // R̂ ⪰ 0: an eigenvalue below 0 is rounding, clipped so that x > 0 keeps every term finite.
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: R symmetric (docs/equivalent-mutants.md)
  for (const ev of new EigenvalueDecomposition(R, { assumeSymmetric: true }).realEigenvalues)
    tr += 1 / (Math.max(ev, 0) + x);
  return tr / d;
}

export function resolventLimit(
  kappa: number,
  x: number,
  seed: number,
  ds: readonly number[],
  replicates: number,
): Extrapolation {
  return extrapolate(
    ds.map((d) =>
      ladderPoint(
        d,
        Array.from({ length: replicates }, (_, r) => resolventTrace(kappa, x, d, seed, r)),
      ),
    ),
    'quadratic',
  );
}
