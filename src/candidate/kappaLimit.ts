// A candidate at κ = ∞. A formula copied from the paper is often written for finite κ (for example
// k* = 1/(1 − κ(m/(κ + m))²), which is ∞/∞ at κ = ∞). Where the candidate is NaN at κ = ∞ (or a
// function of it leaves its domain there, FunctionDomainError), its value
// there is the limit κ → ∞, when it has one: evaluated at two growing finite κ in high precision and
// accepted only when the two agree to beyond the requested precision (the gap of a limit approached
// like 1/κ is about 1/κ₁, far below it). Otherwise a DomainError says that κ = ∞ is outside the
// formula's reach and how to exclude it (`kappa < inf` in the domain line).
import { convert, mp, type Ctx } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';
import type { Params } from '../theory/params.js';
import { FunctionDomainError } from '../symbolic/evalExpr.js';

/** The candidate at finite or infinite κ, without the limit. */
export type Direct = <T>(c: Ctx<T>, p: Params<T>) => T;

/**
 * g = digits + 8: κ₁ = 10^g and κ₂ = 10^(2g), at 4g + 20 digits, so a term that cancels like κ₂ still
 * keeps more than g digits, and the 1/κ₁ distance to the limit is 10^(−8) below the requested digits.
 */
export function kappaInfinityLimit<T>(c: Ctx<T>, p: Params<T>, direct: Direct): T {
  const g = Math.ceil(c.digits) + 8;
  const hp = mp(4 * g + 20);
  const q: Params<ReturnType<typeof hp.num>> = {
    alpha: convert(c, hp, p.alpha),
    kappa: hp.num(0),
    tau: convert(c, hp, p.tau),
    rho: convert(c, hp, p.rho),
    lambda: convert(c, hp, p.lambda),
    ...(p.tauPerAlpha !== undefined ? { tauPerAlpha: convert(c, hp, p.tauPerAlpha) } : {}),
  };
  // A function out of its domain there (sqrt of a negative number) is no value, as NaN is.
  const at = (k: number) => {
    try {
      return direct(hp, { ...q, kappa: hp.num(`1e${k}`) });
    } catch (err) {
      if (err instanceof FunctionDomainError) return hp.num(NaN);
      throw err;
    }
  };
  const v1 = at(g);
  const v2 = at(2 * g);
  const gap = hp.abs(hp.sub(v1, v2));
  const scale = hp.abs(v2);
  const tol = hp.mul(hp.num(`1e-${Math.ceil(c.digits) + 4}`), hp.lt(hp.num(1), scale) ? scale : hp.num(1));
  if (hp.isFinite(v1) && hp.isFinite(v2) && !hp.lt(tol, gap)) return c.num(hp.toString(v2, Math.ceil(c.digits) + 4));
  const show = (v: ReturnType<typeof hp.num>) => (hp.isFinite(v) ? hp.toString(v, 8) : String(hp.toNumber(v)));
  throw new DomainError(
    'kappa',
    '< inf for this candidate (it is NaN at kappa = inf and has no ' +
      "limit as kappa -> inf; add 'kappa < inf' to its domain line)",
    `inf (values at kappa = 1e${g}, 1e${2 * g}: ${show(v1)}, ${show(v2)})`,
  );
}
