// Symbolic zero test for lhs − rhs, on nerdamer.
//
// nerdamer's simplify is incomplete and can run for minutes, so it is never called. Instead:
// 1. both sides become single fractions n/d whose numerators and denominators are polynomials
//    (our own bookkeeping, no cancellation needed: denominators are nonzero where the claim holds);
// 2. every square root and named function becomes an atom symbol z with a defining polynomial
//    relation: √a ↦ r with d_a r² − n_a = 0; M_κ(x) ↦ m with (x/κ)m² + (x + 1 − 1/κ)m − 1 = 0;
//    M'_κ(x) ↦ p with S p + m²(1 + m/κ) = 0, S = 1 + x m²/κ (implicit differentiation);
// 3. nerdamer expands n_L d_R − n_R d_L, and each atom is eliminated by pseudo-division by its
//    relation (newest atom first; a relation only mentions older atoms), splitting into the
//    coefficients of 1, z, …, z^(deg−1), all of which must expand to 0.
// Zero after this is a proof (the identity holds for every root of the relations, the true one
// included). A nonzero remainder is inconclusive (e.g. a radicand that is a perfect square): the
// checker then falls back to numeric identity testing.
import { add, div, fn, mul, pow, show, sub, variable, ONE, type Expr, type FnName } from './expr.js';
import { coefficients, expand, forget } from './nerdamer.js';

/**
 * n / Π f^k: the denominator is kept as factors with powers, so a sum over a common denominator
 * multiplies by the least common multiple of the factor lists, not by the full product.
 */
interface Frac {
  n: string;
  d: Map<string, number>;
}

const factor = (f: string, k: number): Map<string, number> => (f === '1' ? new Map() : new Map([[f, k]]));

function merge(a: Map<string, number>, b: Map<string, number>, k: number): Map<string, number> {
  const out = new Map(a);
  for (const [f, p] of b) out.set(f, (out.get(f) ?? 0) + k * p);
  return out;
}

function lcm(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map(a);
  for (const [f, p] of b) out.set(f, Math.max(out.get(f) ?? 0, p));
  return out;
}

/** Factors of `d` not covered by `part` (part divides d). */
function quotient(d: Map<string, number>, part: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [f, p] of d) if (p - (part.get(f) ?? 0) > 0) out.set(f, p - (part.get(f) ?? 0));
  return out;
}

const product = (d: Map<string, number>): string =>
  d.size === 0 ? '1' : [...d].map(([f, p]) => (p === 1 ? paren(f) : `${paren(f)}^${p}`)).join('*');

/** What becomes an atom symbol: a square root or a named function. */
type AtomExpr = Extract<Expr, { k: 'sqrt' | 'fn' }>;

/** A square root has no name: equal names mean two square roots, or the same function. */
const nameOf = (e: AtomExpr): FnName | undefined => (e as { name?: FnName }).name;

interface Atom {
  sym: string;
  /** Coefficients of the relation in the atom symbol, constant term first (strings for nerdamer). */
  relation: string[];
}

interface ZeroTest {
  zero: boolean;
  /** What was left when not zero (shortened), or the atoms eliminated. */
  detail: string;
}

// Stryker disable next-line Regex: fewer matches only add harmless parentheses (docs/equivalent-mutants.md)
const paren = (s: string): string => (/^[A-Za-z0-9_]+$/.test(s) ? s : `(${s})`);
/**
 * Negation as a product with -1 on the right: nerdamer 1.1.13 drops the sign of a negated sum times
 * the same sum in other spellings (expand((-(a+b))*(a+b)), expand((0-(a+b))*(a+b)) and
 * expand((-1)*((-1)*(a+b)^2)) are all wrong); ((a+b)*(-1)) passed every case tried
 * (test/symbolic-check.test.ts). The step checker also confirms each symbolic zero numerically.
 */
const negate = (s: string): string => `(${paren(s)}*(-1))`;

/** Product as an operand-safe string (parenthesized unless atomic). */
const times = (a: string, b: string): string =>
  a === '1' ? paren(b) : b === '1' ? paren(a) : `${paren(a)}*${paren(b)}`;

class Normalizer {
  private readonly names = new Map<string, string>();
  private readonly memo = new Map<Expr, Frac>();
  private readonly atomByKey = new Map<string, Atom>();
  readonly atoms: Atom[] = [];
  readonly atomExprs: AtomExpr[] = [];

  private varName(name: string): string {
    let s = this.names.get(name);
    if (s === undefined) {
      s = `v${this.names.size}`;
      this.names.set(name, s);
    }
    return s;
  }

  frac(e: Expr): Frac {
    const hit = this.memo.get(e);
    // Stryker disable next-line ConditionalExpression: memo only: same strings, slower (docs/equivalent-mutants.md)
    if (hit) return hit;
    const f = this.compute(e);
    this.memo.set(e, f);
    return f;
  }

  private compute(e: Expr): Frac {
    switch (e.k) {
      case 'num':
        return { n: e.p.toString(), d: factor(e.q.toString(), 1) };
      case 'inf':
        throw new RangeError('infinity inside a symbolic identity: take the limit first');
      case 'var':
        return { n: this.varName(e.name), d: new Map() };
      // exp, log, abs, min, max obey no polynomial relation: each distinct spelling is a free symbol
      // (a zero is then a proof for any values of them; equal functions written differently only make
      // the test inconclusive). The key cannot be a variable's name: those never contain '('.
      case 'elem':
        return { n: this.varName(show(e)), d: new Map() };
      case 'if':
        throw new RangeError(`a piecewise ${show(e)} has no polynomial normal form`);
      case 'add':
      case 'sub': {
        const a = this.frac(e.a);
        const b = this.frac(e.b);
        const d = lcm(a.d, b.d);
        const right = times(b.n, product(quotient(d, b.d)));
        return { n: `${times(a.n, product(quotient(d, a.d)))}+${e.k === 'add' ? right : negate(right)}`, d };
      }
      case 'mul': {
        const a = this.frac(e.a);
        const b = this.frac(e.b);
        return { n: times(a.n, b.n), d: merge(a.d, b.d, 1) };
      }
      case 'div': {
        const a = this.frac(e.a);
        const b = this.frac(e.b);
        return { n: times(a.n, product(b.d)), d: merge(a.d, factor(b.n, 1), 1) };
      }
      case 'neg': {
        const a = this.frac(e.a);
        return { n: negate(a.n), d: a.d };
      }
      case 'pow': {
        const a = this.frac(e.a);
        const k = Math.abs(e.n);
        const up = (s: string) => (s === '1' ? '1' : `${paren(s)}^${k}`);
        // Stryker disable next-line EqualityOperator: pow() never builds a power 0 (docs/equivalent-mutants.md)
        return e.n > 0 ? { n: up(a.n), d: merge(new Map(), a.d, k) } : { n: up(product(a.d)), d: factor(a.n, k) };
      }
      case 'sqrt':
      case 'fn':
        return { n: this.atom(e).sym, d: new Map() };
    }
  }

  private atom(e: AtomExpr): Atom {
    const key = show(e);
    const known = this.atomByKey.get(key) ?? this.sameAs(e);
    if (known) {
      this.atomByKey.set(key, known);
      return known;
    }
    // Register the atoms this one's relation mentions first: they get smaller indices.
    if (e.k === 'sqrt') this.frac(e.a);
    else {
      e.args.forEach((a) => a.k !== 'inf' && this.frac(a));
      if (e.name === 'Mp') this.frac(fn('M', ...e.args));
    }
    const index = this.atoms.length;
    const sym = `z${index}`;
    // Stryker disable next-line StringLiteral: any name no variable can have works (docs/equivalent-mutants.md)
    const placeholder = `@${index}`;
    this.names.set(placeholder, sym);
    const atom: Atom = { sym, relation: coefficients(expand(this.frac(relationOf(e, variable(placeholder))).n), sym) };
    this.atomByKey.set(key, atom);
    this.atoms.push(atom);
    this.atomExprs.push(e);
    return atom;
  }

  /** An earlier atom of the same kind whose arguments expand to the same values (written differently). */
  private sameAs(e: AtomExpr): Atom | undefined {
    const args = e.k === 'sqrt' ? [e.a] : e.args;
    return this.atoms.find((_, i) => {
      const o = this.atomExprs[i]!;
      if (nameOf(o) !== nameOf(e)) return false;
      const oargs = o.k === 'sqrt' ? [o.a] : o.args;
      return oargs.every((a, j) => this.equal(a, args[j]!));
    });
  }

  private equal(a: Expr, b: Expr): boolean {
    if (a.k === 'inf' || b.k === 'inf') return a.k === b.k;
    const fa = this.frac(a);
    const fb = this.frac(b);
    return expand(`${times(fa.n, product(fb.d))}+${negate(times(fb.n, product(fa.d)))}`) === '0';
  }
}

/** The defining relation of an atom, as an expression in its placeholder z that vanishes. */
function relationOf(e: AtomExpr, z: Expr): Expr {
  if (e.k === 'sqrt') return sub(pow(z, 2), e.a);
  const [kappa, x] = e.args as [Expr, Expr];
  // κ = ∞ drops every 1/κ term.
  const ik = kappa.k === 'inf' ? undefined : div(ONE, kappa);
  const plusIk = (a: Expr, v: Expr): Expr => (ik ? add(a, mul(ik, v)) : a);
  if (e.name === 'M') {
    // (x/κ) z² + (x + 1 − 1/κ) z − 1
    const b = ik ? sub(add(x, ONE), ik) : add(x, ONE);
    return sub(plusIk(mul(b, z), mul(x, pow(z, 2))), ONE);
  }
  // S z + m²(1 + m/κ), S = 1 + x m²/κ
  const m = fn('M', kappa, x);
  return add(mul(plusIk(ONE, mul(x, pow(m, 2))), z), mul(pow(m, 2), plusIk(ONE, m)));
}

function pseudoRemainder(c: string[], r: string[]): string[] {
  const k = r.length - 1;
  const lead = r[k]!;
  // Stryker disable next-line MethodExpression: c is a fresh list the caller drops (docs/equivalent-mutants.md)
  let cur = c.slice();
  // k >= 0 (coefficients() never returns an empty list), so cur is never empty inside the loop.
  while (cur.length - 1 >= k) {
    const D = cur.length - 1;
    const top = cur[D]!;
    if (top === '0') {
      cur.pop();
      continue;
    }
    const next: string[] = [];
    // Stryker disable next-line EqualityOperator: j = D adds a zero term, popped next (docs/equivalent-mutants.md)
    for (let j = 0; j < D; j++) {
      const ri = j - (D - k);
      const scaled = times(lead, cur[j]!);
      next.push(expand(ri >= 0 ? `${scaled}+${negate(times(top, r[ri]!))}` : scaled));
    }
    cur = next;
  }
  return cur;
}

/**
 * nerdamer's expansion time grows steeply and erratically with size (measured on this project's steps:
 * 940 characters before expansion 0.5 s, 1262 characters 38 s): larger identities are left to the
 * numeric test instead of risking a stall.
 */
const MAX_SYMBOLIC_CHARS = 1000;
/** Same guard on each polynomial during the elimination. */
const MAX_PIECE_CHARS = 3000;

/** Decides symbolically whether lhs − rhs vanishes identically modulo the relations of its atoms. */
export function symbolicZero(lhs: Expr, rhs: Expr): ZeroTest {
  try {
    return zeroTest(lhs, rhs);
  } finally {
    forget();
  }
}

function zeroTest(lhs: Expr, rhs: Expr): ZeroTest {
  const norm = new Normalizer();
  const a = norm.frac(lhs);
  const b = norm.frac(rhs);
  const d = lcm(a.d, b.d);
  const difference = `${times(a.n, product(quotient(d, a.d)))}+${negate(times(b.n, product(quotient(d, b.d))))}`;
  if (difference.length > MAX_SYMBOLIC_CHARS) {
    return {
      zero: false,
      detail: `too large for nerdamer (${difference.length} characters before expansion, limit ${MAX_SYMBOLIC_CHARS})`,
    };
  }
  // A relation of degree 0 (M_1(0): −1 = 0) has no root: every pseudo-remainder by it is 0, which would
  // "prove" anything. The atom is undefined there.
  const rootless = norm.atoms.findIndex((t) => t.relation.length < 2);
  if (rootless >= 0)
    return {
      zero: false,
      detail:
        `${show(norm.atomExprs[rootless]!)} is undefined here: its ` +
        `relation ${norm.atoms[rootless]!.relation[0]} = 0 has no root`,
    };
  let pieces = [expand(difference)].filter((p) => p !== '0');
  if (pieces.length && norm.atoms.length && pieces[0]!.length > MAX_PIECE_CHARS) {
    return {
      zero: false,
      detail: `too large for nerdamer (${pieces[0]!.length} characters after expansion, limit ${MAX_PIECE_CHARS})`,
    };
  }
  for (let i = norm.atoms.length - 1; i >= 0; i--) {
    const atom = norm.atoms[i]!;
    const next: string[] = [];
    // No piece is '0': the expansion and each remainder are filtered.
    for (const piece of pieces) {
      for (const rem of pseudoRemainder(coefficients(piece, atom.sym), atom.relation)) if (rem !== '0') next.push(rem);
    }
    pieces = next;
    const big = pieces.find((p) => p.length > MAX_PIECE_CHARS);
    if (big)
      return {
        zero: false,
        detail: `too large for nerdamer (${big.length} characters during elimination, limit ${MAX_PIECE_CHARS})`,
      };
  }
  if (pieces.length === 0)
    return { zero: true, detail: `reduced to 0${norm.atoms.length ? ` modulo ${norm.atoms.length} relation(s)` : ''}` };
  const left = pieces[0]!;
  return { zero: false, detail: `nonzero remainder ${left.length > 120 ? `${left.slice(0, 120)}…` : left}` };
}
