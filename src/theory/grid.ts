// Ranges and grids of parameter values, read wherever a parameter is read (eval, simulate, extrapolate):
//   a single value           --tau 0.5
//   a list                   --alpha 1,10,100
//   an inclusive range       --tau 0.5:5:0.05      start:stop:step, stepped in exact decimal arithmetic
//   log-spaced points        --tau log:1e-2:1e2:200 (200 points, both ends included)
// A grid is the cartesian product of the axes, iterated lazily (the last axis varies fastest), so a
// grid of 10⁶ points never exists in memory as a list. Values stay decimal strings, as the user typed
// them or as the exact decimal of each step, so any precision reads them exactly.
import { DomainError } from '../numeric/domain.js';
import { allowedRange, DOMAIN, inRange, readNumberOrInf, toFloat, type DomainKey } from './params.js';

/** Largest number of values one axis may have (each axis is held as a list of its values). */
export const MAX_AXIS_POINTS = 10_000_000;

export interface Axis {
  key: DomainKey;
  /** Canonical values: decimal strings or 'inf'. */
  values: string[];
  /** The same values as float64. */
  numbers: Float64Array;
}

const SYNTAX =
  'a comma-separated list of values, ranges start:stop:step (inclusive, ' +
  'step > 0) and log:lo:hi:count (count >= 2 log-spaced points, 0 < lo < hi)';

/** An exact decimal m·10^-s (s >= 0). */
interface Dec {
  m: bigint;
  s: number;
}

function toDec(s: string): Dec {
  const [mant, expPart] = s.toLowerCase().split('e') as [string, string | undefined];
  const exp = expPart === undefined ? 0 : Number(expPart);
  const neg = mant.startsWith('-');
  const body = mant.replace(/^[+-]/, '');
  const [ip, fp = ''] = body.split('.') as [string, string | undefined];
  let m = BigInt((ip || '0') + fp);
  let scale = fp.length - exp;
  if (scale < 0) {
    m *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { m: neg ? -m : m, s: scale };
}

const rescale = (d: Dec, s: number): bigint => d.m * 10n ** BigInt(s - d.s);

/** The shortest decimal string of m·10^-s. */
function fromDec(m: bigint, s: number): string {
  const neg = m < 0n;
  let digits = (neg ? -m : m).toString();
  if (s > 0) {
    digits = digits.padStart(s + 1, '0');
    const int = digits.slice(0, digits.length - s);
    const frac = digits.slice(digits.length - s).replace(/0+$/, '');
    digits = frac ? `${int}.${frac}` : int;
  }
  return (neg ? '-' : '') + digits;
}

/** n points log-spaced from lo to hi inclusive; exact powers of ten stay exact, the ends are lo and hi themselves. */
export function logspace(lo: number, hi: number, n: number): number[] {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  return Array.from({ length: n }, (_, i) => {
    if (i === 0) return lo;
    if (i === n - 1) return hi;
    const e = a + ((b - a) * i) / (n - 1);
    return Number.isInteger(e) ? Number(`1e${e}`) : Math.pow(10, e);
  });
}

/** One list item: a value, start:stop:step or log:lo:hi:count. */
function parseItem(
  text: string,
  allowInf: boolean,
  num: (s: string, allowInf?: boolean) => string,
  bad: (why: string) => never,
): string[] {
  if (text.startsWith('log:')) {
    const parts = text.slice(4).split(':');
    if (parts.length !== 3) bad('log:lo:hi:count has three fields after log:');
    const [lo, hi] = [num(parts[0]!), num(parts[1]!)];
    const count = parts[2]!.trim();
    if (!/^\d+$/.test(count) || Number(count) < 2 || Number(count) > MAX_AXIS_POINTS)
      bad(`count must be an integer in [2, ${MAX_AXIS_POINTS}]`);
    const [a, b] = [Number(lo), Number(hi)];
    if (!(a > 0 && b > a && Number.isFinite(b))) bad('log spacing needs 0 < lo < hi, both finite');
    const values = logspace(a, b, Number(count)).map(String);
    values[0] = lo;
    values[values.length - 1] = hi;
    return values;
  }
  if (text.includes(':')) {
    const parts = text.split(':');
    if (parts.length !== 3) bad('a range has three fields, start:stop:step');
    const [a, b, st] = parts.map((p) => toDec(num(p))) as [Dec, Dec, Dec];
    const s = Math.max(a.s, b.s, st.s);
    const [A, B, C] = [rescale(a, s), rescale(b, s), rescale(st, s)];
    if (C <= 0n) bad('step must be > 0');
    if (B < A) bad('stop must be >= start');
    const n = (B - A) / C + 1n;
    if (n > BigInt(MAX_AXIS_POINTS)) bad(`at most ${MAX_AXIS_POINTS} points per axis`);
    return Array.from({ length: Number(n) }, (_, i) => fromDec(A + BigInt(i) * C, s));
  }
  return [num(text, allowInf)];
}

/** One axis from its flag text; a malformed or out-of-domain value is a DomainError naming the flag. */
export function parseAxis(key: DomainKey, raw: string): Axis {
  const flag = `--${DOMAIN[key].flag}`;
  const bad = (why: string): never => {
    throw new DomainError(flag, `${SYNTAX}${why ? `; ${why}` : ''}`, `'${raw}'`);
  };
  const num = (s: string, allowInf = false): string => readNumberOrInf(s, allowInf) ?? bad(`'${s}' is not a number`);
  const values: string[] = [];
  const items = raw.split(',');
  if (items.some((p) => p.trim() === '')) bad('empty list entry');
  for (const item of items) {
    for (const v of parseItem(item.trim(), DOMAIN[key].allowInf, num, bad)) values.push(v);
    if (values.length > MAX_AXIS_POINTS) bad(`at most ${MAX_AXIS_POINTS} points per axis`);
  }
  const numbers = Float64Array.from(values, toFloat);
  for (let i = 0; i < values.length; i++)
    if (!inRange(key, numbers[i]!)) throw new DomainError(flag, allowedRange(key), `${values[i]} in '${raw}'`);
  return { key, values, numbers };
}

/** Number of points of the product of the axes. */
export const gridSize = (axes: readonly Axis[]): number => axes.reduce((n, a) => n * a.values.length, 1);

/** An odometer over the product of the axes (last fastest); `next()` returns the reused index array, or undefined at the end. */
export function pointIterator(
  axes: readonly Axis[],
  range?: { start: number; end: number },
): { next(): Int32Array | undefined } {
  const idx = new Int32Array(axes.length);
  let started = false;
  let done = axes.some((a) => a.values.length === 0);
  // From the point numbered start (row-major, the last axis fastest) to before end.
  let left = range ? range.end - range.start : Infinity;
  if (range) {
    let rest = range.start;
    for (let k = axes.length - 1; k >= 0; k--) {
      const n = axes[k]!.values.length;
      idx[k] = rest % n;
      rest = Math.floor(rest / n);
    }
    if (rest > 0 || left <= 0) done = true;
  }
  return {
    next() {
      if (done || left-- <= 0) return undefined;
      if (!started) {
        started = true;
        return idx;
      }
      for (let k = axes.length - 1; k >= 0; k--) {
        if (++idx[k]! < axes[k]!.values.length) return idx;
        idx[k] = 0;
      }
      done = true;
      return undefined;
    },
  };
}

/** Whether any axis has more than one value. */
export const isGrid = (axes: readonly Axis[]): boolean => axes.some((a) => a.values.length > 1);
