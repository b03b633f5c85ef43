// The claims `certify` proves over boxes (docs/theory.md §10): each decides one box from the
// enclosures of enclose.ts, as proved (true at every point of the box), disproved (false at every
// point) or unknown.
import type { Ctx } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';
import { centre, type Box } from './box.js';
import { affineCtx, range } from './affine.js';
import { affineErrors, enclose, enclosedAlphaLimit, gradientErrors, tauSide } from './enclose.js';
import { gradCtx, meanValue, tighter } from './gradient.js';
import * as I from './interval.js';
import { ENTIRE, ivCtx, type Interval } from './interval.js';

export type Verdict = 'proved' | 'disproved' | 'unknown';

export interface CellVerdict {
  verdict: Verdict;
  /** The enclosed quantity the verdict was read from (its sign, or its finiteness). */
  value: Interval;
}

export interface Claim {
  name: string;
  /** The statement, in the words of docs/theory.md §10. */
  statement: string;
  /** Where it is claimed; a box outside it is a DomainError naming the parameter. */
  domain: string;
  /** Throws DomainError when `box` is outside the claim's domain. */
  admit(box: Box): void;
  decide(box: Box): CellVerdict;
}

/** Proved when the quantity is ≥ 0 on the whole box, disproved when it is < 0 on the whole box. */
function nonNegative(value: Interval): CellVerdict {
  return { verdict: value.lo >= 0 ? 'proved' : value.hi < 0 ? 'disproved' : 'unknown', value };
}

interface Values<T> {
  eICL: T;
  eIDG: T;
  tau: T;
  rho: T;
}
type Quantity = <T>(c: Ctx<T>, v: Values<T>, side: 'below' | 'above' | undefined) => T;

/**
 * A claim "quantity ≥ 0" over the errors, decided from the plain interval enclosure and, when that
 * leaves it open, from the mean-value form (the quantity at the box's centre plus its gradient over
 * the box times the half-widths), whose overestimation shrinks like the square of the box.
 */
function errorClaim(quantity: Quantity): (box: Box) => CellVerdict {
  return (box) => {
    const side = tauSide(box);
    const naive = enclose(box);
    const plain = quantity(ivCtx, { eICL: naive.eICL, eIDG: naive.eIDG, tau: box.tau, rho: box.rho }, side);
    const first = nonNegative(plain);
    if (first.verdict !== 'unknown') return first;
    const aff = affineErrors(box, naive);
    const affine = aff === undefined ? plain : tighter(plain, range(quantity(affineCtx, aff, side)));
    const second = nonNegative(affine);
    if (second.verdict !== 'unknown') return second;
    const grad = gradientErrors(box, naive);
    if (grad === undefined) return second;
    const mid = centre(box);
    const atMid = enclose(mid);
    const qc = quantity(ivCtx, { eICL: atMid.eICL, eIDG: atMid.eIDG, tau: mid.tau, rho: mid.rho }, side);
    return nonNegative(tighter(affine, meanValue(box, qc, quantity(gradCtx, grad, side))));
  };
}

const requireRidgeless = (box: Box): void => {
  if (box.lambda.hi !== 0)
    throw new DomainError('lambda', '0 for this claim (ridgeless)', `${box.lambda.lo}..${box.lambda.hi}`);
};
const requireRidge = (box: Box): void => {
  if (!(box.lambda.lo > 0))
    throw new DomainError('lambda', 'a range with lo > 0 for this claim', `${box.lambda.lo}..${box.lambda.hi}`);
};
const requireTauSide = (box: Box): void => {
  if (box.lambda.hi === 0 && box.tau.lo <= 1 && box.tau.hi >= 1)
    throw new DomainError(
      'tau',
      'a range on one side of 1 when lambda = 0 (the ridgeless errors diverge at tau = 1)',
      `${box.tau.lo}..${box.tau.hi}`,
    );
};
const requireNoiseAbove =
  (lo: number) =>
  (box: Box): void => {
    if (!(box.rho.lo >= lo))
      throw new DomainError('rho', `a range with lo >= ${lo} for this claim`, `${box.rho.lo}..${box.rho.hi}`);
  };

export const CLAIMS: readonly Claim[] = [
  {
    name: 'eICL-ge-rho',
    statement: 'e^ICL >= rho (the noise floor)',
    domain: 'any box; lambda = 0 boxes on one side of tau = 1',
    admit: requireTauSide,
    decide: errorClaim((c, v) => c.sub(v.eICL, v.rho)),
  },
  {
    name: 'eIDG-ge-rho',
    statement: 'e^IDG >= rho (the noise floor)',
    domain: 'any box; lambda = 0 boxes on one side of tau = 1',
    admit: requireTauSide,
    decide: errorClaim((c, v) => c.sub(v.eIDG, v.rho)),
  },
  {
    name: 'epsilon-unique',
    statement: 'the self-consistency equation has exactly one positive root epsilon',
    domain: 'lambda > 0',
    admit: requireRidge,
    decide: (box) => {
      const e = enclose(box);
      return { verdict: e.epsilonUnique ? 'proved' : 'unknown', value: e.epsilon };
    },
  },
  {
    name: 'gtask-nonneg',
    statement: 'ridgeless g_task = e^ICL - e^IDG >= 0',
    domain: 'lambda = 0, tau on one side of 1 (proved for tau > 1; fails in part of tau < 1)',
    admit: (box) => (requireRidgeless(box), requireTauSide(box)),
    decide: errorClaim((c, v) => c.sub(v.eICL, v.eIDG)),
  },
  {
    name: 'peak-divergence',
    statement: 'ridgeless |tau - 1| e^IDG >= tau rho, so e^IDG >= tau rho/|tau - 1| diverges as tau -> 1',
    domain: 'lambda = 0, tau on one side of 1',
    admit: (box) => (requireRidgeless(box), requireTauSide(box)),
    decide: errorClaim((c, v, side) => {
      const gap = side === 'above' ? c.sub(v.tau, c.num(1)) : c.sub(c.num(1), v.tau);
      return c.sub(c.mul(gap, v.eIDG), c.mul(v.tau, v.rho));
    }),
  },
  {
    name: 'peak-finite',
    statement: 'with ridge lambda >= lambda0 > 0, e^ICL and e^IDG are finite (bounded on the box), tau = 1 included',
    domain: 'lambda > 0',
    admit: requireRidge,
    decide: (box) => {
      const e = enclose(box);
      const bounded = I.isBounded(e.eICL) && I.isBounded(e.eIDG);
      return { verdict: bounded ? 'proved' : 'unknown', value: bounded ? I.hull(e.eICL, e.eIDG) : ENTIRE };
    },
  },
  {
    name: 'alpha-divergence',
    statement:
      'ridgeless, rho > 0: as alpha -> inf, e^ICL grows linearly (positive rate) exactly where kappa < min(tau, 1) and has a finite limit where kappa > min(tau, 1)',
    domain: 'lambda = 0, rho > 0, tau on one side of 1 (alpha is not used)',
    admit: (box) => (requireRidgeless(box), requireTauSide(box), requireNoiseAbove(Number.MIN_VALUE)(box)),
    decide: (box) => {
      const lim = enclosedAlphaLimit(box);
      if (lim === undefined) return { verdict: 'unknown', value: ENTIRE };
      if (lim.divergent)
        return { verdict: lim.rate.lo > 0 ? 'proved' : lim.rate.hi <= 0 ? 'disproved' : 'unknown', value: lim.rate };
      return { verdict: I.isBounded(lim.limit) ? 'proved' : 'unknown', value: lim.limit };
    },
  },
];

/** The claim named `name`, or a DomainError listing the names. */
export function claimNamed(name: string): Claim {
  const c = CLAIMS.find((k) => k.name === name);
  if (c === undefined) throw new DomainError('CLAIM', `one of ${CLAIMS.map((k) => k.name).join(', ')}`, `'${name}'`);
  return c;
}
