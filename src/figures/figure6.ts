// Figure 6 of the paper redrawn from trained runs (src/train/figure6.ts): g_task = e^ICL − e^IDG against κ = k/d
// for each d (so curves of different d lie on one another if k ∝ d), with the runs' spread, and each d's
// transition κ* with its interval; κ = 1 is drawn for reference. Computes the panel; never trains or draws.
import { mean, stderrOfMean } from '../numeric/stats.js';
import { gTask, transitions, type Fig6Point, type Fig6Spec } from '../train/figure6.js';
import { MARKERS, PALETTE, type FigureData, type Series } from './types.js';

const REFERENCE = PALETTE[PALETTE.length - 1]!;

export function figure6(points: readonly Fig6Point[], spec: Fig6Spec, cpuSeconds = 0): FigureData {
  const trans = transitions(points);
  const series: Series[] = [];
  const gs = points.flatMap((p) => p.eICL.map((_, r) => gTask(p, r)));
  const top = Math.max(...gs);
  trans.forEach((t, k) => {
    const color = PALETTE[k % (PALETTE.length - 1)]!;
    const row = points.filter((p) => p.d === t.d).sort((a, b) => a.kappa - b.kappa);
    const pts = row.map((p) => {
      const g = p.eICL.map((_, r) => gTask(p, r));
      const m = mean(g);
      const s = 1.96 * stderrOfMean(g);
      return { x: p.kappa, y: m, lo: m - s, hi: m + s, title: `d=${p.d} k=${p.k}: g_task ${m.toFixed(3)}` };
    });
    series.push({ kind: 'line', name: `d=${t.d} mean`, color, points: pts.map((p) => [p.x, p.y] as const) });
    series.push({
      kind: 'points',
      name: `d=${t.d} (±1.96 se)`,
      color,
      marker: MARKERS[k % MARKERS.length]!,
      points: pts,
    });
    if (t.kappaStar !== null && Number.isFinite(t.lo))
      series.push({
        kind: 'points',
        name: `d=${t.d} κ* ${t.kappaStar.toFixed(2)} [${t.lo.toFixed(2)}, ${t.hi.toFixed(2)}]`,
        color,
        marker: MARKERS[k % MARKERS.length]!,
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
  const cpu = points.reduce((a, p) => a + p.cpuSeconds.reduce((x, y) => x + y, 0), 0);
  return {
    id: 'figure-6',
    title: `Figure 6: task generalization of trained ${spec.arch} against κ = k/d`,
    panels: [
      {
        title: 'g_task = e^ICL − e^IDG against κ = k/d',
        x: { label: 'κ = k/d', scale: 'log' },
        y: { label: 'g_task', scale: 'linear' },
        series,
      },
    ],
    caption:
      `${spec.arch} trained at τ = ${spec.tau} (n = τd²), α = ${spec.alpha}, ρ = ${spec.rho}, k tasks drawn uniformly, ` +
      `preset ${spec.preset}; d ∈ {${spec.ds.join(', ')}}, ${spec.runs} runs per point, seed ${spec.seed}; errors on 1000 fresh ` +
      `test contexts each. Transition κ*: where g_task falls through half its maximum (per run; 95% interval mean ± t s/√R). ` +
      `Paper: the transition near κ = 1 with k ∝ d (d = 20, 40, 80 under its own protocol).`,
    details: [
      ...trans.map(
        (t) =>
          `d=${t.d}: κ* ${t.kappaStar?.toFixed(3) ?? '-'}, runs ${t.perRun.map((v) => v?.toFixed(3) ?? '-').join(', ')} → [${t.lo.toFixed(3)}, ${t.hi.toFixed(3)}]; κ = 1 ${t.oneInInterval ? 'inside' : 'outside'}`,
      ),
      `training CPU ${cpu.toFixed(0)} s`,
    ],
    seconds: cpuSeconds,
  };
}
