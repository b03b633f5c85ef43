// The claims `certify` proves over boxes (docs/theory.md §10): each decides one box from the
// enclosures of enclose.ts, as proved (true at every point of the box), disproved (false at every
// point) or unknown.
import type { Ctx } from '../numeric/context.js';
import { alphaTauInfinity } from '../theory/limits.js';
import { PARAM_NAMES, type ParamName } from '../theory/params.js';
import { DomainError } from '../numeric/domain.js';
import { centre, type Box } from './box.js';
import { affineCtx, range, variables as affineVariables, type Affine } from './affine.js';
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
  /** Sides the search never splits: the claim is about their whole range. */
  fixed?: readonly ParamName[];
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

/** Points per decade of the α grid on which Figure 3's claims compare the errors. */
export const ALPHA_POINTS_PER_DECADE = 8;

/**
 * Figure 3, on a log grid of the box's α range (8 points per decade, both ends included; the sampled
 * map uses the same rule on its own grid): whether the sequence of the ridgeless error along the grid
 * both falls and rises, at every (κ, ρ, τ) of the box. The error at each grid point is an affine form in
 * the box's other sides (affineErrors), so the difference of two grid points cancels their common
 * dependence on κ and ρ. Proved (non-monotone: a dip or a hump): the largest fall and the largest rise
 * of the sequence at the cell's centre are both certain over the cell. Disproved (monotone on the grid):
 * every step between neighbours is certain and of one sign (its difference, or ∂e/∂α over it).
 */
function alphaNonMonotone(which: 'eICL' | 'eIDG'): (box: Box) => CellVerdict {
  return (box) => {
    const { lo, hi } = box.alpha;
    const n = Math.max(1, Math.ceil(ALPHA_POINTS_PER_DECADE * Math.log10(hi / lo)));
    const grid = Array.from({ length: n + 1 }, (_, j) => (j === 0 ? lo : j === n ? hi : lo * (hi / lo) ** (j / n)));
    const forms: Affine[] = [];
    for (const alpha of grid) {
      const f = affineErrors({ ...box, alpha: I.iv(alpha) })?.[which];
      if (f === undefined) return { verdict: 'unknown', value: ENTIRE };
      forms.push(f);
    }
    const step = (i: number, j: number): Interval => range(affineCtx.sub(forms[j]!, forms[i]!));
    // The largest fall and rise of the sequence at the centre values, as pairs of indices i < j.
    const v = forms.map((f) => f.c);
    let fall: [number, number, number] = [0, 0, 0];
    let rise: [number, number, number] = [0, 0, 0];
    let hiAt = 0;
    let loAt = 0;
    v.forEach((x, j) => {
      if (v[hiAt]! - x > fall[2]) fall = [hiAt, j, v[hiAt]! - x];
      if (x - v[loAt]! > rise[2]) rise = [loAt, j, x - v[loAt]!];
      if (x > v[hiAt]!) hiAt = j;
      if (x < v[loAt]!) loAt = j;
    });
    if (fall[2] > 0 && rise[2] > 0) {
      const f = step(fall[0], fall[1]);
      const r = step(rise[0], rise[1]);
      if (f.hi < 0 && r.lo > 0) return { verdict: 'proved', value: I.hull(f, r) };
    }
    // A step whose difference is not certain is decided, if it can be, by the sign of ∂e/∂α enclosed
    // over the α interval between the two points and the cell's other sides.
    const sign = (j: number): number => {
      const d = step(j, j + 1);
      if (d.lo > 0 || d.hi < 0) return Math.sign(d.lo);
      const slope = gradientErrors({ ...box, alpha: I.iv(grid[j]!, grid[j + 1]!) })?.[which].d[0];
      return slope !== undefined && (slope.lo > 0 || slope.hi < 0) ? Math.sign(slope.lo) : 0;
    };
    const first = sign(0);
    let up = first > 0;
    let down = first < 0;
    for (let j = 1; j < n && (up || down); j++) {
      const sj = sign(j);
      up &&= sj > 0;
      down &&= sj < 0;
    }
    if (up || down) return { verdict: 'disproved', value: range(affineCtx.sub(forms[n]!, forms[0]!)) };
    return { verdict: 'unknown', value: range(affineCtx.sub(forms[n]!, forms[0]!)) };
  };
}

/**
 * "Exactly 0" for a limit the formula gives as an exact 0: what the outward rounding of an exact
 * cancellation leaves is a few subnormals, far below this, and any real g_task in these claims is far above.
 */
const ZERO_LEVEL = 1e-300;

const requireAlphaRange = (box: Box): void => {
  if (!(box.alpha.lo < box.alpha.hi))
    throw new DomainError(
      'alpha',
      'a range lo..hi with lo < hi (the range the curve is scanned on)',
      `${box.alpha.lo}`,
    );
};

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
  ...(['eICL', 'eIDG'] as const).map((which): Claim => ({
    name: `alpha-nonmonotone-${which}`,
    statement: `ridgeless ${which === 'eICL' ? 'e^ICL' : 'e^IDG'} is non-monotone in alpha on the box's alpha range (it falls and rises: Figure 3's region); disproved cells are monotone on it`,
    domain: 'lambda = 0, tau on one side of 1, alpha a range lo < hi (never split: the claim is about all of it)',
    admit: (box) => (requireRidgeless(box), requireTauSide(box), requireAlphaRange(box)),
    decide: alphaNonMonotone(which),
    fixed: ['alpha'],
  })),
  {
    name: 'eICL-increasing-in-lambda',
    statement:
      'e^ICL is increasing in lambda on the box (past the optimal ridge lambda*); disproved cells are where it decreases (below lambda*)',
    domain: 'lambda > 0',
    admit: requireRidge,
    decide: (box) => {
      // ∂e^ICL/∂λ enclosed over the box (ε's derivative by the implicit function theorem).
      const d = gradientErrors(box)?.eICL.d[PARAM_NAMES.indexOf('lambda')];
      if (d === undefined) return { verdict: 'unknown', value: ENTIRE };
      return { verdict: d.lo > 0 ? 'proved' : d.hi < 0 ? 'disproved' : 'unknown', value: d };
    },
  },
  {
    name: 'kappa1-transition',
    statement:
      'ridgeless, alpha and tau -> inf along tau = c alpha (c = tau/alpha at each point of the box): g_task tends to a positive limit where kappa < 1 and to exactly 0 where kappa > 1',
    domain: 'lambda = 0; alpha and tau only through c = tau/alpha; cells across kappa = 1 stay undecided',
    admit: requireRidgeless,
    decide: (box) => {
      // Affine forms, so that e^ICL − e^IDG cancels ρ exactly where the formula gives e^ICL = e^IDG.
      const a = affineCtx;
      const p = affineVariables(box);
      const lim = alphaTauInfinity(a, p.kappa, p.rho, p.lambda, a.div(p.tau, p.alpha));
      const g = range(a.sub(lim.eICL, lim.eIDG));
      if (I.lt(box.kappa, I.iv(1)) === true)
        return { verdict: g.lo > ZERO_LEVEL ? 'proved' : g.hi <= ZERO_LEVEL ? 'disproved' : 'unknown', value: g };
      if (I.gt(box.kappa, I.iv(1)) === true) {
        const zero = -ZERO_LEVEL <= g.lo && g.hi <= ZERO_LEVEL;
        return {
          verdict: zero ? 'proved' : g.lo > ZERO_LEVEL || g.hi < -ZERO_LEVEL ? 'disproved' : 'unknown',
          value: g,
        };
      }
      return { verdict: 'unknown', value: g };
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
