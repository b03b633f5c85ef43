// N correct significant digits: evaluate at two working precisions and accept when every output,
// rounded to N digits, is the same at both (raising the working precision until it is).
import type { Decimal } from 'decimal.js';
import { MAX_DIGITS, mp, type Ctx } from './context.js';

/** Largest N a user may ask for. */
export const MAX_OUTPUT_DIGITS = 100;

export function toDigits<K extends string>(
  digits: number,
  f: (c: Ctx<Decimal>) => Record<K, Decimal>,
): Record<K, string> {
  if (!Number.isInteger(digits) || digits < 1 || digits > MAX_OUTPUT_DIGITS) {
    throw new RangeError(`digits must be an integer in [1, ${MAX_OUTPUT_DIGITS}], got ${digits}`);
  }
  const at = (w: number): Record<K, string> => {
    const c = mp(w);
    const out = f(c);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, c.toString(v as Decimal, digits)])) as Record<
      K,
      string
    >;
  };
  let w = digits + 10;
  let prev = at(w);
  while (w < MAX_DIGITS) {
    // 10 more digits first (the common case settles there), growing faster if it does not settle
    const next = Math.min(MAX_DIGITS, w === digits + 10 ? w + 10 : w + Math.max(10, w >> 1));
    const cur = at(next);
    if (Object.keys(cur).every((k) => cur[k as K] === prev[k as K])) return cur;
    prev = cur;
    w = next;
  }
  throw new Error(`could not settle ${digits} digits below ${MAX_DIGITS} working digits`);
}
