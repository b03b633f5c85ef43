// Edges of the step checker, the data model, the scalar laws and the nerdamer wrapper that the other
// symbolic tests leave open: each expected value is derived by hand (in the comments) or is the
// documented message a user sees.
import { describe, expect, it } from 'vitest';
import { checkStep, type IdentityStep, type LimitStep } from '../src/symbolic/checkStep.js';
import { dataModel, hComponent, sStatistic } from '../src/symbolic/dataModel.js';
import { expectIndependent, normal, pairingCount } from '../src/symbolic/laws.js';
import { coefficients } from '../src/symbolic/nerdamer.js';
import { parse } from '../src/symbolic/stepFormula.js';
import { coefficientOf, expectation, field, times } from '../src/symbolic/wick.js';
import { Poly } from '../src/symbolic/poly.js';
import type { Region } from '../src/symbolic/random.js';

const P = Poly.v;
const eq = (a: Poly, b: Poly) => expect(a.toString()).toBe(b.toString());

describe('checkStep: identities', () => {
  const onlyX: Region = { description: 'x in [1, 2]', vars: { x: { lo: 1, hi: 2 } } };

  it('a symbolic zero that cannot be confirmed at the points fails, saying so', () => {
    // x + y = y + x reduces to 0, but the region gives y no value: the confirmation cannot evaluate it.
    const step: IdentityStep = {
      kind: 'identity',
      statement: 'x + y = y + x',
      lhs: parse('x + y'),
      rhs: parse('y + x'),
      region: onlyX,
    };
    const r = checkStep(step, 7);
    expect(r.statement).toBe('x + y = y + x');
    expect(r.method).toBe('numeric-identity');
    expect(r.status).toBe('fail');
    expect(r.detail).toMatch(
      /^nerdamer reduced it to 0 but the numeric confirmation disagrees: evaluation failed at \{"x":"[0-9.]+"\}: Error: no value for variable 'y' \(seed 7\)$/,
    );
  });

  it('a step that cannot be evaluated fails with the numeric-identity method', () => {
    const step: IdentityStep = {
      kind: 'identity',
      statement: 's',
      lhs: parse('x + y'),
      rhs: parse('y + x'),
      region: onlyX,
      numericOnly: true,
    };
    expect(checkStep(step, 3)).toMatchObject({ method: 'numeric-identity', status: 'fail' });
  });

  it('a side that is NaN fails as non-finite, even when the other side is finite', () => {
    // sqrt(-x) for x in [1, 2] is not a real number (decimal.js gives NaN); nothing passes by default.
    const step: IdentityStep = {
      kind: 'identity',
      statement: 'sqrt(-x) = x',
      lhs: (_c, p) => p.x!.neg().sqrt(),
      rhs: parse('x'),
      region: onlyX,
    };
    const r = checkStep(step, 7);
    expect(r).toMatchObject({ method: 'numeric-identity', status: 'fail' });
    expect(r.detail).toMatch(/^worst agreement none \(non-finite\) over 24 points/);
  });
});

describe('checkStep: limits at the edges of the rules', () => {
  const region: Region = { description: 'kappa in [0.1, 0.9]', vars: { kappa: { lo: 0.1, hi: 0.9 } } };
  // f(t) − 0 = 10^e[k] at t = 1e-10, 1e-20, 1e-30, 1e-40 (exact powers of ten: log10 is exact).
  const errorsAt =
    (e: readonly number[]): LimitStep['f'] =>
    (c, t) =>
      c.num(`1e${e[['1e-10', '1e-20', '1e-30', '1e-40'].indexOf(t.toExponential())]!}`);
  const lim = (e: readonly number[], order = 1): LimitStep => ({
    kind: 'limit',
    statement: 'lim',
    f: errorsAt(e),
    limit: parse('0'),
    region,
    order,
  });

  it('a gain of exactly 0.8·order·10 digits per rung is enough (t^0.8 at order 1)', () => {
    expect(checkStep(lim([-8, -16, -24, -32]), 5)).toMatchObject({ method: 'numeric-limit', status: 'pass' });
    expect(checkStep(lim([-8, -16, -23.9, -32]), 5).status).toBe('fail');
  });

  it('a last error of exactly 1e(3 − 32·order) is small enough', () => {
    const r = checkStep(lim([-2, -11, -20, -29]), 5);
    expect(r).toMatchObject({ method: 'numeric-limit', status: 'pass' });
    expect(r.detail).toMatch(/^error <= 1e-29 at t = 1e-40, shrinking like t\^1, over 5 points/);
    expect(checkStep(lim([-2, -11, -20, -28]), 5).status).toBe('fail');
  });

  it('an error at the floor 1e-100 (120 digits less 20) need not shrink further', () => {
    expect(checkStep(lim([-95, -100, -100, -100]), 5)).toMatchObject({ method: 'numeric-limit', status: 'pass' });
    expect(checkStep(lim([-95, -99, -99, -99]), 5).status).toBe('fail');
  });

  it('a slower approach fails as numeric-limit, listing the log10 errors', () => {
    // sqrt(t): log10 error −5, −10, −15, −20, gaining 5 < 8 digits a rung.
    const r = checkStep({ kind: 'limit', statement: 'sqrt', f: (_c, t) => t.sqrt(), limit: parse('0'), region }, 5);
    expect(r).toMatchObject({ method: 'numeric-limit', status: 'fail' });
    expect(r.detail).toMatch(
      /^log10 error -5\.0, -10\.0, -15\.0, -20\.0 at t = 1e-10\.\.1e-40 does not shrink like t\^1 at \{"kappa":"[0-9.]+"\} \(seed 5\)$/,
    );
  });
});

describe('data model', () => {
  it('by default the free coordinate indices are a and b, ranging over d', () => {
    expect(dataModel().free).toEqual({ a: 'd', b: 'd' });
  });

  it('h is unbiased for w and E[h_a h_b] = d(1 + rho)/ell delta_ab + (1 + 1/ell) w_a w_b', () => {
    // E[y_i x_{i,a}] = w_a/d, so E[h_a] = (d/ell)·ell·w_a/d = w_a. For i = j, by Isserlis,
    // E[y^2 x_a x_b] = (1 + rho) delta_ab/d + 2 w_a w_b/d^2; for i != j the factors are independent:
    // E[h_a h_b] = (d/ell)^2 (ell (1 + rho) delta_ab/d + (ell(ell − 1) + 2 ell) w_a w_b/d^2).
    const model = dataModel();
    const h = expectation(model, hComponent('a'));
    expect([...h.keys()]).toEqual(['w_a']);
    eq(coefficientOf(h, 'w_a'), Poly.ONE);
    const hh = expectation(model, times(hComponent('a'), hComponent('b')));
    eq(
      coefficientOf(hh, 'delta_a_b'),
      P('d')
        .mul(P('ell', -1))
        .mul(Poly.ONE.add(P('rho'))),
    );
    eq(coefficientOf(hh, 'w_a*w_b'), Poly.ONE.add(P('ell', -1)));
    // E[y_i^2] = |w|^2/d + rho = 1 + rho.
    eq(coefficientOf(expectation(model, sStatistic()), '1'), Poly.ONE.add(P('rho')));
  });

  it('a field with the wrong number of indices is refused, naming its family', () => {
    const model = { ...dataModel(), free: { a: 'd', n: 'ell' } };
    expect(() => expectation(model, times(field('x', 'a'), field('x', 'a')))).toThrow(
      /^field of 'x' needs 2 index\(es\)$/,
    );
    expect(() => expectation(model, times(field('eps', 'n', 'a'), field('eps', 'n', 'a')))).toThrow(
      /^field of 'eps' needs 1 index\(es\)$/,
    );
  });

  it('a misdeclared index range is reported with the summation index by its letter', () => {
    // y_i = sum_c w_c x_{i,c} + eps_i: a coordinate declared over ell meets c (over d).
    expect(() => expectation({ ...dataModel([]), free: { a: 'ell' } }, hComponent('a'))).toThrow(
      /^delta between indices of different ranges \(c#\d+, a\)$/,
    );
    // A token index declared over d meets the token sum's i (over ell).
    expect(() =>
      expectation(
        { ...dataModel(), free: { a: 'd', b: 'd', m: 'd' } },
        times(hComponent('a'), field('eps', 'm'), field('x', 'm', 'b')),
      ),
    ).toThrow(/^delta between indices of different ranges \(i#\d+, m\)$/);
    expect(() =>
      expectation({ ...dataModel([]), free: { m: 'd' } }, times(sStatistic(), field('eps', 'm'), field('eps', 'm'))),
    ).toThrow(/^delta between indices of different ranges \(i#\d+, m\)$/);
  });
});

describe('scalar laws', () => {
  it('an odd number of objects has no perfect matching', () => {
    expect([1, 3, 5, 7].map(pairingCount)).toEqual([0, 0, 0, 0]);
  });

  it('expectIndependent keeps the constant factors, negative powers included', () => {
    // E[a t^2 / d] = a rho / d for t ~ N(0, rho) and constants a, d.
    const laws = { t: normal(P('rho')) };
    eq(expectIndependent(P('a').mul(P('d', -1)).mul(P('t').pow(2)), laws), P('a').mul(P('d', -1)).mul(P('rho')));
  });

  it('a zero power of a random variable is E[t^0] = 1; a negative one is refused', () => {
    const laws = { t: normal(P('rho')) };
    eq(expectIndependent(P('t', 0).mul(P('a')), laws), P('a'));
    expect(() => expectIndependent(P('t', -2), laws)).toThrow(/^negative power of the random variable t$/);
  });
});

describe('nerdamer wrapper', () => {
  it('coefficients list the constant term first; the zero polynomial has the single coefficient 0', () => {
    expect(coefficients('0', 'x')).toEqual(['0']);
    expect(coefficients('3*x^2+5', 'x')).toEqual(['5', '0', '3']);
  });
});
