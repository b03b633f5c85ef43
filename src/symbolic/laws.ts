// Moments of scalar laws (N(0, σ²), χ²_ν, √χ²_ν), expectations of polynomials in independent ones, and
// the pairings of Isserlis' theorem that the Wick calculus (wick.ts) sums over.
import { Poly } from './poly.js';
/** Number of perfect matchings of n objects, (n − 1)!! for even n (Isserlis), 0 for odd n. */
export function pairingCount(n: number): number {
  if (n % 2 === 1) return 0;
  let r = 1;
  // Stryker disable next-line EqualityOperator: k = 1 only multiplies by 1 (docs/equivalent-mutants.md)
  for (let k = n - 1; k > 1; k -= 2) r *= k;
  return r;
}

/** All perfect matchings of 0..n−1, each as a list of pairs. */
export function pairings(n: number): [number, number][][] {
  // Stryker disable next-line ConditionalExpression,ArithmeticOperator: go() gives [] too (docs/equivalent-mutants.md)
  if (n % 2 === 1) return [];
  const go = (rest: number[]): [number, number][][] => {
    if (rest.length === 0) return [[]];
    const [first, ...others] = rest as [number, ...number[]];
    const out: [number, number][][] = [];
    others.forEach((partner, i) => {
      const remaining = others.filter((_, j) => j !== i);
      for (const m of go(remaining)) out.push([[first, partner], ...m]);
    });
    return out;
  };
  return go([...Array(n).keys()]);
}

/** The n-th moment of a scalar law, as a polynomial in the law's parameters. */
export type Law = (n: number) => Poly;

/** N(0, σ²): E[t^n] = (n − 1)!! σ^n for even n, 0 for odd n. */
export const normal =
  (variance: Poly): Law =>
  (n) =>
    n % 2 === 1 ? Poly.ZERO : variance.pow(n / 2).mul(Poly.const(pairingCount(n)));

/** χ²_ν: E[A^k] = ν(ν + 2)…(ν + 2k − 2). */
export const chiSquare =
  (nu: Poly): Law =>
  (k) => {
    let r = Poly.ONE;
    for (let j = 0; j < k; j++) r = r.mul(nu.add(Poly.const(2 * j)));
    return r;
  };

/** √A for A ~ χ²_ν: even moments are χ² moments; odd ones are not polynomial (and must not be needed). */
export const sqrtChiSquare =
  (nu: Poly): Law =>
  (n) => {
    if (n % 2 === 1) throw new RangeError('odd moment of sqrt(chi-square) is not a polynomial in nu');
    return chiSquare(nu)(n / 2);
  };

/**
 * E[p] where the variables named in `laws` are independent with those laws and the others are
 * constants. A monomial with a vanishing factor (an odd normal moment) is dropped before the other
 * factors are evaluated, so √χ² may appear in odd powers next to an odd power of a centred normal.
 */
export function expectIndependent(p: Poly, laws: Readonly<Record<string, Law>>): Poly {
  let out = Poly.ZERO;
  for (const t of p.monomials()) {
    let term = Poly.const(t.p, t.q);
    const random = Object.keys(t.mono).filter((v) => v in laws);
    for (const v of Object.keys(t.mono)) if (!(v in laws)) term = term.mul(Poly.v(v, t.mono[v]!));
    // A vanishing factor (odd normal moment) decides the monomial before any non-polynomial one is asked for.
    const moments: Poly[] = [];
    let failure: unknown;
    for (const v of random) {
      const n = t.mono[v]!;
      if (n < 0) throw new RangeError(`negative power of the random variable ${v}`);
      try {
        moments.push(laws[v]!(n));
      } catch (err) {
        failure = err;
      }
    }
    if (moments.some((m) => m.isZero())) continue;
    if (failure !== undefined) throw failure;
    for (const m of moments) term = term.mul(m);
    out = out.add(term);
  }
  return out;
}
