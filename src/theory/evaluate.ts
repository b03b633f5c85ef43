// One entry point for every error of the theory at one parameter point: dispatches to the unified
// formulas at finite α and τ, and to the encoded limits when α or τ is infinite.
import type { Ctx } from '../numeric/context.js';
import { unifiedErrors } from './errors.js';
import { alphaInfinity, alphaTauInfinity, tauInfinity, type Growth, type LimitErrors } from './limits.js';
import { kappaTerms, validateParams, xOf, type Params } from './params.js';
import { M } from './resolvent.js';
import { epsilon } from './selfConsistency.js';

export type Regime = 'finite' | 'tau=inf' | 'alpha=inf' | 'alpha,tau=inf';

export interface Evaluation<T> {
  regime: Regime;
  epsilon: T;
  eICL: T;
  eIDG: T;
  /** e^ICL − e^IDG. */
  gTask: T;
  /** For each divergent error, how it grows with α (present only for infinite values). */
  growth: { eICL?: Growth<T>; eIDG?: Growth<T>; gTask?: Growth<T> };
}

export function evaluate<T>(c: Ctx<T>, p: Params<T>): Evaluation<T> {
  validateParams(c, p);
  const alphaInf = !c.isFinite(p.alpha);
  const tauInf = !c.isFinite(p.tau);
  if (alphaInf && tauInf) return withGap(c, 'alpha,tau=inf', alphaTauInfinity(c, p.kappa, p.rho, p.lambda, p.tauPerAlpha!));
  if (alphaInf) return withGap(c, 'alpha=inf', alphaInfinity(c, p.kappa, p.tau, p.rho, p.lambda));
  const kt = kappaTerms(c, p.kappa);
  const x = xOf(c, p);
  if (tauInf) return withGap(c, 'tau=inf', tauInfinity(c, kt, x, p.rho, p.lambda));
  const eps = epsilon(c, p.kappa, { kt, x, tau: p.tau, lambda: p.lambda });
  const { eICL, eIDG } = unifiedErrors(c, { kt, x, tau: p.tau, rho: p.rho, lambda: p.lambda }, eps, M(c, kt, c.add(x, eps)));
  return { regime: 'finite', epsilon: eps, eICL, eIDG, gTask: c.sub(eICL, eIDG), growth: {} };
}

/** g_task of a limit: the difference, or the divergent side's growth (rates subtract at equal power). */
function withGap<T>(c: Ctx<T>, regime: Regime, l: LimitErrors<T>): Evaluation<T> {
  const { eICL: gi, eIDG: gd } = l.growth;
  const base = { regime, epsilon: l.epsilon, eICL: l.eICL, eIDG: l.eIDG };
  if (!gi && !gd) return { ...base, gTask: c.sub(l.eICL, l.eIDG), growth: {} };
  let gap: Growth<T>;
  if (gi && gd && gi.power === gd.power) gap = { power: gi.power, rate: c.sub(gi.rate, gd.rate) };
  else if (gi && (!gd || gi.power > gd.power)) gap = gi;
  else gap = { power: gd!.power, rate: c.neg(gd!.rate) };
  const zero = c.num(0);
  const gTask = c.lt(zero, gap.rate) ? c.num(Infinity) : c.lt(gap.rate, zero) ? c.num(-Infinity) : c.num(NaN);
  if (c.isNaN(gTask)) throw new Error('g_task: equal growth of e^ICL and e^IDG; its finite limit is not derived');
  return { ...base, gTask, growth: { ...l.growth, gTask: gap } };
}
