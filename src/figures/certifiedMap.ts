// Figure 3's certified region: on a log grid of (κ, ρ) cells, each cell is certified by the claim
// alpha-nonmonotone-* of src/certify (docs/theory.md §10) by branch and bound within a small cell budget,
// and drawn as proved non-monotone, proved monotone, or undecided (some of the cell left open).
import { parseBox } from '../certify/box.js';
import { claimNamed } from '../certify/claims.js';
import { certify } from '../certify/search.js';
import type { Quantity } from '../sim/ladder/comparison.js';
import { logspace } from '../theory/grid.js';
import { KAPPA_RHO_AXES } from './monotonicity.js';
import type { HeatmapSpec } from './types.js';

/** Cell values of the certified map (HeatmapSpec categories). */
export const CERTIFIED = { undecided: 0, monotone: 1, nonMonotone: 2 } as const;

export interface CertifiedMapOptions {
  which: Exclude<Quantity, 'gTask'>;
  tau: number;
  /** κ and ρ ranges (log axes) and cells per side. */
  kappa: readonly [number, number];
  rho: readonly [number, number];
  side: number;
  /** The α range the claim is about (never split). */
  alpha: readonly [number, number];
  /** Most cells the branch and bound evaluates inside one grid cell (1: the grid cell alone). */
  cellsPerCell: number;
}

export interface CertifiedMap {
  /** Cell centres (geometric) along κ and ρ. */
  kappas: number[];
  rhos: number[];
  /** status[j][i] at (kappas[i], rhos[j]): a CERTIFIED value. */
  status: number[][];
  /** Fractions of the grid's cells (equal areas on the log axes). */
  fractions: { nonMonotone: number; monotone: number; undecided: number };
  cpuSeconds: number;
}

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Decimal text of a double that parses back to the same double (the box grammar's input). */
const dec = (v: number): string => String(v);

export function certifiedMonotonicityMap(o: CertifiedMapOptions): CertifiedMap {
  const t0 = cpu();
  const claim = claimNamed(`alpha-nonmonotone-${o.which}`);
  const ke = logspace(o.kappa[0], o.kappa[1], o.side + 1);
  const re = logspace(o.rho[0], o.rho[1], o.side + 1);
  const counts = { nonMonotone: 0, monotone: 0, undecided: 0 };
  const status = re.slice(1).map((_, j) =>
    ke.slice(1).map((_, i) => {
      const box = parseBox(
        `alpha=${dec(o.alpha[0])}..${dec(o.alpha[1])},kappa=${dec(ke[i]!)}..${dec(ke[i + 1]!)},tau=${dec(o.tau)},rho=${dec(re[j]!)}..${dec(re[j + 1]!)},lambda=0`,
      );
      const r = certify(claim, box, { maxCells: o.cellsPerCell, depth: 40 });
      // Whole cells only: a cell partly proved is drawn undecided.
      const key = r.proved >= 1 - 1e-9 ? 'nonMonotone' : r.disproved >= 1 - 1e-9 ? 'monotone' : 'undecided';
      counts[key]++;
      return CERTIFIED[key];
    }),
  );
  const n = o.side * o.side;
  return {
    kappas: ke.slice(1).map((k, i) => Math.sqrt(k * ke[i]!)),
    rhos: re.slice(1).map((r, j) => Math.sqrt(r * re[j]!)),
    status,
    fractions: { nonMonotone: counts.nonMonotone / n, monotone: counts.monotone / n, undecided: counts.undecided / n },
    cpuSeconds: cpu() - t0,
  };
}

/** The certified map as a categorical heat map. */
export function certifiedPanel(m: CertifiedMap, title: string): HeatmapSpec {
  return {
    kind: 'heatmap',
    title,
    ...KAPPA_RHO_AXES,
    xs: m.kappas,
    ys: m.rhos,
    values: m.status,
    color: { label: 'certified', scale: 'linear', min: 0, max: 2 },
    zeroLabel: 'undecided',
    categories: [
      { value: CERTIFIED.nonMonotone, label: 'non-monotone (proved)', color: '#d55e00' },
      { value: CERTIFIED.monotone, label: 'monotone (proved)', color: '#9ecae1' },
      { value: CERTIFIED.undecided, label: 'undecided', color: '#ffffff' },
    ],
  };
}

/** One entry for a caption: non-monotone / monotone / undecided percentages of the cells, and CPU s. */
export function certifiedSummary(name: string, m: CertifiedMap): string {
  const pct = (v: number): string => (100 * v).toFixed(0);
  return (
    `${name} ${pct(m.fractions.nonMonotone)}/${pct(m.fractions.monotone)}/${pct(m.fractions.undecided)}% ` +
    `(${m.cpuSeconds.toFixed(0)} CPU s)`
  );
}
