// One entry point for every error of the theory at one parameter point: dispatches to the unified
// formulas at finite α and τ, and to the encoded limits when α or τ is infinite.
import { fp, type Ctx } from '../numeric/context.js';
import { DomainError, ensure } from '../numeric/domain.js';
import { unifiedErrors } from './errors.js';
import { alphaInfinity, alphaTauInfinity, tauInfinity, type Growth, type LimitErrors } from './limits.js';
import { kappaTerms, validateParams, xOf, type Params } from './params.js';
import { M } from './resolvent.js';
import { epsilon } from './selfConsistency.js';

/**
 * The encoded limits (limits.ts), keyed by which of α and τ is infinite; evaluate dispatches on this
 * table, and every other point is finite and goes to the unified formulas. A new limit is one row
 * here (plus its formula in limits.ts, its domain in params.ts, its proof and its registry check).
 */
const LIMITS = [
  {
    regime: 'alpha,tau=inf',
    alphaInf: true,
    tauInf: true,
    errors: <T>(c: Ctx<T>, p: Params<T>) => alphaTauInfinity(c, p.kappa, p.rho, p.lambda, p.tauPerAlpha!),
  },
  {
    regime: 'alpha=inf',
    alphaInf: true,
    tauInf: false,
    errors: <T>(c: Ctx<T>, p: Params<T>) => alphaInfinity(c, p.kappa, p.tau, p.rho, p.lambda),
  },
  {
    regime: 'tau=inf',
    alphaInf: false,
    tauInf: true,
    errors: <T>(c: Ctx<T>, p: Params<T>) => tauInfinity(c, kappaTerms(c, p.kappa), xOf(c, p), p.rho, p.lambda),
  },
] as const satisfies readonly {
  regime: string;
  alphaInf: boolean;
  tauInf: boolean;
  errors: <T>(c: Ctx<T>, p: Params<T>) => LimitErrors<T>;
}[];

/** An encoded limit's name: which of α and τ is infinite. */
export type LimitRegime = (typeof LIMITS)[number]['regime'];

/** Which formula an evaluation used: the finite unified formulas or one of the limits. */
export type Regime = 'finite' | LimitRegime;

/**
 * The errors of one encoded limit at a point whose α and τ are infinite as the regime says (the
 * library's `limits.*` are this table's rows). A point of another regime is a DomainError.
 */
export function limitErrors<T>(c: Ctx<T>, regime: LimitRegime, p: Params<T>): LimitErrors<T> {
  const limit = LIMITS.find((l) => l.regime === regime)!;
  ensure(!c.isFinite(p.tau) === limit.tauInf, 'tau', limit.tauInf ? 'inf in this limit' : 'finite in this limit', () =>
    c.toString(p.tau),
  );
  validateParams(c, p);
  return limit.errors(c, p);
}

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

/** The theory's (e^ICL, e^IDG, g_task) in float64: what a simulation at the same point is compared with. */
export function theoryValues(p: Params<number>): { eICL: number; eIDG: number; gTask: number } {
  const e = evaluate(fp, { alpha: p.alpha, kappa: p.kappa, tau: p.tau, rho: p.rho, lambda: p.lambda });
  return { eICL: e.eICL, eIDG: e.eIDG, gTask: e.gTask };
}

const NO_GROWTH = Object.freeze({});

export function evaluate<T>(c: Ctx<T>, p: Params<T>): Evaluation<T> {
  validateParams(c, p);
  const alphaInf = !c.isFinite(p.alpha);
  const tauInf = !c.isFinite(p.tau);
  if (alphaInf || tauInf) {
    const limit = LIMITS.find((l) => l.alphaInf === alphaInf && l.tauInf === tauInf)!;
    return withGap(c, p.kappa, limit.regime, limit.errors(c, p));
  }
  const kt = kappaTerms(c, p.kappa);
  const x = xOf(c, p);
  const eps = epsilon(c, p.kappa, { kt, x, tau: p.tau, lambda: p.lambda });
  const { eICL, eIDG } = unifiedErrors(
    c,
    { kt, x, tau: p.tau, rho: p.rho, lambda: p.lambda },
    eps,
    M(c, kt, c.add(x, eps)),
  );
  return { regime: 'finite', epsilon: eps, eICL, eIDG, gTask: gap(c, p.kappa, eICL, eIDG), growth: NO_GROWTH };
}

/** At κ = ∞ the two errors are equal (proved in proofs/): the gap is exactly 0, not rounding noise. */
const gap = <T>(c: Ctx<T>, kappa: T, eICL: T, eIDG: T): T => (c.isFinite(kappa) ? c.sub(eICL, eIDG) : c.num(0));

/**
 * g_task of a limit: the difference, or the divergent side's growth. In every limit (limits.ts) e^IDG
 * diverges only where e^ICL does, and then at the same power, so the rates subtract. At κ = τ = 1/3
 * (α = ∞, λ = 0) they are equal: no context resolves the sign of their difference there, so a
 * difference within rounding of the rates is refused rather than given the sign of the rounding error.
 */
function withGap<T>(c: Ctx<T>, kappa: T, regime: Regime, l: LimitErrors<T>): Evaluation<T> {
  const { eICL: gi, eIDG: gd } = l.growth;
  const base = { regime, epsilon: l.epsilon, eICL: l.eICL, eIDG: l.eIDG };
  if (!gi) return { ...base, gTask: gap(c, kappa, l.eICL, l.eIDG), growth: NO_GROWTH };
  const growth = gd ? { power: gi.power, rate: c.sub(gi.rate, gd.rate) } : gi;
  const zero = c.num(0);
  if (gd && !c.lt(c.mul(c.mul(c.num(64), c.eps), c.abs(gi.rate)), c.abs(growth.rate))) {
    throw new DomainError(
      'tau',
      'away from 1/3 by more than rounding when kappa = tau, alpha = inf and lambda = 0 (e^ICL and e^IDG grow alike there; the finite limit of g_task is not derived)',
      c.toString(kappa),
    );
  }
  const gTask = c.num(c.lt(zero, growth.rate) ? Infinity : -Infinity);
  return { ...base, gTask, growth: { ...l.growth, gTask: growth } };
}
