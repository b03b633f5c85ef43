// Interval arithmetic with outward rounding: enclosures of random expressions over random boxes contain
// the 100-digit values at random points, and their width shrinks like the box.
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactDecimal, mp } from '../src/numeric/context.js';
import * as I from '../src/certify/interval.js';
import { iv, type Interval } from '../src/certify/interval.js';

const H = mp(100);

// Box ends, points and constants on a grid of 2^-20: exact in 100 digits, so the reference itself is exact
// to far below an ulp (finer doubles, near the subnormals, have ~750-digit expansions).
const grid = (min: number, max: number) =>
  fc.integer({ min: Math.round(min * 2 ** 20), max: Math.round(max * 2 ** 20) }).map((k) => k / 2 ** 20);
type Expr =
  | { op: 'a' | 'b' }
  | { op: 'const'; v: number }
  | { op: 'add' | 'sub' | 'mul' | 'div' | 'min' | 'max'; l: Expr; r: Expr }
  | { op: 'neg' | 'sqrt' | 'abs'; e: Expr }
  | { op: 'pow'; e: Expr; n: number };

const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Expr>({ op: 'a' }, { op: 'b' }),
    grid(-4, 4).map((v): Expr => ({ op: 'const', v })),
    fc
      .tuple(fc.constantFrom('add', 'sub', 'mul', 'div', 'min', 'max'), tie('expr'), tie('expr'))
      .map(([op, l, r]) => ({ op, l, r }) as Expr),
    fc.tuple(fc.constantFrom('neg', 'sqrt', 'abs'), tie('expr')).map(([op, e]) => ({ op, e }) as Expr),
    fc.tuple(tie('expr'), fc.integer({ min: 0, max: 5 })).map(([e, n]): Expr => ({ op: 'pow', e, n })),
  ),
}));

function evalIv(e: Expr, a: Interval, b: Interval): Interval {
  switch (e.op) {
    case 'a':
      return a;
    case 'b':
      return b;
    case 'const':
      return iv(e.v);
    case 'neg':
      return I.neg(evalIv(e.e, a, b));
    case 'sqrt':
      return I.sqrt(evalIv(e.e, a, b));
    case 'abs':
      return I.abs(evalIv(e.e, a, b));
    case 'pow':
      return I.pow(evalIv(e.e, a, b), e.n);
    default:
      return I[e.op](evalIv(e.l, a, b), evalIv(e.r, a, b));
  }
}

/** The exact value at 100 digits; undefined where the real expression is undefined (÷0, √ of < 0). */
function evalHi(e: Expr, a: Decimal, b: Decimal): Decimal | undefined {
  const un = (f: (x: Decimal) => Decimal | undefined, x: Decimal | undefined) => (x === undefined ? undefined : f(x));
  const bin = (f: (x: Decimal, y: Decimal) => Decimal | undefined, l: Expr, r: Expr) => {
    const x = evalHi(l, a, b);
    const y = evalHi(r, a, b);
    return x === undefined || y === undefined ? undefined : f(x, y);
  };
  switch (e.op) {
    case 'a':
      return a;
    case 'b':
      return b;
    case 'const':
      return H.num(exactDecimal(e.v));
    case 'neg':
      return un((x) => x.neg(), evalHi(e.e, a, b));
    case 'sqrt':
      return un((x) => (x.isNegative() && !x.isZero() ? undefined : x.sqrt()), evalHi(e.e, a, b));
    case 'abs':
      return un((x) => x.abs(), evalHi(e.e, a, b));
    case 'pow':
      return un((x) => x.pow(e.n), evalHi(e.e, a, b));
    case 'add':
      return bin((x, y) => x.plus(y), e.l, e.r);
    case 'sub':
      return bin((x, y) => x.minus(y), e.l, e.r);
    case 'mul':
      return bin((x, y) => x.times(y), e.l, e.r);
    case 'div':
      return bin((x, y) => (y.isZero() ? undefined : x.div(y)), e.l, e.r);
    case 'min':
      return bin((x, y) => Decimal.min(x, y), e.l, e.r);
    case 'max':
      return bin((x, y) => Decimal.max(x, y), e.l, e.r);
  }
}

const inside = (v: Decimal, s: Interval): boolean =>
  (s.lo === -Infinity || v.gte(H.num(exactDecimal(s.lo)))) && (s.hi === Infinity || v.lte(H.num(exactDecimal(s.hi))));

const side = fc.tuple(grid(-3, 3), grid(0, 2)).map(([lo, w]) => iv(lo, lo + w));

describe('interval arithmetic', () => {
  it('steps one ulp outward (down < x < up) and keeps exact decimals exact', () => {
    for (const x of [1, -1, 0.1, 1e-300, 5e-324, -5e-324, 1.7976931348623157e308, 0]) {
      expect(I.down(x)).toBeLessThan(x);
      expect(I.up(x)).toBeGreaterThan(x);
    }
    // Below a power of two the ulp halves: the step of 2^-52 is two ulps there, one ulp elsewhere.
    expect(I.down(1)).toBe(1 - 2 ** -52);
    expect(I.down(1.5)).toBeGreaterThanOrEqual(1.5 - 2 ** -51);
    expect(I.up(1)).toBe(1 + 2 ** -52);
    expect(I.fromDecimal('0.5')).toEqual(iv(0.5));
    const t = I.fromDecimal('0.1');
    expect(t.lo).toBeLessThan(t.hi);
    expect(inside(H.num('0.1'), t)).toBe(true);
  });

  it('division by an interval containing 0 is the whole line; comparisons are three-valued', () => {
    expect(I.div(iv(1, 2), iv(-1, 1))).toEqual(I.ENTIRE);
    expect(I.div(iv(1, 2), iv(0, 1))).toEqual(I.ENTIRE);
    expect(I.lt(iv(0, 1), iv(2, 3))).toBe(true);
    expect(I.lt(iv(2, 3), iv(0, 1))).toBe(false);
    expect(I.lt(iv(0, 2), iv(1, 3))).toBe('unknown');
    expect(I.le(iv(0, 1), iv(1, 3))).toBe(true);
    expect(I.ge(iv(0, 1), iv(1, 3))).toBe('unknown');
    expect(I.sqr(iv(-2, 1))).toEqual({ lo: 0, hi: I.up(4) });
    expect(I.sqrt(iv(-2, -1))).toEqual(I.ENTIRE);
  });

  it('encloses the 100-digit value of random expressions at random points of random boxes (seed 25)', () => {
    let checked = 0;
    fc.assert(
      fc.property(expr, side, side, grid(0, 1), grid(0, 1), (e, A, B, ta, tb) => {
        const pa = A.lo + Math.round(ta * (A.hi - A.lo) * 2 ** 20) / 2 ** 20;
        const pb = B.lo + Math.round(tb * (B.hi - B.lo) * 2 ** 20) / 2 ** 20;
        const enc = evalIv(e, A, B);
        const v = evalHi(e, H.num(exactDecimal(pa)), H.num(exactDecimal(pb)));
        if (v === undefined || !v.isFinite()) return;
        checked++;
        expect(inside(v, enc), `${JSON.stringify(e)} at (${pa}, ${pb}): ${v.toString()} not in ${I.show(enc)}`).toBe(
          true,
        );
        // The point box encloses it too, and more tightly.
        const pt = evalIv(e, iv(pa), iv(pb));
        expect(inside(v, pt)).toBe(true);
      }),
      { seed: 25, numRuns: 3000 },
    );
    expect(checked).toBeGreaterThan(1500);
  });

  it('width shrinks like the box for smooth functions: halving the box halves the width to first order', () => {
    const f = (a: Interval, b: Interval) => I.div(I.add(I.mul(a, b), I.sqrt(a)), I.add(iv(1), I.sqr(b))); // (ab + √a)/(1 + b²), smooth for a > 0
    const g = (a: Interval, b: Interval) => I.sub(I.mul(a, I.pow(b, 3)), I.div(b, I.add(a, iv(2))));
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (a0, b0) => {
          for (const fun of [f, g]) {
            const h = 1e-4;
            const w1 = I.width(fun(iv(a0 - h, a0 + h), iv(b0 - h, b0 + h)));
            const w2 = I.width(fun(iv(a0 - h / 2, a0 + h / 2), iv(b0 - h / 2, b0 + h / 2)));
            // First order: w = C·h + O(h²) with C > 0 here, so the ratio is 1/2 + O(h).
            expect(w2 / w1).toBeGreaterThan(0.49);
            expect(w2 / w1).toBeLessThan(0.51);
          }
        },
      ),
      { seed: 25, numRuns: 300 },
    );
  });
});
