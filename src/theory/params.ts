// The parameter point of the theory: α = ℓ/d, κ = k/d, τ = n/d², ρ (noise), λ (ridge), and the ratio
// τ/α of the joint limit α, τ → ∞. This module is the one home of their names, their domain (the
// table DOMAIN, whose `allowed` texts are what every error prints), the one reader of "a number or
// inf" and the one lift of a point into a numeric context. The commands, the sweep spec, the
// candidate grammar and the simulator all read it.
import { convert, fp, type Ctx } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';

/** The five parameters of a point, in the order every command and file lists them. */
export const PARAM_NAMES = ['alpha', 'kappa', 'tau', 'rho', 'lambda'] as const;
export type ParamName = (typeof PARAM_NAMES)[number];
/** A parameter or the ratio τ/α of the joint limit. */
export type DomainKey = ParamName | 'tauPerAlpha';
/** Every key of the domain, in the order points list them; `jointLimitOnly` keys are given only where α = τ = ∞. */
export const DOMAIN_KEYS: readonly DomainKey[] = [...PARAM_NAMES, 'tauPerAlpha'];

export interface Params<T> {
  alpha: T;
  kappa: T;
  tau: T;
  rho: T;
  lambda: T;
  /** c = τ/α, needed only for the joint limit α, τ → ∞. */
  tauPerAlpha?: T;
}

/**
 * κ enters M_κ only through 1/κ and 1 − 1/κ. Both are kept, each computed without cancellation
 * (1 − 1/κ as (κ − 1)/κ, exact to rounding near κ = 1), and κ = ∞ is simply ik = 0, omk = 1.
 */
export interface KappaTerms<T> {
  /** κ itself (Infinity allowed). */
  kappa: T;
  ik: T;
  omk: T;
}

export function kappaTerms<T>(c: Ctx<T>, kappa: T): KappaTerms<T> {
  if (!c.isFinite(kappa)) return { kappa, ik: c.num(0), omk: c.num(1) };
  return { kappa, ik: c.div(c.num(1), kappa), omk: c.div(c.sub(kappa, c.num(1)), kappa) };
}

/** Terms of κ/τ (the resolvent of the ridgeless τ < 1 closed form), from κ and τ without rounding κ/τ. */
export function kappaRatioTerms<T>(c: Ctx<T>, kappa: T, tau: T): KappaTerms<T> {
  if (!c.isFinite(kappa)) return { kappa, ik: c.num(0), omk: c.num(1) };
  return { kappa: c.div(kappa, tau), ik: c.div(tau, kappa), omk: c.div(c.sub(kappa, tau), kappa) };
}

/** x = (1 + ρ)/α: the effective noise of the in-context estimate h; 0 at α = ∞. */
export const xOf = <T>(c: Ctx<T>, p: Params<T>): T => c.div(c.add(c.num(1), p.rho), p.alpha);

interface ParamDomain {
  /** The command-line flag (and the parameter name errors print). */
  flag: string;
  /** Whether the bound 0 is excluded (> 0) or included (>= 0). */
  positive: boolean;
  /** Whether ∞ is in the theory's domain (its limits are encoded in limits.ts). */
  allowInf: boolean;
  /**
   * Whether ∞ is meaningful at finite d: only κ = ∞ (a fresh task per context) is; α and τ are
   * finite at any finite d, so the simulator and the candidate grammar take them finite.
   */
  infAtFiniteD: boolean;
  /** Present only in the joint limit α, τ → ∞ (the ratio τ/α); every other key is required. */
  jointLimitOnly?: boolean;
}

/** The domain of the theory, parameter by parameter. */
export const DOMAIN: Readonly<Record<DomainKey, ParamDomain>> = {
  alpha: { flag: 'alpha', positive: true, allowInf: true, infAtFiniteD: false },
  kappa: { flag: 'kappa', positive: true, allowInf: true, infAtFiniteD: true },
  tau: { flag: 'tau', positive: true, allowInf: true, infAtFiniteD: false },
  rho: { flag: 'rho', positive: false, allowInf: false, infAtFiniteD: false },
  lambda: { flag: 'lambda', positive: false, allowInf: false, infAtFiniteD: false },
  tauPerAlpha: { flag: 'tau-per-alpha', positive: true, allowInf: false, infAtFiniteD: false, jointLimitOnly: true },
};

/** The allowed range as errors print it, e.g. 'a number > 0 or inf', 'a finite number >= 0'. */
export function allowedRange(key: DomainKey, allowInf = DOMAIN[key].allowInf): string {
  const bound = DOMAIN[key].positive ? '> 0' : '>= 0';
  return allowInf ? `a number ${bound} or inf` : `a finite number ${bound}`;
}

/** Whether a float64 value is in the parameter's range (∞ only where `allowInf`). */
export function inRange(key: DomainKey, v: number, allowInf = DOMAIN[key].allowInf): boolean {
  if (v === Infinity) return allowInf;
  return Number.isFinite(v) && (DOMAIN[key].positive ? v > 0 : v >= 0);
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INF = /^(\+?inf|\+?infinity)$/i;

/**
 * The one reader of "a number or inf": 'inf' for any spelling of +∞ (inf, Infinity, +inf; only when
 * `allowInf`), the trimmed decimal for a decimal number, undefined for anything else. Decimals stay
 * strings so that every precision reads them exactly ('0.85' is 0.85 at 50 digits, not a double).
 */
export function readNumberOrInf(raw: string, allowInf: boolean): string | undefined {
  const s = raw.trim();
  if (allowInf && INF.test(s)) return 'inf';
  return DECIMAL.test(s) ? s : undefined;
}

/** A value as written or read: a decimal string, 'inf', or a number. */
type RawValue = string | number;

/** A point as written (decimal strings or 'inf', or numbers). */
type RawParams = Record<ParamName, RawValue> & { tauPerAlpha?: RawValue };

/** A point as the user typed it (decimal strings or 'inf'). */
export type TypedParams = Record<ParamName, string> & { tauPerAlpha?: string };

/** The one lift of a point into a numeric context (decimal strings are read exactly). */
export function liftParams<T>(c: Ctx<T>, raw: RawParams): Params<T> {
  const p: Params<T> = {
    alpha: c.num(raw.alpha),
    kappa: c.num(raw.kappa),
    tau: c.num(raw.tau),
    rho: c.num(raw.rho),
    lambda: c.num(raw.lambda),
  };
  if (raw.tauPerAlpha !== undefined) p.tauPerAlpha = c.num(raw.tauPerAlpha);
  return p;
}

/** A float64 point in context c, each double read by its exact binary value (so fp and mp see the same numbers). */
export function liftDoubles<T>(c: Ctx<T>, p: Params<number>): Params<T> {
  const q: Params<T> = {
    alpha: convert(fp, c, p.alpha),
    kappa: convert(fp, c, p.kappa),
    tau: convert(fp, c, p.tau),
    rho: convert(fp, c, p.rho),
    lambda: convert(fp, c, p.lambda),
  };
  if (p.tauPerAlpha !== undefined) q.tauPerAlpha = convert(fp, c, p.tauPerAlpha);
  return q;
}

/** A canonical value ('inf' or a decimal string) as a float64. */
export const toFloat = (s: string): number => (s === 'inf' ? Infinity : Number(s));

const positiveOrInf = <T>(c: Ctx<T>, v: T): boolean => !c.isNaN(v) && c.lt(c.num(0), v);
const finiteNonNegative = <T>(c: Ctx<T>, v: T): boolean => c.isFinite(v) && !c.lt(v, c.num(0));
const finitePositive = <T>(c: Ctx<T>, v: T): boolean => c.isFinite(v) && c.lt(c.num(0), v);

/** The first parameter outside the domain of the theory, with its allowed range (undefined if none). */
function violation<T>(c: Ctx<T>, p: Params<T>): [DomainKey, string] | undefined {
  // Written out rather than read from DOMAIN in a loop: this runs on every evaluation, and the
  // table-driven form cost the float64 path over half its throughput (npm run bench). test/params.test.ts
  // holds these predicates equal to DOMAIN.
  if (!positiveOrInf(c, p.alpha)) return ['alpha', allowedRange('alpha')];
  if (!positiveOrInf(c, p.kappa)) return ['kappa', allowedRange('kappa')];
  if (!positiveOrInf(c, p.tau)) return ['tau', allowedRange('tau')];
  if (!finiteNonNegative(c, p.rho)) return ['rho', allowedRange('rho')];
  if (!finiteNonNegative(c, p.lambda)) return ['lambda', allowedRange('lambda')];
  if (c.isZero(p.lambda) && c.isZero(c.sub(p.tau, c.num(1))))
    return ['tau', '!= 1 when lambda = 0 (the ridgeless errors diverge at tau = 1)'];
  const tpa = p.tauPerAlpha;
  if (!c.isFinite(p.alpha) && !c.isFinite(p.tau)) {
    if (tpa === undefined || !finitePositive(c, tpa))
      return ['tauPerAlpha', `${allowedRange('tauPerAlpha')} when alpha = tau = inf`];
  } else if (tpa !== undefined) return ['tauPerAlpha', 'given only with alpha = inf and tau = inf'];
  return undefined;
}

/** Throws a DomainError naming the first parameter outside the domain of the theory. */
export function validateParams<T>(c: Ctx<T>, p: Params<T>): void {
  const v = violation(c, p);
  if (v === undefined) return;
  const [key, allowed] = v;
  const got = p[key];
  throw new DomainError(DOMAIN[key].flag, allowed, got === undefined ? 'nothing' : c.toString(got));
}
