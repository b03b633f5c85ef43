// The τ → ∞ (population) optimum of the ridge objective for a given task set: with unlimited
// pretraining contexts the fit of §2 minimizes e_train(Γ) + (λ/d)‖Γ‖_F², e_train being Proposition 1
// under the training task mixture T = (1/k) Σ_j w_j w_jᵀ, m = (1/k) Σ_j w_j. So
//   Γ (B + λI) = Aᵀ,  e^IDG = 1 + ρ − (1/d) tr(ΓA) − (λ/d)‖Γ‖²  (using ΓB = Aᵀ − λΓ),
//   e^ICL = 1 + ρ − (2/d) tr Γ_h + (1/d)[(c₁ + 1 + 1/ℓ)‖Γ_h‖² + (1 + ρ)²(1 + 2/ℓ)‖γ_s‖²],
// exact at finite d given the tasks (Γ_h: the first d columns, γ_s: the last; c₁ = (1 + ρ)d/ℓ).
// O(d³) per task set: cheap next to a fit, so it serves both as evidence for the τ → ∞ limit and as
// a control variate of the finite-τ replicate drawn on the same tasks.
import { cholesky, cholSolve } from '../numeric/linalg.js';

/** e^ICL and e^IDG of the population optimum for k tasks (k × d row-major; null: κ = ∞, T = I, m = 0). */
export function populationErrors(
  tasks: Float64Array | null,
  k: number,
  d: number,
  ell: number,
  rho: number,
  lambda: number,
): { eICL: number; eIDG: number } {
  const c1 = ((1 + rho) * d) / ell;
  const n1 = d + 1;
  const R = new Float64Array(d * d);
  const m = new Float64Array(d);
  if (tasks === null) {
    for (let i = 0; i < d; i++) R[i * d + i] = 1;
  } else {
    for (let j = 0; j < k; j++) {
      const o = j * d;
      for (let a = 0; a < d; a++) {
        const wa = tasks[o + a]! / k;
        m[a] = m[a]! + wa;
        const ra = a * d;
        for (let b = 0; b <= a; b++) R[ra + b] = R[ra + b]! + wa * tasks[o + b]!;
      }
    }
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) R[a * d + b] = R[b * d + a]!;
  }
  const cross = (1 + rho) * (1 + 2 / ell);
  const B = new Float64Array(n1 * n1);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) B[a * n1 + b] = (1 + 1 / ell) * R[a * d + b]!;
    B[a * n1 + a] = B[a * n1 + a]! + c1 + lambda;
    B[a * n1 + d] = cross * m[a]!;
    B[d * n1 + a] = cross * m[a]!;
  }
  B[d * n1 + d] = (1 + rho) * cross + lambda;
  if (!cholesky(B, n1)) throw new Error(`population optimum: B + lambda I not positive definite at d = ${d}`);
  let trGA = 0;
  let trGh = 0;
  let normH = 0;
  let normS = 0;
  const g = new Float64Array(n1);
  const rhs = new Float64Array(n1);
  for (let j = 0; j < d; j++) {
    // Row j of Γ solves (B + λI) g = A[:, j] = [T[j, :], (1 + ρ) m_j].
    for (let a = 0; a < d; a++) g[a] = R[j * d + a]!;
    g[d] = (1 + rho) * m[j]!;
    rhs.set(g);
    cholSolve(B, n1, g);
    for (let a = 0; a < n1; a++) trGA += g[a]! * rhs[a]!;
    trGh += g[j]!;
    for (let a = 0; a < d; a++) normH += g[a]! * g[a]!;
    normS += g[d]! * g[d]!;
  }
  const eIDG = 1 + rho - trGA / d - (lambda * (normH + normS)) / d;
  const eICL = 1 + rho - (2 * trGh) / d + ((c1 + 1 + 1 / ell) * normH + (1 + rho) * cross * normS) / d;
  return { eICL, eIDG };
}
