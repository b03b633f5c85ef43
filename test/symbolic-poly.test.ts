// Laurent polynomials (poly.ts) and the Wick calculus over indexed fields (wick.ts), pinned to values
// derived by hand: Isserlis' theorem for Gaussian moments, the printed normal form of a polynomial
// (terms sorted by monomial key, `c*v^e*...`, a fraction as p/q), and the canonical readings of chains
// and traces (the smallest string among the readings that name the same invariant).
import { describe, expect, it } from 'vitest';
import { add, type Expr, mul, neg, ONE, pow, rat, sub, variable } from '../src/symbolic/expr.js';
import { fromExpr, limitAtInfinity, Poly, substituteSquare } from '../src/symbolic/poly.js';
import {
  bound,
  coefficientOf,
  expectation,
  field,
  mat,
  type Model,
  plus,
  type RandomExpr,
  scalar,
  scale,
  sum,
  times,
  vec,
} from '../src/symbolic/wick.js';

const P = Poly.v;
const a = variable('a');
const b = variable('b');
const d = variable('d');
/** The tensor has exactly these structures, with these coefficients. */
const same = (t: Map<string, Poly>, want: [string, Poly][]): void => {
  expect([...t.keys()]).toEqual(want.map(([k]) => k));
  for (const [k, c] of want) expect(t.get(k)!.equals(c), k).toBe(true);
};

describe('Poly: normal form and its printed form', () => {
  it('a zero constant is the zero polynomial', () => {
    expect(Poly.const(0).isZero()).toBe(true);
    expect(Poly.const(0, 7).isZero()).toBe(true);
    expect(Poly.const(0).equals(Poly.ZERO)).toBe(true);
  });
  it('equals compares normal forms', () => {
    expect(
      P('a')
        .add(P('b'))
        .equals(P('b').add(P('a'))),
    ).toBe(true);
    expect(P('a').add(P('b')).equals(P('a'))).toBe(false);
  });
  it('prints 0, integer and fractional coefficients, and terms in key order joined by +', () => {
    expect(Poly.ZERO.toString()).toBe('0');
    expect(Poly.const(-3, 2).toString()).toBe('-3/2');
    expect(Poly.const(4).toString()).toBe('4');
    // Built as b + 2a + 5: printed constant first, then a^1, then b^1.
    expect(
      P('b')
        .add(P('a').mul(Poly.const(2)))
        .add(Poly.const(5))
        .toString(),
    ).toBe('5 + 2*a^1 + 1*b^1');
    expect(P('a').mul(P('b', -1)).mul(Poly.const(1, 3)).toString()).toBe('1/3*a^1*b^-1');
  });
  it('a sum cannot be inverted: the message shows it', () => {
    expect(() => P('a').add(Poly.ONE).inverse()).toThrow('only a single term can be inverted, got 1 + 1*a^1');
  });
  it('pow takes natural exponents only', () => {
    expect(P('a').pow(0).equals(Poly.ONE)).toBe(true);
    expect(() => P('a').pow(-1)).toThrow(new RangeError('Poly.pow: a natural exponent, got -1'));
    expect(() => P('a').pow(1.5)).toThrow(new RangeError('Poly.pow: a natural exponent, got 1.5'));
  });
  it('substitute keeps the terms free of the variable when the replacement is a sum', () => {
    // (a + x)|_{x = b + 1} = a + b + 1
    expect(
      P('a')
        .add(P('x'))
        .substitute('x', P('b').add(Poly.ONE))
        .equals(P('a').add(P('b')).add(Poly.ONE)),
    ).toBe(true);
  });
  it('degrees lists the exponents that occur, ascending', () => {
    expect(P('x', 2).add(P('x', -1)).add(Poly.ONE).degrees('x')).toEqual([-1, 0, 2]);
    expect(P('y').degrees('x')).toEqual([0]);
  });
});

describe('Poly <-> expression trees', () => {
  it('fromExpr reads differences, negations and powers of either sign', () => {
    expect(fromExpr(sub(a, b)).equals(P('a').sub(P('b')))).toBe(true);
    expect(fromExpr(neg(a)).equals(P('a').mul(Poly.const(-1)))).toBe(true);
    // (d + 1)^2 = d^2 + 2d + 1
    expect(
      fromExpr(pow(add(d, ONE), 2)).equals(
        P('d', 2)
          .add(P('d').mul(Poly.const(2)))
          .add(Poly.ONE),
      ),
    ).toBe(true);
    expect(fromExpr(pow(d, -2)).equals(P('d', -2))).toBe(true);
    // (d + 1)^0 = 1 (a raw node: the pow constructor would fold it)
    const zeroth: Expr = { k: 'pow', a: add(d, ONE), n: 0 };
    expect(fromExpr(zeroth).equals(Poly.ONE)).toBe(true);
  });
  it('toExpr reads back to the same polynomial', () => {
    const p = P('a').mul(P('b', -1)).mul(Poly.const(1, 3)).sub(Poly.const(2)).add(P('a', 2));
    expect(fromExpr(p.toExpr()).equals(p)).toBe(true);
  });
  it('toExpr builds the same tree whatever order the polynomial was built in', () => {
    expect(P('b').add(P('a')).toExpr()).toEqual(add(a, b));
    expect(P('a').add(P('b')).toExpr()).toEqual(add(a, b));
    expect(P('b').mul(P('a')).toExpr()).toEqual(mul(a, b));
    expect(P('b', -1).mul(P('a', 2)).mul(Poly.const(2)).toExpr()).toEqual(mul(mul(rat(2n), pow(a, 2)), pow(b, -1)));
  });
});

describe('limits and square substitutions', () => {
  it('limitAtInfinity keeps the name^0 coefficient', () => {
    expect(limitAtInfinity(P('d', -2).add(P('a')), 'd').equals(P('a'))).toBe(true);
  });
  it('substituteSquare handles negative even powers and terms free of the name', () => {
    // V = sqrt(q): a V^-2 = a/q, V^-4 = q^-2
    expect(substituteSquare(P('V', -2).mul(P('a')), 'V', P('q')).equals(P('a').mul(P('q', -1)))).toBe(true);
    expect(substituteSquare(P('V', -4), 'V', P('q')).equals(P('q', -2))).toBe(true);
    // a term without V stays as it is, whatever V^2 stands for
    expect(substituteSquare(P('a'), 'V', P('q').add(Poly.ONE)).equals(P('a'))).toBe(true);
  });
  it('the smallest odd power is the one reported', () => {
    expect(() => substituteSquare(P('V', 3).add(P('V')), 'V', P('q'))).toThrow(
      new RangeError('V^1 left: not a polynomial in V^2'),
    );
  });
});

describe('Wick: Isserlis moments and the structure keys', () => {
  const g: Model = {
    families: { g: { name: 'g', slots: ['d'], scale: P('s') } },
    norms: {},
    free: { a: 'd', b: 'd', c: 'd', e: 'd' },
  };
  it('E[g_a g_b] = s delta_ab whichever order the fields come in', () => {
    same(expectation(g, times(field('g', 'b'), field('g', 'a'))), [['delta_a_b', P('s')]]);
    same(expectation(g, times(field('g', 'a'), field('g', 'b'))), [['delta_a_b', P('s')]]);
  });
  it('E[g_c g_e g_a g_b] = s^2 (delta_ab delta_ce + delta_ac delta_be + delta_ae delta_bc)', () => {
    const t = expectation(g, times(field('g', 'c'), field('g', 'e'), field('g', 'a'), field('g', 'b')));
    expect([...t.keys()].sort()).toEqual(['delta_a_b*delta_c_e', 'delta_a_c*delta_b_e', 'delta_a_e*delta_b_c']);
    for (const c of t.values()) expect(c.equals(P('s', 2))).toBe(true);
  });
  it('E[t^6] = 15 s^3 for one scalar field (15 pairings)', () => {
    const t: Model = { families: { t: { name: 't', slots: [], scale: P('s') } }, norms: {}, free: {} };
    expect(
      coefficientOf(expectation(t, times(...Array.from({ length: 6 }, () => field('t')))), '1').equals(
        P('s', 3).mul(Poly.const(15)),
      ),
    ).toBe(true);
  });
  it('a moment that cancels leaves no structure at all: E[t^2] - s = 0', () => {
    const t: Model = { families: { t: { name: 't', slots: [], scale: P('s') } }, norms: {}, free: {} };
    expect(expectation(t, plus(times(field('t'), field('t')), scalar(P('s').neg())))).toEqual(new Map());
    expect(
      expectation(
        g,
        plus(times(field('g', 'a'), field('g', 'b')), scale(Poly.const(-1), times(field('g', 'b'), field('g', 'a')))),
      ),
    ).toEqual(new Map());
  });
  it('a field with the wrong number of indices is refused', () => {
    const x: Model = {
      families: { x: { name: 'x', slots: ['ell', 'd'], scale: Poly.ONE } },
      norms: {},
      free: { n: 'ell', a: 'd' },
    };
    expect(() => expectation(x, times(field('x', 'n'), field('x', 'n', 'a')))).toThrow(
      new Error("field of 'x' needs 2 index(es)"),
    );
    expect(() => expectation(x, times(field('x', 'n', 'a'), field('x', 'n')))).toThrow(
      new Error("field of 'x' needs 2 index(es)"),
    );
  });
  it('an undeclared index and a delta across ranges are refused', () => {
    expect(() => expectation({ ...g, free: {} }, times(field('g', 'i'), field('g', 'j')))).toThrow(
      new Error("index 'i' is neither bound nor a declared free index"),
    );
    expect(() => expectation({ ...g, free: { i: 'd', n: 'ell' } }, times(field('g', 'i'), field('g', 'n')))).toThrow(
      new Error('delta between indices of different ranges (i, n)'),
    );
  });
  it('a renamed bound index keeps the name it was written with', () => {
    const w: Model = { families: {}, norms: {}, free: {} };
    const tok = bound('tok');
    expect(() => expectation(w, times(sum(tok, 'd', vec('w', tok)), scalar(Poly.ONE)))).toThrow(
      /^moment not determined by the model: index tok#\d+ is shared by 1 factor\(s\)$/,
    );
  });
});

describe('Wick: given moments of non-Gaussian fields', () => {
  // h is not Gaussian; its moments are given: E[h] = m, E[h_a] = w_a, E[h_c] = M_cc, E[h_a h_b] = delta_ab.
  const base: Model = {
    families: { g: { name: 'g', slots: [], scale: P('s') } },
    norms: {},
    free: { a: 'd', b: 'd' },
    given: (fs) => {
      if (fs.length === 2) return [{ coef: Poly.ONE, deltas: [[fs[0]!.idx[0]!, fs[1]!.idx[0]!]], vecs: [] }];
      const [f] = fs;
      if (f!.family === 'hm')
        return [{ coef: Poly.ONE, deltas: [], vecs: [], mats: [{ name: 'M', row: f!.idx[0]!, col: f!.idx[0]! }] }];
      if (f!.family === 'hg')
        return [
          {
            coef: P('m'),
            deltas: [],
            vecs: [],
            fields: [
              { family: 'g', idx: [] },
              { family: 'g', idx: [] },
            ],
          },
        ];
      return f!.idx.length === 1
        ? [{ coef: Poly.ONE, deltas: [], vecs: [{ name: 'w', idx: f!.idx[0]! }] }]
        : [{ coef: P('m'), deltas: [], vecs: [] }];
    },
  };
  it('independent Gaussian factors stay: E[g^2 h] = s m', () => {
    same(expectation(base, times(field('g'), field('g'), field('h'))), [['1', P('m').mul(P('s'))]]);
  });
  it('fields brought in by a given outcome are averaged in turn: E[hg] = m E[g^2] = m s', () => {
    same(expectation(base, field('hg')), [['1', P('m').mul(P('s'))]]);
  });
  it('vectors of the term and of the outcome both stay: E[u_b h_a] = u_b w_a', () => {
    same(expectation(base, times(vec('u', 'b'), field('h', 'a'))), [['u_b*w_a', Poly.ONE]]);
  });
  it('matrices of the term and of the outcome both stay: E[sum_c M_cc h] = m tr(M), E[sum_c h_c] = tr(M)', () => {
    const c = bound('c');
    same(expectation(base, sum(c, 'd', times(mat('M', c, c), field('h')))), [['tr(M)', P('m')]]);
    const e = bound('e');
    same(expectation(base, sum(e, 'd', field('hm', e))), [['tr(M)', Poly.ONE]]);
  });
  it('deltas of the outcome reach the result: E[h_a h_b] = delta_ab', () => {
    same(expectation(base, times(field('h', 'a'), field('h', 'b'))), [['delta_a_b', Poly.ONE]]);
  });
});

describe('Wick: chains and traces read canonically', () => {
  const none: Model = { families: {}, norms: { u: P('nu'), w: P('d') }, free: { a: 'd' } };
  const key = (q: RandomExpr, model: Model = none) => [...expectation(model, q).keys()];
  const s2 = (f: (i: string, j: string) => RandomExpr): RandomExpr => {
    const i = bound('i');
    const j = bound('j');
    return sum(i, 'd', sum(j, 'd', f(i, j)));
  };
  const s3 = (f: (i: string, j: string, k: string) => RandomExpr): RandomExpr => {
    const k = bound('k');
    return s2((i, j) => sum(k, 'd', f(i, j, k)));
  };
  it('sum_ij u_i M_ij v_j is (u.M.v); sum_ij v_i AB_ji u_j = v^T AB^T u = u^T AB v', () => {
    expect(key(s2((i, j) => times(vec('u', i), mat('M', i, j), vec('v', j))))).toEqual(['(u.M.v)']);
    expect(key(s2((i, j) => times(vec('v', i), mat('AB', j, i), vec('u', j))))).toEqual(['(u.AB.v)']);
  });
  it('u^T A B v through two matrices is (u.A.B.v)', () => {
    expect(key(s3((i, j, k) => times(vec('u', i), mat('A', i, j), mat('B', j, k), vec('v', k))))).toEqual([
      '(u.A.B.v)',
    ]);
  });
  it('u^T w is an invariant even when u has a norm; w^T M w = w^T M^T w is not |w|^2', () => {
    same(
      expectation(
        none,
        s2((i) => times(vec('u', i), vec('w', i))),
      ),
      [['(u.w)', P('d')]],
    );
    expect(key(s2((i, j) => times(vec('w', i), mat('M', i, j), vec('w', j))))).toEqual(["(w.M'.w)"]);
    // a matrix that shares the vector's name is still a matrix
    expect(key(s2((i, j) => times(vec('w', i), mat('w', i, j), vec('w', j))))).toEqual(["(w.w'.w)"]);
  });
  it("tr(AB) = tr(A^T B^T) reads A'.B' (the smallest reading)", () => {
    expect(key(s2((i, j) => times(mat('A', i, j), mat('B', j, i))))).toEqual(["tr(A'.B')"]);
  });
  it("tr(B C A^T) = tr(A^T B C) reads A'.B.C", () => {
    expect(key(s3((i, j, k) => times(mat('B', i, j), mat('C', j, k), mat('A', i, k))))).toEqual(["tr(A'.B.C)"]);
  });
  it('tr(GG RR^T) = tr(GG^T RR): the transpose of a longer name drops its prime', () => {
    expect(key(s2((i, j) => times(mat('GG', i, j), mat('RR', i, j))))).toEqual(["tr(GG'.RR)"]);
  });
  it('a one-matrix trace is tr(Z), whatever the name', () => {
    const i = bound('i');
    expect(key(sum(i, 'd', mat('Z', i, i)))).toEqual(['tr(Z)']);
  });
  it('a matrix with a free index is refused', () => {
    expect(() =>
      expectation(
        none,
        s2((i) => times(mat('M', 'a', i), vec('v', i))),
      ),
    ).toThrow(new Error('matrix M with a free index: not supported'));
    expect(() =>
      expectation(
        none,
        s2((i) => times(mat('M', i, 'a'), vec('v', i))),
      ),
    ).toThrow(new Error('matrix M with a free index: not supported'));
  });
});
