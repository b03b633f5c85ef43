// Proposition 1 of docs/theory.md §3: the exact error of any Γ at finite d, float64.
// Γ is d × (d+1), row-major, split as Γ = [G | g] (G = first d columns, g = last column). With
// c₁ = (1+ρ)/α, b = 1 + 1/ℓ, u = (1+ρ)(1+2/ℓ), v = (1+ρ)²(1+2/ℓ):
//   tr(ΓA)   = tr(G R) + (1+ρ) gᵀm
//   tr(ΓBΓᵀ) = c₁‖G‖² + b tr(G R Gᵀ) + 2u gᵀG m + v‖g‖²
// and for the k test tasks R = (1/k) Σ w_j w_jᵀ, so tr(G R) = (1/k) Σ w_jᵀG w_j and
// tr(G R Gᵀ) = (1/k) Σ ‖G w_j‖²: O(d² k) without forming R.
import { hhIdentityCoef, hhTaskCoef, hsCoef, ssMoment, checkLemma1Domain } from './lemma1.js';
import { fp } from '../numeric/context.js';
import { ensure } from '../numeric/domain.js';

/** ICL: a fresh task uniform on the sphere (m = 0, R = I). IDG: uniform over k given tasks (k × d, row-major). */
export type TestDistribution = { kind: 'icl' } | { kind: 'tasks'; tasks: Float64Array; k: number };

export function predictionError(
  gamma: Float64Array,
  d: number,
  ell: number,
  rho: number,
  test: TestDistribution,
): number {
  checkLemma1Domain(fp, d, ell, rho);
  const p = d + 1;
  ensure(gamma.length === d * p, 'gamma', `a d x (d+1) matrix (${d * p} entries)`, gamma.length);
  const c1 = hhIdentityCoef(fp, d, ell, rho);
  const b = hhTaskCoef(fp, ell);
  const u = hsCoef(fp, ell, rho);
  const v = ssMoment(fp, ell, rho);
  let gFro = 0;
  let gg = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) gFro += gamma[i * p + j]! ** 2;
    gg += gamma[i * p + d]! ** 2;
  }
  let trGA: number;
  let quad: number;
  if (test.kind === 'icl') {
    let tr = 0;
    for (let i = 0; i < d; i++) tr += gamma[i * p + i]!;
    trGA = tr;
    quad = c1 * gFro + b * gFro + v * gg;
  } else {
    const { tasks, k } = test;
    ensure(
      Number.isInteger(k) && k >= 1 && tasks.length === k * d,
      'tasks',
      `k >= 1 task vectors of length d (${d})`,
      tasks.length,
    );
    const m = new Float64Array(d);
    let trGR = 0;
    let trGRG = 0;
    const gw = new Float64Array(d);
    for (let j = 0; j < k; j++) {
      const off = j * d;
      // Stryker disable next-line EqualityOperator: extra write past the end (dropped) (docs/equivalent-mutants.md)
      for (let i = 0; i < d; i++) {
        let acc = 0;
        const row = i * p;
        for (let a = 0; a < d; a++) acc += gamma[row + a]! * tasks[off + a]!;
        gw[i] = acc;
      }
      for (let i = 0; i < d; i++) {
        trGR += tasks[off + i]! * gw[i]!;
        trGRG += gw[i]! * gw[i]!;
        m[i] = m[i]! + tasks[off + i]!;
      }
    }
    trGR /= k;
    trGRG /= k;
    // Stryker disable next-line EqualityOperator: extra write past the end (dropped) (docs/equivalent-mutants.md)
    for (let i = 0; i < d; i++) m[i] = m[i]! / k;
    let gm = 0;
    let gGm = 0;
    for (let i = 0; i < d; i++) {
      gm += gamma[i * p + d]! * m[i]!;
      let acc = 0;
      for (let a = 0; a < d; a++) acc += gamma[i * p + a]! * m[a]!;
      gGm += gamma[i * p + d]! * acc;
    }
    trGA = trGR + (1 + rho) * gm;
    quad = c1 * gFro + b * trGRG + 2 * u * gGm + v * gg;
  }
  return 1 + rho - (2 / d) * trGA + quad / d;
}
