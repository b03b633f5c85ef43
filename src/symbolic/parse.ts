// Reads the readable formulas of proof steps ("(x/kappa)*m^2 + (x + 1 - 1/kappa)*m - 1") into Expr.
// Identifiers found in `defs` are replaced by their definitions, so a step can name intermediate
// quantities (nu, m, ...) exactly as THEORY.md does.
import { add, constant, div, fn, FN_NAMES, mul, neg, pow, sqrt, sub, variable, type Expr, type FnName } from './expr.js';

export type Defs = Readonly<Record<string, Expr>>;

export function parse(src: string, defs: Defs = {}): Expr {
  const tokens = src.match(/\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+|[A-Za-z_][A-Za-z_0-9]*|[-+*/^(),]|\S/g) ?? [];
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at token ${i} ('${tokens[i] ?? 'end'}') in '${src}'`);
  };
  const peek = () => tokens[i];
  const take = (t?: string): string => {
    const got = tokens[i];
    if (got === undefined || (t !== undefined && got !== t)) return fail(`expected '${t ?? 'a token'}'`);
    i++;
    return got;
  };
  const expr = (): Expr => {
    let e = term();
    while (peek() === '+' || peek() === '-') e = take() === '+' ? add(e, term()) : sub(e, term());
    return e;
  };
  const term = (): Expr => {
    let e = unary();
    while (peek() === '*' || peek() === '/') e = take() === '*' ? mul(e, unary()) : div(e, unary());
    return e;
  };
  const unary = (): Expr => {
    if (peek() === '-') {
      take();
      return neg(unary());
    }
    return power();
  };
  const power = (): Expr => {
    const base = atom();
    if (peek() !== '^') return base;
    take();
    // nerdamer prints negative powers as x^(-1).
    const open = peek() === '(' ? (take(), true) : false;
    const sign = peek() === '-' ? (take(), -1) : 1;
    const n = Number(take());
    if (!Number.isInteger(n)) fail('integer exponent expected');
    if (open) take(')');
    return pow(base, sign * n);
  };
  const atom = (): Expr => {
    const t = take();
    if (t === '(') {
      const e = expr();
      take(')');
      return e;
    }
    if (/^[\d.]/.test(t)) return constant(t);
    if (!/^[A-Za-z_]/.test(t)) return fail('unexpected token');
    if (peek() !== '(') {
      if (t === 'inf') return constant('inf');
      return defs[t] ?? variable(t);
    }
    take('(');
    const args = [expr()];
    while (peek() === ',') {
      take();
      args.push(expr());
    }
    take(')');
    if (t === 'sqrt' && args.length === 1) return sqrt(args[0]!);
    if ((FN_NAMES as readonly string[]).includes(t) && args.length === 2) return fn(t as FnName, ...args);
    return fail(`unknown function ${t}/${args.length}`);
  };
  const e = expr();
  if (i !== tokens.length) fail('trailing input');
  return e;
}

/** Parses definitions in order, each able to use the previous ones. */
export function parseDefs(src: Readonly<Record<string, string>>, base: Defs = {}): Record<string, Expr> {
  const out: Record<string, Expr> = { ...base };
  for (const [name, text] of Object.entries(src)) out[name] = parse(text, out);
  return out;
}
