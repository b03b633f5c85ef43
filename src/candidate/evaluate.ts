// A parsed candidate as a function of the parameters, generic over the precision context, so the same
// candidate runs in float64 and at high precision (the limit checks push parameters to 1e10).
// The building blocks come from the theory core: M_κ and M'_κ (resolvent.ts) and ε (selfConsistency.ts).
import type { Ctx } from '../numeric/context.js';
import { kappaTerms, xOf, type Params } from '../theory/params.js';
import { M, Mprime } from '../theory/resolvent.js';
import { epsilon } from '../theory/selfConsistency.js';
import type { Expr } from './expression.js';
import type { Candidate } from './parse.js';

export type CandidateFn = <T>(c: Ctx<T>, p: Params<T>) => T;

/** Values of names, computed on first use (ε needs a root solve only if the candidate mentions it). */
class Scope<T> {
  private readonly cache = new Map<string, T>();
  constructor(
    private readonly c: Ctx<T>,
    private readonly p: Params<T>,
    private readonly helpers: Map<string, Expr>,
  ) {}

  get(name: string): T {
    const hit = this.cache.get(name);
    if (hit !== undefined) return hit;
    const v = this.compute(name);
    this.cache.set(name, v);
    return v;
  }

  private compute(name: string): T {
    const { c, p } = this;
    const helper = this.helpers.get(name);
    if (helper) return evalExpr(c, helper, this);
    switch (name) {
      case 'alpha':
      case 'kappa':
      case 'tau':
      case 'rho':
      case 'lambda':
        return p[name];
      case 'x':
        return xOf(c, p);
      case 'eps':
        return epsilon(c, p.kappa, { kt: kappaTerms(c, p.kappa), x: this.get('x'), tau: p.tau, lambda: p.lambda });
      case 'nu':
        return c.add(this.get('x'), this.get('eps'));
      case 'M':
        return M(c, kappaTerms(c, p.kappa), this.get('nu'));
      case 'Mp':
        return Mprime(c, kappaTerms(c, p.kappa), this.get('nu'));
      default:
        throw new Error(`internal: unresolved name ${name} (parse.ts checks names)`);
    }
  }
}

function evalExpr<T>(c: Ctx<T>, e: Expr, scope: Scope<T>): T {
  switch (e.kind) {
    case 'num':
      return c.num(e.value);
    case 'name':
      return scope.get(e.name);
    case 'neg':
      return c.neg(evalExpr(c, e.arg, scope));
    case 'bin': {
      const a = evalExpr(c, e.left, scope);
      const b = evalExpr(c, e.right, scope);
      return e.op === '+' ? c.add(a, b) : e.op === '-' ? c.sub(a, b) : e.op === '*' ? c.mul(a, b) : c.div(a, b);
    }
    case 'pow':
      return power(c, evalExpr(c, e.base, scope), e.halves);
    case 'call': {
      const args = e.args.map((a) => evalExpr(c, a, scope));
      if (e.name === 'sqrt') return c.sqrt(args[0]!);
      const kt = kappaTerms(c, args[0]!);
      return e.name === 'Mk' ? M(c, kt, args[1]!) : Mprime(c, kt, args[1]!);
    }
  }
}

/** base^(halves/2) by squaring (and one square root for odd halves). */
function power<T>(c: Ctx<T>, base: T, halves: number): T {
  let b = halves % 2 === 0 ? base : c.sqrt(base);
  let n = Math.abs(halves % 2 === 0 ? halves / 2 : halves);
  let acc = c.num(1);
  while (n > 0) {
    if (n & 1) acc = c.mul(acc, b);
    b = c.mul(b, b);
    n >>= 1;
  }
  return halves < 0 ? c.div(c.num(1), acc) : acc;
}

/** The candidate's value at one point (throws the theory core's DomainError where a building block is undefined). */
export function compile(cand: Candidate): CandidateFn {
  const helpers = new Map(cand.definitions.map((d) => [d.name, d.expr] as const));
  return <T>(c: Ctx<T>, p: Params<T>): T => evalExpr(c, cand.expr, new Scope(c, p, helpers));
}
