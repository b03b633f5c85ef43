// Figure 6 of the paper from trained runs (src/train/fig6Grid.ts): g_task = e^ICL − e^IDG against κ = k/d for each
// d (so curves of different d lie on one another if k ∝ d), with the runs' spread, and each d's transition κ*
// with its interval; κ = 1 is drawn for reference. One panel per grid, each saying where its numbers came from.
// Computes the panels; never trains or draws.
import { mean, stderrOfMean } from '../numeric/stats.js';
import { gTask, transitions } from '../train/fig6Grid.js';
import type { Fig6Data } from '../train/gridFiles.js';
import { cpuText } from './trained.js';
import { MARKERS, PALETTE, type FigureData, type PlotSpec, type Series } from './types.js';

const REFERENCE = PALETTE[PALETTE.length - 1]!;

function fig6Panel(set: Fig6Data, index: number): { panel: PlotSpec; caption: string; details: string[] } {
  const { points, spec } = set;
  const tag = `(${index + 1}) ${spec.arch}`;
  const trans = transitions(points);
  const series: Series[] = [];
  const top = Math.max(...points.flatMap((p) => p.eICL.map((_, r) => gTask(p, r))));
  trans.forEach((t, k) => {
    const color = PALETTE[k % (PALETTE.length - 1)]!;
    const row = points.filter((p) => p.d === t.d).sort((a, b) => a.kappa - b.kappa);
    const pts = row.map((p) => {
      const g = p.eICL.map((_, r) => gTask(p, r));
      const m = mean(g);
      const s = 1.96 * stderrOfMean(g);
      return { x: p.kappa, y: m, lo: m - s, hi: m + s, title: `d=${p.d} k=${p.k}: g_task ${m.toFixed(3)}` };
    });
    const marker = MARKERS[k % MARKERS.length]!;
    series.push({ kind: 'line', name: `d=${t.d} mean`, color, points: pts.map((p) => [p.x, p.y] as const) });
    series.push({ kind: 'points', name: `d=${t.d} (±1.96 se)`, color, marker, points: pts });
    if (t.kappaStar !== null && Number.isFinite(t.lo))
      series.push({
        kind: 'points',
        name: `d=${t.d} κ* ${t.kappaStar.toFixed(2)} [${t.lo.toFixed(2)}, ${t.hi.toFixed(2)}]`,
        color,
        marker,
        hollow: true,
        points: [{ x: t.kappaStar, y: top * (0.95 - 0.08 * k), lo: undefined, hi: undefined }],
      });
  });
  series.push({
    kind: 'line',
    name: 'κ = 1',
    color: REFERENCE,
    dash: '4 4',
    points: [
      [1, 0],
      [1, top],
    ],
  });
  const budget =
    spec.preset === 'authors' ? `${spec.iterations ?? 'default'} iterations` : `step cap ${spec.steps ?? 'default'}`;
  const kappaText = trans
    .map(
      (t) =>
        `d=${t.d} κ* ${t.kappaStar?.toFixed(2) ?? '-'} [${t.lo.toFixed(2)}, ${t.hi.toFixed(2)}] ` +
        `(κ = 1 ${t.oneInInterval ? 'inside' : 'outside'})`,
    )
    .join(', ');
  return {
    panel: {
      title: `${tag}: g_task against κ = k/d, τ = ${spec.tau}`,
      x: { label: 'κ = k/d', scale: 'log' },
      y: { label: 'g_task = e^ICL − e^IDG', scale: 'linear' },
      series,
    },
    caption:
      `(${index + 1}) ${spec.arch} at τ = ${spec.tau} from ${set.source.origin}, ` +
      `preset ${spec.preset} (${budget}), d ∈ {${trans.map((t) => t.d).join(', ')}}, ` +
      `${spec.runs} runs per point, seed ${spec.seed}, ${cpuText(set.source)}: ${kappaText}.`,
    details: trans.map(
      (t) =>
        `${tag} d=${t.d}: κ* ${t.kappaStar?.toFixed(3) ?? '-'}, ` +
        `runs ${t.perRun.map((v) => v?.toFixed(3) ?? '-').join(', ')} → ` +
        `[${t.lo.toFixed(3)}, ${t.hi.toFixed(3)}]; κ = 1 ${t.oneInInterval ? 'inside' : 'outside'}`,
    ),
  };
}

/** Figure 6 with one panel per grid; without grids, the caption says how to produce one. */
export function figure6(sets: readonly Fig6Data[]): Omit<FigureData, 'seconds'> {
  const parts = sets.map(fig6Panel);
  return {
    id: 'figure-6',
    title:
      `Figure 6: task generalization of trained models against κ = k/d ` +
      `(${sets.length ? sets.map((s) => s.spec.arch).join(', ') : 'no grid'})`,
    panels: parts.map((p) => p.panel),
    caption:
      (sets.length
        ? `k pretraining tasks drawn uniformly per context, n = τd², ` +
          `α = 1, ρ = 0.01; errors on 1000 fresh test contexts each. ` +
          `Transition κ*: where g_task falls through half its maximum (each run's ` +
          `own; 95% interval mean ± t s/√R). ${parts.map((p) => p.caption).join(' ')}`
        : 'No Figure 6 grid in this run: verify trains none. `icl-verify fig6 --arch ' +
          "blocks2 --out F.json` (or the sweep's train part with a kappa axis, " +
          'docs/trained.md) writes one, drawn here by `icl-verify verify --trained F.json`.') +
      ' Paper: the transition near κ = 1 with k ∝ d (d = 20, 40, 80).',
    details: parts.length ? parts.flatMap((p) => p.details) : ['no Figure 6 grid: nothing to tabulate'],
  };
}
