// The design of parameter points at which a candidate is judged: every combination of the regimes
// of the domain (τ < 1 | τ > 1, κ < 1 | κ > 1 | κ = ∞, λ = 0 | λ > 0, small | large ρ, small | large α)
// that the candidate's domain allows, each at a point drawn from the seed, ordered so that any prefix
// covers as many pairs of regimes as possible (the simulation budget takes a prefix).
import { stream, type Rng } from '../sim/rng.js';
import { ParseError } from '../symbolic/syntax.js';
import { contains, isEmpty, PARAMS, type Candidate, type Comparison, type Interval, type ParamName } from './parse.js';

export interface DesignPoint {
  alpha: number;
  kappa: number;
  tau: number;
  rho: number;
  lambda: number;
  /** The regime levels, e.g. "tau<1 kappa>1 lambda>0 rho:small alpha:large". */
  regime: string;
}

interface Level {
  label: string;
  /** Where this regime lies (theory's split). */
  region: Interval;
  /**
   * Where its points are drawn from by default (inside the region, away from τ = 1): wide enough to
   * reach large α, τ, κ and λ, where limits and divergences live; simulation cost grows like τ.
   */
  range: [number, number];
  /** Draw log-uniformly (scale parameters) rather than uniformly. */
  log: boolean;
}

const open = (lo: number, hi: number): Interval => ({ lo, loOpen: true, hi, hiOpen: true });
const closed = (lo: number, hi: number): Interval => ({ lo, loOpen: false, hi, hiOpen: false });
const halfOpen = (lo: number, hi: number): Interval => ({ lo, loOpen: false, hi, hiOpen: true });

/** Regime levels per parameter, in the order they appear in the regime label. */
const LEVELS: Record<ParamName, Level[]> = {
  tau: [
    { label: 'tau<1', region: open(0, 1), range: [0.25, 0.75], log: false },
    { label: 'tau>1', region: open(1, Infinity), range: [1.5, 6], log: true },
  ],
  kappa: [
    { label: 'kappa<1', region: { lo: 0, loOpen: true, hi: 1, hiOpen: false }, range: [0.25, 0.75], log: false },
    { label: 'kappa>1', region: open(1, Infinity), range: [1.5, 6], log: true },
    { label: 'kappa=inf', region: closed(Infinity, Infinity), range: [Infinity, Infinity], log: false },
  ],
  lambda: [
    { label: 'lambda=0', region: closed(0, 0), range: [0, 0], log: false },
    { label: 'lambda>0', region: open(0, Infinity), range: [0.01, 4], log: true },
  ],
  rho: [
    { label: 'rho:small', region: halfOpen(0, 0.25), range: [0.01, 0.1], log: true },
    { label: 'rho:large', region: halfOpen(0.25, Infinity), range: [0.5, 1.5], log: true },
  ],
  alpha: [
    { label: 'alpha:small', region: open(0, 2), range: [0.5, 1.5], log: false },
    { label: 'alpha:large', region: halfOpen(2, Infinity), range: [3, 32], log: true },
  ],
};

const ORDER: ParamName[] = ['tau', 'kappa', 'lambda', 'rho', 'alpha'];

function intersect(a: Interval, b: Interval): Interval {
  const lo = a.lo > b.lo ? a : a.lo < b.lo ? b : a.loOpen ? a : b;
  const hi = a.hi < b.hi ? a : a.hi > b.hi ? b : a.hiOpen ? a : b;
  return { lo: lo.lo, loOpen: lo.loOpen, hi: hi.hi, hiOpen: hi.hiOpen };
}

/** Where to draw a parameter for one level within the domain, or undefined if the level is outside it. */
function drawInterval(level: Level, domain: Interval): Interval | undefined {
  const inRange = intersect(closed(level.range[0], level.range[1]), domain);
  if (!isEmpty(inRange)) return inRange;
  const inRegion = intersect(level.region, domain);
  if (isEmpty(inRegion)) return undefined;
  // The domain meets the regime only outside the default range: stay near its edge that is closest.
  if (inRegion.hi === Infinity) return { ...inRegion, hi: Math.max(2 * inRegion.lo, inRegion.lo + 2), hiOpen: false };
  return inRegion;
}

/**
 * α, κ and τ are rounded to multiples of 1/8 when that stays in the domain, so that ℓ = αd, k = κd and
 * n = τd² are exact integers on a ladder of d divisible by 8 (no rounding jitter in a 1/d extrapolation).
 */
function draw(rng: Rng, iv: Interval, log: boolean, quantize: boolean): number {
  if (iv.lo === iv.hi) return iv.lo;
  const u = rng.uniform();
  const lo = iv.lo;
  const hi = iv.hi;
  let v = log && lo > 0 ? lo * Math.pow(hi / lo, u) : lo + (hi - lo) * u;
  if (quantize) {
    const q = Math.round(v * 8) / 8;
    // No separate q > 0 test: α, κ, τ intervals never contain 0 (the parser keeps them open at 0).
    if (contains(iv, q)) v = q;
  }
  return contains(iv, v) ? v : (lo + hi) / 2;
}

const valueOf = (p: Record<ParamName, number>, side: ParamName | number): number =>
  typeof side === 'number' ? side : p[side];

export function satisfies(p: Record<ParamName, number>, cmps: readonly Comparison[]): boolean {
  return cmps.every((c) => {
    const a = valueOf(p, c.left);
    const b = valueOf(p, c.right);
    return c.op === '<' ? a < b : c.op === '<=' ? a <= b : c.op === '>' ? a > b : c.op === '>=' ? a >= b : a === b;
  });
}

/** Every regime combination the domain allows, one point each, ordered for pairwise coverage. */
export function designPoints(cand: Candidate, seed: number): DesignPoint[] {
  const rng = stream(seed, 0, 'candidate-design');
  const combos: Level[][] = [[]];
  for (const p of ORDER) {
    const next: Level[][] = [];
    for (const combo of combos) for (const level of LEVELS[p]) next.push([...combo, level]);
    combos.splice(0, combos.length, ...next);
  }
  const points: DesignPoint[] = [];
  for (const combo of combos) {
    const ivs = combo.map((level, i) => drawInterval(level, cand.intervals[ORDER[i]!]));
    if (ivs.some((iv) => iv === undefined)) continue;
    for (let attempt = 0; attempt < 50; attempt++) {
      const v = {} as Record<ParamName, number>;
      ORDER.forEach((p, i) => {
        v[p] = draw(rng, ivs[i]!, combo[i]!.log, p === 'alpha' || p === 'kappa' || p === 'tau');
      });
      if (satisfies(v, cand.comparisons)) {
        points.push({ ...v, regime: combo.map((l) => l.label).join(' ') });
        break;
      }
    }
  }
  if (points.length === 0) {
    const cross =
      cand.comparisons.find((c) => typeof c.left !== 'number' && typeof c.right !== 'number') ?? cand.comparisons[0];
    // Stryker disable next-line OptionalChaining: cross is set whenever this runs (docs/equivalent-mutants.md)
    throw new ParseError(
      'empty domain: no parameter point satisfies every comparison',
      cross?.pos.line ?? 1,
      cross?.pos.col ?? 1,
    );
  }
  return coverageOrder(points, rng);
}

/** Greedy ordering: each next point covers the most not-yet-covered pairs of regime levels. */
function coverageOrder(points: DesignPoint[], rng: Rng): DesignPoint[] {
  const pairsOf = (pt: DesignPoint): string[] => {
    const ls = pt.regime.split(' ');
    return ls.flatMap((a, i) => ls.slice(i + 1).map((b) => `${a}|${b}`));
  };
  const covered = new Set<string>();
  const left = points.map((pt) => ({ pt, tie: rng.uniform() }));
  const out: DesignPoint[] = [];
  while (left.length > 0) {
    let best = 0;
    let bestScore = -1;
    left.forEach((c, i) => {
      const score = pairsOf(c.pt).filter((p) => !covered.has(p)).length + c.tie * 0.5;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
    const [chosen] = left.splice(best, 1);
    pairsOf(chosen!.pt).forEach((p) => covered.add(p));
    out.push(chosen!.pt);
  }
  return out;
}

/** The parameters of a point as the theory core takes them. */
export const paramsOf = (p: DesignPoint) => ({
  alpha: p.alpha,
  kappa: p.kappa,
  tau: p.tau,
  rho: p.rho,
  lambda: p.lambda,
});

/** Each value exactly (the shortest decimal that reads back as the same double), so a point can be replayed with `eval`. */
export const formatPoint = (p: Pick<DesignPoint, ParamName>): string =>
  PARAMS.map((k) => `${k}=${Number.isFinite(p[k]) ? String(p[k]) : 'inf'}`).join(' ');
