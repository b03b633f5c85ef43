// The moment calculus behind proofs 8-11: each piece checked against an independent route.
import { describe, expect, it } from 'vitest';
import { dataModel, hComponent, sStatistic } from '../src/symbolic/dataModel.js';
import { chiSquare, expectIndependent, normal, pairingCount, pairings, sqrtChiSquare } from '../src/symbolic/laws.js';
import { fromExpr, limitAtInfinity, Poly, substituteSquare } from '../src/symbolic/poly.js';
import {
  bound,
  coefficientOf,
  expectation,
  field,
  mat,
  type Model,
  type RandomExpr,
  scalar,
  sum,
  times,
  vec,
} from '../src/symbolic/wick.js';

const P = Poly.v;
const eq = (a: Poly, b: Poly) => expect(a.toString()).toBe(b.toString());

describe('Poly (Laurent polynomials, exact rationals)', () => {
  it('expands (a + b)^3 and cancels to normal form', () => {
    const s = P('a').add(P('b'));
    eq(
      s.pow(3),
      P('a')
        .pow(3)
        .add(P('a').pow(2).mul(P('b')).mul(Poly.const(3)))
        .add(P('a').mul(P('b').pow(2)).mul(Poly.const(3)))
        .add(P('b').pow(3)),
    );
    expect(s.sub(P('b')).sub(P('a')).isZero()).toBe(true);
  });
  it('keeps negative powers and rational coefficients exact', () => {
    const x = P('d').mul(P('ell', -1)).mul(Poly.const(1, 3));
    eq(x.mul(P('ell')).mul(Poly.const(3)), P('d'));
    eq(x.inverse().mul(x), Poly.ONE);
  });
  it('substitutes a sum for a nonnegative power and a monomial for a negative one', () => {
    eq(
      P('nu').pow(2).substitute('nu', P('ell').sub(Poly.ONE)),
      P('ell')
        .pow(2)
        .sub(P('ell').mul(Poly.const(2)))
        .add(Poly.ONE),
    );
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
    const sq = (): RandomExpr => {
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
    for (const n of [1, 2, 3, 4, 6, 8])
      eq(
        coefficientOf(expectation(model, times(...Array.from({ length: n }, () => field('t')))), '1'),
        normal(P('s'))(n),
      );
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
    const t = expectation(
      { ...model, free: { a: 'd', b: 'd', n: 'ell' } },
      times(field('x', 'n', 'a'), field('x', 'n', 'b')),
    );
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
    eq(
      at11(coefficientOf(expectation(model, times(sStatistic(), sStatistic())), '1')),
      onePlusRho.pow(2).mul(Poly.const(3)),
    );
    // d = 1: w = +-1, so h^2 = I-part + w^2 part.
    const hh = expectation(model, times(hComponent('a'), hComponent('b')));
    eq(at11(coefficientOf(hh, 'delta_a_b').add(coefficientOf(hh, 'w_a*w_b'))), Poly.const(3).add(P('rho')));
  });
  it('a scalar factor passes through', () => {
    eq(coefficientOf(expectation(model, times(scalar(P('q')), sStatistic())), '1'), P('q').mul(Poly.ONE.add(P('rho'))));
  });
});

describe('index networks (chains and traces of fixed matrices)', () => {
  const none: Model = { families: {}, norms: { w: P('d') }, free: {} };
  const s2 = (f: (a: string, b: string) => RandomExpr): RandomExpr => {
    const a = bound('a');
    const b = bound('b');
    return sum(a, 'd', sum(b, 'd', f(a, b)));
  };
  const keys = (q: RandomExpr) => [...expectation(none, q).keys()];
  it('u^T M v and v^T M^T u are the same invariant, distinct from u^T M^T v', () => {
    const uMv = keys(s2((a, b) => times(vec('u', a), mat('M', a, b), vec('v', b))));
    const vMtu = keys(s2((a, b) => times(vec('v', b), mat('M', a, b), vec('u', a))));
    const uMtv = keys(s2((a, b) => times(vec('u', b), mat('M', a, b), vec('v', a))));
    expect(uMv).toEqual(vMtu);
    expect(uMv).not.toEqual(uMtv);
  });
  it('tr(AB) = tr(BA) = tr(B^T A^T), and differs from tr(A B^T)', () => {
    const ab = keys(s2((a, b) => times(mat('A', a, b), mat('B', b, a))));
    const ba = keys(s2((a, b) => times(mat('B', a, b), mat('A', b, a))));
    const abT = keys(s2((a, b) => times(mat('A', a, b), mat('B', a, b))));
    expect(ab).toEqual(ba);
    expect(ab).not.toEqual(abT);
  });
  it('a symmetric matrix is read the same transposed: tr(G^T R^T) = tr(G^T R) only when R is symmetric', () => {
    const gtRt = s2((a, b) => times(mat('G', a, b), mat('R', b, a)));
    const gtR = s2((a, b) => times(mat('G', a, b), mat('R', a, b)));
    expect(keys(gtRt)).not.toEqual(keys(gtR));
    const sym: Model = { ...none, symmetric: ['R'] };
    expect([...expectation(sym, gtRt).keys()]).toEqual([...expectation(sym, gtR).keys()]);
  });
  it('w^T w uses the known norm; a trace of one matrix is tr(M)', () => {
    const a = bound('a');
    expect(
      [...expectation(none, sum(a, 'd', times(vec('w', a), vec('w', a)))).entries()].map(([k, c]) => [k, c.toString()]),
    ).toEqual([['1', P('d').toString()]]);
    // A second, unused bound index contributes its range.
    expect(
      [
        ...expectation(
          none,
          s2((x) => times(vec('w', x), vec('w', x))),
        ).values(),
      ].map(String),
    ).toEqual([P('d').pow(2).toString()]);
    expect(keys(sum(a, 'd', mat('M', a, a)))).toEqual(['tr(M)']);
  });
  it('given moments of non-Gaussian fields are used, and missing ones are refused', () => {
    const given: Model = { ...none, given: (f) => (f.length === 1 ? [{ coef: P('m'), deltas: [], vecs: [] }] : []) };
    eq(coefficientOf(expectation(given, field('s')), '1'), P('m'));
    expect(() => expectation(none, field('s'))).toThrow(/no Gaussian law/);
  });
  it('fromExpr reads Laurent polynomials and refuses roots', async () => {
    const { parse } = await import('../src/symbolic/stepFormula.js');
    eq(
      fromExpr(parse('(1 + rho)*d/ell')),
      P('d')
        .mul(P('ell', -1))
        .mul(Poly.ONE.add(P('rho'))),
    );
    expect(() => fromExpr(parse('sqrt(d)'))).toThrow(/not a Laurent/);
  });
});
