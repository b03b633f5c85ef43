// Proof 8: Lemma 1, every conditional moment of (h, s) given w, derived from the data model of
// docs/theory.md §1 by the Wick calculus (src/symbolic/moments.ts), exact in d and ℓ, and compared with the
// single definitions in src/theory/lemma1.ts. A second, elementary route (sums split into i = j and
// i ≠ j, moments of N(0, 1 + ρ)) must agree with the first.
import { e, identity, region, R } from './helpers.js';
import type { Proof } from './proof.js';
import type { Ctx } from '../numeric/context.js';
import { symbolic } from '../symbolic/symbolicContext.js';
import { variable, type Expr } from '../symbolic/expr.js';
import { dataModel, hComponent, label, sStatistic } from '../symbolic/dataModel.js';
import { normal } from '../symbolic/laws.js';
import { Poly } from '../symbolic/poly.js';
import { coefficientOf, expectation, field, times } from '../symbolic/wick.js';
import { hhIdentityCoef, hhTaskCoef, hsCoef, meanHCoef, meanS, ssMoment } from '../theory/lemma1.js';

/**
 * The symbolic context in which the integers d and ℓ handed to the core stay symbols: the core's
 * lemma1 functions take them as JS numbers, so two sentinel values are mapped to the variables d and
 * ell by `num`. A sentinel folded into another constant by the core would stay a number and make the
 * comparison fail, never pass.
 */
export const D = 1000003;
export const ELL = 1000033;
export const symInt: Ctx<Expr> = (() => {
  const base = symbolic();
  return {
    ...base,
    num: (v: number | string) => (v === D ? variable('d') : v === ELL ? variable('ell') : base.num(v)),
  };
})();
const rho = variable('rho');

// i0: one token, left free (no sum) in the label moments.
const model = { ...dataModel(['a', 'b']), free: { a: 'd', b: 'd', i0: 'ell' } };
const onePlusRho = Poly.ONE.add(Poly.v('rho'));

// The Wick derivation of every moment, as tensors in the free coordinate indices a, b.
const wick = {
  yy: expectation(model, times(label('i0'), label('i0'))),
  yx: expectation(model, times(label('i0'), field('x', 'i0', 'a'))),
  h: expectation(model, hComponent('a')),
  s: expectation(model, sStatistic()),
  hh: expectation(model, times(hComponent('a'), hComponent('b'))),
  hs: expectation(model, times(hComponent('a'), sStatistic())),
  ss: expectation(model, times(sStatistic(), sStatistic())),
};

const P = (t: Map<string, Poly>, key: string): Expr => coefficientOf(t, key).toExpr();

/** Σ of the squared coefficients of every structure other than `keys`: zero iff there is none. */
const others = (t: Map<string, Poly>, keys: string[]): Expr =>
  [...t.entries()]
    .filter(([k]) => !keys.includes(k))
    .reduce((acc, [, c]) => acc.add(c.mul(c)), Poly.ZERO)
    .toExpr();

const all = region('d >= 1, ell >= 1, rho >= 0', {
  d: R.between(1, 200),
  ell: R.between(1, 200),
  rho: R.between(0, 5),
});

// The elementary route: y ~ N(0, v) with v = E[y²]; Cov(y, x_a) = c w_a; Cov(x_a, x_b) = δ_ab/d.
const v = coefficientOf(wick.yy, '1');
const cyx = coefficientOf(wick.yx, 'w_a');
const y4 = normal(v)(4);
const ev = { v: v.toExpr(), c: cyx.toExpr(), y4: y4.toExpr() };

const theory = {
  h: meanHCoef(symInt),
  s: meanS(symInt, rho),
  hhI: hhIdentityCoef(symInt, D, ELL, rho),
  hhW: hhTaskCoef(symInt, ELL),
  hs: hsCoef(symInt, ELL, rho),
  ss: ssMoment(symInt, ELL, rho),
};

const ssStep = (claim: Expr, statement: string) => identity(statement, P(wick.ss, '1'), claim, all);

export const lemma1: Proof = {
  name: 'lemma1',
  claim:
    'Lemma 1: E[h|w] = w, E[s|w] = 1 + rho, E[hh^T|w] = ((1+rho)/alpha) I + (1 + 1/ell) ww^T, ' +
    'E[hs|w] = (1+rho)(1+2/ell) w, E[s^2|w] = (1+rho)^2(1+2/ell), exactly for every d, ell',
  steps: [
    identity(
      'Wick: a label y_i = <x_i, w> + eps_i has E[y_i^2 | w] = |w|^2/d + rho = 1 + rho (|w|^2 = d)',
      P(wick.yy, '1'),
      onePlusRho.toExpr(),
      all,
    ),
    identity('Wick: Cov(y_i, x_{i,a} | w) = w_a/d', P(wick.yx, 'w_a'), e('1/d'), all),
    identity("Wick: E[h | w] = c w with c = 1 (the core's meanHCoef)", P(wick.h, 'w_a'), theory.h, all),
    identity('E[h | w] has no other term', others(wick.h, ['w_a']), e('0'), all),
    identity("Wick: E[s | w] = 1 + rho (the core's meanS)", P(wick.s, '1'), theory.s, all),
    identity(
      "Wick: the I_d coefficient of E[hh^T | w] is the core's hhIdentityCoef, exact in d and ell",
      P(wick.hh, 'delta_a_b'),
      theory.hhI,
      all,
    ),
    identity(
      "the core's hhIdentityCoef is docs/theory.md's (1 + rho)/alpha with alpha = ell/d",
      theory.hhI,
      e('(1 + rho)/alpha', { alpha: e('ell/d') }),
      all,
    ),
    identity(
      "Wick: the w w^T coefficient of E[hh^T | w] is the core's hhTaskCoef = 1 + 1/ell",
      P(wick.hh, 'w_a*w_b'),
      theory.hhW,
      all,
    ),
    identity(
      'E[hh^T | w] has no other term (no I-w cross structure)',
      others(wick.hh, ['delta_a_b', 'w_a*w_b']),
      e('0'),
      all,
    ),
    identity("Wick: E[hs | w] = (1 + rho)(1 + 2/ell) w (the core's hsCoef)", P(wick.hs, 'w_a'), theory.hs, all),
    identity('E[hs | w] has no other term', others(wick.hs, ['w_a']), e('0'), all),
    ssStep(theory.ss, "Wick: E[s^2 | w] = (1 + rho)^2 (1 + 2/ell) (the core's ssMoment)"),
    identity(
      'i = j / i != j: E[hh^T] I-part = (d/ell)^2 * ell * E[y^2] (1/d): only i = j terms carry delta_ab',
      e('(d/ell)^2*ell*v/d', ev),
      P(wick.hh, 'delta_a_b'),
      all,
    ),
    identity(
      'i = j / i != j: E[hh^T] ww^T-part = (d/ell)^2 (ell * 2c^2 ' +
        '[Isserlis E[y^2 x_a x_b]] + ell(ell - 1) c^2 [independent tokens])',
      e('(d/ell)^2*(ell*2*c^2 + ell*(ell - 1)*c^2)', ev),
      P(wick.hh, 'w_a*w_b'),
      all,
    ),
    identity(
      'i = j / i != j: E[hs] = (d/ell^2)(ell * 3 v c [Isserlis E[y^3 x_a]] + ell(ell - 1) c v) w',
      e('(d/ell^2)*(ell*3*v*c + ell*(ell - 1)*c*v)', ev),
      P(wick.hs, 'w_a'),
      all,
    ),
    ssStep(
      e('(ell*y4 + ell*(ell - 1)*v^2)/ell^2', ev),
      'i = j / i != j: E[s^2] = (ell E[y^4] + ell(ell - 1) E[y^2]^2)/ell^2 with E[y^4] = 3 v^2 (N(0, v) moment)',
    ),
  ],
  mutant: () => ({
    step: 11,
    change: 'factor in E[s^2]: (1 + 1/ell) instead of (1 + 2/ell)',
    broken: ssStep(e('(1 + rho)^2*(1 + 1/ell)'), 'broken: E[s^2 | w] = (1 + rho)^2 (1 + 1/ell)'),
  }),
};
