// simulate and extrapolate over a grid: each row is the single-point command's result at that point.
import { describe, expect, it } from 'vitest';
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
