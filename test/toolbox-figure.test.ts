// `icl-verify figure`: one panel, a paper column wide, with its data beside it; PNG and PDF through Chromium.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fp } from '../src/numeric/context.js';
import { evaluate } from '../src/theory/evaluate.js';
import { cli } from './support/cli.js';

describe('figure', () => {
  it('--list names every panel; an unknown id is one line, exit 2', () => {
    const ids = cli('figure', '--list')
      .stdout.trim()
      .split('\n')
      .map((l) => l.split(' ')[0]);
    expect(ids).toEqual([
      'fig1a',
      'fig1b',
      'fig1c',
      'fig2a',
      'fig2b',
      'fig2c',
      'fig3a',
      'fig3b',
      'fig3c',
      'fig3d',
      'fig4',
    ]);
    const r = cli('figure', 'fig9');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/figure must be one of fig1a/);
  });

  it('csv: the plotted curves, each value the theory at that point; Figure 2 lists its alpha*', () => {
    const csv = cli('figure', 'fig1a', '--format', 'csv').stdout.trim().split('\n');
    expect(csv[0]).toBe('tau,eICL α=1,eICL α=10,eICL α=100');
    const rows = csv.slice(1).map((l) => l.split(','));
    const one = rows.find((r) => r[0] === '1');
    expect(one!.slice(1)).toEqual(['', '', '']); // τ = 1 ridgeless is outside the domain: a gap, not a value
    const r = rows[10]!;
    const tau = Number(r[0]);
    expect(Number(r[2])).toBe(evaluate(fp, { alpha: 10, kappa: 0.5, tau, rho: 0.01, lambda: 0 }).eICL);
    const f2 = cli('figure', 'fig2b', '--format', 'csv').stdout;
    expect(f2).toMatch(/^# alpha\* of κ=0\.25: /m);
    expect(f2).toMatch(/^# alpha\* of κ=0\.5: 9\.60313877674267/m);
  });

  it('svg, png and pdf files are 3.4 in wide, with the csv beside them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icl-figure-'));
    try {
      const svg = cli('figure', 'fig2b', '--out', join(dir, 'f.svg'));
      expect(svg.status, svg.stderr).toBe(0);
      expect(readFileSync(join(dir, 'f.svg'), 'utf8')).toMatch(/^<svg [^>]*width="3.4in" height="[\d.]+in"/);
      expect(readFileSync(join(dir, 'f.csv'), 'utf8')).toMatch(/^alpha,eICL κ=0\.25/m);
      const png = cli('figure', 'fig1a', '--format', 'png', '--out', join(dir, 'f.png'));
      expect(png.status, png.stderr).toBe(0);
      const b = readFileSync(join(dir, 'f.png'));
      expect(b.subarray(1, 4).toString()).toBe('PNG');
      // 3.4 in at 300 dpi: ceil(3.4 · 96) = 327 CSS px, times 300/96
      expect(b.readUInt32BE(16)).toBe(Math.round(327 * (300 / 96)));
      const pdf = cli('figure', 'fig3a', '--format', 'pdf', '--out', join(dir, 'f.pdf'));
      expect(pdf.status, pdf.stderr).toBe(0);
      const p = readFileSync(join(dir, 'f.pdf'));
      expect(p.subarray(0, 5).toString()).toBe('%PDF-');
      // the page is 3.4 in = 244.8 pt wide (Chromium rounds the page size to its device pixels: 245.04)
      const box = /\/MediaBox \[0 0 ([\d.]+) /.exec(p.toString('latin1'));
      expect(Math.abs(Number(box![1]) - 244.8)).toBeLessThan(0.5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
