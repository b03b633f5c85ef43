// Proof 11: ridge on the context alone, ŵ = (XᵀX + ρI)⁻¹Xᵀy, has asymptotic ICL error
// ρ + (ρ/α) M_α(ρ/α) (docs/theory.md §7). The chain: the error of a fresh token is ρ + ‖w − ŵ‖²/d (Wick);
// w − ŵ = S⁻¹(ρw − Xᵀε), S = XᵀX + ρI; its mean square is ρ tr S⁻¹ (eigenwise, second moments only);
// XᵀX = α R̂ with R̂ the sample covariance of ℓ standard Gaussian tokens, whose limiting spectral
// moments (Wick, exact in d and ℓ, then ℓ = αd, d → ∞) are the coefficients of the large-x expansion
// of the root of the κ = α quadratic: (1/d) tr(R̂ + xI)⁻¹ → M_α(x). The core's contextRidgeError is
// then compared with that formula.
import { e, identity, limit, region, R, at } from './helpers.js';
import type { Proof } from './proof.js';
import { add, div, mul, neg, sub, substitute, variable, ZERO, type Expr } from '../symbolic/expr.js';
import { symbolic } from '../symbolic/symbolicContext.js';
import { expectIndependent, normal } from '../symbolic/laws.js';
import { limitAtInfinity, Poly, substituteSquare } from '../symbolic/poly.js';
import {
  bound,
  coefficientOf,
  expectation,
  field,
  type Model,
  plus,
  type RandomExpr,
  scalar,
  sum,
  times,
  vec,
} from '../symbolic/wick.js';
import { contextRidgeError } from '../theory/baselines.js';

// 1. A fresh token x ~ N(0, I/d), noise ε ~ N(0, ρ), v = w − ŵ fixed (independent of the new token).
const tokenModel: Model = {
  families: {
    x: { name: 'x', slots: ['d'], scale: Poly.v('d', -1) },
    eps: { name: 'eps', slots: [], scale: Poly.v('rho') },
  },
  norms: { v: Poly.v('vv') },
  free: {},
};
const residual: RandomExpr = (() => {
  const c = bound('c');
  return plus(sum(c, 'd', times(vec('v', c), field('x', c))), field('eps'));
})();
const freshError = coefficientOf(expectation(tokenModel, times(residual, residual)), '1').toExpr();

// 2. w − ŵ = S⁻¹(ρw − Xᵀε) at ℓ = 3, d = 2 with symbolic entries.
type Mat = Expr[][];
const v = (n: string): Expr => variable(n);
const X: Mat = [0, 1, 2].map((i) => [0, 1].map((j) => v(`x${i}${j}`)));
const wv = [v('w0'), v('w1')];
const ev = [v('e0'), v('e1'), v('e2')];
const rho = v('rho');
const T = (m: Mat): Mat => m[0]!.map((_, j) => m.map((row) => row[j]!));
const mm = (a: Mat, b: Mat): Mat =>
  a.map((row) => b[0]!.map((_, j) => row.reduce<Expr>((s, x, k) => add(s, mul(x, b[k]![j]!)), ZERO)));
const col = (xs: Expr[]): Mat => xs.map((x) => [x]);
const XtX = mm(T(X), X);
const S: Mat = XtX.map((row, i) => row.map((x, j) => (i === j ? add(x, rho) : x)));
const det = sub(mul(S[0]![0]!, S[1]![1]!), mul(S[0]![1]!, S[1]![0]!));
const Sinv: Mat = [
  [div(S[1]![1]!, det), div(neg(S[0]![1]!), det)],
  [div(neg(S[1]![0]!), det), div(S[0]![0]!, det)],
];
const y = mm(X, col(wv)).map((r, i) => add(r[0]!, ev[i]!));
const wHat = mm(Sinv, mm(T(X), col(y)));
const claimed = mm(
  Sinv,
  mm(T(X), col(ev)).map((r, i) => [sub(mul(rho, wv[i]!), r[0]!)]),
);
const trace = (m: Mat): Expr => m.reduce<Expr>((s, row, i) => add(s, row[i]!), ZERO);
const matrixRegion = region('X in R^{3x2}, w in R^2, eps in R^3, rho > 0', {
  ...Object.fromEntries([0, 1, 2].flatMap((i) => [0, 1].map((j) => [`x${i}${j}`, R.between(-2, 2)]))),
  w0: R.between(-2, 2),
  w1: R.between(-2, 2),
  e0: R.between(-1, 1),
  e1: R.between(-1, 1),
  e2: R.between(-1, 1),
  rho: R.pos(0.01, 5),
});

// 3. Eigenwise: (w − ŵ)_k = (ρ u_k − √λ_k ζ_k)/(λ_k + ρ), u_k of second moment 1 (E wwᵀ = I), ζ_k ~ N(0, ρ)
// (Cov(Xᵀε) = ρ XᵀX = ρ Q Λ Qᵀ). Only second moments enter, so u may be taken N(0, 1).
const comp = Poly.v('iS').mul(
  Poly.v('rho')
    .mul(Poly.v('u'))
    .sub(Poly.v('sl').mul(Poly.v('z'))),
);
const eigenMeanSquare = substitute(
  substituteSquare(
    expectIndependent(comp.mul(comp), { u: normal(Poly.ONE), z: normal(Poly.v('rho')) }),
    'sl',
    Poly.v('lam'),
  ).toExpr(),
  { iS: e('1/(lam + rho)') },
);

// 5. Spectral moments of R̂ = (1/ℓ) Σ_i g_i g_iᵀ, g_i ~ N(0, I_d): E[(1/d) tr R̂^k] by Wick, exact.
const gModel: Model = { families: { g: { name: 'g', slots: ['ell', 'd'], scale: Poly.ONE } }, norms: {}, free: {} };
function traceMoment(k: number): Poly {
  const a = Array.from({ length: k }, () => bound('a'));
  const i = Array.from({ length: k }, () => bound('i'));
  let q: RandomExpr = scalar(Poly.v('d', -1).mul(Poly.v('ell', -k)));
  for (let j = 0; j < k; j++) q = times(q, field('g', i[j]!, a[j]!), field('g', i[j]!, a[(j + 1) % k]!));
  for (let j = 0; j < k; j++) q = sum(i[j]!, 'ell', sum(a[j]!, 'd', q));
  return coefficientOf(expectation(gModel, q), '1');
}
const K = 6;
const exact = Array.from({ length: K + 1 }, (_, k) => (k === 0 ? Poly.ONE : traceMoment(k)));
/** ℓ = αd, d → ∞. */
const limiting = exact.map((m) => limitAtInfinity(m.substitute('ell', Poly.v('alpha').mul(Poly.v('d'))), 'd'));

/**
 * F(S_K) for the truncated expansion S_K(x) = Σ_{k≤K} (−1)^k μ_k x^{−k−1}, written in u = 1/x, and
 * F the κ-quadratic F(M) = (x/κ)M² + (x + 1 − 1/κ)M − 1 (κ passed as an expression).
 */
function quadraticOfSeries(kappa: Poly): { value: Expr; tail: Expr } {
  const u = Poly.v('u');
  const series = limiting.reduce((s, mu, k) => s.add(mu.mul(Poly.const((-1) ** k)).mul(u.pow(k + 1))), Poly.ZERO);
  const x = u.inverse();
  const ik = kappa.inverse();
  const F = x.mul(ik).mul(series.pow(2)).add(x.add(Poly.ONE).sub(ik).mul(series)).sub(Poly.ONE);
  // The part of order u^{K+1} and higher: F equals it iff the orders u^0 … u^K vanish.
  const tail = F.degrees('u')
    .filter((k) => k > K)
    .reduce((s, k) => s.add(F.coefficient('u', k).mul(u.pow(k))), Poly.ZERO);
  return { value: F.toExpr(), tail: tail.toExpr() };
}
const seriesTrue = quadraticOfSeries(Poly.v('alpha'));

const alphaRho = region('alpha > 0, rho > 0', { alpha: R.pos(0.05, 20), rho: R.pos(1e-3, 10) });
const alphaOnly = region('alpha > 0', { alpha: R.pos(0.05, 20), u: R.pos(0.01, 10) });
const bPos = region(
  'alpha > 0, rho > 0, b = rho/alpha + 1 - 1/alpha >= 0',
  { alpha: R.pos(0.05, 20), rho: R.pos(1e-3, 10) },
  (p) => p.rho! / p.alpha! + 1 - 1 / p.alpha! >= 0,
);
const bNeg = region(
  '0 < alpha < 1, rho > 0, b = rho/alpha + 1 - 1/alpha < 0',
  { alpha: R.between(0.05, 0.95), rho: R.pos(1e-4, 1) },
  (p) => p.rho! / p.alpha! + 1 - 1 / p.alpha! < 0,
);

/** The M-part (error − ρ)/(ρ/α) of the core's contextRidgeError, symbolic on one branch of M. */
const coreMPart = (branch: Record<string, string>): Expr => {
  const err = contextRidgeError(symbolic(branch), v('alpha'), rho);
  return div(sub(err, rho), e('rho/alpha'));
};
const alphaQuadratic = (m: Expr): Expr => e('(x/alpha)*mm^2 + (x + 1 - 1/alpha)*mm - 1', { mm: m, x: e('rho/alpha') });

export const ridgeBaselineProof: Proof = {
  name: 'ridge-baseline',
  claim:
    'context-only ridge w^ = (X^T X + rho I)^-1 X^T y has asymptotic ICL error rho + (rho/alpha) M_alpha(rho/alpha)',
  steps: [
    identity(
      'Wick over a fresh token: E[(y - <x, w^>)^2 | w, w^] = rho + |w - w^|^2/d',
      freshError,
      e('rho + vv/d'),
      region('d >= 1, vv >= 0, rho >= 0', { d: R.between(1, 100), vv: R.between(0, 50), rho: R.between(0, 5) }),
    ),
    identity(
      'w - w^ = S^-1 (rho w - X^T eps), S = X^T X + rho I (first coordinate; l = 3, d = 2, symbolic entries)',
      sub(wv[0]!, wHat[0]![0]!),
      claimed[0]![0]!,
      matrixRegion,
    ),
    identity(
      'w - w^ = S^-1 (rho w - X^T eps) (second coordinate)',
      sub(wv[1]!, wHat[1]![0]!),
      claimed[1]![0]!,
      matrixRegion,
    ),
    identity(
      'E over w, eps, eigenwise: E[(rho u - sqrt(lam) z)^2]/(lam ' +
        '+ rho)^2 = rho/(lam + rho), so E|w - w^|^2 = rho tr S^-1',
      eigenMeanSquare,
      e('rho/(lam + rho)'),
      region('lam >= 0, rho > 0', { lam: R.between(0, 50), rho: R.pos(1e-3, 10) }),
    ),
    identity(
      'the same as a trace identity: rho^2 tr S^-2 + rho tr(S^-1 X^T X S^-1) = rho tr S^-1 (l = 3, d = 2)',
      add(mul(mul(rho, rho), trace(mm(Sinv, Sinv))), mul(rho, trace(mm(mm(Sinv, XtX), Sinv)))),
      mul(rho, trace(Sinv)),
      matrixRegion,
    ),
    identity(
      'X^T X = alpha R^ (R^ the sample covariance of l standard ' +
        'tokens): rho/(alpha r + rho) = (rho/alpha)/(r + rho/alpha)',
      e('rho/(alpha*r + rho)'),
      e('(rho/alpha)/(r + rho/alpha)'),
      region('alpha > 0, r >= 0, rho > 0', { alpha: R.pos(0.05, 20), r: R.between(0, 50), rho: R.pos(1e-3, 10) }),
    ),
    identity(
      'Wick: E[(1/d) tr R^^2] = 1 + d/l + 1/l exactly',
      exact[2]!.toExpr(),
      e('1 + d/ell + 1/ell'),
      region('d, l >= 1', { d: R.between(1, 100), ell: R.between(1, 100) }),
    ),
    identity(
      'Wick: E[(1/d) tr R^^3] exactly in d, l; at l = alpha d, d -> inf it tends to 1 + 3/alpha + 1/alpha^2',
      limiting[3]!.toExpr(),
      e('1 + 3/alpha + 1/alpha^2'),
      alphaOnly,
    ),
    identity(
      `the limiting moments mu_0..mu_${K} (Wick, l = alpha d, d -> inf) are the coefficients of the large-x ` +
        `expansion of the root of the kappa = alpha quadratic: F(sum (-1)^k mu_k x^-k-1) = O(x^-${K + 1})`,
      seriesTrue.value,
      seriesTrue.tail,
      alphaOnly,
    ),
    identity(
      "the M-part of the core's contextRidgeError solves the kappa = alpha quadratic at x = rho/alpha (branch b >= 0)",
      alphaQuadratic(coreMPart({ alpha: '2', rho: '0.5' })),
      ZERO,
      bPos,
    ),
    identity(
      "the M-part of the core's contextRidgeError solves the kappa = alpha quadratic at x = rho/alpha (branch b < 0)",
      alphaQuadratic(coreMPart({ alpha: '0.5', rho: '0.01' })),
      ZERO,
      bNeg,
    ),
    identity(
      "the core's contextRidgeError = rho + (rho/alpha) M_alpha(rho/alpha) (core M, 60 digits)",
      (c, p) => contextRidgeError(c, at(p, 'alpha'), at(p, 'rho')),
      e('rho + (rho/alpha)*M(alpha, rho/alpha)'),
      alphaRho,
      true,
    ),
    limit(
      "rho -> 0: the core's contextRidgeError tends to its rho = 0 value (1 - alpha for alpha < 1)",
      (c, t, p) => contextRidgeError(c, at(p, 'alpha'), t),
      (c, p) => contextRidgeError(c, at(p, 'alpha'), c.num(0)),
      region('0 < alpha < 1', { alpha: R.between(0.05, 0.95) }),
    ),
    limit(
      "rho -> 0: the core's contextRidgeError tends to its rho = 0 value (0 for alpha > 1)",
      (c, t, p) => contextRidgeError(c, at(p, 'alpha'), t),
      (c, p) => contextRidgeError(c, at(p, 'alpha'), c.num(0)),
      region('alpha > 1', { alpha: R.between(1.05, 20) }),
    ),
    limit(
      'rho -> 0 at alpha = 1 (the interpolation threshold): the error tends to 0 only like sqrt(rho)',
      (c, t, p) => contextRidgeError(c, at(p, 'alpha'), t),
      (c, p) => contextRidgeError(c, at(p, 'alpha'), c.num(0)),
      region('alpha = 1', { alpha: R.between(1, 1) }),
      0.5,
    ),
    limit(
      "alpha -> inf: the error tends to rho (the core's alpha = inf value)",
      (c, t, p) => contextRidgeError(c, c.div(c.num(1), t), at(p, 'rho')),
      (c, p) => contextRidgeError(c, c.num('inf'), at(p, 'rho')),
      region('rho > 0', { rho: R.pos(1e-3, 10) }),
    ),
  ],
  mutant: () => {
    const wrong = quadraticOfSeries(Poly.v('alpha').inverse());
    return {
      step: 8,
      change: 'kappa replaced by 1/alpha instead of alpha in the quadratic',
      broken: identity(
        'broken: the limiting moments expand the root of the kappa = 1/alpha quadratic',
        wrong.value,
        wrong.tail,
        alphaOnly,
      ),
    };
  },
};
