// Exact rationals p/q in lowest terms with q > 0: the coefficients of the symbolic layer's expression
// trees (expr.ts) and Laurent polynomials (poly.ts).

export interface Rational {
  readonly p: bigint;
  readonly q: bigint;
}

/** gcd(|a|, b) for b > 0 (its one caller passes the denominator, made positive first). */
const gcd = (a: bigint, b: bigint): bigint => {
  // Stryker disable next-line EqualityOperator: -0n is 0n: same value at a = 0n (docs/equivalent-mutants.md)
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

/** p/q in lowest terms with a positive denominator. */
export function rational(p: bigint, q = 1n): Rational {
  if (q === 0n) throw new RangeError('rational with zero denominator');
  // Stryker disable next-line EqualityOperator: q = 0n is refused on the line above (docs/equivalent-mutants.md)
  if (q < 0n) [p, q] = [-p, -q];
  const g = gcd(p, q) || 1n;
  return { p: p / g, q: q / g };
}

export const ratAdd = (a: Rational, b: Rational): Rational => rational(a.p * b.q + b.p * a.q, a.q * b.q);
export const ratMul = (a: Rational, b: Rational): Rational => rational(a.p * b.p, a.q * b.q);
