// Exact rationals p/q in lowest terms with q > 0: the coefficients of the symbolic layer's expression
// trees (expr.ts) and Laurent polynomials (poly.ts).

export interface Rational {
  readonly p: bigint;
  readonly q: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

/** p/q in lowest terms with a positive denominator. */
export function rational(p: bigint, q = 1n): Rational {
  if (q === 0n) throw new RangeError('rational with zero denominator');
  if (q < 0n) [p, q] = [-p, -q];
  const g = gcd(p, q) || 1n;
  return { p: p / g, q: q / g };
}

export const ratAdd = (a: Rational, b: Rational): Rational => rational(a.p * b.q + b.p * a.q, a.q * b.q);
export const ratMul = (a: Rational, b: Rational): Rational => rational(a.p * b.p, a.q * b.q);
