// Figure 5 of the paper from trained architectures (src/train/): one row per architecture present — its error
// curves against τ for each d, and its interpolation thresholds n* against d on log axes with the fitted power
// law, the architecture's own parameter count and the paper's exponent. Each row says where its numbers came
// from (verify's own run, or a file). Computes the panels; never draws.
import { runGrid, rowOf } from '../train/fig5Grid.js';
import { collapseExponent, countSlope, fitExponent, type ExponentFit } from '../train/fits.js';
import type { Fig5Data, TrainedSource } from '../train/gridFiles.js';
import { ZERO_LEVEL } from '../train/thresholds.js';
import { VERIFY_GRID } from '../train/protocol.js';
import { ARCHITECTURES, ARCHS } from '../train/models.js';
import { mean, stderrOfMean } from '../numeric/stats.js';
import { MARKERS, PALETTE, type FigureData, type PlotSpec, type Series } from './types.js';

/** The palette without its last colour, black, which draws the reference lines. */
const REFERENCE = PALETTE[PALETTE.length - 1]!;
const CURVE_COLORS = PALETTE.slice(0, -1);

function curvePanel(
  title: string,
  yLabel: string,
  row: Fig5Data,
  value: (p: Fig5Data['points'][number]) => number[],
  extra: Series[] = [],
): PlotSpec {
  const ds = [...new Set(row.points.map((p) => p.d))].sort((a, b) => a - b);
  const series: Series[] = [];
  ds.forEach((d, k) => {
    const color = CURVE_COLORS[k % CURVE_COLORS.length]!;
    const pts = rowOf(row.points, d).map((p) => {
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

const ESTIMATOR_LABEL = {
  train: `train error leaves ${ZERO_LEVEL}`,
  peak: 'test-error peak',
  rise: "sharpest rise of the train error (the paper's rule)",
} as const;

/** The per-run evidence behind an exponent: each run's slope, or (pooled) each run's τ* per d. */
const perRunText = (f: ExponentFit): string =>
  f.method === 'runs'
    ? `per run ${f.perRun.map((v) => v.toFixed(2)).join(', ')}`
    : `runs' own tau* per d ${f.perRunTau.map((t) => t.map((v) => v.toFixed(3)).join('/')).join(', ')} (pooled)`;
const interval = (f: ExponentFit): string => `${f.a.toFixed(2)} [${f.lo.toFixed(2)}, ${f.hi.toFixed(2)}]`;

/**
 * n* against d: each rule's thresholds and fitted line; the architecture's parameter count as n = count(d); the
 * paper's exponent as a line of slope a through the first fit's middle (the paper's d and protocol differ, so
 * only its slope is comparable).
 */
function thresholdPanel(title: string, fits: ReadonlyArray<ExponentFit | null>, row: Fig5Data): PlotSpec {
  const arch = ARCHITECTURES[row.spec.arch];
  const all = fits.filter((f): f is ExponentFit => f !== null);
  const axes = { x: { label: 'd', scale: 'log' as const }, y: { label: 'n*', scale: 'log' as const } };
  if (all.length === 0) return { title: `${title}: none on the τ grid`, ...axes, series: [] };
  const ds = all[0]!.ds;
  const xs = dGrid(ds);
  const series: Series[] = [];
  all.forEach((f, k) => {
    const color = PALETTE[k % PALETTE.length]!;
    series.push({
      kind: 'points',
      name: ESTIMATOR_LABEL[f.estimator],
      color,
      marker: MARKERS[k]!,
      points: f.ds.map((d, i) => ({ x: d, y: f.nStar[i]! })),
    });
    series.push({
      kind: 'line',
      name: `fit a=${interval(f)}`,
      color,
      points: xs.map((x) => [x, Math.exp(f.b) * x ** f.a] as const),
    });
  });
  series.push({
    kind: 'line',
    name: `n = its parameter count (slope ${countSlope(ds, arch.count).toFixed(2)} over these d)`,
    color: REFERENCE,
    dash: '1 3',
    points: xs.map((x) => [x, arch.count(x)] as const),
  });
  if (arch.paperA !== null) {
    const f = all[0]!;
    const mid = Math.exp(mean(ds.map(Math.log)));
    const at = Math.exp(f.b) * mid ** f.a;
    series.push({
      kind: 'line',
      name: `paper a = ${arch.paperA} (slope only)`,
      color: REFERENCE,
      dash: '5 4',
      points: xs.map((x) => [x, at * (x / mid) ** arch.paperA!] as const),
    });
  }
  return { title, ...axes, series };
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** "file F, preset P, d ∈ {…}, R runs per point, C CPU s recorded" for a row's caption. */
function sourceText(row: Fig5Data): string {
  const counts = row.points.map((p) => p.eICL.length);
  const runs =
    Math.min(...counts) === Math.max(...counts) ? String(counts[0]) : `${Math.min(...counts)}-${Math.max(...counts)}`;
  const ds = [...new Set(row.points.map((p) => p.d))].sort((a, b) => a - b);
  return (
    `${row.source.origin}, preset ${row.preset}, d ∈ {${ds.join(', ')}}, ${runs} ` +
    `runs per point, seed ${row.spec.seed}, ${cpuText(row.source)}`
  );
}

export const cpuText = (s: TrainedSource): string =>
  s.cpuSeconds === null ? 'training CPU not recorded in the file' : `${s.cpuSeconds.toFixed(0)} CPU s of training`;

/** The panels, caption sentence and details of one architecture's row. */
function fig5Row(row: Fig5Data, index: number): { panels: PlotSpec[]; caption: string; details: string[] } {
  const { arch } = row.spec;
  const tag = `(${index + 1}) ${arch}`;
  const spec = ARCHITECTURES[arch];
  const zero: Series = {
    kind: 'line',
    name: `zero level ${ZERO_LEVEL}`,
    color: REFERENCE,
    dash: '4 4',
    points: [
      [Math.min(...row.spec.taus), ZERO_LEVEL],
      [Math.max(...row.spec.taus), ZERO_LEVEL],
    ],
  };
  const fits = (['train', 'rise', 'peak'] as const).map((e) => fitExponent(row.points, e));
  const ds = [...new Set(row.points.map((p) => p.d))].sort((a, b) => a - b);
  const collapse = ds.length >= 2 ? collapseExponent(row.points) : null;
  const fitText = fits
    .map((f, i) =>
      f
        ? `${['train', 'rise', 'peak'][i]} a = ${interval(f)}`
        : `${['train', 'rise', 'peak'][i]}: a threshold off the grid`,
    )
    .join(', ');
  const budget =
    row.spec.iterations !== undefined
      ? `${row.spec.iterations} iterations`
      : row.spec.stop
        ? `until converged (cap ${row.spec.steps} steps)`
        : `${row.spec.steps} steps`;
  return {
    panels: [
      curvePanel(`${tag}: e^ICL against τ`, 'e^ICL (fresh test contexts)', row, (p) => p.eICL),
      curvePanel(
        `${tag}: training error against τ`,
        'training MSE',
        row,
        (p) => p.trainError.map((e) => Math.max(e, 1e-12)),
        [zero],
      ),
      thresholdPanel(`${tag}: threshold n* against d`, fits, row),
    ],
    caption:
      `(${index + 1}) ${arch} (${spec.description}) from ${sourceText(row)}; lr ${row.spec.lr}, ${budget}. ` +
      `Fits of log n* = a log d + b (95% interval from the runs' own slopes): ${fitText}; ` +
      `its parameter count's slope ${countSlope(ds, spec.count).toFixed(2)} over ` +
      `these d; paper a ${spec.paperA ?? '(not a row of the paper)'}.`,
    details: [
      ...ds.map((d) => {
        const r = rowOf(row.points, d);
        const cpu = r.every((p) => p.cpuSeconds.length > 0)
          ? `; ${sum(r.map((p) => sum(p.cpuSeconds))).toFixed(1)} CPU s`
          : '';
        return (
          `${tag} d=${d} (${[...new Set(r.map((p) => p.eICL.length))].join('/')} runs; n ` +
          `= ${r.map((p) => p.n).join(', ')}): mean training ` +
          `error ${r.map((p) => mean(p.trainError).toExponential(1)).join(', ')}; mean ` +
          `e^ICL ${r.map((p) => mean(p.eICL).toFixed(3)).join(', ')}${cpu}`
        );
      }),
      ...fits.map((f, i) =>
        f
          ? `${tag} ${f.estimator}: tau* ${f.tauStar.map((t) => t.toFixed(3)).join(', ')}; ` +
            `a ${f.a.toFixed(3)}, ${perRunText(f)} ` +
            `→ [${f.lo.toFixed(3)}, ${f.hi.toFixed(3)}]; residual t ` +
            `[${f.tInterval.map((v) => v.toFixed(3)).join(', ')}]`
          : `${tag} ${['train', 'rise', 'peak'][i]}: a threshold is off the tau grid`,
      ),
      ...(collapse
        ? [
            `${tag} collapse of the test-error curves in n/d^c: c ${collapse.c.toFixed(2)} ` +
              `[${collapse.lo.toFixed(2)}, ${collapse.hi.toFixed(2)}] (${collapse.method})`,
          ]
        : []),
      `${tag} runs that hit the step ` +
        `cap: ${sum(row.points.map((p) => p.stopReason.filter((r) => r === 'cap').length))} ` +
        `of ${sum(row.points.map((p) => p.stopReason.length))}`,
    ],
  };
}

/** The paper's rows (architectures with a fitted exponent) that no row of this figure shows. */
export const absentRows = (rows: readonly Fig5Data[]) =>
  ARCHS.filter((a) => ARCHITECTURES[a].paperA !== null && !rows.some((r) => r.spec.arch === a));

/**
 * Figure 5 with one row per grid. With `absent`, the caption names the paper's rows that are missing and the
 * commands that produce them.
 */
export function figure5(rows: readonly Fig5Data[], absent: { note?: string } | null = {}): Omit<FigureData, 'seconds'> {
  const parts = rows.map(fig5Row);
  const missing = absent ? absentRows(rows) : [];
  const absentText = missing.length
    ? ` Rows absent: ${missing.map((a) => `${a} (paper a ${ARCHITECTURES[a].paperA})`).join(', ')}${absent?.note ? ` (${absent.note})` : ''}. ` +
      "Each comes from `icl-verify fig5 --arch A --preset authors --out A.json` (or the sweep's train part " +
      'on a cluster, docs/cluster.md and docs/trained.md), drawn here by `icl-verify verify --trained ' +
      'A.json`.'
    : '';
  return {
    id: 'figure-5',
    title:
      `Figure 5: interpolation thresholds of trained architectures ` +
      `(${rows.length ? rows.map((r) => r.spec.arch).join(', ') : 'no row'})`,
    panels: parts.flatMap((p) => p.panels),
    caption:
      (rows.length
        ? `One row per architecture: e^ICL and the training error against τ for each ` +
          `d, and the thresholds n* against d. ${parts.map((p) => p.caption).join(' ')}`
        : 'No trained row in this run.') + ` Paper: d = 20, 40, 80, 10 runs.${absentText}`,
    details: parts.length ? parts.flatMap((p) => p.details) : ['no trained grid: nothing to tabulate'],
  };
}

/** verify's own Figure 5 row: the verify grid (linear-reduced, converged) at this seed, trained here. */
export function verifyRow(seed: number, origin: string): Fig5Data {
  const spec = { ...VERIFY_GRID, seed };
  const points = runGrid(spec);
  const cpu = sum(points.map((p) => sum(p.cpuSeconds)));
  return { kind: 'fig5', spec, preset: 'converged', points, source: { origin, cpuSeconds: cpu } };
}
