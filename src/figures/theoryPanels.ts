// The paper's figures one panel at a time, theory only (docs/theory.md §8), each with its data as CSV:
// what `icl-verify figure ID` writes (src/report/single.ts draws the panel one paper column wide). The
// report's figures (reportFigures.ts) add the simulated points; these panels use the same theory curves from the
// same `curve`/`monotonicityMap`, plus the α* of each non-monotone curve of Figure 2 as a hollow marker.
import { logspace } from '../theory/grid.js';
import { monotonicityMap, monotonicityPanel } from './monotonicity.js';
import { PALETTE, type PanelSpec, type Series } from './types.js';
import { alphaStarMarks, alphaStarSeries } from './alphaStar.js';
import { curve } from './theoryCurve.js';
import { DomainError } from '../numeric/domain.js';
import type { Quantity } from '../sim/ladder/comparison.js';
import type { Params } from '../theory/params.js';

/** The plotted data of one panel, as numbers. */
export interface FigureTable {
  /** Column names (the CSV header): the x parameter then one per curve, or kappa, rho, bump for a map. */
  columns: string[];
  /** One row per x (curves as columns) or per map cell; null where the theory has no value (e.g. τ = 1 ridgeless). */
  rows: Array<Array<number | null>>;
  /** Figure 2: each curve's α* (its interior minimum in α) and the error there. */
  alphaStar: Array<{ curve: string; alpha: number; value: number }>;
}

export interface SingleFigure {
  id: string;
  title: string;
  panel: PanelSpec;
  table: FigureTable;
  /** The table as CSV: '# ' lines for the α*, a header line, then the rows (null as an empty cell). */
  csv: string;
}

interface CurveSpec {
  name: string;
  at: (x: number) => Params<number>;
}

interface LineFigure {
  kind: 'lines';
  title: string;
  xLabel: string;
  xName: string;
  lo: number;
  hi: number;
  dense?: number[];
  which: Quantity;
  yLabel: string;
  yScale: 'linear' | 'log';
  yMin?: number;
  yMax?: number;
  curves: CurveSpec[];
  /** Mark each curve's α* (Figure 2). */
  alphaStar?: boolean;
}

interface MapFigure {
  kind: 'map';
  title: string;
  which: 'eICL' | 'eIDG';
  tau: number;
}

const nearOne = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2].flatMap((h) => [1 - h, 1 + h]);
const fig1 = (which: 'eICL' | 'eIDG', yMin: number): LineFigure => ({
  kind: 'lines',
  title:
    `Fig. 1${which === 'eICL' ? 'a' : 'b'}: ${which === 'eICL' ? 'e^ICL' : 'e^IDG'} ` +
    `vs τ, κ = 0.5, ρ = 0.01, λ = 0`,
  xLabel: 'τ = n/d²',
  xName: 'tau',
  lo: 1e-2,
  hi: 1e2,
  dense: nearOne,
  which,
  yLabel: which === 'eICL' ? 'e^ICL' : 'e^IDG',
  yScale: 'log',
  yMin,
  yMax: 30,
  curves: [1, 10, 100].map((alpha) => ({
    name: `α=${alpha}`,
    at: (tau) => ({ alpha, kappa: 0.5, tau, rho: 0.01, lambda: 0 }),
  })),
});
const KAPPAS2 = [0.25, 0.5, 1, 2, Infinity];
const fig2 = (panel: string, which: 'eICL' | 'eIDG', tau: number, rho: number): LineFigure => ({
  kind: 'lines',
  title: `Fig. 2${panel}: ${which === 'eICL' ? 'e^ICL' : 'e^IDG'} vs α, τ = ${tau}, ρ = ${rho}, λ = 0`,
  xLabel: 'α = ℓ/d',
  xName: 'alpha',
  lo: 1e-1,
  hi: 1e3,
  which,
  yLabel: which === 'eICL' ? 'e^ICL' : 'e^IDG',
  yScale: 'log',
  curves: KAPPAS2.map((kappa) => ({
    name: `κ=${kappa === Infinity ? '∞' : kappa}`,
    at: (alpha) => ({ alpha, kappa, tau, rho, lambda: 0 }),
  })),
  alphaStar: true,
});

/** Every figure `figure` can draw, by id. */
export const SINGLE_FIGURES: Readonly<Record<string, LineFigure | MapFigure>> = {
  fig1a: fig1('eICL', 0.3),
  fig1b: fig1('eIDG', 0.01),
  fig1c: {
    kind: 'lines',
    title: 'Fig. 1c: e^ICL = e^IDG vs τ, κ = ∞, α = 10, ρ = 0.01',
    xLabel: 'τ = n/d²',
    xName: 'tau',
    lo: 1e-2,
    hi: 1e2,
    dense: nearOne,
    which: 'eICL',
    yLabel: 'e^ICL',
    yScale: 'log',
    yMin: 0.1,
    yMax: 30,
    curves: [1e-5, 0.1, 1].map((lambda) => ({
      name: `λ=${lambda}`,
      at: (tau) => ({ alpha: 10, kappa: Infinity, tau, rho: 0.01, lambda }),
    })),
  },
  fig2a: fig2('a', 'eIDG', 0.5, 0.5),
  fig2b: fig2('b', 'eICL', 0.5, 0.1),
  fig2c: fig2('c', 'eICL', 20, 0.5),
  fig3a: { kind: 'map', title: 'Fig. 3a: e^ICL non-monotone in α, τ = 0.5', which: 'eICL', tau: 0.5 },
  fig3b: { kind: 'map', title: 'Fig. 3b: e^IDG non-monotone in α, τ = 0.5', which: 'eIDG', tau: 0.5 },
  fig3c: { kind: 'map', title: 'Fig. 3c: e^ICL non-monotone in α, τ = 20', which: 'eICL', tau: 20 },
  fig3d: { kind: 'map', title: 'Fig. 3d: e^IDG non-monotone in α, τ = 20', which: 'eIDG', tau: 20 },
  fig4: {
    kind: 'lines',
    title: 'Fig. 4: g_task vs κ, τ = 0.2α, ρ = 0.01, λ = 0',
    xLabel: 'κ = k/d',
    xName: 'kappa',
    lo: 1e-2,
    hi: 1e2,
    which: 'gTask',
    yLabel: 'g_task',
    yScale: 'linear',
    curves: [10, 100, 1000].map((alpha) => ({
      name: `α=${alpha}`,
      at: (kappa) => ({ alpha, kappa, tau: 0.2 * alpha, rho: 0.01, lambda: 0 }),
    })),
  },
};

/** One line per figure: id and title. */
export const listFigures = (): string[] =>
  Object.entries(SINGLE_FIGURES).map(([id, f]) => `${id.padEnd(6)} ${f.title}`);

const CURVE_POINTS = 241;
const MAP_SIDE = 48;
const MAP_ALPHAS = 121;

/** The table as CSV text (an empty cell for null). */
function tableCsv(t: FigureTable, which: Quantity | 'bump'): string {
  const notes = t.alphaStar.map((s) => `# alpha* of ${s.curve}: ${s.alpha} (${which} = ${s.value})`);
  const rows = t.rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','));
  return [...notes, t.columns.join(','), ...rows].join('\n') + '\n';
}

export function singleFigure(id: string): SingleFigure {
  const spec = SINGLE_FIGURES[id];
  if (!spec)
    throw new DomainError('figure', `one of ${Object.keys(SINGLE_FIGURES).join(', ')} (figure --list)`, `'${id}'`);
  if (spec.kind === 'map') {
    const kappas = logspace(1e-2, 1e2, MAP_SIDE);
    const rhos = logspace(1e-3, 1e1, MAP_SIDE);
    const m = monotonicityMap(spec.which, spec.tau, kappas, rhos, logspace(1e-2, 1e5, MAP_ALPHAS));
    const panel: PanelSpec = monotonicityPanel(m, spec.title);
    const table: FigureTable = {
      columns: ['kappa', 'rho', 'bump'],
      rows: rhos.flatMap((rho, j) => kappas.map((kappa, i) => [kappa, rho, m.bump[j]![i]!])),
      alphaStar: [],
    };
    return { id, title: spec.title, panel, table, csv: tableCsv(table, 'bump') };
  }
  const xs = [...logspace(spec.lo, spec.hi, CURVE_POINTS), ...(spec.dense ?? [])].sort((a, b) => a - b);
  const series: Series[] = [];
  const columns: number[][] = [];
  spec.curves.forEach((c, k) => {
    const pts = curve(xs, c.at, spec.which);
    columns.push(pts.map(([, y]) => y));
    series.push({ kind: 'line', name: c.name, color: PALETTE[k % PALETTE.length]!, points: pts });
  });
  const stars = spec.alphaStar ? alphaStarMarks(spec.curves, spec.which, spec.lo, spec.hi) : [];
  series.push(...alphaStarSeries(stars));
  const panel: PanelSpec = {
    title: spec.title,
    x: { label: spec.xLabel, scale: 'log', min: spec.lo, max: spec.hi },
    y: {
      label: spec.yLabel,
      scale: spec.yScale,
      ...(spec.yMin !== undefined ? { min: spec.yMin } : {}),
      ...(spec.yMax !== undefined ? { max: spec.yMax } : {}),
    },
    series,
  };
  const table: FigureTable = {
    columns: [spec.xName, ...spec.curves.map((c) => `${spec.which} ${c.name}`)],
    rows: xs.map((x, i) => [x, ...columns.map((col) => (Number.isNaN(col[i]!) ? null : col[i]!))]),
    alphaStar: stars.map((s) => ({ curve: s.name, alpha: s.x, value: s.y })),
  };
  return { id, title: spec.title, panel, table, csv: tableCsv(table, spec.which) };
}
