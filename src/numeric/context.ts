// Precision as a context (in the spirit of mpmath): every formula is written once against `Ctx<T>`
// and runs in float64 (`fp`) or in decimal.js at a chosen number of significant digits (`mp(n)`).
import { Decimal } from 'decimal.js';

export interface Ctx<T> {
  /** 'fp' or 'mp<digits>'; for reports. */
  readonly name: string;
  /** Working precision in significant decimal digits (about 15.95 for float64). */
  readonly digits: number;
  /** Unit roundoff: relative spacing of representable numbers at this precision. */
  readonly eps: T;
  /** A constant: a JS number, or a decimal string read exactly at this precision ('inf' allowed). */
  num(v: number | string): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  sqrt(a: T): T;
  abs(a: T): T;
  /**
   * e^a and the natural log (a > 0; callers check the domain), where the context has them: float64,
   * decimal and dual numbers over either. The theory never needs them; candidate formulas may.
   */
  exp?(a: T): T;
  ln?(a: T): T;
  lt(a: T, b: T): boolean;
  isZero(a: T): boolean;
  isFinite(a: T): boolean;
  isNaN(a: T): boolean;
  toNumber(a: T): number;
  /** Decimal string with `sig` significant digits (all digits the context holds if omitted). */
  toString(a: T, sig?: number): string;
}

/** Context-free helpers built on the primitive operations. */
export const sq = <T>(c: Ctx<T>, a: T): T => c.mul(a, a);
export const max = <T>(c: Ctx<T>, a: T, b: T): T => (c.lt(a, b) ? b : a);
export const min = <T>(c: Ctx<T>, a: T, b: T): T => (c.lt(a, b) ? a : b);
export const isPositive = <T>(c: Ctx<T>, a: T): boolean => c.lt(c.num(0), a);

const parseNumber = (v: number | string): number => {
  if (typeof v === 'number') return v;
  const s = v.trim().toLowerCase();
  if (s === 'inf' || s === 'infinity' || s === '+inf') return Infinity;
  if (s === '-inf' || s === '-infinity') return -Infinity;
  return Number(s);
};

export const fp: Ctx<number> = {
  name: 'fp',
  digits: 15.95,
  eps: 2 ** -53,
  num: (v) => (typeof v === 'number' ? v : parseNumber(v)),
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  sqrt: Math.sqrt,
  abs: Math.abs,
  exp: Math.exp,
  ln: Math.log,
  lt: (a, b) => a < b,
  isZero: (a) => a === 0,
  isFinite: Number.isFinite,
  isNaN: Number.isNaN,
  toNumber: (a) => a,
  toString: (a, sig) => {
    if (!Number.isFinite(a)) return Number.isNaN(a) ? 'NaN' : a > 0 ? 'Infinity' : '-Infinity';
    return sig === undefined ? String(a) : formatSig(new Decimal(a), sig);
  },
};

/** Largest precision a decimal context may be asked for (guard digits included). */
export const MAX_DIGITS = 1000;

/** Decimal string with exactly `sig` significant digits, rounded half-even; plain or exponent form. */
function formatSig(d: Decimal, sig: number): string {
  if (!d.isFinite()) return d.isNaN() ? 'NaN' : d.isPositive() ? 'Infinity' : '-Infinity';
  if (d.isZero()) return '0';
  const e = d.toSignificantDigits(sig, Decimal.ROUND_HALF_EVEN).e;
  return e < -6 || e >= 21
    ? d.toExponential(sig - 1, Decimal.ROUND_HALF_EVEN)
    : d.toPrecision(sig, Decimal.ROUND_HALF_EVEN);
}

const mpCache = new Map<number, Ctx<Decimal>>();

/** Decimal context with `digits` significant digits (1..MAX_DIGITS), cached per precision. */
export function mp(digits: number): Ctx<Decimal> {
  if (!Number.isInteger(digits) || digits < 1 || digits > MAX_DIGITS) {
    throw new RangeError(`digits must be an integer in [1, ${MAX_DIGITS}], got ${digits}`);
  }
  const hit = mpCache.get(digits);
  if (hit) return hit;
  const constants = new Map<number, Decimal>();
  const D = Decimal.clone({
    precision: digits,
    rounding: Decimal.ROUND_HALF_EVEN,
    toExpNeg: -9e15,
    toExpPos: 9e15,
    minE: -9e15,
    maxE: 9e15,
  });
  const ctx: Ctx<Decimal> = {
    name: `mp${digits}`,
    digits,
    eps: new D(10).pow(1 - digits).div(2),
    num: (v) => {
      if (typeof v === 'number') {
        // Formulas ask for the same few constants again and again; decimals are immutable, so share them.
        let d = constants.get(v);
        if (d === undefined) {
          d = Number.isSafeInteger(v) || !Number.isFinite(v) ? new D(v) : new D(exactDecimal(v));
          if (constants.size < 256) constants.set(v, d);
        }
        return d;
      }
      // Only the words inf/infinity are infinite: '1e400' is a finite decimal (it overflows only a double).
      const n = parseNumber(v);
      return /^[+-]?inf(inity)?$/i.test(v.trim()) ? new D(n) : new D(v.trim());
    },
    add: (a, b) => a.plus(b),
    sub: (a, b) => a.minus(b),
    mul: (a, b) => a.times(b),
    div: (a, b) => a.div(b),
    neg: (a) => a.neg(),
    sqrt: (a) => a.sqrt(),
    abs: (a) => a.abs(),
    exp: (a) => a.exp(),
    ln: (a) => a.ln(),
    lt: (a, b) => a.lt(b),
    isZero: (a) => a.isZero(),
    isFinite: (a) => a.isFinite(),
    isNaN: (a) => a.isNaN(),
    toNumber: (a) => a.toNumber(),
    toString: (a, sig) => formatSig(a, sig ?? digits),
  };
  mpCache.set(digits, ctx);
  return ctx;
}

/**
 * The exact decimal expansion of a finite double (mantissa · 2^e, no rounding), so that a decimal
 * context evaluates at exactly the point float64 was given, not at its shortest decimal neighbour
 * (which matters where the formula is ill-conditioned, e.g. ridgeless τ near 1).
 */
/** The exact decimal value of a finite double (every binary fraction has a finite decimal expansion). */
export function exactDecimal(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
  if (v === 0) return '0';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const mantissa = (bits & ((1n << 52n) - 1n)) | (biased === 0 ? 0n : 1n << 52n);
  const e = (biased === 0 ? 1 : biased) - 1075;
  const sign = v < 0 ? '-' : '';
  if (e >= 0) return sign + (mantissa << BigInt(e)).toString();
  // mantissa / 2^-e = mantissa · 5^-e / 10^-e
  const digits = (mantissa * 5n ** BigInt(-e)).toString().padStart(-e + 1, '0');
  return `${sign}${digits.slice(0, digits.length + e)}.${digits.slice(digits.length + e)}`;
}

/** Moves a value between contexts exactly (a double by its binary value), rounding only to `to`. */
export function convert<S, T>(from: Ctx<S>, to: Ctx<T>, a: S): T {
  if (from === (to as unknown)) return a as unknown as T;
  if (typeof a === 'number') return to.num(Number.isFinite(a) ? exactDecimal(a) : a);
  return to.num(from.toString(a));
}
