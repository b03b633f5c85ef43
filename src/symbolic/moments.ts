// The Gaussian moment calculus behind proofs 8-11
// (src/proofs/{lemma1,proposition1,sampler,ridgeBaseline}.ts).
//
// Three pieces, all exact (rational coefficients, symbolic d, ℓ, ρ):
// - Poly: Laurent polynomials in named variables (moments like (1 + ρ)d/ℓ are Laurent in d, ℓ), kept in
//   normal form so the results handed to the step checker are small;
// - moments of scalar laws (N(0, σ²), χ²_ν, √χ²_ν) and expectations of polynomials in independent ones;
// - Isserlis/Wick over index-labelled Gaussian fields (x_{i,a}, ε_i, ...) with Kronecker deltas: a
//   sum over tokens i, j is never split by hand, the pairings produce δ_ij (the i = j terms) and the
//   unrestricted sum keeps the i ≠ j ones, so the result is exact for every d and ℓ. Fixed vectors
//   and matrices (w, Γ, R) contract into invariants (chains uᵀM…v, traces tr(M…)) read canonically;
//   fields with known moments but no Gaussian law ((h, s) given w, a test task) are averaged first.
import { add, mul, pow, rat, variable, ZERO, type Expr } from './expr.js';

// ---------------------------------------------------------------- exact rationals
interface Q {
  p: bigint;
  q: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};
const q = (p: bigint, d = 1n): Q => {
  if (d === 0n) throw new RangeError('zero denominator');
  if (d < 0n) [p, d] = [-p, -d];
  const g = gcd(p, d) || 1n;
  return { p: p / g, q: d / g };
};
const qadd = (a: Q, b: Q): Q => q(a.p * b.q + b.p * a.q, a.q * b.q);
const qmul = (a: Q, b: Q): Q => q(a.p * b.p, a.q * b.q);

// ---------------------------------------------------------------- Laurent polynomials
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
  private constructor(private readonly terms: ReadonlyMap<string, { mono: Mono; c: Q }>) {}

  static const(p: number | bigint, d: number | bigint = 1): Poly {
    const c = q(BigInt(p), BigInt(d));
    return c.p === 0n ? Poly.ZERO : new Poly(new Map([['', { mono: {}, c }]]));
  }
  static v(name: string, exponent = 1): Poly {
    return new Poly(new Map([[monoKey({ [name]: exponent }), { mono: { [name]: exponent }, c: q(1n) }]]));
  }
  static readonly ZERO = new Poly(new Map());
  static readonly ONE = Poly.const(1);

  add(o: Poly): Poly {
    const out = new Map(this.terms);
    for (const [k, t] of o.terms) {
      const prev = out.get(k);
      const c = prev ? qadd(prev.c, t.c) : t.c;
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
        out = out.add(new Poly(new Map([[monoKey(mono), { mono, c: qmul(a.c, b.c) }]])));
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
    return new Poly(new Map([[monoKey(inv), { mono: inv, c: q(c.q, c.p) }]]));
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
  return p.degrees(name).reduce((acc, k) => acc.add(p.coefficient(name, k).mul(k >= 0 ? square.pow(k / 2) : square.inverse().pow(-k / 2))), Poly.ZERO);
}

// ---------------------------------------------------------------- scalar laws
/** Number of perfect matchings of n objects, (n − 1)!! for even n (Isserlis), 0 for odd n. */
export function pairingCount(n: number): number {
  if (n % 2 === 1) return 0;
  let r = 1;
  for (let k = n - 1; k > 1; k -= 2) r *= k;
  return r;
}

/** All perfect matchings of 0..n−1, each as a list of pairs. */
export function pairings(n: number): [number, number][][] {
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

// ---------------------------------------------------------------- Wick calculus with indices
/**
 * A family of centred jointly Gaussian fields with index slots, e.g. x_{i,a} (token, coordinate) or
 * ε_i: Cov(f_{I}, f_{J}) = scale · Π_slots δ_{I_s J_s}; different families are independent.
 */
export interface Family {
  name: string;
  /** Range variable of each slot ('ell', 'd', ...). */
  slots: readonly string[];
  scale: Poly;
}

export interface Field {
  family: string;
  idx: string[];
}
export interface Vec {
  name: string;
  idx: string;
}
/** A fixed matrix M_{row,col}. */
export interface Mat {
  name: string;
  row: string;
  col: string;
}
interface Term {
  coef: Poly;
  fields: Field[];
  vecs: Vec[];
  mats: Mat[];
  /** Summed (bound) index → its range variable. */
  sums: Record<string, string>;
}

/** A random quantity: a sum of terms, each a product of fields and fixed vectors, summed over bound indices. */
export type Quantity = Term[];

/** One outcome of averaging non-Gaussian fields: a coefficient, Kronecker deltas and fixed vectors. */
export interface GivenOutcome {
  coef: Poly;
  deltas: [string, string][];
  vecs: Vec[];
  /** Fields the outcome brings in (e.g. a test task averaged over later: Gaussian, or given in turn). */
  fields?: Field[];
  mats?: Mat[];
}

/**
 * A model: Gaussian families, fixed vectors with known squared norms, the range of each free index,
 * and optionally the known moments of fields of other families (independent of the Gaussian ones),
 * e.g. the Lemma 1 moments of (h, s) given w: `given` receives those fields of a term.
 */
export interface Model {
  families: Readonly<Record<string, Family>>;
  norms: Readonly<Record<string, Poly>>;
  free: Readonly<Record<string, string>>;
  given?: (fields: Field[]) => GivenOutcome[];
  /** Fixed matrices known to be symmetric (a second-moment matrix): Mᵀ is read as M. */
  symmetric?: readonly string[];
}

let fresh = 0;
/** A bound index name no user-written index can collide with. */
export const bound = (hint: string): string => `${hint}#${++fresh}`;

export const field = (family: string, ...idx: string[]): Quantity => [{ coef: Poly.ONE, fields: [{ family, idx }], vecs: [], mats: [], sums: {} }];
export const vec = (name: string, idx: string): Quantity => [{ coef: Poly.ONE, fields: [], vecs: [{ name, idx }], mats: [], sums: {} }];
export const mat = (name: string, row: string, col: string): Quantity => [{ coef: Poly.ONE, fields: [], vecs: [], mats: [{ name, row, col }], sums: {} }];
export const scalar = (c: Poly): Quantity => [{ coef: c, fields: [], vecs: [], mats: [], sums: {} }];

export const plus = (...qs: Quantity[]): Quantity => qs.flat();

function renameTerm(t: Term): Term {
  const map: Record<string, string> = {};
  for (const i of Object.keys(t.sums)) map[i] = bound(i.split('#')[0]!);
  const r = (i: string): string => map[i] ?? i;
  return {
    coef: t.coef,
    fields: t.fields.map((f) => ({ family: f.family, idx: f.idx.map(r) })),
    vecs: t.vecs.map((v) => ({ name: v.name, idx: r(v.idx) })),
    mats: t.mats.map((m) => ({ name: m.name, row: r(m.row), col: r(m.col) })),
    sums: Object.fromEntries(Object.entries(t.sums).map(([i, range]) => [r(i), range])),
  };
}

/** Product of quantities; the bound indices of each factor are renamed apart. */
export function times(...qs: Quantity[]): Quantity {
  return qs.reduce<Quantity>(
    (acc, b) =>
      acc.flatMap((x) =>
        b.map((y) => {
          const u = renameTerm(x);
          const v = renameTerm(y);
          return { coef: u.coef.mul(v.coef), fields: [...u.fields, ...v.fields], vecs: [...u.vecs, ...v.vecs], mats: [...u.mats, ...v.mats], sums: { ...u.sums, ...v.sums } };
        }),
      ),
    scalar(Poly.ONE),
  );
}

/** Σ_{index ∈ range} q (index must occur free in q). */
export const sum = (index: string, range: string, q: Quantity): Quantity => q.map((t) => ({ ...t, sums: { ...t.sums, [index]: range } }));

export const scale = (c: Poly, q: Quantity): Quantity => q.map((t) => ({ ...t, coef: t.coef.mul(c) }));

/**
 * E[q] as a tensor in the free indices: structure key → coefficient, where a key is a product of
 * fixed vectors and deltas in free indices ('w_a*w_b', 'delta_a_b', '1') and of invariants of the
 * fixed vectors and matrices ('(g.G.w)', 'tr(G'.G)').
 */
export function expectation(model: Model, q: Quantity): Map<string, Poly> {
  const out = new Map<string, Poly>();
  const put = (key: string, c: Poly): void => {
    const s = (out.get(key) ?? Poly.ZERO).add(c);
    if (s.isZero()) out.delete(key);
    else out.set(key, s);
  };
  const visit = (t: Term, deltas0: [string, string][]): void => {
    const gaussian = t.fields.filter((f) => f.family in model.families);
    const others = t.fields.filter((f) => !(f.family in model.families));
    if (others.length > 0) {
      if (!model.given) throw new Error(`unknown family '${others[0]!.family}' (no Gaussian law, no given moments)`);
      // Given moments may bring in new fields (given in turn, or Gaussian): average until none is left.
      for (const o of model.given(others)) {
        visit({ ...t, coef: t.coef.mul(o.coef), fields: [...gaussian, ...(o.fields ?? [])], vecs: [...t.vecs, ...o.vecs], mats: [...t.mats, ...(o.mats ?? [])] }, [...deltas0, ...o.deltas]);
      }
      return;
    }
    for (const pairing of pairings(gaussian.length)) {
      let coef = t.coef;
      const deltas: [string, string][] = [...deltas0];
      let vanishes = false;
      for (const [i, j] of pairing) {
        const a = gaussian[i]!;
        const b = gaussian[j]!;
        if (a.family !== b.family) {
          vanishes = true;
          break;
        }
        const fam = model.families[a.family]!;
        if (a.idx.length !== fam.slots.length || b.idx.length !== fam.slots.length) throw new Error(`field of '${fam.name}' needs ${fam.slots.length} index(es)`);
        coef = coef.mul(fam.scale);
        a.idx.forEach((ia, s) => deltas.push([ia, b.idx[s]!]));
      }
      if (vanishes) continue;
      const r = contract(model, t, deltas);
      put(r.key, coef.mul(r.factor));
    }
  };
  for (const t of q) visit(t, []);
  return out;
}

type Port = { factor: number; slot: 'vec' | 'row' | 'col' };

function contract(model: Model, t: Term, deltas: [string, string][]): { key: string; factor: Poly } {
  const sums: Record<string, string> = { ...t.sums };
  const rep = new Map<string, string>();
  const find = (i: string): string => {
    let r = i;
    while (rep.has(r)) r = rep.get(r)!;
    return r;
  };
  const rangeOf = (i: string): string => {
    const r = sums[i] ?? model.free[i];
    if (!r) throw new Error(`index '${i}' is neither bound nor a declared free index`);
    return r;
  };
  const structural: string[] = [];
  for (const [p0, q0] of deltas) {
    const p = find(p0);
    const qq = find(q0);
    if (p === qq) continue;
    if (rangeOf(p) !== rangeOf(qq)) throw new Error(`delta between indices of different ranges (${p}, ${qq})`);
    if (qq in sums) {
      rep.set(qq, p);
      delete sums[qq];
    } else if (p in sums) {
      rep.set(p, qq);
      delete sums[p];
    } else structural.push([p, qq].sort().join('_'));
  }
  // Factors: vectors first (one port each), then matrices (row and column ports).
  const vecs = t.vecs.map((v) => ({ name: v.name, idx: find(v.idx) }));
  const mats = t.mats.map((m) => ({ name: m.name, row: find(m.row), col: find(m.col) }));
  const idxOf = (p: Port): string => (p.slot === 'vec' ? vecs[p.factor]!.idx : p.slot === 'row' ? mats[p.factor]!.row : mats[p.factor]!.col);
  const ports: Port[] = [...vecs.map((_, k) => ({ factor: k, slot: 'vec' as const })), ...mats.flatMap((_, k) => [{ factor: k, slot: 'row' as const }, { factor: k, slot: 'col' as const }])];
  const at = new Map<string, Port[]>();
  for (const p of ports) at.set(idxOf(p), [...(at.get(idxOf(p)) ?? []), p]);
  let factor = Poly.ONE;
  for (const [i, range] of Object.entries(sums)) {
    const n = at.get(i)?.length ?? 0;
    if (n === 0) factor = factor.mul(Poly.v(range));
    else if (n !== 2) throw new Error(`moment not determined by the model: index ${i} is shared by ${n} factor(s)`);
  }
  for (const m of mats) if (!(m.row in sums) || !(m.col in sums)) throw new Error(`matrix ${m.name} with a free index: not supported`);
  const other = (p: Port): Port => at.get(idxOf(p))!.find((q) => q.factor !== p.factor || q.slot !== p.slot)!;
  const symmetric = new Set(model.symmetric ?? []);
  /** A matrix entered by its row reads M, by its column Mᵀ (M again when symmetric). */
  const token = (p: Port): string => {
    const name = mats[p.factor]!.name;
    return p.slot === 'row' || symmetric.has(name) ? name : `${name}'`;
  };
  const parts: string[] = [];
  const seenVec = new Set<number>();
  const seenMat = new Set<number>();
  // Chains: vector · M · M' · … · vector.
  vecs.forEach((v, k) => {
    if (seenVec.has(k)) return;
    seenVec.add(k);
    if (!(v.idx in sums)) {
      parts.push(`${v.name}_${v.idx}`);
      return;
    }
    const tokens = [v.name];
    let p = other({ factor: k, slot: 'vec' });
    while (p.slot !== 'vec') {
      seenMat.add(p.factor);
      tokens.push(token(p));
      p = other({ factor: p.factor, slot: p.slot === 'row' ? 'col' : 'row' });
    }
    seenVec.add(p.factor);
    tokens.push(vecs[p.factor]!.name);
    const norm = model.norms[v.name];
    if (tokens.length === 2 && tokens[1] === v.name && norm) factor = factor.mul(norm);
    else parts.push(`(${canonicalChain(tokens, symmetric)})`);
  });
  // Cycles: tr(M · M' · …).
  mats.forEach((_, k) => {
    if (seenMat.has(k)) return;
    const tokens: string[] = [];
    let p: Port = { factor: k, slot: 'row' };
    do {
      seenMat.add(p.factor);
      tokens.push(token(p));
      p = other({ factor: p.factor, slot: p.slot === 'row' ? 'col' : 'row' });
    } while (!(p.factor === k && p.slot === 'row'));
    parts.push(`tr(${canonicalCycle(tokens, symmetric)})`);
  });
  const key = [...parts.sort(), ...structural.sort().map((s) => `delta_${s}`)].join('*') || '1';
  return { key, factor };
}

const transposed = (tok: string, symmetric: ReadonlySet<string>): string => (tok.endsWith("'") ? tok.slice(0, -1) : symmetric.has(tok) ? tok : `${tok}'`);
const reversed = (tokens: string[], ends: boolean, symmetric: ReadonlySet<string>): string[] =>
  tokens
    .slice()
    .reverse()
    .map((t, i, all) => (ends && (i === 0 || i === all.length - 1) ? t : transposed(t, symmetric)));
/** A chain read from either end: the smaller reading (uᵀ M v = vᵀ Mᵀ u). */
const canonicalChain = (tokens: string[], symmetric: ReadonlySet<string>): string => [tokens.join('.'), reversed(tokens, true, symmetric).join('.')].sort()[0]!;
/** A trace under rotation and transposition: the smallest reading. */
function canonicalCycle(tokens: string[], symmetric: ReadonlySet<string>): string {
  const readings: string[] = [];
  for (const seq of [tokens, reversed(tokens, false, symmetric)]) for (let r = 0; r < seq.length; r++) readings.push([...seq.slice(r), ...seq.slice(0, r)].join('.'));
  return readings.sort()[0]!;
}

/** The coefficient of one structure in a tensor result (0 when absent). */
export const coefficientOf = (t: Map<string, Poly>, key: string): Poly => t.get(key) ?? Poly.ZERO;

// ---------------------------------------------------------------- the data model of THEORY.md §1
/**
 * Tokens x_i ~ N(0, I_d/d), noise ε_i ~ N(0, ρ), a fixed task w with ‖w‖² = d; a free coordinate
 * index ranges over d.
 */
export function dataModel(free: readonly string[] = ['a', 'b']): Model {
  return {
    families: {
      x: { name: 'x', slots: ['ell', 'd'], scale: Poly.v('d', -1) },
      eps: { name: 'eps', slots: ['ell'], scale: Poly.v('rho') },
    },
    norms: { w: Poly.v('d') },
    free: Object.fromEntries(free.map((i) => [i, 'd'])),
  };
}

/** y_i = ⟨x_i, w⟩ + ε_i for the (given) token index i. */
export function label(i: string): Quantity {
  const c = bound('c');
  return plus(sum(c, 'd', times(vec('w', c), field('x', i, c))), field('eps', i));
}

/** h_a = (d/ℓ) Σ_i y_i x_{i,a}. */
export function hComponent(a: string): Quantity {
  const i = bound('i');
  return scale(Poly.v('d').mul(Poly.v('ell', -1)), sum(i, 'ell', times(label(i), field('x', i, a))));
}

/** s = (1/ℓ) Σ_i y_i². */
export function sStatistic(): Quantity {
  const i = bound('i');
  return scale(Poly.v('ell', -1), sum(i, 'ell', times(label(i), label(i))));
}
