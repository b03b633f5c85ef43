// The figures' simulated points and what a reader gets from them: extrapolated points with hover
// text, runs shared between panels, sizes the model cannot fit reported instead of drawn, the
// agreement summary, and the note on a one-colour Figure 3 panel.
import { describe, expect, it } from 'vitest';
import { agreement, newSimCache, simulatedSeries, type SimPoint } from '../src/figures/simPoints.js';
import { computeFigures } from '../src/figures/reportFigures.js';
import { singleFigure } from '../src/figures/theoryPanels.js';
import type { PlotSpec } from '../src/figures/types.js';
import { drawFigure } from '../src/report/figures.js';
import { heatmap, plot } from '../src/report/svg.js';
import { reportHtml } from '../src/report/html.js';
import { runChecks } from '../src/registry/run.js';

const at = (tau: number) => ({ alpha: 2, kappa: 1, tau, rho: 0.1, lambda: 0.1 });

describe('simulated points of the figures', () => {
  it('a ladder gives d → ∞ points with interval, z and hover text; e^ICL and e^IDG share one run', async () => {
    const cache = newSimCache();
    const budget = { d: 8, replicates: 3, ladder: [4, 6, 8], pointsPerCurve: Infinity };
    const icl = await simulatedSeries([{ x: 0.5, params: at(0.5), which: 'eICL' }], budget, 3, cache);
    const idg = await simulatedSeries([{ x: 0.5, params: at(0.5), which: 'eIDG' }], budget, 3, cache);
    expect(cache.size).toBe(1);
    for (const s of [icl, idg]) {
      const p = s.points[0]!;
      expect(p.lo).toBeLessThan(p.y);
      expect(p.hi).toBeGreaterThan(p.y);
      expect(Number.isFinite(p.z)).toBe(true);
      expect(p.title).toMatch(/d→∞ .* ± .* \(95%\), theory .*, z = .*; d ∈ \{4, 6, 8\}, 3 replicates each, seed \d+/);
      expect(s.details[0]).toMatch(/χ²\/dof of the fit/);
    }
    expect(icl.points[0]!.y).not.toBe(idg.points[0]!.y);
  });

  it('a size the model cannot fit (n = d(d+1), ridgeless) is named in the details and not drawn', async () => {
    // d = 4, τ = 1.25: n = 20 = d(d+1).
    const s = await simulatedSeries(
      [{ x: 1.25, params: { ...at(1.25), lambda: 0 }, which: 'eICL' }],
      { d: 8, replicates: 2, ladder: [4, 6, 8], pointsPerCurve: 1 },
      1,
      newSimCache(),
    );
    expect(s.points).toEqual([]);
    expect(s.details[0]).toMatch(/not simulated .*n/);
  });

  it('the agreement line counts points outside their 95% interval', () => {
    const pt = (z: number, p: number): SimPoint => ({ x: 1, y: 1, lo: 0, hi: 2, title: '', z, p });
    expect(agreement([pt(0.5, 0.6), pt(-1, 0.3), pt(3.2, 0.003)])).toBe(
      'theory within the 95% interval at 2 of 3 points (z rms 1.96, ' +
        'max |z| 3.20, |z| > 3 at 1; about 5% fall outside by chance)',
    );
    expect(agreement([{ x: 1, y: 1, lo: 0, hi: 2, title: '' }])).toBe('');
  });
});

describe('hover text and panel notes', () => {
  it('a titled point carries an escaped SVG <title>; points off a log axis are not drawn', () => {
    const svg = plot({
      title: 't',
      x: { label: 'x', scale: 'log' },
      y: { label: 'y', scale: 'log' },
      series: [
        {
          kind: 'points',
          name: 'p',
          color: '#f00',
          marker: 'circle',
          points: [
            { x: 2, y: 2, lo: 1, hi: 3, title: 'z < 1 & "ok"' },
            { x: 3, y: -1, title: 'hidden' },
          ],
        },
      ],
    });
    expect(svg).toContain('<g class="point"><title>z &lt; 1 &amp; &quot;ok&quot;</title>');
    expect(svg).not.toContain('hidden');
  });
  it('a heat map note is drawn over the map, wrapped', () => {
    const svg = heatmap({
      title: 'h',
      x: { label: 'x', scale: 'linear' },
      y: { label: 'y', scale: 'linear' },
      xs: [1, 2],
      ys: [1, 2],
      values: [
        [0, 0],
        [0, 0],
      ],
      color: { label: 'c', scale: 'log', min: 1e-4, max: 10 },
      zeroLabel: 'monotone',
      note: 'every cell is monotone because the error decreases in alpha at every kappa and rho of the grid',
    });
    const texts = /<g class="note">(.*?)<\/g>/.exec(svg)![1]!.match(/<text /g)!.length;
    expect(texts).toBeGreaterThan(1);
    expect(svg).toContain('decreases in alpha');
  });
});

describe('figures at the test scale', () => {
  it('short captions, details in a fold-out, a reason on the one-colour Figure 3 panel', async () => {
    const { figures: data, failures } = await computeFigures({ scale: 'tiny', seed: 2 });
    const figures = data.map(drawFigure);
    expect(failures).toEqual([]);
    // Figure 2 marks each curve's alpha* with hollow circles: the very marks of `figure fig2a|b|c`.
    const f2 = data.find((f) => f.id === 'figure-2')!;
    ['fig2a', 'fig2b', 'fig2c'].forEach((id, i) => {
      const single = singleFigure(id).panel as PlotSpec;
      const want = single.series.find((s) => s.name === 'α* (minimum)');
      const got = (f2.panels[i] as PlotSpec).series.find((s) => s.name === 'α* (minimum)');
      expect(want, id).toBeDefined();
      expect(got, id).toEqual(want);
      expect(got).toMatchObject({ kind: 'points', hollow: true, marker: 'circle' });
    });
    expect(figures.find((f) => f.id === 'figure-2')!.panels.join('')).toContain('α* (minimum)');
    for (const f of figures) {
      expect(f.caption.length, f.id).toBeLessThan(700);
      expect(f.details.length, f.id).toBeGreaterThan(0);
    }
    const f3 = figures.find((f) => f.id === 'figure-3')!;
    // e^IDG at τ = 20 is monotone in α everywhere; the other three maps are not.
    expect(f3.details.join(' ')).toMatch(/e\^IDG, τ = 20: 0\//);
    expect(f3.panels.filter((p) => p.includes('class="note"')).length).toBe(1);
    expect(f3.panels[3]).toContain('decreases in α');
    expect(f3.caption).toContain('decreases in α at every κ and ρ');
    const result = await runChecks([], { quick: true, seed: 2 });
    const html = reportHtml(result, figures);
    expect(html.match(/<details class="fig-details">/g)!.length).toBe(6);
    // Every simulated linear-attention and dMMSE point can be hovered.
    const f4 = figures.find((f) => f.id === 'figure-4')!.panels[0]!;
    expect(f4.match(/<g class="point"><title>/g)!.length).toBeGreaterThanOrEqual(6);
  });
});
