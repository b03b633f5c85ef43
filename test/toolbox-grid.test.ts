// Ranges and grids of parameter values, and `eval` over a grid in each output format.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/numeric/domain.js';
import { gridSize, parseAxis } from '../src/theory/grid.js';
import { cli, pointFlags } from './support/cli.js';

describe('parseAxis', () => {
  it('steps a range in exact decimals, both ends included', () => {
    const a = parseAxis('tau', '0.5:5:0.05');
    // (5 − 0.5)/0.05 + 1 = 91 points by hand; a float64 loop adding 0.05 drifts off 0.55, 2.95, …
    expect(a.values.length).toBe(91);
    expect(a.values.slice(0, 4)).toEqual(['0.5', '0.55', '0.6', '0.65']);
    expect(a.values[49]).toBe('2.95');
    expect(a.values.at(-1)).toBe('5');
    expect(parseAxis('tau', '1:2:0.3').values).toEqual(['1', '1.3', '1.6', '1.9']);
    expect(parseAxis('rho', '0:1e-2:25e-4').values).toEqual(['0', '0.0025', '0.005', '0.0075', '0.01']);
  });

  it('reads lists, log spacing and their mixtures', () => {
    expect(parseAxis('alpha', '1,10,100').values).toEqual(['1', '10', '100']);
    expect(parseAxis('alpha', '1,inf').numbers[1]).toBe(Infinity);
    expect(parseAxis('tau', 'log:1e-2:1e2:5').values).toEqual(['1e-2', '0.1', '1', '10', '1e2']);
    const l = parseAxis('alpha', 'log:1:8:4').numbers; // 1, 2, 4, 8 up to rounding of 10^(k log10 2)
    [1, 2, 4, 8].forEach((v, i) => expect(Math.abs(l[i]! - v)).toBeLessThan(4e-15 * v));
    expect(parseAxis('lambda', '0,0.1:0.3:0.1').values).toEqual(['0', '0.1', '0.2', '0.3']);
    expect(gridSize([parseAxis('alpha', '1,2'), parseAxis('tau', '0.5:5:0.05')])).toBe(182);
  });

  it('names the flag for a malformed or out-of-domain range', () => {
    const bad = (key: 'tau' | 'lambda' | 'alpha', raw: string, part: RegExp) => {
      try {
        parseAxis(key, raw);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).parameter).toBe(`--${key}`);
        expect((err as Error).message).toMatch(part);
      }
    };
    bad('tau', '1:2', /three fields/);
    bad('tau', '2:1:0.1', /stop must be >= start/);
    bad('tau', '1:2:0', /step must be > 0/);
    bad('tau', 'log:0:1:10', /0 < lo < hi/);
    bad('tau', 'log:1:10:1', /count must be an integer/);
    bad('tau', '-1:2:1', /> 0 or inf/);
    bad('lambda', '0,,1', /empty list entry/);
    bad('alpha', '1,x', /'x' is not a number/);
    bad('lambda', 'inf', /not a number/);
  });
});

describe('eval over a grid', () => {
  const args = pointFlags({ alpha: '1,10', kappa: 0.5, tau: '0.5:1.5:0.5', rho: 0.01, lambda: 0 });

  it('CSV: comment lines, the header of docs/theory.md names, one row per point, empty rows outside the domain', () => {
    const r = cli('eval', ...args);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const body = lines.filter((l) => !l.startsWith('#'));
    expect(lines.some((l) => l.startsWith('# eICL: '))).toBe(true);
    expect(body[0]).toBe('alpha,kappa,tau,rho,lambda,regime,epsilon,eICL,eIDG,gTask,note');
    expect(body.length).toBe(7);
    // docs/theory.md §9, rows 2 and 1 (60-digit references; these inputs are within 1e-17 of them)
    const row = (i: number) => body[i]!.split(',');
    expect(row(1).slice(0, 6)).toEqual(['1', '0.5', '0.5', '0.01', '0', 'finite']);
    expect(Math.abs(Number(row(1)[7]) / 1.26107689593427654 - 1)).toBeLessThan(4e-16 * 8);
    expect(Math.abs(Number(row(1)[8]) / 0.801849166794355458 - 1)).toBeLessThan(4e-16 * 8);
    expect(row(2).slice(5, 10)).toEqual(['', '', '', '', '']);
    expect(body[2]).toMatch(/tau must be != 1 when lambda = 0/);
    expect(r.stderr).toMatch(/2 point\(s\) outside the domain/);
  });

  it('jsonl, json and table carry the same rows', () => {
    const jl = cli('eval', ...args, '--format', 'jsonl')
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const js = JSON.parse(cli('eval', ...args, '--format', 'json').stdout);
    expect(js).toEqual(jl);
    expect(jl.length).toBe(6);
    expect(jl[3]).toMatchObject({ alpha: 10, tau: 0.5, regime: 'finite' });
    expect(jl[1].eICL).toBeNull();
    const table = cli('eval', ...args, '--format', 'table').stdout.split('\n');
    expect(table.filter((l) => /^1 +0\.5 +1\.5 /.test(l)).length).toBe(1);
  });

  it('--digits over a grid settles every row', () => {
    const r = cli(
      'eval',
      ...pointFlags({ alpha: 10, kappa: 0.5, tau: 10, rho: 0.01, lambda: '0,0' }),
      '--digits',
      '18',
      '--format',
      'jsonl',
    );
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.length).toBe(2);
    // docs/theory.md §9 row 1 (read there as doubles; at these exact decimals equal to the 17th digit)
    expect(rows[0].eICL.slice(0, 16)).toBe('0.59569689681424');
  });

  it('a bad range is one line naming the flag, exit 2', () => {
    const r = cli('eval', ...pointFlags({ alpha: '1:5', kappa: 0.5, tau: 2, rho: 0, lambda: 0 }));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n').length).toBe(1);
    expect(r.stderr).toMatch(/--alpha must be/);
    const f = cli('eval', ...pointFlags({ alpha: '1,5', kappa: 0.5, tau: 2, rho: 0, lambda: 0 }), '--format', 'xml');
    expect(f.status).toBe(2);
    expect(f.stderr).toMatch(/--format must be one of csv, jsonl, json, table/);
  });
});

describe('eval --workers: a CSV grid formatted on worker threads', () => {
  it('writes the same bytes, the same count of points outside the domain and the same first reason as one thread', () => {
    // 80 x 1001 points: three blocks of 32768, with tau = 1 (outside, ridgeless) and alpha = inf rows.
    const args = ['eval', '--alpha', 'log:0.1:100:79,inf', '--kappa', '0.5', '--tau', 'log:0.1:10:1000,1'];
    const run = (w: string) => cli(...args, '--rho', '0.1', '--lambda', '0', '--workers', w);
    const [one, two, three] = ['1', '2', '3'].map(run) as [
      ReturnType<typeof run>,
      ReturnType<typeof run>,
      ReturnType<typeof run>,
    ];
    expect(one.status).toBe(0);
    expect(one.stdout.split('\n').length).toBe(80 * 1001 + 14);
    expect(one.stderr).toBe(
      'eval: 80 point(s) outside the domain (empty rows); first: tau must be != 1 when lambda = 0 (the ridgeless errors diverge at tau = 1), got 1\n',
    );
    for (const r of [two, three]) {
      expect(r.status).toBe(0);
      expect(r.stdout === one.stdout).toBe(true);
      expect(r.stderr).toBe(one.stderr);
    }
  });
});
