// Laurent polynomials in named variables with exact rational coefficients (moments like (1 + ρ)d/ℓ are
// Laurent in d, ℓ), kept in normal form so the results handed to the step checker are small.
import { add, mul, pow, rat, variable, ZERO, type Expr } from './expr.js';
import { ratAdd, ratMul, rational, type Rational } from './rational.js';
type Mono = Readonly<Record<string, number>>;
const monoKey = (m: Mono): string =>
  Object.keys(m)
    .sort()
    .map((v) => `${v}^${m[v]}`)
    .join('*');
const monoMul = (a: Mono, b: Mono): Mono => {
  const out: Record<string, number> = { ...a };
  for (const [v, e] of Object.entries(b)) {
    const s = (out[v] ?? 0) + e;
    if (s === 0) delete out[v];
    else out[v] = s;
  }
  return out;
};

/** A Laurent polynomial with rational coefficients, in normal form (no zero terms). */
export class Poly {
  private constructor(private readonly terms: ReadonlyMap<string, { mono: Mono; c: Rational }>) {}

  static const(p: number | bigint, d: number | bigint = 1): Poly {
    const c = rational(BigInt(p), BigInt(d));
    return c.p === 0n ? Poly.ZERO : new Poly(new Map([['', { mono: {}, c }]]));
  }
  static v(name: string, exponent = 1): Poly {
    return new Poly(new Map([[monoKey({ [name]: exponent }), { mono: { [name]: exponent }, c: rational(1n) }]]));
  }
  static readonly ZERO = new Poly(new Map());
  static readonly ONE = Poly.const(1);

  add(o: Poly): Poly {
    const out = new Map(this.terms);
    for (const [k, t] of o.terms) {
      const prev = out.get(k);
      const c = prev ? ratAdd(prev.c, t.c) : t.c;
      if (c.p === 0n) out.delete(k);
      else out.set(k, { mono: t.mono, c });
    }
    return new Poly(out);
  }
  neg(): Poly {
    return this.mul(Poly.const(-1));
  }
  sub(o: Poly): Poly {
    return this.add(o.neg());
  }
  mul(o: Poly): Poly {
    let out = Poly.ZERO;
    for (const a of this.terms.values())
      for (const b of o.terms.values()) {
        const mono = monoMul(a.mono, b.mono);
        out = out.add(new Poly(new Map([[monoKey(mono), { mono, c: ratMul(a.c, b.c) }]])));
      }
    return out;
  }
  pow(n: number): Poly {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Poly.pow: a natural exponent, got ${n}`);
    let r = Poly.ONE;
    for (let i = 0; i < n; i++) r = r.mul(this);
    return r;
  }
  isZero(): boolean {
    return this.terms.size === 0;
  }
  equals(o: Poly): boolean {
    return this.sub(o).isZero();
  }
  /** The monomials as [exponents, numerator, denominator]. */
  monomials(): { mono: Mono; p: bigint; q: bigint }[] {
    return [...this.terms.values()].map((t) => ({ mono: t.mono, p: t.c.p, q: t.c.q }));
  }
  /** Replaces a variable by a polynomial (a negative power needs a single-term replacement). */
  substitute(name: string, by: Poly): Poly {
    let out = Poly.ZERO;
    for (const t of this.terms.values()) {
      const e = t.mono[name] ?? 0;
      const rest: Record<string, number> = { ...t.mono };
      delete rest[name];
      const factor = e >= 0 ? by.pow(e) : by.inverse().pow(-e);
      out = out.add(new Poly(new Map([[monoKey(rest), { mono: rest, c: t.c }]])).mul(factor));
    }
    return out;
  }
  /** 1/p for a single-term p. */
  inverse(): Poly {
    const only = [...this.terms.values()];
    if (only.length !== 1) throw new RangeError(`only a single term can be inverted, got ${this.toString()}`);
    const { mono, c } = only[0]!;
    const inv: Record<string, number> = Object.fromEntries(Object.entries(mono).map(([v, k]) => [v, -k]));
    return new Poly(new Map([[monoKey(inv), { mono: inv, c: rational(c.q, c.p) }]]));
  }
  /** Exponents of `name` that occur. */
  degrees(name: string): number[] {
    return [...new Set([...this.terms.values()].map((t) => t.mono[name] ?? 0))].sort((a, b) => a - b);
  }
  /** Coefficient of name^e (a polynomial in the other variables). */
  coefficient(name: string, e: number): Poly {
    let out = Poly.ZERO;
    for (const t of this.terms.values())
      if ((t.mono[name] ?? 0) === e) {
        const rest: Record<string, number> = { ...t.mono };
        delete rest[name];
        out = out.add(new Poly(new Map([[monoKey(rest), { mono: rest, c: t.c }]])));
      }
    return out;
  }
  /** As an expression tree for the step checker: Σ c · Π v^e, in a fixed order. */
  toExpr(): Expr {
    let out: Expr = ZERO;
    for (const key of [...this.terms.keys()].sort()) {
      const t = this.terms.get(key)!;
      let m: Expr = rat(t.c.p, t.c.q);
      for (const v of Object.keys(t.mono).sort()) m = mul(m, pow(variable(v), t.mono[v]!));
      out = add(out, m);
    }
    return out;
  }
  toString(): string {
    if (this.isZero()) return '0';
    return [...this.terms.keys()]
      .sort()
      .map((k) => {
        const t = this.terms.get(k)!;
        const c = t.c.q === 1n ? `${t.c.p}` : `${t.c.p}/${t.c.q}`;
        return k === '' ? c : `${c}*${k}`;
      })
      .join(' + ');
  }
}
/** A Laurent polynomial from an expression tree (division only by a single term; no roots or functions). */
export function fromExpr(e: Expr): Poly {
  switch (e.k) {
    case 'num':
      return Poly.const(e.p, e.q);
    case 'var':
      return Poly.v(e.name);
    case 'add':
      return fromExpr(e.a).add(fromExpr(e.b));
    case 'sub':
      return fromExpr(e.a).sub(fromExpr(e.b));
    case 'mul':
      return fromExpr(e.a).mul(fromExpr(e.b));
    case 'div':
      return fromExpr(e.a).mul(fromExpr(e.b).inverse());
    case 'neg':
      return fromExpr(e.a).neg();
    case 'pow':
      return e.n >= 0 ? fromExpr(e.a).pow(e.n) : fromExpr(e.a).inverse().pow(-e.n);
    default:
      throw new RangeError(`not a Laurent polynomial: ${e.k}`);
  }
}

/** Limit as name → ∞: the coefficient of name^0; throws when a positive power is present (divergent). */
export function limitAtInfinity(p: Poly, name: string): Poly {
  const top = Math.max(0, ...p.degrees(name));
  if (top > 0) throw new RangeError(`diverges as ${name} -> inf (power ${name}^${top} present)`);
  return p.coefficient(name, 0);
}

/**
 * Replaces name² by `square` where `name` stands for a square root (‖y‖, √d): every exponent of
 * `name` must be even, else the result would not be a polynomial and this throws.
 */
export function substituteSquare(p: Poly, name: string, square: Poly): Poly {
  const odd = p.degrees(name).find((k) => k % 2 !== 0);
  if (odd !== undefined) throw new RangeError(`${name}^${odd} left: not a polynomial in ${name}^2`);
  return p
    .degrees(name)
    .reduce(
      (acc, k) => acc.add(p.coefficient(name, k).mul(k >= 0 ? square.pow(k / 2) : square.inverse().pow(-k / 2))),
      Poly.ZERO,
    );
}
