// The claims `certify` proves over boxes (docs/theory.md §10): each decides one box from the
// enclosures of enclose.ts, as proved (true at every point of the box), disproved (false at every
// point) or unknown.
import type { Ctx } from '../numeric/context.js';
import { alphaTauInfinity } from '../theory/limits.js';
import { PARAM_NAMES, type ParamName } from '../theory/params.js';
import { DomainError } from '../numeric/domain.js';
import { centre, type Box } from './box.js';
import { affineCtx, range, variables as affineVariables } from './affine.js';
import { curveRange, curveSlope } from './alphaCurve.js';
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
  /** Factors on a side's relative width when the search picks the side to split (1 if absent). */
  splitWeight?: Partial<Record<ParamName, number>>;
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

/**
 * Figure 3's pieces: the range of the curve's variable v (alphaCurve.ts; v ∝ x near α = ∞) is cut
 * geometrically into pieces, PIECES_PER_DECADE per decade and at least MIN_PIECES, and a piece where the
 * sign of ∂e/∂α is not
 * certain is halved geometrically, level by level, down to FINEST_PER_DECADE per decade. The enclosure's
 * overestimation is second order in a piece's relative width, so the pieces, not the cell's (κ, ρ)
 * sides, are what decides most cells.
 */
export const PIECES_PER_DECADE = 16;
const MIN_PIECES = 8;
export const FINEST_PER_DECADE = 512;

/** A piece [lo, hi] of the v range with ∂e/∂α's sign carrier enclosed over the piece and the cell's other sides. */
interface Piece {
  lo: number;
  hi: number;
  slope: Interval;
}

/**
 * Figure 3: whether the ridgeless error is non-monotone in α on the box's α range, at every (κ, ρ, τ) of
 * the box, from the sign of ∂e/∂α (that of −de/dv, curveSlope) enclosed over pieces of the curve's v range.
 * Every point's v runs over [v(hi), v(lo)] (v decreases with α), with v(lo) in `start` and v(hi) in `end`.
 * Proved: a piece where ∂e/∂α < 0 and one where ∂e/∂α > 0, each over the whole cell and each reaching every
 * point's range (piece.lo ≤ start.lo, piece.hi ≥ end.hi), so at every (κ, ρ) of the cell e falls and rises on the range
 * (it has an interior extremum; a minimum α* when the fall comes first). Disproved: pieces covering every
 * point's range ([end.lo, start.hi]) down to the finest, each with a certain sign and all the same one, so
 * e is strictly monotone in α on the whole range at every point of the cell. Otherwise unknown (a cell on
 * the region's boundary, or one whose slope enclosures stay too wide).
 */
function alphaNonMonotone(which: 'eICL' | 'eIDG'): (box: Box) => CellVerdict {
  return (box) => {
    const side = tauSide(box);
    if (side === undefined) return { verdict: 'unknown', value: ENTIRE };
    const { start, end, outer } = curveRange(box, side);
    if (!(outer.lo > 0) || !I.isBounded(outer)) return { verdict: 'unknown', value: ENTIRE };
    const reaches = (p: Piece) => p.lo <= start.lo && p.hi >= end.hi;
    // Pieces much narrower than the cell's other sides do not tighten the slope: the cell's own width,
    // not the piece's, then dominates its enclosure; such a cell is left to the search's subdivision.
    // ρ's width is left out: the slope is affine in ρ, and its ρ side is pinned (curveSlope).
    const cellWidth = Math.max(...(['kappa', 'tau'] as const).map((k) => 1 - box[k].lo / box[k].hi));
    const finest = Math.max(10 ** (1 / FINEST_PER_DECADE), 1 + cellWidth / 8);
    const piece = (a: number, b: number): Piece => ({ lo: a, hi: b, slope: curveSlope(box, I.iv(a, b), which, side) });
    const { lo, hi } = outer;
    const n = Math.max(MIN_PIECES, Math.ceil(PIECES_PER_DECADE * Math.log10(hi / lo) - 1e-9));
    const ends = Array.from({ length: n + 1 }, (_, j) => (j === 0 ? lo : j === n ? hi : lo * (hi / lo) ** (j / n)));
    let level: Piece[] = ends.slice(1).map((b, j) => piece(ends[j]!, b));
    let falls: Interval | undefined;
    let rises: Interval | undefined;
    let decided = ENTIRE;
    let first = true;
    let open: Interval | undefined;
    let stalled = 0;
    // Level by level: every piece of a level before any finer one, so that a proof stops early.
    for (let depth = 0; level.length > 0; depth++) {
      const next: Piece[] = [];
      let progress = false;
      for (const p of level) {
        if (p.slope.hi < 0) {
          if (reaches(p)) falls ??= p.slope;
        } else if (p.slope.lo > 0) {
          if (reaches(p)) rises ??= p.slope;
        } else {
          const m = Math.sqrt(p.lo) * Math.sqrt(p.hi);
          if (p.hi / p.lo > finest && p.lo < m && m < p.hi) next.push(piece(p.lo, m), piece(m, p.hi));
          else open = p.slope;
          continue;
        }
        if (falls && rises) return { verdict: 'proved', value: I.hull(falls, rises) };
        decided = first ? p.slope : I.hull(decided, p.slope);
        first = false;
        progress = true;
      }
      // A piece left open at the finest level rules out monotonicity being proved; finer pieces could
      // still prove a fall and a rise, but not within the budget. Two levels of pieces none of
      // which is decided mean the cell's own width dominates the enclosures. Either way the cell is left
      // to the search's subdivision.
      if (open !== undefined) return { verdict: 'unknown', value: I.hull(open, decided) };
      stalled = progress ? 0 : stalled + 1;
      if (stalled >= 2) return { verdict: 'unknown', value: I.hull(level[0]!.slope, decided) };
      level = next;
    }
    // Every piece has a certain sign: all the same one proves monotonicity.
    const oneSign = decided.hi < 0 || decided.lo > 0;
    return { verdict: oneSign ? 'disproved' : 'unknown', value: decided };
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
    // The slope is affine in ρ and its ρ side pinned (alphaCurve.ts): κ's width is what keeps a cell open.
    splitWeight: { rho: 1 / 8 },
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
