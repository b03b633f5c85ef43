// Proof 11: the context-only ridge baseline ŵ = (XᵀX + ρI)⁻¹Xᵀy has asymptotic ICL error
// ρ + (ρ/α) M_α(ρ/α).
import { e, identity, limit, region, R, at } from './helpers.js';
import type { DecCtx, DecPoint } from './helpers.js';
import type { Proof } from './proof.js';
import type { Decimal } from 'decimal.js';
import { contextRidgeError } from '../theory/baselines.js';

// d = 2, ℓ = 3: X has rows (x_i1, x_i2); G = (XᵀX + ρI)⁻¹ written out for a 2×2 matrix.
type Mat = Decimal[][];
const matmul = (a: Mat, b: Mat): Mat => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s.plus(v.times(b[k]![j]!)), row[0]!.times(0))));
const transpose = (a: Mat): Mat => a[0]!.map((_, j) => a.map((row) => row[j]!));
const trace = (a: Mat): Decimal => a.reduce((s, row, i) => s.plus(row[i]!), a[0]![0]!.times(0));
function inverse2(a: Mat): Mat {
  const [[p, q], [r, s]] = a as [[Decimal, Decimal], [Decimal, Decimal]];
  const det = p.times(s).minus(q.times(r));
  return [[s.div(det), q.neg().div(det)], [r.neg().div(det), p.div(det)]];
}
const design = (p: DecPoint): Mat => [0, 1, 2].map((i) => [at(p, `x${i}1`), at(p, `x${i}2`)]);
function gram(c: DecCtx, p: DecPoint): { G: Mat; A: Mat } {
  const X = design(p);
  const A = matmul(transpose(X), X);
  const rho = at(p, 'rho');
  return { A, G: inverse2(A.map((row, i) => row.map((v, j) => (i === j ? v.plus(rho) : v.plus(c.num(0)))))) };
}
const entries = Object.fromEntries([0, 1, 2].flatMap((i) => [1, 2].map((j) => [`x${i}${j}`, R.between(-2, 2)])));
const finite = region('d = 2, l = 3, X random, rho > 0', { ...entries, rho: R.pos(1e-2, 5) });
const withVectors = region('d = 2, l = 3, X, w, eps random, rho > 0', { ...entries, rho: R.pos(1e-2, 5), w1: R.between(-2, 2), w2: R.between(-2, 2), n0: R.between(-1, 1), n1: R.between(-1, 1), n2: R.between(-1, 1) });
const scalars = region('s >= 0, rho > 0, alpha > 0', { s: R.pos(1e-3, 50), rho: R.pos(1e-3, 5), alpha: R.pos(0.05, 20) });

export const ridgeBaselineProof: Proof = {
  name: 'ridge-baseline',
  claim: 'the context-only ridge estimator (X^T X + rho I)^-1 X^T y has asymptotic ICL error rho + (rho/alpha) M_alpha(rho/alpha)',
  steps: [
    ...[0, 1].map((k) => identity(`the estimation error: component ${k + 1} of w - w_hat equals that of G(rho w - X^T eps), y = Xw + eps (d = 2, l = 3)`, (c, p) => {
      const X = design(p);
      const { G } = gram(c, p);
      const w = [[at(p, 'w1')], [at(p, 'w2')]];
      const noise = [[at(p, 'n0')], [at(p, 'n1')], [at(p, 'n2')]];
      const y = matmul(X, w).map((row, i) => [row[0]!.plus(noise[i]![0]!)]);
      const wHat = matmul(G, matmul(transpose(X), y));
      return w[k]![0]!.minus(wHat[k]![0]!);
    }, (c, p) => {
      const X = design(p);
      const { G } = gram(c, p);
      const rho = at(p, 'rho');
      const v = matmul(transpose(X), [[at(p, 'n0')], [at(p, 'n1')], [at(p, 'n2')]]).map((row, i) => [at(p, `w${i + 1}`).times(rho).minus(row[0]!)]);
      return matmul(G, v)[k]![0]!;
    }, withVectors, true)),
    identity('w - w_hat = G(rho w - X^T eps) with G = (X^T X + rho I)^-1, so with E[w w^T] = I, E[eps eps^T] = rho I: (1/d)E|w - w_hat|^2 = (1/d)tr(G(rho^2 I + rho X^T X)G) = (rho/d) tr G (finite d = 2, l = 3)', (c, p) => {
      const { G, A } = gram(c, p);
      const rho = at(p, 'rho');
      return trace(matmul(G, G)).times(rho.times(rho)).plus(trace(matmul(matmul(G, A), G)).times(rho));
    }, (c, p) => trace(gram(c, p).G).times(at(p, 'rho')), finite, true),
    identity('per eigenvalue s of X^T X: (rho^2 + rho s)/(s + rho)^2 = rho/(s + rho)', e('(rho^2 + rho*s)/(s + rho)^2'), e('rho/(s + rho)'), scalars),
    identity('X^T X = alpha R_hat with R_hat = (1/l) sum (sqrt(d) x_i)(sqrt(d) x_i)^T, distributed as the task covariance with k -> l: rho/(alpha s + rho) = (rho/alpha)/(s + rho/alpha), so (rho/d) tr G -> (rho/alpha) M_alpha(rho/alpha)', e('rho/(alpha*s + rho)'), e('(rho/alpha)/(s + rho/alpha)'), scalars),
    identity('the core\'s contextRidgeError is rho + (rho/alpha) M_alpha(rho/alpha)', (c, p) => contextRidgeError(c, at(p, 'alpha'), at(p, 'rho')), e('rho + (rho/alpha)*M(alpha, rho/alpha)'), region('alpha > 0, rho > 0', { alpha: R.pos(0.05, 50), rho: R.pos(1e-3, 5) }), true),
    limit('rho -> 0, alpha < 1: the error tends to 1 - alpha (the core\'s rho = 0 value)', (c, t, p) => contextRidgeError(c, at(p, 'alpha'), t), (c, p) => contextRidgeError(c, at(p, 'alpha'), c.num(0)), region('0 < alpha < 0.9', { alpha: R.between(0.05, 0.9) })),
    limit('rho -> 0, alpha > 1: the error tends to 0', (c, t, p) => contextRidgeError(c, at(p, 'alpha'), t), (c, p) => contextRidgeError(c, at(p, 'alpha'), c.num(0)), region('alpha > 1.1', { alpha: R.pos(1.1, 50) })),
  ],
  mutant: () => ({
    step: 4,
    change: 'factor: rho alpha instead of rho/alpha',
    broken: identity('broken scaling', e('rho/(alpha*s + rho)'), e('(rho/alpha)/(s + rho*alpha)'), scalars),
  }),
};
