// Figure 3: where in (κ, ρ) the ridgeless errors are non-monotone in α. Along an α grid (plus the
// α = ∞ limit), a sequence is non-monotone when it both rises and falls by more than rounding; the
// map shows the smaller of the largest rise and the largest fall, relative to the sequence minimum.
import type { Quantity } from '../sim/ladder/comparison.js';
import { evalOrGap } from './theoryCurve.js';
import type { HeatmapSpec } from './types.js';

/** Relative changes below this are float64 rounding of the formulas, not a real bump. */
export const MONOTONE_TOL = 1e-9;

interface Excursion {
  /** Largest e_j − e_i over i < j (Infinity when the sequence diverges upward). */
  rise: number;
  /** Largest e_i − e_j over i < j. */
  fall: number;
  /** min(rise, fall) / min(e): 0 when monotone within MONOTONE_TOL. */
  bump: number;
}

export function excursion(values: readonly number[]): Excursion {
  let lo = Infinity;
  let hi = -Infinity;
  let rise = 0;
  let fall = 0;
  let least = Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) throw new Error('excursion: NaN in the sequence');
    if (Number.isFinite(lo)) rise = Math.max(rise, v - lo);
    if (Number.isFinite(hi)) fall = Math.max(fall, hi - v);
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
    least = Math.min(least, Math.abs(v));
  }
  const rel = Math.min(rise, fall) / least;
  return { rise, fall, bump: rel > MONOTONE_TOL ? rel : 0 };
}

interface MonotonicityMap {
  kappas: number[];
  rhos: number[];
  /** bump[j][i] at (kappas[i], rhos[j]). */
  bump: number[][];
  nonMonotoneCells: number;
}

export function monotonicityMap(
  which: Exclude<Quantity, 'gTask'>,
  tau: number,
  kappas: number[],
  rhos: number[],
  alphas: readonly number[],
): MonotonicityMap {
  let count = 0;
  const bump = rhos.map((rho) =>
    kappas.map((kappa) => {
      const seq = [...alphas, Infinity].map((alpha) => {
        const e = evalOrGap({ alpha, kappa, tau, rho, lambda: 0 });
        if (e === undefined)
          throw new Error(`no theory value at alpha=${alpha}, kappa=${kappa}, tau=${tau}, rho=${rho}`);
        return e[which];
      });
      const b = excursion(seq).bump;
      if (b > 0) count++;
      return b;
    }),
  );
  return { kappas, rhos, bump, nonMonotoneCells: count };
}

/** Figure 3's axes, shared by the sampled and the certified maps. */
export const KAPPA_RHO_AXES = {
  x: { label: 'κ = k/d', scale: 'log' },
  y: { label: 'ρ (noise)', scale: 'log' },
} as const;

/** The heat map of a monotonicity map, as Figure 3 draws it (the report and `figure fig3*` alike). */
export function monotonicityPanel(m: MonotonicityMap, title: string, note?: string): HeatmapSpec {
  return {
    kind: 'heatmap',
    title,
    ...KAPPA_RHO_AXES,
    xs: m.kappas,
    ys: m.rhos,
    values: m.bump,
    color: { label: 'relative bump size', scale: 'log', min: 1e-4, max: 10 },
    zeroLabel: 'monotone',
    ...(note ? { note } : {}),
  };
}
