// Exact partial derivatives of ε, e^ICL, e^IDG and g_task in α, κ, τ, ρ or λ at a finite point, in any
// numeric context. ε is defined implicitly by the self-consistency (docs/theory.md §4); written as
//   h(ε, θ) = ε·(ε M_κ(x + ε) − (1 − τ)) − τλ = 0,        x = (1 + ρ)/α,
// which is smooth through ε = 0 (the ridgeless τ > 1 branch), implicit differentiation gives
//   dε/dθ = −h_θ / h_ε,   h_ε = ε(M + εM') + τλ/ε at a root ε > 0 (the solver's elasticity), τ − 1 at ε = 0,
// with h_θ from forward-mode dual numbers (numeric/dual.ts). The errors are then evaluated by the same
// unified formulas (errors.ts) in the dual context with ε carrying dε/dθ. At λ = 0 the λ-derivative is the
// right derivative (ε and the errors are analytic in λ on [0, ∞) for τ ≠ 1).
import { type Ctx } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';
import { dual, seed, type Dual } from '../numeric/dual.js';
import { unifiedErrors } from './errors.js';
import { evaluate } from './evaluate.js';
import { kappaTerms, PARAM_NAMES, xOf, type ParamName, type Params } from './params.js';
import { M } from './resolvent.js';
import { residual } from './selfConsistency.js';

export interface Derivatives<T> {
  /** The parameter differentiated in. */
  wrt: ParamName;
  epsilon: T;
  eICL: T;
  eIDG: T;
  gTask: T;
}

/** Reads a derivative parameter name (one of PARAM_NAMES); a DomainError naming `flag` otherwise. */
export function derivativeParam(raw: string, flag = '--derivative'): ParamName {
  const s = raw.trim();
  if (!(PARAM_NAMES as readonly string[]).includes(s))
    throw new DomainError(flag, `one of ${PARAM_NAMES.join(', ')}`, `'${raw}'`);
  return s as ParamName;
}

/** ∂/∂`wrt` of ε, e^ICL, e^IDG and g_task at p (α and τ finite; κ finite for ∂/∂κ). Throws DomainError. */
export function derivatives<T>(c: Ctx<T>, p: Params<T>, wrt: ParamName): Derivatives<T> {
  const e = evaluate(c, p); // validates the point
  if (e.regime !== 'finite')
    throw new DomainError(
      !c.isFinite(p.alpha) ? 'alpha' : 'tau',
      'finite for a derivative (the limits alpha, tau = inf are not differentiated)',
      'inf',
    );
  if (wrt === 'kappa' && !c.isFinite(p.kappa))
    throw new DomainError('kappa', 'finite for a derivative in kappa', 'inf');
  const D = dual(c);
  const lift = (constant: boolean): Params<Dual<T>> => ({
    alpha: seed(c, p.alpha, !constant && wrt === 'alpha'),
    kappa: seed(c, p.kappa, !constant && wrt === 'kappa'),
    tau: seed(c, p.tau, !constant && wrt === 'tau'),
    rho: seed(c, p.rho, !constant && wrt === 'rho'),
    lambda: seed(c, p.lambda, !constant && wrt === 'lambda'),
  });
  const q = lift(false);
  const kt = kappaTerms(D, q.kappa);
  const x = xOf(D, q);
  // h_θ at fixed ε
  const eps0 = seed(c, e.epsilon, false);
  const one = D.num(1);
  const nu0 = D.add(x, eps0);
  const h = D.sub(D.mul(eps0, D.sub(D.mul(eps0, M(D, kt, nu0)), D.sub(one, q.tau))), D.mul(q.tau, q.lambda));
  const hEps = c.isZero(e.epsilon)
    ? c.sub(p.tau, c.num(1))
    : residual(c, { kt: kappaTerms(c, p.kappa), x: xOf(c, p), tau: p.tau, lambda: p.lambda }, e.epsilon).edg;
  const dEps = c.div(c.sub(c.num(0), h.d), hEps); // 0 − h_θ: +0, not −0, where ε does not move (h_ε > 0)
  const eps: Dual<T> = { v: e.epsilon, d: dEps };
  const errs = unifiedErrors(D, { kt, x, tau: q.tau, rho: q.rho, lambda: q.lambda }, eps, M(D, kt, D.add(x, eps)));
  const gTask = c.isFinite(p.kappa) ? c.sub(errs.eICL.d, errs.eIDG.d) : c.num(0);
  return { wrt, epsilon: dEps, eICL: errs.eICL.d, eIDG: errs.eIDG.d, gTask };
}
