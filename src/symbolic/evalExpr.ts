// Numeric evaluation of an Expr in any precision context. M and Mp are the theory core's own
// functions, so a numeric check of a step exercises the code the project ships.
import type { Ctx } from '../numeric/context.js';
import { kappaTerms } from '../theory/params.js';
import { M, Mprime } from '../theory/resolvent.js';
import type { Expr } from './expr.js';

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
      case 'sqrt':
        v = c.sqrt(go(x.a));
        break;
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
