// Proof 10: the fast sampler of docs/theory.md §3 reproduces the Lemma 1 moments. The sampler's (h, s) is
// written as in docs/theory.md (A ~ χ²_ℓ, t ~ N(0, ρ), Q ~ χ²_{ℓ−1}, g ~ N(0, I_d), all independent), its
// moments computed by the moment calculus (Wick over g, then χ² and normal moments), and compared with
// the core's Lemma 1 and with the data model's own joint moments of (Σ y_i a_i, ‖y‖²).
import { e, identity, region, R } from './helpers.js';
import type { Proof } from './proof.js';
import { variable, type Expr } from '../symbolic/expr.js';
import { dataModel, label } from '../symbolic/dataModel.js';
import { chiSquare, expectIndependent, type Law, normal, sqrtChiSquare } from '../symbolic/laws.js';
import { Poly, substituteSquare } from '../symbolic/poly.js';
import {
  bound,
  coefficientOf,
  expectation,
  field,
  type Model,
  plus,
  type RandomExpr,
  scalar,
  scale,
  sum,
  times,
  vec,
} from '../symbolic/wick.js';
import { hhIdentityCoef, hhTaskCoef, hsCoef, meanHCoef, meanS, ssMoment } from '../theory/lemma1.js';
import { D, ELL, symInt } from './lemma1.js';

const [ell, rho, d] = ['ell', 'rho', 'd'].map((n) => Poly.v(n)) as [Poly, Poly, Poly];
const one = Poly.ONE;
const r = Poly.v('r'); // √A
const t = Poly.v('t');

/** Σ_i y_i a_i = A + t√A and ‖y‖² = (√A + t)² + ρQ, as polynomials in r = √A, t, Q. */
const S1 = r.mul(r).add(t.mul(r));
const N2 = r
  .add(t)
  .pow(2)
  .add(rho.mul(Poly.v('Q')));

const laws = (qDegrees: Poly): Record<string, Law> => ({
  r: sqrtChiSquare(ell),
  t: normal(rho),
  Q: chiSquare(qDegrees),
});
const trueLaws = laws(ell.sub(one));

// g ~ N(0, I_d); the coefficient V of the g-part, V = √d ‖y‖/ℓ, enters the moments only through V².
const gModel: Model = {
  families: { g: { name: 'g', slots: ['d'], scale: one } },
  norms: { w: d },
  free: { a: 'd', b: 'd' },
};
const V2 = d.mul(N2).mul(ell.pow(2).inverse());

/** h_a = (d/ℓ)[(S1/√d) e_a + (‖y‖/√d)(g − ⟨g, e⟩e)_a] with e = w/√d: U w_a + V (g_a − (w_a/d) Σ_c w_c g_c). */
function hSampler(a: string): RandomExpr {
  const c = bound('c');
  const projected = plus(
    field('g', a),
    scale(d.inverse().neg(), times(vec('w', a), sum(c, 'd', times(vec('w', c), field('g', c))))),
  );
  return plus(scale(S1.mul(ell.inverse()), vec('w', a)), scale(Poly.v('V'), projected));
}
const sSampler: RandomExpr = scalar(N2.mul(ell.inverse()));

/** E over g (Wick), then V² → d‖y‖²/ℓ², then E over the independent scalars. */
function samplerMoment(q: RandomExpr, key: string, scalars: Record<string, Law> = trueLaws): Expr {
  const c = coefficientOf(expectation(gModel, q), key);
  return expectIndependent(substituteSquare(c, 'V', V2), scalars).toExpr();
}

const moments = (scalars: Record<string, Law>) => ({
  h: samplerMoment(hSampler('a'), 'w_a', scalars),
  s: samplerMoment(sSampler, '1', scalars),
  hhI: samplerMoment(times(hSampler('a'), hSampler('b')), 'delta_a_b', scalars),
  hhW: samplerMoment(times(hSampler('a'), hSampler('b')), 'w_a*w_b', scalars),
  hs: samplerMoment(times(hSampler('a'), sSampler), 'w_a', scalars),
  ss: samplerMoment(times(sSampler, sSampler), '1', scalars),
});
const sampler = moments(trueLaws);

// The data model's own (Σ y_i a_i, ‖y‖²) with a_i = √d⟨x_i, e⟩ = ⟨x_i, w⟩: joint moments beyond Lemma 1.
const model = dataModel([]);
const tokenSum = (f: (i: string) => RandomExpr): RandomExpr => {
  const i = bound('i');
  return sum(i, 'ell', f(i));
};
const aTok = (i: string): RandomExpr => {
  const c = bound('c');
  return sum(c, 'd', times(vec('w', c), field('x', i, c)));
};
const dS1 = tokenSum((i) => times(label(i), aTok(i)));
const dN2 = tokenSum((i) => times(label(i), label(i)));
const dataMoment = (...qs: RandomExpr[]): Expr => coefficientOf(expectation(model, times(...qs)), '1').toExpr();
const samplerScalar = (p: Poly): Expr => expectIndependent(p, trueLaws).toExpr();

const rho_ = variable('rho');
const all = region('d >= 1, ell >= 1 (chi2_0 = 0), rho >= 0', {
  d: R.between(1, 200),
  ell: R.between(1, 200),
  rho: R.between(0, 5),
});

export const samplerProof: Proof = {
  name: 'sampler',
  claim:
    'the fast sampler of docs/theory.md §3 (A ~ chi2_ell, t ~ N(0, rho), Q ' +
    '~ chi2_{ell-1}, g ~ N(0, I_d)) reproduces the Lemma 1 moments exactly',
  steps: [
    identity(
      "sampler: E[h | w] = (E[A + t sqrt(A)]/ell) w = w (the core's meanHCoef)",
      sampler.h,
      meanHCoef(symInt),
      all,
    ),
    identity(
      "sampler: E[s | w] = E[(sqrt(A) + t)^2 + rho Q]/ell = 1 + rho (the core's meanS)",
      sampler.s,
      meanS(symInt, rho_),
      all,
    ),
    identity(
      'sampler: I_d coefficient of E[hh^T] = (d/ell^2) E[|y|^2] ' +
        '(g-part, E[gg^T] = I, P = I - ee^T) = core hhIdentityCoef',
      sampler.hhI,
      hhIdentityCoef(symInt, D, ELL, rho_),
      all,
    ),
    identity(
      'sampler: ww^T coefficient of E[hh^T] = (E[(sum y a)^2] - E[|y|^2])/ell^2 = core hhTaskCoef',
      sampler.hhW,
      hhTaskCoef(symInt, ELL),
      all,
    ),
    identity(
      'sampler: E[hs | w] = E[(sum y a)|y|^2]/ell^2 w = core hsCoef',
      sampler.hs,
      hsCoef(symInt, ELL, rho_),
      all,
    ),
    identity('sampler: E[s^2 | w] = E[|y|^4]/ell^2 = core ssMoment', sampler.ss, ssMoment(symInt, ELL, rho_), all),
    identity(
      "beyond Lemma 1: E[(sum y_i a_i)^3] of the sampler equals the data model's (Wick)",
      samplerScalar(S1.pow(3)),
      dataMoment(dS1, dS1, dS1),
      all,
    ),
    identity(
      "beyond Lemma 1: E[(sum y_i a_i)^2 |y|^2] of the sampler equals the data model's",
      samplerScalar(S1.pow(2).mul(N2)),
      dataMoment(dS1, dS1, dN2),
      all,
    ),
    identity(
      "beyond Lemma 1: E[|y|^6] of the sampler equals the data model's",
      samplerScalar(N2.pow(3)),
      dataMoment(dN2, dN2, dN2),
      all,
    ),
    identity(
      "beyond Lemma 1, order 4: E[(sum y_i a_i)^4] of the sampler equals the data model's",
      samplerScalar(S1.pow(4)),
      dataMoment(dS1, dS1, dS1, dS1),
      all,
    ),
    identity(
      "beyond Lemma 1, order 4: E[(sum y_i a_i)^2 |y|^4] of the sampler equals the data model's",
      samplerScalar(S1.pow(2).mul(N2.pow(2))),
      dataMoment(dS1, dS1, dN2, dN2),
      all,
    ),
    identity(
      "the sampler's E[s^2 | w] is docs/theory.md's (1 + rho)^2 (1 + 2/ell)",
      sampler.ss,
      e('(1 + rho)^2*(1 + 2/ell)'),
      all,
    ),
  ],
  mutant: () => ({
    step: 1,
    change: 'degrees of freedom of Q: chi2_ell instead of chi2_{ell-1}',
    broken: identity(
      'broken sampler (Q ~ chi2_ell): E[s | w] = 1 + rho',
      moments(laws(ell)).s,
      meanS(symInt, rho_),
      all,
    ),
  }),
};
