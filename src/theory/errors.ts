// The unified asymptotic errors of docs/theory.md §5, given ε and m = M_κ(ν), ν = x + ε.
//
// `unifiedErrors` is the form the project evaluates: the paper's expressions rewritten, with the
// quadratic of M and the self-consistency, as sums and ratios of positive terms, so float64 keeps
// full relative accuracy everywhere (the paper's form loses up to ~10 digits at small x or large ν).
// `paperUnifiedErrors` is the statement exactly as docs/theory.md §5 writes it: the reference the rewrite
// is proved equal to (proofs/) and checked against at high precision (tests).
import type { Ctx } from '../numeric/context.js';
import { fault } from '../numeric/faults.js';
import type { KappaTerms } from './params.js';
import { resolventTerms } from './resolvent.js';

interface ErrorInputs<T> {
  kt: KappaTerms<T>;
  x: T;
  tau: T;
  rho: T;
  lambda: T;
}

export interface ErrorPair<T> {
  eICL: T;
  eIDG: T;
}

/**
 * The positive building blocks at ε (ν = x + ε, m = M_κ(ν)), with P = 1 − νm and S = 1 + νm²/κ:
 *   t3      = ν²m³P/(κS)              (= Q − P²)
 *   Q       = 1 − 2νm − ν²M' = P² + t3
 *   mEpsMp  = m + εM' = m(P + xm + xm²/κ)/S
 *   numer   = ρ + ν − ν²m − εQ = ρ + xP + ενmP/S
 */
interface ErrorTerms<T> {
  nu: T;
  numr: T;
  t3: T;
  Q: T;
  mEpsMp: T;
  numer: T;
}

export function errorTerms<T>(c: Ctx<T>, q: ErrorInputs<T>, eps: T, m: T): ErrorTerms<T> {
  const { x, rho } = q;
  const ik = q.kt.ik;
  const nu = c.add(x, eps);
  const { P, S } = resolventTerms(c, q.kt, nu, m);
  const numr = c.mul(nu, m);
  const t3 = c.div(c.mul(ik, c.mul(c.mul(numr, numr), c.mul(m, P))), S);
  const xm = c.mul(x, m);
  return {
    nu,
    numr,
    t3,
    Q: c.add(c.mul(P, P), t3),
    mEpsMp: c.div(c.mul(m, c.add(P, c.add(xm, c.mul(ik, c.mul(xm, m))))), S),
    numer: c.add(
      fault('numer-rho-sign') ? c.neg(rho) : fault('numer-rho-0.99') ? c.mul(rho, c.num(0.99)) : rho,
      c.add(c.mul(x, P), c.div(c.mul(eps, c.mul(numr, P)), S)),
    ),
  };
}

/**
 *   c     = numer / D,  D = τλ/ε + ε(m + εM')   (= τ − 1 when ε = 0, ridgeless τ > 1)
 *           (docs/theory.md's c is `idgPerTau` here: `c` is the numeric context)
 *   e^IDG = τc
 *   e^ICL = ρ + ν²m² + t3 + xQ + (1 + x) c (m + εM')
 * D uses τ − 1 = τλ/ε − εm, valid at the self-consistent ε > 0.
 */
export function unifiedErrors<T>(c: Ctx<T>, q: ErrorInputs<T>, eps: T, m: T): ErrorPair<T> {
  const { x, tau, rho } = q;
  const t = errorTerms(c, q, eps, m);
  // At ε = 0 (ridgeless, τ > 1) D = τ − 1 + ε(2m + εM') (the paper's denominator) is exactly τ − 1; the
  // ε term is kept so that a derivative context (numeric/dual.ts) sees dD = dτ + 2m dε as ε leaves 0 with λ.
  const denom = c.isZero(eps)
    ? c.add(c.sub(tau, c.num(1)), c.mul(eps, c.add(m, t.mEpsMp)))
    : c.add(c.div(c.mul(tau, q.lambda), eps), c.mul(eps, t.mEpsMp));
  const idgPerTau = c.div(t.numer, denom);
  const eICL = c.add(
    c.add(c.add(rho, c.mul(t.numr, t.numr)), c.add(t.t3, c.mul(x, t.Q))),
    c.mul(c.mul(c.add(c.num(1), x), idgPerTau), t.mEpsMp),
  );
  const eIDG = c.mul(tau, idgPerTau);
  return { eICL, eIDG: fault('idg-0.99') ? c.mul(eIDG, c.num(0.99)) : eIDG };
}

/** docs/theory.md §5 verbatim: c = (ρ + ν − ν²M − ε(1 − 2νM − ν²M'))/(τ − 1 + 2εM + ε²M'), etc. */
export function paperUnifiedErrors<T>(c: Ctx<T>, q: ErrorInputs<T>, eps: T, m: T, mp: T): ErrorPair<T> {
  const { x, tau, rho } = q;
  const one = c.num(1);
  const two = c.num(2);
  const nu = c.add(x, eps);
  const nu2 = c.mul(nu, nu);
  const bracketQ = c.sub(c.sub(one, c.mul(two, c.mul(nu, m))), c.mul(nu2, mp));
  const idgPerTau = c.div(
    c.sub(c.sub(c.add(rho, nu), c.mul(nu2, m)), c.mul(eps, bracketQ)),
    c.add(c.add(c.sub(tau, one), c.mul(two, c.mul(eps, m))), c.mul(c.mul(eps, eps), mp)),
  );
  const eICL = c.add(
    c.sub(
      c.mul(c.add(one, x), c.add(bracketQ, c.mul(idgPerTau, c.add(m, c.mul(eps, mp))))),
      c.mul(two, c.sub(one, c.mul(nu, m))),
    ),
    c.add(one, rho),
  );
  return { eICL, eIDG: c.mul(tau, idgPerTau) };
}
