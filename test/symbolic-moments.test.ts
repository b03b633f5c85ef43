// The moment calculus behind proofs 8-11: each piece checked against an independent route.
import { describe, expect, it } from 'vitest';
import {
  bound,
  chiSquare,
  coefficientOf,
  dataModel,
  expectation,
  expectIndependent,
  field,
  hComponent,
  limitAtInfinity,
  normal,
  pairingCount,
  pairings,
  Poly,
  scalar,
  sqrtChiSquare,
  sStatistic,
  substituteSquare,
  sum,
  times,
  vec,
  type Model,
  type Quantity,
} from '../src/symbolic/moments.js';

const P = Poly.v;
const eq = (a: Poly, b: Poly) => expect(a.toString()).toBe(b.toString());

describe('Poly (Laurent polynomials, exact rationals)', () => {
  it('expands (a + b)^3 and cancels to normal form', () => {
    const s = P('a').add(P('b'));
    eq(s.pow(3), P('a').pow(3).add(P('a').pow(2).mul(P('b')).mul(Poly.const(3))).add(P('a').mul(P('b').pow(2)).mul(Poly.const(3))).add(P('b').pow(3)));
    expect(s.sub(P('b')).sub(P('a')).isZero()).toBe(true);
  });
  it('keeps negative powers and rational coefficients exact', () => {
    const x = P('d').mul(P('ell', -1)).mul(Poly.const(1, 3));
    eq(x.mul(P('ell')).mul(Poly.const(3)), P('d'));
    eq(x.inverse().mul(x), Poly.ONE);
  });
  it('substitutes a sum for a nonnegative power and a monomial for a negative one', () => {
    eq(P('nu').pow(2).substitute('nu', P('ell').sub(Poly.ONE)), P('ell').pow(2).sub(P('ell').mul(Poly.const(2))).add(Poly.ONE));
    eq(P('ell', -2).substitute('ell', P('alpha').mul(P('d'))), P('alpha', -2).mul(P('d', -2)));
    expect(() => P('ell', -1).substitute('ell', P('a').add(Poly.ONE))).toThrow(/single term/);
  });
  it('takes d -> inf limits and refuses divergent ones', () => {
    eq(limitAtInfinity(Poly.ONE.add(P('d', -1)).add(P('alpha', -1)), 'd'), Poly.ONE.add(P('alpha', -1)));
    expect(() => limitAtInfinity(P('d'), 'd')).toThrow(/diverges/);
  });
  it('substituteSquare replaces even powers and refuses odd ones', () => {
    eq(substituteSquare(P('V', 2).mul(P('a')), 'V', P('q')), P('q').mul(P('a')));
    expect(() => substituteSquare(P('V'), 'V', P('q'))).toThrow(/not a polynomial/);
  });
});

describe('pairings and scalar laws', () => {
  it('enumerates (n-1)!! distinct perfect matchings', () => {
    for (const n of [0, 2, 4, 6, 8]) {
      const all = pairings(n);
      expect(all.length).toBe(pairingCount(n));
      expect(new Set(all.map((m) => JSON.stringify(m))).size).toBe(all.length);
      for (const m of all) expect(m.flat().sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
    }
    expect(pairings(5)).toEqual([]);
    expect([2, 4, 6, 8].map(pairingCount)).toEqual([1, 3, 15, 105]);
  });
  it('normal moments: odd vanish, E[t^4] = 3 s^2, E[t^6] = 15 s^3', () => {
    const n = normal(P('s'));
    expect(n(3).isZero()).toBe(true);
    eq(n(4), P('s').pow(2).mul(Poly.const(3)));
    eq(n(6), P('s').pow(3).mul(Poly.const(15)));
  });
  it('chi-square moments equal the Wick moments of a sum of nu squared standard normals', () => {
    const model: Model = { families: { g: { name: 'g', slots: ['nu'], scale: Poly.ONE } }, norms: {}, free: {} };
    const sq = (): Quantity => {
      const i = bound('i');
      return sum(i, 'nu', times(field('g', i), field('g', i)));
    };
    for (const k of [1, 2, 3]) {
      const q = times(...Array.from({ length: k }, sq));
      eq(coefficientOf(expectation(model, q), '1'), chiSquare(P('nu'))(k));
    }
  });
  it('normal moments equal the Wick moments of one field', () => {
    const model: Model = { families: { t: { name: 't', slots: [], scale: P('s') } }, norms: {}, free: {} };
    for (const n of [1, 2, 3, 4, 6, 8]) eq(coefficientOf(expectation(model, times(...Array.from({ length: n }, () => field('t')))), '1'), normal(P('s'))(n));
  });
  it('expectIndependent: an odd centred normal factor kills a term before sqrt(chi2) odd moments are asked for', () => {
    const laws = { t: normal(P('rho')), r: sqrtChiSquare(P('ell')) };
    expect(expectIndependent(P('t').mul(P('r')), laws).isZero()).toBe(true);
    eq(expectIndependent(P('t').pow(2).mul(P('r').pow(2)), laws), P('rho').mul(P('ell')));
    expect(() => expectIndependent(P('r'), laws)).toThrow(/odd moment/);
  });
});

describe('Wick over indexed fields', () => {
  const model = dataModel(['a', 'b']);
  it('E[x_a x_b] for one token is delta_ab/d', () => {
    const t = expectation({ ...model, free: { a: 'd', b: 'd', n: 'ell' } }, times(field('x', 'n', 'a'), field('x', 'n', 'b')));
    expect([...t.keys()]).toEqual(['delta_a_b']);
    eq(coefficientOf(t, 'delta_a_b'), P('d', -1));
  });
  it('refuses a moment the model does not determine (sum of w_c alone)', () => {
    const c = bound('c');
    expect(() => expectation(model, sum(c, 'd', vec('w', c)))).toThrow(/not determined/);
  });
  it('at d = 1, ell = 1 the moments are those of one Gaussian pair: E[s^2] = 3(1+rho)^2, E[h^2] = 3 + rho', () => {
    const at11 = (p: Poly) => p.substitute('d', Poly.ONE).substitute('ell', Poly.ONE);
    const onePlusRho = Poly.ONE.add(P('rho'));
    eq(at11(coefficientOf(expectation(model, times(sStatistic(), sStatistic())), '1')), onePlusRho.pow(2).mul(Poly.const(3)));
    // d = 1: w = +-1, so h^2 = I-part + w^2 part.
    const hh = expectation(model, times(hComponent('a'), hComponent('b')));
    eq(at11(coefficientOf(hh, 'delta_a_b').add(coefficientOf(hh, 'w_a*w_b'))), Poly.const(3).add(P('rho')));
  });
  it('a scalar factor passes through', () => {
    eq(coefficientOf(expectation(model, times(scalar(P('q')), sStatistic())), '1'), P('q').mul(Poly.ONE.add(P('rho'))));
  });
});
