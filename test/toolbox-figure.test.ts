// `icl-verify figure`: one panel, a paper column wide, with its data beside it; PNG and PDF through Chromium.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateDigits, figure, listSingleFigures } from '../src/api/index.js';
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
    expect(listSingleFigures().map((f) => f.id)).toEqual(ids);
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

describe('figure from the API', () => {
  it('svg and csv of fig1a and fig2b are the bytes the CLI writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icl-figure-api-'));
    try {
      for (const id of ['fig1a', 'fig2b']) {
        const r = cli('figure', id, '--out', join(dir, `${id}.svg`));
        expect(r.status, r.stderr).toBe(0);
        const svg = await figure(id);
        expect(svg.format).toBe('svg');
        expect(svg.content).toBe(readFileSync(join(dir, `${id}.svg`), 'utf8'));
        expect(svg.csv).toBe(readFileSync(join(dir, `${id}.csv`), 'utf8'));
        const csv = await figure(id, { format: 'csv' });
        expect(csv.content).toBe(cli('figure', id, '--format', 'csv').stdout);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("fig1a's table is the theory computed at 30 digits; Figure 2's alpha* is in the table", async () => {
    const { table } = await figure('fig1a', { format: 'csv' });
    expect(table.columns).toEqual(['tau', 'eICL α=1', 'eICL α=10', 'eICL α=100']);
    expect(table.rows.find((r) => r[0] === 1)!.slice(1)).toEqual([null, null, null]);
    // Away from the pole at τ = 1 the float64 formulas are within a few ulps of the exact value.
    const sampled = table.rows.filter((r, i) => i % 40 === 7 && Math.abs(Math.log(r[0]!)) > Math.log(2));
    expect(sampled.length).toBeGreaterThanOrEqual(4);
    for (const r of sampled)
      [1, 10, 100].forEach((alpha, k) => {
        const exact = Number(
          evaluateDigits({ alpha: String(alpha), kappa: '0.5', tau: String(r[0]), rho: '0.01', lambda: '0' }, 30).eICL,
        );
        expect(Math.abs(r[k + 1]! - exact) / exact).toBeLessThan(8 * 2 ** -52);
      });
    const f2 = await figure('fig2b', { format: 'csv' });
    expect(String(f2.table.alphaStar.find((s) => s.curve === 'κ=0.5')!.alpha)).toMatch(/^9\.60313877674267/);
    await expect(figure('fig1a', { format: 'gif' as 'svg' })).rejects.toThrow(/format must be one of svg, csv/);
  });
});
