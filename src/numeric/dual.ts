// Forward-mode derivatives as a numeric context: a dual number v + d·δ (δ² = 0) over any base context,
// so a formula written once against Ctx<T> also gives its exact derivative along one direction, in
// float64 or at any number of digits. Comparisons, isZero and isFinite look at the value only: a
// formula's branches are chosen by the point, and the derivative is that of the branch taken.
import type { Ctx } from './context.js';

export interface Dual<T> {
  v: T;
  d: T;
}

const cache = new WeakMap<object, Ctx<Dual<unknown>>>();

export function dual<T>(c: Ctx<T>): Ctx<Dual<T>> {
  const hit = cache.get(c);
  if (hit) return hit as Ctx<Dual<T>>;
  const zero = c.num(0);
  const make = (v: T, d: T): Dual<T> => ({ v, d });
  const ctx: Ctx<Dual<T>> = {
    name: `dual(${c.name})`,
    digits: c.digits,
    eps: make(c.eps, zero),
    num: (v) => make(c.num(v), zero),
    add: (a, b) => make(c.add(a.v, b.v), c.add(a.d, b.d)),
    sub: (a, b) => make(c.sub(a.v, b.v), c.sub(a.d, b.d)),
    mul: (a, b) => make(c.mul(a.v, b.v), c.add(c.mul(a.d, b.v), c.mul(a.v, b.d))),
    div: (a, b) => {
      const q = c.div(a.v, b.v);
      // (a/b)' = (a' − q b')/b
      return make(q, c.div(c.sub(a.d, c.mul(q, b.d)), b.v));
    },
    neg: (a) => make(c.neg(a.v), c.neg(a.d)),
    sqrt: (a) => {
      const s = c.sqrt(a.v);
      return make(s, c.isZero(a.d) ? zero : c.div(a.d, c.add(s, s)));
    },
    abs: (a) => (c.lt(a.v, zero) ? make(c.neg(a.v), c.neg(a.d)) : a),
    // (e^a)' = e^a a', (ln a)' = a'/a; only where the base context has them.
    ...(c.exp && c.ln
      ? {
          exp: (a: Dual<T>) => {
            const e = c.exp!(a.v);
            return make(e, c.mul(e, a.d));
          },
          ln: (a: Dual<T>) => make(c.ln!(a.v), c.div(a.d, a.v)),
        }
      : {}),
    lt: (a, b) => c.lt(a.v, b.v),
    isZero: (a) => c.isZero(a.v),
    isFinite: (a) => c.isFinite(a.v),
    isNaN: (a) => c.isNaN(a.v) || c.isNaN(a.d),
    toNumber: (a) => c.toNumber(a.v),
    toString: (a, sig) => c.toString(a.v, sig),
  };
  cache.set(c, ctx as Ctx<Dual<unknown>>);
  return ctx;
}

/** A value of c seeded as the variable (derivative 1) or held constant (derivative 0). */
export const seed = <T>(c: Ctx<T>, v: T, variable: boolean): Dual<T> => ({ v, d: c.num(variable ? 1 : 0) });
