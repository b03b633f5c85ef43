// A parsed candidate as a function of the parameters, generic over the precision context, so the same
// candidate runs in float64 and at high precision (the limit checks push parameters to 1e10).
// The candidate is a symbolic expression (parse.ts); its built-in names are the theory core's own
// quantities: x, ε (selfConsistency.ts), ν = x + ε, M_κ(ν) and M'_κ(ν) (resolvent.ts).
import type { Ctx } from '../numeric/context.js';
import { evalExpr, FunctionDomainError } from '../symbolic/evalExpr.js';
import { variablesOf } from '../symbolic/expr.js';
import { kappaTerms, xOf, type Params } from '../theory/params.js';
import { M, Mprime } from '../theory/resolvent.js';
import { epsilon } from '../theory/selfConsistency.js';
import { kappaInfinityLimit } from './kappaLimit.js';
import type { Candidate } from './parse.js';

export type CandidateFn = <T>(c: Ctx<T>, p: Params<T>) => T;

/**
 * The candidate's value at one point (throws the theory core's DomainError where a building block is
 * undefined, and a FunctionDomainError where sqrt or log leaves its domain). At κ = ∞ a NaN value, or
 * a function out of its domain (sqrt(1 − κ·…)), is replaced by the limit κ → ∞ where it exists
 * (kappaLimit.ts).
 */
export function compile(cand: Candidate): CandidateFn {
  const direct = compileDirect(cand);
  return <T>(c: Ctx<T>, p: Params<T>): T => {
    if (c.isFinite(p.kappa)) return direct(c, p);
    let v: T;
    try {
      v = direct(c, p);
    } catch (err) {
      if (err instanceof FunctionDomainError) return kappaInfinityLimit(c, p, direct);
      throw err;
    }
    return c.isNaN(v) ? kappaInfinityLimit(c, p, direct) : v;
  };
}

function compileDirect(cand: Candidate): CandidateFn {
  const uses = variablesOf(cand.expr);
  // ε needs a root solve: only when the candidate mentions it or a name built on it.
  const needsEps = ['eps', 'nu', 'M', 'Mp'].some((n) => uses.has(n));
  return <T>(c: Ctx<T>, p: Params<T>): T => {
    const env: Record<string, T> = { alpha: p.alpha, kappa: p.kappa, tau: p.tau, rho: p.rho, lambda: p.lambda };
    // x is one division (never throws): always at hand, for the candidate and for eps.
    env.x = xOf(c, p);
    if (needsEps) {
      const kt = kappaTerms(c, p.kappa);
      const eps = epsilon(c, p.kappa, { kt, x: env.x!, tau: p.tau, lambda: p.lambda });
      const nu = c.add(env.x!, eps);
      Object.assign(env, { eps, nu });
      if (uses.has('M')) env.M = M(c, kt, nu);
      if (uses.has('Mp')) env.Mp = Mprime(c, kt, nu);
    }
    return evalExpr(c, cand.expr, env).value;
  };
}
