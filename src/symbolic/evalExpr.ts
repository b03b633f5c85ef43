// Numeric evaluation of an Expr in any precision context. M and Mp are the theory core's own
// functions, so a numeric check of a step exercises the code the project ships. A function outside
// its domain (sqrt of a negative number, log of a number <= 0) is a DomainError naming the function
// and the argument's value; a NaN argument stays NaN (the κ = ∞ limit of a candidate reads it).
import type { Ctx } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';
import { kappaTerms } from '../theory/params.js';
import { M, Mprime } from '../theory/resolvent.js';
import type { ElemName, Expr } from './expr.js';

/** A function of the grammar evaluated outside its domain (sqrt of a negative number, log of one <= 0). */
export class FunctionDomainError extends DomainError {
  override name = 'DomainError';
}

interface ExprValue<T> {
  value: T;
  /** Largest magnitude among the terms of every sum: the scale against which cancellation is judged. */
  scale: T;
}

export function evalExpr<T>(c: Ctx<T>, e: Expr, env: Readonly<Record<string, T>>): ExprValue<T> {
  const memo = new Map<Expr, T>();
  let scale = c.num(0);
  const note = (v: T): void => {
    const a = c.abs(v);
    if (c.lt(scale, a)) scale = a;
  };
  const go = (x: Expr): T => {
    const hit = memo.get(x);
    // Stryker disable next-line ConditionalExpression: memo only: same value, slower (docs/equivalent-mutants.md)
    if (hit !== undefined) return hit;
    let v: T;
    switch (x.k) {
      case 'num':
        v = c.div(c.num(x.p.toString()), c.num(x.q.toString()));
        break;
      case 'inf':
        v = c.num(Infinity);
        break;
      case 'var': {
        const bound = env[x.name];
        if (bound === undefined) throw new Error(`no value for variable '${x.name}'`);
        v = bound;
        break;
      }
      case 'add':
      case 'sub': {
        const a = go(x.a);
        const b = go(x.b);
        note(a);
        note(b);
        v = x.k === 'add' ? c.add(a, b) : c.sub(a, b);
        break;
      }
      case 'mul':
        v = c.mul(go(x.a), go(x.b));
        break;
      case 'div':
        v = c.div(go(x.a), go(x.b));
        break;
      case 'neg':
        v = c.neg(go(x.a));
        break;
      case 'sqrt': {
        const a = go(x.a);
        if (c.lt(a, c.num(0))) throw new FunctionDomainError('the argument of sqrt', '>= 0', c.toString(a, 8));
        v = c.sqrt(a);
        break;
      }
      case 'elem':
        v = elementary(c, x.name, x.args.map(go));
        break;
      case 'if': {
        const a = go(x.a);
        const b = go(x.b);
        // a <= b is not b < a; with a NaN side neither branch is meaningful.
        if (c.isNaN(a) || c.isNaN(b)) v = c.num(NaN);
        else v = (x.op === '<' ? c.lt(a, b) : !c.lt(b, a)) ? go(x.then) : go(x.else);
        break;
      }
      case 'pow': {
        const base = go(x.a);
        let r = c.num(1);
        for (let i = 0; i < Math.abs(x.n); i++) r = c.mul(r, base);
        // Stryker disable next-line EqualityOperator: at n = 0, r = 1 and 1/1 = 1 (docs/equivalent-mutants.md)
        v = x.n < 0 ? c.div(c.num(1), r) : r;
        break;
      }
      case 'fn': {
        const [kappa, arg] = x.args.map(go) as [T, T];
        v = x.name === 'M' ? M(c, kappaTerms(c, kappa), arg) : Mprime(c, kappaTerms(c, kappa), arg);
        break;
      }
    }
    memo.set(x, v);
    return v;
  };
  const value = go(e);
  note(value);
  return { value, scale };
}

/** exp, log, abs, min, max in context c; exp and log need a context that has them (Ctx.exp, Ctx.ln). */
function elementary<T>(c: Ctx<T>, name: ElemName, args: readonly T[]): T {
  const a = args[0]!;
  switch (name) {
    case 'abs':
      return c.abs(a);
    case 'min':
    case 'max': {
      const b = args[1]!;
      if (c.isNaN(a) || c.isNaN(b)) return c.num(NaN);
      return c.lt(a, b) === (name === 'min') ? a : b;
    }
    case 'exp':
      if (!c.exp) throw new Error(`exp is not available in the ${c.name} context`);
      return c.exp(a);
    case 'log':
      if (!c.ln) throw new Error(`log is not available in the ${c.name} context`);
      if (!c.isNaN(a) && !c.lt(c.num(0), a))
        throw new FunctionDomainError('the argument of log', '> 0 (the natural logarithm)', c.toString(a, 8));
      return c.ln(a);
  }
}
