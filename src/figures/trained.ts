// Figure 5 of the paper redrawn from trained architectures (src/train/): error curves against τ for
// each d, and the interpolation thresholds n* against d on log axes with the fitted power law.
import { runGrid, type GridPoint, type GridSpec } from '../train/fig5Grid.js';
import { collapseExponent, fitExponent, type ExponentFit } from '../train/fits.js';
import { ZERO_LEVEL } from '../train/thresholds.js';
import { VERIFY_GRID } from '../train/protocol.js';
import { ARCHITECTURES } from '../train/models.js';
import { mean, stderrOfMean } from '../numeric/stats.js';
import { MARKERS, PALETTE, type PlotSpec, type Series } from './types.js';

interface TrainedFigure {
  id: string;
  title: string;
  panels: PlotSpec[];
  caption: string;
  /** Per d: thresholds, mean errors per τ and CPU cost; the fits' intervals; the seed. */
  details: string[];
}

/** The palette without its last colour, black, which draws the reference lines (zero level, n = d(d+1)). */
const REFERENCE = PALETTE[PALETTE.length - 1]!;
const CURVE_COLORS = PALETTE.slice(0, -1);

function curvePanel(
  title: string,
  yLabel: string,
  points: readonly GridPoint[],
  value: (p: GridPoint) => number[],
  extra: Series[] = [],
): PlotSpec {
  const ds = [...new Set(points.map((p) => p.d))].sort((a, b) => a - b);
  const series: Series[] = [];
  ds.forEach((d, k) => {
    const row = points.filter((p) => p.d === d).sort((a, b) => a.tau - b.tau);
    const color = CURVE_COLORS[k % CURVE_COLORS.length]!;
    const pts = row.map((p) => {
      const v = value(p);
      const m = mean(v);
      const s = 1.96 * stderrOfMean(v);
      return { x: p.tau, y: m, lo: Math.max(m - s, m / 100), hi: m + s };
    });
    series.push({ kind: 'line', name: `d=${d} mean`, color, points: pts.map((p) => [p.x, p.y] as const) });
    series.push({
      kind: 'points',
      name: `d=${d} (±1.96 se)`,
      color,
      marker: MARKERS[k % MARKERS.length]!,
      points: pts,
    });
  });
  return {
    title,
    x: { label: 'τ = n/d²', scale: 'log' },
    y: { label: yLabel, scale: 'log' },
    series: [...series, ...extra],
  };
}

/** 30 values of d, log-spaced, a little beyond the fitted ones: where the fits and references are drawn. */
function dGrid(ds: readonly number[]): number[] {
  const lo = ds[0]! / 1.2;
  const hi = ds[ds.length - 1]! * 1.2;
  return Array.from({ length: 30 }, (_, i) => lo * (hi / lo) ** (i / 29));
}

const estimatorLabel = (f: ExponentFit): string =>
  f.estimator === 'train'
    ? `train error leaves ${ZERO_LEVEL}`
    : f.estimator === 'peak'
      ? 'test-error peak'
      : 'sharpest rise of the train error';

function thresholdPanel(fits: ReadonlyArray<ExponentFit | null>, arch: GridSpec['arch']): PlotSpec {
  const series: Series[] = [];
  const all = fits.filter((f): f is ExponentFit => f !== null);
  if (all.length === 0)
    return {
      title: '(c) thresholds: none on the τ grid',
      x: { label: 'd', scale: 'log' },
      y: { label: 'n*', scale: 'log' },
      series: [],
    };
  const xs = dGrid(all[0]!.ds);
  all.forEach((f, k) => {
    const color = PALETTE[k % PALETTE.length]!;
    const label = estimatorLabel(f);
    series.push({
      kind: 'points',
      name: label,
      color,
      marker: MARKERS[k]!,
      points: f.ds.map((d, i) => ({ x: d, y: f.nStar[i]! })),
    });
    series.push({
      kind: 'line',
      name: `fit a=${f.a.toFixed(2)} [${f.lo.toFixed(2)}, ${f.hi.toFixed(2)}]`,
      color,
      points: xs.map((x) => [x, Math.exp(f.b) * x ** f.a] as const),
    });
  });
  series.push({
    kind: 'line',
    name: 'n = d(d+1) (reduced Γ)',
    color: REFERENCE,
    dash: '5 4',
    points: xs.map((x) => [x, x * (x + 1)] as const),
  });
  const count = ARCHITECTURES[arch].count;
  series.push({
    kind: 'line',
    name: `n = its parameter count (${count(10)} at d = 10)`,
    color: REFERENCE,
    dash: '1 3',
    points: xs.map((x) => [x, count(x)] as const),
  });
  return {
    title: '(c) interpolation threshold n* against d',
    x: { label: 'd', scale: 'log' },
    y: { label: 'n*', scale: 'log' },
    series,
  };
}

/**
 * (d) the same thresholds as τ* = n* / d², where the power laws' small differences show: each estimator's
 * τ* from the mean curves (bars: the range of the runs' own τ*), its fit e^b d^(a − 2), and the references.
 */
function tauStarPanel(fits: ReadonlyArray<ExponentFit | null>, arch: GridSpec['arch']): PlotSpec {
  const series: Series[] = [];
  const all = fits.filter((f): f is ExponentFit => f !== null);
  if (all.length === 0)
    return {
      title: '(d) τ*: none on the τ grid',
      x: { label: 'd', scale: 'log' },
      y: { label: 'τ* = n*/d²', scale: 'linear' },
      series: [],
    };
  const xs = dGrid(all[0]!.ds);
  all.forEach((f, k) => {
    const color = PALETTE[k % PALETTE.length]!;
    const label = estimatorLabel(f);
    series.push({
      kind: 'points',
      name: label,
      color,
      marker: MARKERS[k]!,
      points: f.ds.map((d, i) => ({
        x: d,
        y: f.tauStar[i]!,
        lo: Math.min(...f.perRunTau[i]!),
        hi: Math.max(...f.perRunTau[i]!),
      })),
    });
    series.push({
      kind: 'line',
      name: `fit ∝ d^(a−2), a=${f.a.toFixed(2)}`,
      color,
      points: xs.map((x) => [x, Math.exp(f.b) * x ** (f.a - 2)] as const),
    });
  });
  series.push({
    kind: 'line',
    name: 'τ = 1 + 1/d (reduced Γ)',
    color: REFERENCE,
    dash: '5 4',
    points: xs.map((x) => [x, 1 + 1 / x] as const),
  });
  const count = ARCHITECTURES[arch].count;
  series.push({
    kind: 'line',
    name: 'τ = its parameter count / d²',
    color: REFERENCE,
    dash: '1 3',
    points: xs.map((x) => [x, count(x) / (x * x)] as const),
  });
  return {
    title: "(d) τ* = n*/d² against d (bars: the runs' range)",
    x: { label: 'd', scale: 'log' },
    y: { label: 'τ* = n*/d²', scale: 'linear' },
    series,
  };
}

/** The panels from trained grid points (the verify grid, or a Figure 5 script's points). */
export function trainedFigure(points: readonly GridPoint[], g: GridSpec, seed: number): TrainedFigure {
  const zero: Series = {
    kind: 'line',
    name: `zero level ${ZERO_LEVEL}`,
    color: REFERENCE,
    dash: '4 4',
    points: [
      [Math.min(...g.taus), ZERO_LEVEL],
      [Math.max(...g.taus), ZERO_LEVEL],
    ],
  };
  const fits = [fitExponent(points, 'train'), fitExponent(points, 'peak'), fitExponent(points, 'rise')];
  const collapse = collapseExponent(points);
  const ds = [...new Set(points.map((p) => p.d))].sort((a, b) => a - b);
  const counts = points.map((p) => p.eICL.length);
  const runs =
    Math.min(...counts) === Math.max(...counts) ? String(counts[0]) : `${Math.min(...counts)}-${Math.max(...counts)}`;
  const fitText = fits
    .map((f) =>
      f
        ? `${estimatorLabel(f)} a = ${f.a.toFixed(2)} [${f.lo.toFixed(2)}, ${f.hi.toFixed(2)}]`
        : 'a threshold off the grid',
    )
    .join(', ');
  return {
    id: 'figure-5',
    title: `Figure 5: trained ${g.arch} attention`,
    panels: [
      curvePanel(
        `(a) e^ICL of trained ${g.arch} attention against τ`,
        'e^ICL (fresh test contexts)',
        points,
        (p) => p.eICL,
      ),
      curvePanel(
        '(b) training error against τ',
        'training MSE',
        points,
        (p) => p.trainError.map((e) => Math.max(e, 1e-12)),
        [zero],
      ),
      thresholdPanel(fits, g.arch),
      tauStarPanel(fits, g.arch),
    ],
    details: [
      ...ds.map((d) => {
        const row = points.filter((p) => p.d === d).sort((a, b) => a.tau - b.tau);
        const cpu = row.reduce((a, p) => a + p.cpuSeconds.reduce((x, y) => x + y, 0), 0);
        return `d=${d} (${[...new Set(row.map((p) => p.eICL.length))].join('/')} runs; n = ${row.map((p) => p.n).join(', ')}): mean training error ${row.map((p) => mean(p.trainError).toExponential(1)).join(', ')}; mean e^ICL ${row.map((p) => mean(p.eICL).toFixed(3)).join(', ')}; ${cpu.toFixed(1)} CPU s`;
      }),
      ...fits.map((f) =>
        f
          ? `${f.estimator}: tau* ${f.tauStar.map((t) => t.toFixed(3)).join(', ')}; a ${f.a.toFixed(3)}, ${f.method === 'runs' ? `per run ${f.perRun.map((v) => v.toFixed(2)).join(', ')}` : `runs' own tau* per d ${f.perRunTau.map((t) => t.map((v) => v.toFixed(3)).join('/')).join(', ')} (pooled)`} → [${f.lo.toFixed(3)}, ${f.hi.toFixed(3)}]; residual t [${f.tInterval.map((v) => v.toFixed(3)).join(', ')}]`
          : 'a threshold is off the tau grid',
      ),
      `collapse: c ${collapse.c.toFixed(2)}, ${collapse.method === 'runs' ? `per run ${collapse.perRun.map((v) => v.toFixed(2)).join(', ')}` : `runs' shifts in log n per d ${collapse.shifts.map((v) => v.map((x) => x.toFixed(3)).join('/')).join(', ')} (pooled)`} → [${collapse.lo.toFixed(2)}, ${collapse.hi.toFixed(2)}]; seed ${seed}, step cap ${g.steps}, lr ${g.lr}`,
      `runs that hit the step cap: ${points.reduce((a, p) => a + p.stopReason.filter((r) => r === 'cap').length, 0)} of ${points.reduce((a, p) => a + p.stopReason.length, 0)} (${
        points
          .filter((p) => p.stopReason.includes('cap'))
          .map((p) => `d=${p.d} τ=${p.tau}`)
          .join(', ') || 'none'
      })`,
    ],
    caption:
      `${g.arch} attention (h = d) trained with AdamW, lr ${g.lr}, minibatches of 10% of n, ${g.stop ? `until converged (cap ${g.steps} steps)` : `${g.steps} steps`}, α = ${g.alpha}, κ = ∞, ρ = ${g.rho}; ` +
      `d ∈ {${ds.join(', ')}}, ${runs} runs per point, seed ${seed}; errors on 1000 fresh test contexts. ` +
      `Fitted log n* = a log d + b: ${fitText} (interval: ${fits.some((f) => f?.method === 'pooled') ? "unequal runs per d: a ± t(Σ(R_d − 1)) s √(Σ w_d²/R_d), the runs' scatter about their d's mean pooled over d" : "mean ± t(R − 1) s/√R of the runs' own slopes"}); paper: ${ARCHITECTURES[g.arch].paperA ?? 'not a row of the paper'}. ` +
      `Collapse exponent of the test-error curves (n/d^c): c = ${collapse.c.toFixed(2)} [${collapse.lo.toFixed(2)}, ${collapse.hi.toFixed(2)}]. Paper: d = 20, 40, 80, 10 runs.`,
  };
}

/**
 * The report's Figure 5 on the verify grid: from the points the train.* checks trained with the same
 * seed (their evidence; the checks run on worker threads), else trained here.
 */
export function figure5(seed: number, trained?: readonly GridPoint[]): TrainedFigure {
  const g = { ...VERIFY_GRID, seed };
  return trainedFigure(trained ?? runGrid(g), g, seed);
}
