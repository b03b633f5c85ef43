// The adaptive τ search of Figure 5: instead of a fixed grid, one d's runs are spent near its threshold. A
// coarse grid is trained first; then, repeatedly, the bracket the rule points at on the mean curve over runs
// (train: the pair of consecutive τ where the training error crosses the zero level; rise: the pair with the
// largest increase of log10 training error) is split at its geometric midpoint, until that bracket is within
// the resolution (τ_hi/τ_lo ≤ 1 + resolution), its two ends' n are adjacent (no n lies between them), or the
// point budget is spent. The thresholds and their intervals are then the fixed grid's estimators
// (thresholds.ts, fits.ts) on the points chosen: only where the runs go differs.
import { ensure } from '../numeric/domain.js';
import { curveOf, type GridPoint } from './fig5Grid.js';
import { log10Err, riseBracket, trainBracket } from './thresholds.js';

/** The rules that can steer the search (the test-error peak is read from the same points afterwards). */
export type AdaptiveRule = 'train' | 'rise';
export const ADAPTIVE_RULES: readonly AdaptiveRule[] = ['train', 'rise'];

/** The resolution a search stops at by default: the bracket's ends within 10% of each other. */
export const DEFAULT_RESOLUTION = 0.1;

export interface AdaptiveOptions {
  /** The coarse grid trained first: at least two τ, ascending, positive. */
  coarse: readonly number[];
  rule: AdaptiveRule;
  /** Stop once the bracket's τ_hi/τ_lo ≤ 1 + resolution; in (0, 1]. */
  resolution: number;
  /** Most τ trained at this d, the coarse grid included (at least its length). */
  maxPoints: number;
  /** The number of training contexts at τ (the protocol's rounding of τd²). */
  nOf(tau: number): number;
}

export type AdaptiveStop = 'resolution' | 'n-resolution' | 'no-bracket' | 'max-points';

export interface AdaptiveRow {
  /** The points trained, τ ascending. */
  points: GridPoint[];
  /** τ in the order they were trained: the coarse grid, then each midpoint. */
  chosen: number[];
  /** The rule's last bracket on the mean curve (null: the rule finds none on the points trained). */
  bracket: [number, number] | null;
  stop: AdaptiveStop;
}

/** The midpoint of a bracket in log τ, to three significant digits (so the τ a search chose read back exactly). */
export const midpoint = (lo: number, hi: number): number => Number(Math.sqrt(lo * hi).toPrecision(3));

/** Index i of the rule's bracket (τ_{i−1}, τ_i) on the mean curve of a row (τ ascending); −1 if none. */
export function bracketOf(row: readonly GridPoint[], rule: AdaptiveRule): number {
  const y = curveOf(row, log10Err);
  return rule === 'train' ? trainBracket(y) : riseBracket(y);
}

/** Searches one d: `measure(τ)` trains every run at τ and returns its point. */
export function adaptiveRow(o: AdaptiveOptions, measure: (tau: number) => GridPoint): AdaptiveRow {
  const c = o.coarse;
  ensure(c.length >= 2, 'coarse', 'at least two tau', () => `${c.length}`);
  ensure(
    c.every((t, i) => t > 0 && (i === 0 || t > c[i - 1]!)),
    'coarse',
    'positive tau in ascending order',
    () => c.join(','),
  );
  ensure(o.resolution > 0 && o.resolution <= 1, 'resolution', 'in (0, 1]', () => `${o.resolution}`);
  ensure(
    Number.isInteger(o.maxPoints) && o.maxPoints >= c.length,
    'maxPoints',
    `an integer >= the coarse grid's ${c.length} points`,
    () => `${o.maxPoints}`,
  );
  const points: GridPoint[] = [];
  const chosen: number[] = [];
  const add = (tau: number) => {
    chosen.push(tau);
    points.push(measure(tau));
    points.sort((a, b) => a.tau - b.tau);
  };
  for (const t of c) add(t);
  for (;;) {
    const i = bracketOf(points, o.rule);
    if (i < 0) return { points, chosen, bracket: null, stop: 'no-bracket' };
    const lo = points[i - 1]!.tau;
    const hi = points[i]!.tau;
    const done = (stop: AdaptiveStop): AdaptiveRow => ({ points, chosen, bracket: [lo, hi], stop });
    if (hi / lo <= 1 + o.resolution) return done('resolution');
    const mid = midpoint(lo, hi);
    const n = o.nOf(mid);
    if (mid <= lo || mid >= hi || n <= o.nOf(lo) || n >= o.nOf(hi)) return done('n-resolution');
    if (points.length >= o.maxPoints) return done('max-points');
    add(mid);
  }
}

/** A coarse grid of `count` τ log-spaced from lo to hi (both included), to three significant digits. */
export function coarseGrid(lo: number, hi: number, count: number): number[] {
  ensure(lo > 0 && hi > lo, 'taus', 'a range 0 < lo < hi', () => `${lo}..${hi}`);
  ensure(Number.isInteger(count) && count >= 2, 'count', 'an integer >= 2', () => `${count}`);
  return Array.from({ length: count }, (_, i) => Number((lo * (hi / lo) ** (i / (count - 1))).toPrecision(3)));
}
