// The α* of Figure 2: each curve's interior minimiser in α (theory/optima.ts), drawn as one series of
// hollow circles. The single-figure panels (theoryPanels.ts) and the report's Figure 2 (reportFigures.ts) both take
// their markers from here.
import type { PointSeries } from './types.js';
import type { Quantity } from '../sim/ladder/comparison.js';
import { alphaStar } from '../theory/optima.js';
import type { Params } from '../theory/params.js';

/** One curve's α*: its name, α* and the error there. */
export interface AlphaStarMark {
  name: string;
  x: number;
  y: number;
}

/** The α* of each curve (λ, κ, τ, ρ fixed along it) that has one in [lo, hi]; gTask has none. */
export function alphaStarMarks(
  curves: ReadonlyArray<{ name: string; at: (alpha: number) => Params<number> }>,
  which: Quantity,
  lo: number,
  hi: number,
): AlphaStarMark[] {
  if (which === 'gTask') return [];
  const out: AlphaStarMark[] = [];
  for (const c of curves) {
    const p = c.at(1);
    const o = alphaStar(
      {
        kappa: p.kappa === Infinity ? 'inf' : String(p.kappa),
        tau: String(p.tau),
        rho: String(p.rho),
        lambda: String(p.lambda),
      },
      null,
      which,
    );
    if (o.kind === 'interior' && Number(o.value) >= lo && Number(o.value) <= hi)
      out.push({ name: c.name, x: Number(o.value), y: Number(o.error) });
  }
  return out;
}

/** The marks as one series of hollow circles (none when there is no α*). */
export const alphaStarSeries = (marks: readonly AlphaStarMark[]): PointSeries[] =>
  marks.length === 0
    ? []
    : [
        {
          kind: 'points',
          name: 'α* (minimum)',
          color: '#000000',
          marker: 'circle',
          hollow: true,
          points: marks.map((s) => ({ x: s.x, y: s.y, title: `${s.name}: α* = ${s.x.toPrecision(6)}` })),
        },
      ];
