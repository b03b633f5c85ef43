// The plotting module and the Figure 3 measure, on inputs whose answers are known by hand.
import { describe, expect, it } from 'vitest';
import { excursion, MONOTONE_TOL, monotonicityMap } from '../src/figures/monotonicity.js';
import { logspace } from '../src/theory/grid.js';
import { cellColor, edges, heatmap, plot, ticks } from '../src/report/svg.js';

describe('axes', () => {
  it('linear ticks are 1-2-5 multiples covering the range', () => {
    expect(ticks('linear', 0, 1, 5).major).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks('linear', -0.05, 2.2, 5).major).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(ticks('linear', 0.3, 30, 6).major).toEqual([5, 10, 15, 20, 25, 30]);
  });
  it('log ticks are decades with 2..9 minor ticks, thinned over many decades', () => {
    const t = ticks('log', 0.01, 100, 6);
    expect(t.major).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(t.minor.length).toBe(4 * 8);
    expect(ticks('log', 1e-12, 1e12, 5).major).toEqual([1e-12, 1e-8, 1e-4, 1, 1e4, 1e8, 1e12]);
  });
  it('heat-map cell edges are midpoints (geometric on a log axis)', () => {
    expect(edges('linear', [0, 1, 2])).toEqual([-0.5, 0.5, 1.5, 2.5]);
    const e = edges('log', [1, 100, 10000]);
    expect(e.map((v) => Math.round(Math.log10(v) * 1e12) / 1e12)).toEqual([-1, 1, 3, 5]);
  });
  it('logspace keeps exact decades', () => {
    expect(logspace(1e-2, 1e2, 5)).toEqual([0.01, 0.1, 1, 10, 100]);
  });
});

describe('svg output', () => {
  it('escapes text, breaks lines at non-finite values, skips points off a log axis', () => {
    const svg = plot({
      title: 'a < b & "c"',
      x: { label: 'x', scale: 'log' },
      y: { label: 'y', scale: 'log' },
      series: [
        {
          kind: 'line',
          name: 'l',
          color: '#000',
          points: [
            [1, 1],
            [2, 2],
            [3, Infinity],
            [4, 4],
            [5, 5],
          ],
        },
        {
          kind: 'points',
          name: 'p',
          color: '#f00',
          marker: 'circle',
          points: [
            { x: 1, y: -1 },
            { x: 2, y: 2, lo: 1, hi: 3 },
          ],
        },
      ],
    });
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot;');
    expect(svg).not.toContain('NaN');
    const path = /<path d="([^"]*)" fill="none"/.exec(svg)![1]!;
    expect(path.match(/M/g)!.length).toBe(2);
    expect(svg.match(/<circle /g)!.length).toBe(2); // one data point, one legend marker
  });
  it('heat map: one cell per value, zero cells grey, colours ordered', () => {
    const svg = heatmap({
      title: 'h',
      x: { label: 'x', scale: 'log' },
      y: { label: 'y', scale: 'linear' },
      xs: [1, 10],
      ys: [0, 1, 2],
      values: [
        [0, 1e-3],
        [1e-2, 1e-1],
        [1, NaN],
      ],
      color: { label: 'c', scale: 'log', min: 1e-4, max: 10 },
      zeroLabel: 'monotone',
    });
    expect(svg).not.toContain('NaN');
    const cells = /<g shape-rendering="crispEdges">(.*?)<\/g>/.exec(svg)![1]!.match(/<rect /g)!.length;
    expect(cells).toBe(6);
    const c = { label: '', scale: 'log' as const, min: 1e-4, max: 10 };
    expect(cellColor(0, c)).toBe('#e8e8e8');
    expect(cellColor(1e-4, c)).toBe('#30125a');
    expect(cellColor(10, c)).toBe('#f5e128');
    expect(cellColor(1e9, c)).toBe('#f5e128');
  });
  it('categorical heat map: each cell in its category colour, a legend of the labels, no colour bar', () => {
    const svg = heatmap({
      title: 'h',
      x: { label: 'x', scale: 'log' },
      y: { label: 'y', scale: 'log' },
      xs: [1, 10],
      ys: [1, 10],
      values: [
        [2, 1],
        [0, 7],
      ],
      color: { label: 'c', scale: 'linear', min: 0, max: 2 },
      zeroLabel: 'undecided',
      categories: [
        { value: 2, label: 'non-monotone (proved)', color: '#d55e00' },
        { value: 1, label: 'monotone (proved)', color: '#9ecae1' },
        { value: 0, label: 'undecided', color: '#fffff0' },
      ],
    });
    const cells = /<g shape-rendering="crispEdges">(.*?)<\/g>/.exec(svg)![1]!;
    expect(cells.match(/fill="([^"]*)"/g)).toEqual([
      'fill="#d55e00"',
      'fill="#9ecae1"',
      'fill="#fffff0"',
      'fill="#ffffff"', // 7 is no category: blank
    ]);
    expect(svg).toContain('non-monotone (proved)');
    expect(svg).toContain('monotone (proved)');
    expect(svg).not.toContain('#f5e128'); // no colour bar
  });
});

describe('non-monotonicity', () => {
  it('measures the smaller of the largest rise and the largest fall', () => {
    expect(excursion([3, 2, 1])).toEqual({ rise: 0, fall: 2, bump: 0 });
    expect(excursion([1, 2, 3, Infinity])).toEqual({ rise: Infinity, fall: 0, bump: 0 });
    expect(excursion([2, 1, 1.5])).toEqual({ rise: 0.5, fall: 1, bump: 0.5 });
    expect(excursion([2, 1, Infinity]).bump).toBe(1);
    // Rounding-size wiggles are not a bump.
    expect(excursion([1, 1 - 1e-12, 1 + 1e-12]).bump).toBe(0);
    const dip = 1 - 10 * MONOTONE_TOL;
    expect(excursion([1, dip, 1]).bump).toBe((1 - dip) / dip);
    expect(() => excursion([1, NaN])).toThrow(/NaN/);
  });
  it('Figure 3: e^ICL grows without bound in α (so is non-monotone) where κ < min(τ, 1), and is monotone at κ = ∞', () => {
    // docs/theory.md §6: ridgeless, ρ > 0, e^ICL grows linearly in α when κ < min(τ, 1); it starts near
    // 1 + ρ at α → 0 and dips below it first, so such a cell must be non-monotone.
    const alphas = logspace(1e-2, 1e5, 60);
    for (const tau of [0.5, 20]) {
      const kappas = [0.05, 0.3, Math.min(tau, 1) * 0.9, Infinity];
      const m = monotonicityMap('eICL', tau, kappas, [0.01, 1], alphas);
      for (const row of m.bump) {
        expect(
          row.slice(0, 3).every((b) => b > 0),
          `tau=${tau}`,
        ).toBe(true);
        expect(row[3]).toBe(0);
      }
    }
  });
});
