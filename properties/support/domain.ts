// fast-check arbitraries over the domain of issue 2: α ∈ [1e-2, 1e12], κ ∈ [1e-3, 1e6] ∪ {∞},
// τ ∈ [1e-3, 1e6] (outside |τ − 1| < 1e-6 when ridgeless), ρ ∈ [0, 10], λ ∈ {0} ∪ [1e-12, 1e3].
// Runs are reproducible: the seed is fixed (FC_SEED overrides it, e.g. to replay or to explore), and
// fast-check prints the seed and path of any failure.
import fc from 'fast-check';

export const SEED = Number(process.env.FC_SEED ?? 20261123);
fc.configureGlobal({ seed: SEED });

export const logUniform = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map((v) => Math.min(hi, Math.max(lo, Math.exp(v))));

/** Values near 1 on both sides, down to a distance `closest`. */
const nearOne = (closest: number) => fc.tuple(fc.boolean(), logUniform(closest, 0.1)).map(([s, d]) => (s ? 1 + d : 1 - d));

export const alpha = fc.oneof(logUniform(1e-2, 1e12), fc.constantFrom(1e-2, 1e12, 1));
export const kappa = fc.oneof(logUniform(1e-3, 1e6), fc.constantFrom(Infinity, 1e-3, 1e6, 1), nearOne(1e-12));
export const tau = fc.oneof(logUniform(1e-3, 1e6), fc.constantFrom(1e-3, 1e6), nearOne(1e-6));
export const rho = fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.constantFrom(0, 10));
export const lambda = fc.oneof(fc.constant(0), logUniform(1e-12, 1e3), fc.constantFrom(1e-12, 1e3));

export interface DomainPoint {
  alpha: number;
  kappa: number;
  tau: number;
  rho: number;
  lambda: number;
}

export const point: fc.Arbitrary<DomainPoint> = fc
  .record({ alpha, kappa, tau, rho, lambda })
  .filter((p) => !(p.lambda === 0 && Math.abs(p.tau - 1) < 1e-6));
