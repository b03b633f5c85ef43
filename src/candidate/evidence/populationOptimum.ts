// Independent evidence for the τ → ∞ limit: with unlimited pretraining data the ridge fit of §2
// converges to the minimizer of the population objective e_train(Γ) + (λ/d)‖Γ‖_F², where e_train is
// Proposition 1 with the training task distribution (uniform over the k tasks: the IDG one). So
//   Γ (B + λI) = Aᵀ,  e^IDG = 1 + ρ − (1/d) tr(ΓA) − (λ/d)‖Γ‖²  (using ΓB = Aᵀ − λΓ),
//   e^ICL = 1 + ρ − (2/d) tr Γ_h + (1/d)[(x + 1 + 1/ℓ)‖Γ_h‖² + (1 + ρ)²(1 + 2/ℓ)‖γ_s‖²],
// exact at finite d given the tasks (Γ_h: the first d columns, γ_s: the last). The only randomness is
// the k tasks, so a ladder of d up to a few hundred pins the d → ∞ value down to ~1e-4 or better.
import { cholesky, cholSolve } from '../../sim/linalg.js';
import { stream } from '../../sim/rng.js';
import { sampleTasks } from '../../sim/tasks.js';
import { extrapolate, ladderPoint, type Extrapolation } from '../../sim/extrapolate.js';

export interface PopulationPoint {
  alpha: number;
  kappa: number;
  rho: number;
  lambda: number;
}

/** e^ICL and e^IDG of the population optimum at dimension d (ℓ = αd, k = round(κd) tasks drawn from `seed`). */
export function populationErrors(p: PopulationPoint, d: number, seed: number, replicate: number): { eICL: number; eIDG: number } {
  const ell = p.alpha * d;
  const x = (1 + p.rho) / p.alpha;
  const n1 = d + 1;
  const R = new Float64Array(d * d);
  const m = new Float64Array(d);
  if (p.kappa === Infinity) {
    for (let i = 0; i < d; i++) R[i * d + i] = 1;
  } else {
    const k = Math.max(1, Math.round(p.kappa * d));
    const W = sampleTasks(stream(seed, replicate, `population-tasks-d${d}`), k, d);
    for (let j = 0; j < k; j++) {
      const o = j * d;
      for (let a = 0; a < d; a++) {
        const wa = W[o + a]! / k;
        m[a] = m[a]! + wa;
        const ra = a * d;
        for (let b = 0; b <= a; b++) R[ra + b] = R[ra + b]! + wa * W[o + b]!;
      }
    }
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) R[a * d + b] = R[b * d + a]!;
  }
  const cross = (1 + p.rho) * (1 + 2 / ell);
  const B = new Float64Array(n1 * n1);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) B[a * n1 + b] = (1 + 1 / ell) * R[a * d + b]!;
    B[a * n1 + a] = B[a * n1 + a]! + x + p.lambda;
    B[a * n1 + d] = cross * m[a]!;
    B[d * n1 + a] = cross * m[a]!;
  }
  B[d * n1 + d] = (1 + p.rho) * cross + p.lambda;
  if (!cholesky(B, n1)) throw new Error(`population optimum: B + lambda I not positive definite at d = ${d}`);
  let trGA = 0;
  let trGh = 0;
  let normH = 0;
  let normS = 0;
  const g = new Float64Array(n1);
  for (let j = 0; j < d; j++) {
    // Row j of Γ solves (B + λI) g = A[:, j] = [R[j, :], (1 + ρ) m_j].
    for (let a = 0; a < d; a++) g[a] = R[j * d + a]!;
    g[d] = (1 + p.rho) * m[j]!;
    const rhs = Float64Array.from(g);
    cholSolve(B, n1, g);
    for (let a = 0; a < n1; a++) trGA += g[a]! * rhs[a]!;
    trGh += g[j]!;
    for (let a = 0; a < d; a++) normH += g[a]! * g[a]!;
    normS += g[d]! * g[d]!;
  }
  const eIDG = 1 + p.rho - trGA / d - (p.lambda * (normH + normS)) / d;
  const eICL = 1 + p.rho - (2 * trGh) / d + ((x + 1 + 1 / ell) * normH + (1 + p.rho) * cross * normS) / d;
  return { eICL, eIDG };
}

export interface PopulationLimit {
  eICL: Extrapolation;
  eIDG: Extrapolation;
  gTask: Extrapolation;
  ds: number[];
  replicates: number;
  seed: number;
}

/** The d → ∞ values of the population optimum's errors, from a ladder of d with replicates per d. */
export function populationLimit(p: PopulationPoint, seed: number, ds: readonly number[], replicates: number): PopulationLimit {
  const reps = p.kappa === Infinity ? 1 : replicates;
  const rows = ds.map((d) => {
    const runs = Array.from({ length: reps }, (_, r) => populationErrors(p, d, seed, r));
    return { d, icl: runs.map((r) => r.eICL), idg: runs.map((r) => r.eIDG), gap: runs.map((r) => r.eICL - r.eIDG) };
  });
  return {
    eICL: extrapolate(rows.map((r) => ladderPoint(r.d, r.icl)), 'quadratic'),
    eIDG: extrapolate(rows.map((r) => ladderPoint(r.d, r.idg)), 'quadratic'),
    gTask: extrapolate(rows.map((r) => ladderPoint(r.d, r.gap)), 'quadratic'),
    ds: [...ds],
    replicates: reps,
    seed,
  };
}
