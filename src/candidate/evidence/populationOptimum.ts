// Independent evidence for the τ → ∞ limit: with unlimited pretraining data the ridge fit of §2
// converges to the minimizer of the population objective e_train(Γ) + (λ/d)‖Γ‖_F², where e_train is
// Proposition 1 with the training task distribution (uniform over the k tasks: the IDG one). So
//   Γ (B + λI) = Aᵀ,  e^IDG = 1 + ρ − (1/d) tr(ΓA) − (λ/d)‖Γ‖²  (using ΓB = Aᵀ − λΓ),
//   e^ICL = 1 + ρ − (2/d) tr Γ_h + (1/d)[(x + 1 + 1/ℓ)‖Γ_h‖² + (1 + ρ)²(1 + 2/ℓ)‖γ_s‖²],
// exact at finite d given the tasks (Γ_h: the first d columns, γ_s: the last). The only randomness is
// the k tasks, so a ladder of d up to a few hundred pins the d → ∞ value down to ~1e-4 or better.
import { populationErrors as populationErrorsForTasks } from '../../sim/population.js';
import { stream } from '../../sim/rng.js';
import { sampleTasks } from '../../sim/tasks.js';
import { extrapolate, ladderPoint, type Extrapolation } from '../../sim/ladder/leastSquares.js';

interface PopulationPoint {
  alpha: number;
  kappa: number;
  rho: number;
  lambda: number;
}

/** e^ICL and e^IDG of the population optimum at dimension d (ℓ = αd, k = round(κd) tasks drawn from `seed`). */
export function populationErrors(
  p: PopulationPoint,
  d: number,
  seed: number,
  replicate: number,
): { eICL: number; eIDG: number } {
  if (p.kappa === Infinity) return populationErrorsForTasks(null, 0, d, p.alpha * d, p.rho, p.lambda);
  const k = Math.max(1, Math.round(p.kappa * d));
  return populationErrorsForTasks(
    sampleTasks(stream(seed, replicate, `population-tasks-d${d}`), k, d),
    k,
    d,
    p.alpha * d,
    p.rho,
    p.lambda,
  );
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
export function populationLimit(
  p: PopulationPoint,
  seed: number,
  ds: readonly number[],
  replicates: number,
): PopulationLimit {
  const reps = p.kappa === Infinity ? 1 : replicates;
  const rows = ds.map((d) => {
    const runs = Array.from({ length: reps }, (_, r) => populationErrors(p, d, seed, r));
    return { d, icl: runs.map((r) => r.eICL), idg: runs.map((r) => r.eIDG), gap: runs.map((r) => r.eICL - r.eIDG) };
  });
  return {
    eICL: extrapolate(
      rows.map((r) => ladderPoint(r.d, r.icl)),
      'quadratic',
    ),
    eIDG: extrapolate(
      rows.map((r) => ladderPoint(r.d, r.idg)),
      'quadratic',
    ),
    gTask: extrapolate(
      rows.map((r) => ladderPoint(r.d, r.gap)),
      'quadratic',
    ),
    ds: [...ds],
    replicates: reps,
    seed,
  };
}
