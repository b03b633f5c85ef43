// Expressions of the symbolic layer: an immutable tree over exact rationals, variables, the four
// operations, integer powers, square roots, named functions (M_κ, M'_κ), the elementary functions
// exp, log, abs, min, max and the piecewise if(a < b, then, else). One tree serves both checking
// methods: it is printed for nerdamer (symbolic) and evaluated in any Ctx (numeric).

import { rational } from './rational.js';

export type Expr =
  | { readonly k: 'num'; readonly p: bigint; readonly q: bigint }
  | { readonly k: 'inf' }
  | { readonly k: 'var'; readonly name: string }
  | { readonly k: 'add' | 'sub' | 'mul' | 'div'; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'neg'; readonly a: Expr }
  | { readonly k: 'sqrt'; readonly a: Expr }
  | { readonly k: 'pow'; readonly a: Expr; readonly n: number }
  | { readonly k: 'fn'; readonly name: FnName; readonly args: readonly Expr[] }
  | { readonly k: 'elem'; readonly name: ElemName; readonly args: readonly Expr[] }
  /** `then` where a < b (op '<') or a <= b (op '<='), else `else`. */
  | {
      readonly k: 'if';
      readonly op: '<' | '<=';
      readonly a: Expr;
      readonly b: Expr;
      readonly then: Expr;
      readonly else: Expr;
    };

/** Named functions: M(kappa, x) = M_κ(x) and Mp(kappa, x) = M'_κ(x). */
export type FnName = 'M' | 'Mp';

/** Elementary functions: exp, the natural log, |a|, and min and max of two arguments. */
export type ElemName = 'exp' | 'log' | 'abs' | 'min' | 'max';

export function rat(p: bigint, q = 1n): Expr {
  return { k: 'num', ...rational(p, q) };
}

/** Largest decimal exponent of an exact constant: far beyond float64's (±308) and any parameter's scale. */
export const MAX_EXPONENT = 1000;

/** An exact rational from a JS number or a decimal string ('inf' allowed). */
export function constant(v: number | string): Expr {
  // String(v) of a finite double is its shortest round-trip decimal, exponent form included ('1e-7');
  // of the others 'Infinity' (read as infinity below), '-Infinity' and 'NaN' (refused). A string stays.
  const s = String(v).trim().toLowerCase();
  if (s === 'inf' || s === 'infinity' || s === '+inf') return { k: 'inf' };
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not an exact constant: '${String(v)}'`);
  const frac = m[3] ?? '';
  // Sign, integer digits and fraction digits: at least one digit (checked above); BigInt reads '-05' as -5.
  let p = BigInt(`${m[1]}${m[2]}${frac}`);
  let q = 10n ** BigInt(frac.length);
  const e = Number(m[4] ?? 0);
  // 10^e is built exactly: an unbounded e would exhaust BigInt (1e99999999999) or take minutes (1e999999999).
  if (Math.abs(e) > MAX_EXPONENT)
    throw new RangeError(`exponent ${m[4]} out of range (-${MAX_EXPONENT} to ${MAX_EXPONENT})`);
  // Stryker disable next-line EqualityOperator: at e = 0 both branches multiply by 1 (docs/equivalent-mutants.md)
  if (e >= 0) p *= 10n ** BigInt(e);
  else q *= 10n ** BigInt(-e);
  return rat(p, q);
}

export const variable = (name: string): Expr => ({ k: 'var', name });
export const ZERO = rat(0n);
export const ONE = rat(1n);

const isNum = (e: Expr): e is { k: 'num'; p: bigint; q: bigint } => e.k === 'num';
export const isZeroLiteral = (e: Expr): boolean => isNum(e) && e.p === 0n;
const isOne = (e: Expr): boolean => isNum(e) && e.p === 1n && e.q === 1n;

// Constructors fold rational constants and the neutral elements only, so trees stay recognisable.
export function add(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return rat(a.p * b.q + b.p * a.q, a.q * b.q);
  if (isZeroLiteral(a)) return b;
  if (isZeroLiteral(b)) return a;
  return { k: 'add', a, b };
}
export function sub(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return rat(a.p * b.q - b.p * a.q, a.q * b.q);
  if (isZeroLiteral(b)) return a;
  if (isZeroLiteral(a)) return neg(b);
  return { k: 'sub', a, b };
}
export function mul(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return rat(a.p * b.p, a.q * b.q);
  if (isZeroLiteral(a) || isZeroLiteral(b)) return ZERO;
  if (isOne(a)) return b;
  if (isOne(b)) return a;
  return { k: 'mul', a, b };
}
export function div(a: Expr, b: Expr): Expr {
  if (isZeroLiteral(b)) throw new RangeError('division by a literal zero');
  if (isNum(a) && isNum(b)) return rat(a.p * b.q, a.q * b.p);
  if (isZeroLiteral(a)) return ZERO;
  if (isOne(b)) return a;
  return { k: 'div', a, b };
}
export function neg(a: Expr): Expr {
  if (isNum(a)) return rat(-a.p, a.q);
  return { k: 'neg', a };
}
export function pow(a: Expr, n: number): Expr {
  if (!Number.isInteger(n)) throw new RangeError(`only integer powers, got ${n}`);
  if (n === 0) return ONE;
  if (n === 1) return a;
  // Stryker disable next-line EqualityOperator: n = 0 already returned ONE above (docs/equivalent-mutants.md)
  if (isNum(a)) return n > 0 ? rat(a.p ** BigInt(n), a.q ** BigInt(n)) : div(ONE, pow(a, -n));
  return { k: 'pow', a, n };
}
export function sqrt(a: Expr): Expr {
  return { k: 'sqrt', a };
}
export const fn = (name: FnName, ...args: Expr[]): Expr => ({ k: 'fn', name, args });
/** An elementary function; exp(0) = 1 and log(1) = 0 fold, so trees of constants stay small. */
export function elem(name: ElemName, ...args: Expr[]): Expr {
  const a = args[0]!;
  if (name === 'exp' && isZeroLiteral(a)) return ONE;
  if (name === 'log' && isOne(a)) return ZERO;
  if (name === 'abs' && isNum(a)) return rat(a.p < 0n ? -a.p : a.p, a.q);
  return { k: 'elem', name, args };
}
/** if(a op b, then, else); a comparison of two constants folds to its branch. */
export function piecewise(op: '<' | '<=', a: Expr, b: Expr, then: Expr, otherwise: Expr): Expr {
  if (isNum(a) && isNum(b)) {
    const l = a.p * b.q;
    const r = b.p * a.q;
    return (op === '<' ? l < r : l <= r) ? then : otherwise;
  }
  return { k: 'if', op, a, b, then, else: otherwise };
}

/** Replaces variables by expressions (all occurrences, simultaneously). */
export function substitute(e: Expr, by: Readonly<Record<string, Expr>>): Expr {
  const memo = new Map<Expr, Expr>();
  const go = (x: Expr): Expr => {
    const hit = memo.get(x);
    if (hit) return hit;
    let out: Expr;
    switch (x.k) {
      case 'num':
      case 'inf':
        out = x;
        break;
      case 'var':
        out = by[x.name] ?? x;
        break;
      case 'add':
        out = add(go(x.a), go(x.b));
        break;
      case 'sub':
        out = sub(go(x.a), go(x.b));
        break;
      case 'mul':
        out = mul(go(x.a), go(x.b));
        break;
      case 'div':
        out = div(go(x.a), go(x.b));
        break;
      case 'neg':
        out = neg(go(x.a));
        break;
      case 'sqrt':
        out = sqrt(go(x.a));
        break;
      case 'pow':
        out = pow(go(x.a), x.n);
        break;
      case 'fn':
        out = fn(x.name, ...x.args.map(go));
        break;
      case 'elem':
        out = elem(x.name, ...x.args.map(go));
        break;
      case 'if':
        out = piecewise(x.op, go(x.a), go(x.b), go(x.then), go(x.else));
        break;
    }
    memo.set(x, out);
    return out;
  };
  return go(e);
}

/** Names of the free variables. */
export function variablesOf(e: Expr, into = new Set<string>()): Set<string> {
  const seen = new Set<Expr>();
  const go = (x: Expr): void => {
    if (seen.has(x)) return;
    seen.add(x);
    if (x.k === 'var') into.add(x.name);
    else if (x.k === 'fn' || x.k === 'elem') x.args.forEach(go);
    else if (x.k === 'if') [x.a, x.b, x.then, x.else].forEach(go);
    else if ('a' in x) {
      go(x.a);
      if ('b' in x) go(x.b);
    }
  };
  go(e);
  return into;
}

const PREC: Record<Expr['k'], number> = {
  num: 9,
  inf: 9,
  var: 9,
  fn: 9,
  elem: 9,
  if: 9,
  sqrt: 9,
  pow: 4,
  neg: 3,
  mul: 2,
  div: 2,
  add: 1,
  sub: 1,
};

/** Readable infix form; `name` maps variable names (nerdamer gets safe generated names). */
export function show(e: Expr, name: (v: string) => string = (v) => v): string {
  const wrap = (x: Expr, min: number): string => (PREC[x.k] < min ? `(${go(x)})` : go(x));
  const go = (x: Expr): string => {
    switch (x.k) {
      case 'num':
        return x.q === 1n ? (x.p < 0n ? `(${x.p})` : `${x.p}`) : `(${x.p}/${x.q})`;
      case 'inf':
        return 'inf';
      case 'var':
        return name(x.name);
      case 'add':
        return `${go(x.a)} + ${wrap(x.b, 1)}`;
      case 'sub':
        return `${go(x.a)} - ${wrap(x.b, 2)}`;
      case 'mul':
        return `${wrap(x.a, 2)}*${wrap(x.b, 3)}`;
      case 'div':
        return `${wrap(x.a, 2)}/${wrap(x.b, 3)}`;
      case 'neg':
        return `-${wrap(x.a, 3)}`;
      case 'pow':
        // Stryker disable next-line EqualityOperator: pow() never builds a power 0 (docs/equivalent-mutants.md)
        return `${wrap(x.a, 5)}^${x.n < 0 ? `(${x.n})` : x.n}`;
      case 'sqrt':
        return `sqrt(${go(x.a)})`;
      case 'fn':
      case 'elem':
        return `${x.name}(${x.args.map(go).join(', ')})`;
      case 'if':
        return `if(${go(x.a)} ${x.op} ${go(x.b)}, ${go(x.then)}, ${go(x.else)})`;
    }
  };
  return go(e);
}
