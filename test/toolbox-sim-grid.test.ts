// simulate and extrapolate over a grid: each row is the single-point command's result at that point.
import { describe, expect, it } from 'vitest';
import { extrapolateGrid, simulate, simulateGrid } from '../src/api/index.js';
import { cli } from './support/cli.js';

const common = ['--kappa', '0.5', '--tau', '2', '--rho', '0.1', '--lambda', '0.5', '--workers', '1', '--seed', '3'];

describe('simulate over a grid', () => {
  it('one row per point, equal to simulate --json at that point (same seed), the theory beside it', () => {
    const r = cli('simulate', '--d', '8', '--replicates', '3', '--alpha', '1,2', ...common, '--format', 'jsonl');
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((x) => x.alpha)).toEqual([1, 2]);
    for (const row of rows) {
      const one = JSON.parse(
        cli('simulate', '--d', '8', '--replicates', '3', '--alpha', String(row.alpha), ...common, '--json').stdout,
      );
      expect(row.eICL).toBe(Number(one.eICL.mean));
      expect(row.eIDG_se).toBe(Number(one.eIDG.stderr));
      const th = JSON.parse(
        cli(
          'eval',
          '--alpha',
          String(row.alpha),
          '--kappa',
          '0.5',
          '--tau',
          '2',
          '--rho',
          '0.1',
          '--lambda',
          '0.5',
          '--json',
        ).stdout,
      );
      expect(row.eICL_theory).toBe(Number(th.eICL));
    }
  });

  it('alpha = inf is refused at finite d, naming the flag', () => {
    const r = cli('simulate', '--d', '8', '--alpha', '1,inf', ...common);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--alpha must be finite at finite d/);
  });
});

describe('extrapolate over a grid', () => {
  it('one row per point with the d = inf value inside its interval and the theory beside it', () => {
    const r = cli(
      'extrapolate',
      '--ds',
      '6,8,10,12',
      '--replicates',
      '2',
      '--alpha',
      '1,2',
      ...common,
      '--format',
      'csv',
    );
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l && !l.startsWith('#'));
    const head = lines[0]!.split(',');
    expect(lines.length).toBe(3);
    for (const l of lines.slice(1)) {
      const row = Object.fromEntries(l.split(',').map((v, i) => [head[i], v]));
      expect(Number(row.eICL_ci95_lo) < Number(row.eICL_dinf) && Number(row.eICL_dinf) < Number(row.eICL_ci95_hi)).toBe(
        true,
      );
      const th = JSON.parse(
        cli('eval', '--alpha', row.alpha!, '--kappa', '0.5', '--tau', '2', '--rho', '0.1', '--lambda', '0.5', '--json')
          .stdout,
      );
      expect(Number(row.eIDG_theory)).toBe(Number(th.eIDG));
    }
  });
});

describe('simulateGrid and extrapolateGrid (API)', () => {
  const axes = { alpha: '1,2', kappa: '0.5', tau: '2', rho: '0.1', lambda: '0.25,0.5' };
  const jsonl = (out: string) =>
    out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));

  it('simulateGrid: the rows of simulate --format jsonl, in order; a row is the single-point simulate', async () => {
    const rows = [];
    for await (const r of simulateGrid(axes, { d: 8, replicates: 3, seed: 3, workers: 1 })) rows.push(r);
    expect(rows.map((r) => [r.alpha, r.lambda])).toEqual([
      [1, 0.25],
      [1, 0.5],
      [2, 0.25],
      [2, 0.5],
    ]);
    const c = cli(
      'simulate',
      '--d',
      '8',
      '--replicates',
      '3',
      '--seed',
      '3',
      '--workers',
      '1',
      '--format',
      'jsonl',
      ...Object.entries(axes).flatMap(([k, v]) => [`--${k}`, v]),
    );
    expect(c.status, c.stderr).toBe(0);
    expect(rows).toEqual(jsonl(c.stdout));
    const one = await simulate({
      d: 8,
      alpha: 2,
      kappa: 0.5,
      tau: 2,
      rho: 0.1,
      lambda: 0.25,
      replicates: 3,
      seed: 3,
      workers: 1,
    });
    expect([rows[2]!.eICL, rows[2]!.eICL_se, rows[2]!.gTask]).toEqual([one.eICL.mean, one.eICL.stderr, one.gTask.mean]);
    await expect(simulateGrid({ ...axes, tau: '2,inf' }, { d: 8 }).next()).rejects.toThrow(
      /--tau must be finite at finite d/,
    );
  });

  it('extrapolateGrid: the rows of extrapolate --replicates 2 --format jsonl (linear below four d)', async () => {
    const grid = { ...axes, lambda: '0.5' };
    const rows = [];
    for await (const r of extrapolateGrid(grid, [4, 6, 8], { replicates: 2, seed: 3, workers: 1 })) rows.push(r);
    const c = cli(
      'extrapolate',
      '--ds',
      '4,6,8',
      '--model',
      'linear',
      '--replicates',
      '2',
      '--seed',
      '3',
      '--workers',
      '1',
      '--format',
      'jsonl',
      ...Object.entries(grid).flatMap(([k, v]) => [`--${k}`, v]),
    );
    expect(c.status, c.stderr).toBe(0);
    expect(rows.map((r) => r.alpha)).toEqual([1, 2]);
    expect(rows).toEqual(jsonl(c.stdout));
  });
});
