// The paper's ridgeless (λ → 0⁺) closed forms, as docs/theory.md §5 states them, with x* = x,
// m* = M_κ(x), μ* = x M_{κ/τ}(x). κ appears only as 1/κ so that κ = ∞ needs no special case:
// κ/(1 + κa)² = (1/κ)/(1/κ + a)².
import type { Ctx } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';
import type { ErrorPair } from './errors.js';
import { kappaRatioTerms, kappaTerms } from './params.js';
import { M } from './resolvent.js';

interface RidgelessInputs<T> {
  kappa: T;
  x: T;
  tau: T;
  rho: T;
}

interface RidgelessClosedForm<T> extends ErrorPair<T> {
  epsilon: T;
}

export function ridgelessClosedForm<T>(c: Ctx<T>, p: RidgelessInputs<T>): RidgelessClosedForm<T> {
  const one = c.num(1);
  if (c.isZero(c.sub(p.tau, one)))
    throw new DomainError('tau', '!= 1 (the ridgeless errors diverge at tau = 1)', c.toString(p.tau));
  return c.lt(p.tau, one) ? belowInterpolation(c, p) : aboveInterpolation(c, p);
}

/** τ < 1. */
function belowInterpolation<T>(c: Ctx<T>, { kappa, x, tau, rho }: RidgelessInputs<T>): RidgelessClosedForm<T> {
  const one = c.num(1);
  const two = c.num(2);
  const ik = kappaTerms(c, kappa).ik;
  const omt = c.sub(one, tau);
  const mu = c.mul(x, M(c, kappaRatioTerms(c, kappa, tau), x));
  const eps = c.div(c.mul(omt, x), c.mul(tau, mu));
  const omMu = c.sub(one, mu);
  const eICL = c.add(
    c.sub(
      c.mul(
        c.div(c.mul(tau, c.add(one, x)), omt),
        c.sub(c.sub(one, c.mul(tau, c.mul(omMu, omMu))), c.mul(c.div(c.sub(x, rho), x), mu)),
      ),
      c.mul(two, c.mul(tau, omMu)),
    ),
    c.add(rho, one),
  );
  const a = c.div(eps, omt);
  const ikPlusA = c.add(ik, a);
  const qq = c.div(one, c.sub(one, c.div(ik, c.mul(ikPlusA, ikPlusA))));
  const xe = c.add(x, eps);
  const eIDG = c.mul(
    tau,
    c.add(
      c.div(c.mul(xe, xe), eps),
      c.div(
        c.sub(c.add(rho, x), c.mul(c.mul(two, c.mul(x, omt)), c.add(c.div(x, eps), one))),
        c.sub(omt, c.mul(qq, c.mul(omt, omt))),
      ),
    ),
  );
  return { epsilon: eps, eICL, eIDG };
}

/** τ > 1. */
function aboveInterpolation<T>(c: Ctx<T>, { kappa, x, tau, rho }: RidgelessInputs<T>): RidgelessClosedForm<T> {
  const one = c.num(1);
  const kt = kappaTerms(c, kappa);
  const m = M(c, kt, x);
  const tm1 = c.sub(tau, one);
  const r = c.div(m, c.add(one, c.mul(kt.ik, m)));
  const kStar = c.div(one, c.sub(one, c.mul(kt.ik, c.mul(r, r))));
  const xm = c.mul(x, m);
  const eICL = c.add(
    c.add(
      c.add(
        c.mul(c.mul(c.sub(kStar, c.div(one, tm1)), c.add(one, x)), c.mul(xm, xm)),
        c.mul(c.div(c.sub(c.num(3), c.mul(c.num(2), tau)), tm1), c.mul(m, c.mul(x, x))),
      ),
      c.mul(c.add(c.div(c.mul(c.add(one, rho), m), tm1), one), x),
    ),
    c.add(c.div(c.mul(rho, m), tm1), rho),
  );
  const eIDG = c.div(c.mul(tau, c.add(rho, c.mul(x, c.sub(one, xm)))), tm1);
  return { epsilon: c.num(0), eICL, eIDG };
}
