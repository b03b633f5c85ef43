// The simulate and extrapolate commands as a user runs them (after `npm run build`).
import { describe, expect, it } from 'vitest';
import { cli, pointFlags } from './support/cli.js';
const base = pointFlags({ alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 });
const withFlag = (flag: string, value: string): string[] => {
  const a = [...base];
  a[a.indexOf(flag) + 1] = value;
  return a;
};

describe('simulate CLI', () => {
  it('prints the --json shape with numbers as decimal strings', () => {
    const r = cli('simulate', '--d', '8', ...base, '--replicates', '3', '--seed', '5', '--json');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual([
      'params',
      'd',
      'ell',
      'k',
      'n',
      'replicates',
      'seed',
      'solver',
      'eICL',
      'eIDG',
      'gTask',
      'seconds',
    ]);
    expect(j.params).toEqual({ alpha: '2', kappa: '0.5', tau: '1.5', rho: '0.1', lambda: '0.5' });
    expect([j.d, j.ell, j.k, j.n, j.replicates, j.seed]).toEqual(['8', '16', '4', '96', '3', '5']);
    for (const q of ['eICL', 'eIDG', 'gTask']) {
      expect(Object.keys(j[q])).toEqual(['mean', 'stderr']);
      expect(j[q].mean).toMatch(/^-?\d/);
      expect(Number.isFinite(Number(j[q].stderr))).toBe(true);
    }
    expect(r.stderr).toBe(''); // piped: no progress bar
  });

  it('gives identical results with 1 and 2 workers, and kappa = inf is accepted', () => {
    const run = (w: string) => {
      const j = JSON.parse(
        cli('simulate', '--d', '6', ...withFlag('--kappa', 'inf'), '--replicates', '4', '--workers', w, '--json')
          .stdout,
      );
      delete j.seconds;
      return j;
    };
    const one = run('1');
    expect(one.k).toBe('inf');
    expect(run('2')).toEqual(one);
  });

  it('one replicate gives the same bits with its fit split over two threads (pcg at d = 24, odd n)', () => {
    const run = (w: string) => {
      const r = cli(
        'simulate',
        '--d',
        '24',
        ...pointFlags({ alpha: 2, kappa: 0.5, tau: 3.0087, rho: 0.1, lambda: 0.001 }),
        '--replicates',
        '1',
        '--workers',
        w,
        '--json',
      );
      expect(r.status, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      delete j.seconds;
      return j;
    };
    const one = run('1');
    expect([one.n, one.solver]).toEqual(['1733', 'pcg']);
    expect(run('2')).toEqual(one);
  });

  it('exits 2 with one line on bad input', () => {
    const cases: string[][] = [
      ['simulate', '--d', '1', ...base],
      ['simulate', '--d', '8', ...withFlag('--alpha', '0.1')], // ell = 1
      ['simulate', '--d', '8', ...withFlag('--kappa', '0.01')], // k = 0
      ['simulate', '--d', '8', ...withFlag('--tau', '0.001')], // n = 0
      ['simulate', '--d', '4000', ...base], // memory
      [
        'simulate',
        '--d',
        '300',
        ...pointFlags({ alpha: 10, kappa: 0.5, tau: 10, rho: 0.01, lambda: '1e-6' }),
        '--replicates',
        '1',
      ], // a kernel block over 2 GiB, on one replicate's helper thread
      ['simulate', '--d', '8', ...withFlag('--rho', '-1')],
      ['simulate', '--d', '8', ...withFlag('--alpha', 'abc')],
      ['simulate', '--d', '8', ...base, '--assignment', 'cyclic'],
      ['simulate', ...base],
      ['extrapolate', ...base, '--ds', '8,12'],
      ['extrapolate', ...base, '--ds', '8,x'],
      ['extrapolate', ...base, '--ds', '6,8,10,12', '--replicates', '1'],
      ['extrapolate', ...base, '--ds', '6,8,10', '--replicates', '3'], // the curved model needs 4 d
    ];
    for (const args of cases) {
      const r = cli(...args);
      expect(r.status, args.join(' ') + '\n' + r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });
});

describe('extrapolate CLI', () => {
  it('prints the ladder and the theory side by side (--json)', () => {
    const r = cli('extrapolate', ...base, '--ds', '6,8,10,12', '--replicates', '3', '--json');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.runs.map((x: { d: string }) => x.d)).toEqual(['6', '8', '10', '12']);
    for (const c of j.comparisons) expect(Number(c.detectableRelativeError)).toBeGreaterThan(0);
    expect(j.comparisons.map((c: { quantity: string }) => c.quantity)).toEqual(['eICL', 'eIDG', 'gTask']);
    // docs/theory.md §9 spot value 0.936314793818202264 (60-digit evaluation).
    expect(Math.abs(Number(j.comparisons[0].theory) - 0.936314793818202264)).toBeLessThan(1e-15);
  });
});
