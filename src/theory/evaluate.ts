// One entry point for every error of the theory at one parameter point: dispatches to the unified
// formulas at finite α and τ, and to the encoded limits when α or τ is infinite.
import { fp, MAX_DIGITS, mp, type Ctx } from '../numeric/context.js';
import type { Decimal } from 'decimal.js';
import { DomainError, ensure } from '../numeric/domain.js';
import { unifiedErrors } from './errors.js';
import { alphaInfinity, alphaTauInfinity, tauInfinity, type Growth, type LimitErrors } from './limits.js';
import { kappaTerms, liftDoubles, validateParams, xOf, type Params } from './params.js';
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
  if ((c as Ctx<unknown>) === fp && !float64Box(p as Params<number>))
    return viaDecimal(p as Params<number>) as Evaluation<T>;
  return evaluateIn(c, p);
}

/**
 * The box where float64 evaluation is established to 1e-12 of a 60-digit one (the registry check
 * theory.float64-vs-60-digits and properties/theory-precision.test.ts draw their points from it):
 * α ∈ [1e-2, 1e12], κ, τ, τ/α ∈ [1e-3, 1e6], each or ∞; ρ ∈ [0, 10]; λ ∈ {0} ∪ [1e-12, 1e3]; and
 * |τ − 1| >= 1e-6 when λ = 0. Outside it the intermediate quantities can overflow or underflow
 * float64 (M_κ(x) ~ 1/x at x = 1e-155 squares past 1e308) though the errors are representable.
 */
export function float64Box(p: Params<number>): boolean {
  const inside = (v: number, lo: number, hi: number) => v === Infinity || (lo <= v && v <= hi);
  return (
    inside(p.alpha, 1e-2, 1e12) &&
    inside(p.kappa, 1e-3, 1e6) &&
    inside(p.tau, 1e-3, 1e6) &&
    (p.tauPerAlpha === undefined || inside(p.tauPerAlpha, 1e-3, 1e6)) &&
    p.rho <= 10 &&
    (p.lambda === 0 ? Math.abs(p.tau - 1) >= 1e-6 : 1e-12 <= p.lambda && p.lambda <= 1e3)
  );
}

/**
 * A float64 point outside the float64 box: evaluated in decimal arithmetic (whose exponent range is
 * unbounded) at working digits that grow with the decades the parameters span, confirmed at 20 more,
 * and rounded to float64. A value that float64 cannot hold (beyond 1.8e308, or below
 * 2.2e-308 but not 0) is a DomainError that asks for --digits, never NaN or a silently wrong number.
 */
function viaDecimal(p: Params<number>): Evaluation<number> {
  const w = workingDigits(p);
  const at = (digits: number) => {
    const c = mp(digits);
    return evaluateIn(c, liftDoubles(c, p));
  };
  // The range first: a value beyond float64 needs no 17 correct digits to be refused.
  const e = at(w);
  for (const k of ['epsilon', 'eICL', 'eIDG'] as const) refuseOutOfRange(k, e[k]);
  // Confirmed at more digits: both agree to 17 significant digits, or the point asks for --digits.
  const check = at(Math.min(MAX_DIGITS, w + CONFIRM_DIGITS));
  for (const k of ['epsilon', 'eICL', 'eIDG'] as const)
    if (e[k].toSignificantDigits(17).toString() !== check[k].toSignificantDigits(17).toString())
      throw new DomainError(
        'parameters',
        `a point float64 can be given to 17 digits (${k} differs at ${w} ` +
          `and ${w + CONFIRM_DIGITS} working digits; use --digits N)`,
        JSON.stringify(p),
      );
  const growth: Evaluation<number>['growth'] = {};
  for (const k of ['eICL', 'eIDG', 'gTask'] as const) {
    const g = check.growth[k];
    if (g) growth[k] = { power: g.power, rate: refuseOutOfRange(`the growth rate of ${k}`, g.rate) };
  }
  // g_task is a difference: float64 gives it to the accuracy of the errors, not of itself.
  const gTask = check.gTask.isFinite() && check.gTask.abs().lt(MIN_NORMAL) ? 0 : refuseOutOfRange('gTask', check.gTask);
  return {
    regime: check.regime,
    epsilon: refuseOutOfRange('epsilon', check.epsilon),
    eICL: refuseOutOfRange('eICL', check.eICL),
    eIDG: refuseOutOfRange('eIDG', check.eIDG),
    gTask,
    growth: Object.keys(growth).length === 0 ? NO_GROWTH : growth,
  };
}

/**
 * Working digits for a point outside the box: terms such as 1 − τ and x + ε meet quantities whose
 * magnitudes differ by as many decades as the parameters span, so the precision grows with that span
 * (at τ = 1e-66, 37 digits give the same wrong root twice; 100 give the right one).
 */
function workingDigits(p: Params<number>): number {
  const decades = [p.alpha, p.kappa, p.tau, p.rho, p.lambda, p.tauPerAlpha ?? 1]
    .filter((v) => Number.isFinite(v) && v > 0)
    .map((v) => Math.abs(Math.log10(v)));
  return Math.min(MAX_DIGITS - CONFIRM_DIGITS, 40 + 2 * Math.ceil(Math.max(0, ...decades)));
}

const CONFIRM_DIGITS = 20;

const MIN_NORMAL = 2.2250738585072014e-308;

/** `v` as a float64, or the DomainError asking for --digits when float64 cannot hold it. */
function refuseOutOfRange(name: string, v: Decimal): number {
  const x = v.toNumber();
  const lost = v.isFinite() && (!Number.isFinite(x) || (x === 0 ? !v.isZero() : Math.abs(x) < MIN_NORMAL));
  if (lost)
    throw new DomainError(
      'parameters',
      `a point whose ${name} is within the float64 range (magnitude 2.2e-308 to 1.7e308; use --digits N)`,
      `${name} = ${v.toExponential(5)}`,
    );
  return x;
}

function evaluateIn<T>(c: Ctx<T>, p: Params<T>): Evaluation<T> {
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
      'away from 1/3 by more than rounding when kappa = tau, alpha = inf and lambda = ' +
        '0 (e^ICL and e^IDG grow alike there; the finite limit of g_task is not derived)',
      c.toString(kappa),
    );
  }
  const gTask = c.num(c.lt(zero, growth.rate) ? Infinity : -Infinity);
  return { ...base, gTask, growth: { ...l.growth, gTask: growth } };
}
