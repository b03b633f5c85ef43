// `icl-verify eval` as a user runs it.
import { describe, expect, it } from 'vitest';
import { mp } from '../src/numeric/context.js';
import { evaluate } from '../src/theory/evaluate.js';
import { cli } from './support/cli.js';

const point = (o: Record<string, string> = {}) => {
  const p = { alpha: '2', kappa: '0.5', tau: '1.5', rho: '0.1', lambda: '0.5', ...o };
  return Object.entries(p).flatMap(([k, v]) => [`--${k}`, v]);
};

describe('eval', () => {
  it('--json prints the documented object with decimal strings', () => {
    const r = cli('eval', ...point(), '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.params).toEqual({ alpha: '2', kappa: '0.5', tau: '1.5', rho: '0.1', lambda: '0.5' });
    expect(out.digits).toBeNull();
    for (const k of ['epsilon', 'eICL', 'eIDG', 'gTask']) expect(typeof out[k]).toBe('string');
    expect(Math.abs(Number(out.eICL) - 0.936314793818202264)).toBeLessThan(1e-15);
    expect(Math.abs(Number(out.eIDG) - 0.427898462109602672)).toBeLessThan(1e-15);
  });

  it('--digits N prints N correct significant digits of the exact decimal inputs', () => {
    const out = JSON.parse(cli('eval', ...point(), '--digits', '18', '--json').stdout);
    expect(out.digits).toBe(18);
    // The §9 table reads rho = 0.1 as a double (…202264); as the exact decimal 0.1 it is …202256.
    const c = mp(80);
    const e = evaluate(c, {
      alpha: c.num('2'),
      kappa: c.num('0.5'),
      tau: c.num('1.5'),
      rho: c.num('0.1'),
      lambda: c.num('0.5'),
    });
    expect(out.eICL).toBe(c.toString(e.eICL, 18));
    expect(out.eIDG).toBe(c.toString(e.eIDG, 18));
    expect(out.epsilon).toBe(c.toString(e.epsilon, 18));
    expect(out.eICL.slice(0, 17)).toBe('0.936314793818202');
    const long = JSON.parse(cli('eval', ...point(), '--digits', '100', '--json').stdout);
    expect(long.eICL.startsWith(out.eICL.slice(0, 19))).toBe(true);
    expect(long.eICL.replace(/^0\./, '')).toHaveLength(100);
  });

  it('reads decimal inputs exactly at N digits (tau = 0.85 is not the double 0.85)', () => {
    const out = JSON.parse(
      cli(
        'eval',
        ...point({ alpha: '100', kappa: '2', tau: '0.85', rho: '0.5', lambda: '0' }),
        '--digits',
        '20',
        '--json',
      ).stdout,
    );
    expect(out.eICL).toBe('5.5908630559224500519');
  });

  it('reports a divergent limit as Infinity with its growth rate', () => {
    const out = JSON.parse(
      cli('eval', ...point({ alpha: 'inf', kappa: '0.5', tau: '3', rho: '0.5', lambda: '0' }), '--json').stdout,
    );
    expect(out.eICL).toBe('Infinity');
    expect(Number(out.eICLPerAlpha)).toBeCloseTo((0.5 * 0.5) / (1.5 * 2), 15);
    expect(Number(out.eIDG)).toBeCloseTo(0.75, 15);
    expect(out.gTask).toBe('Infinity');
  });

  it('evaluates the joint limit alpha, tau -> inf with --tau-per-alpha', () => {
    const out = JSON.parse(
      cli(
        'eval',
        ...point({ alpha: 'inf', tau: 'inf', kappa: '0.5', rho: '0.5', lambda: '0' }),
        '--tau-per-alpha',
        '0.2',
        '--json',
      ).stdout,
    );
    expect(Number(out.gTask)).toBeCloseTo(0.5 * (1 + 0.5 / (0.2 * 1.5)), 14);
  });

  it('float64 outside its box (alpha = 1e155, tau = 1e-161, a root solve float64 cannot bracket) prints what --digits 20 prints, rounded', () => {
    for (const [args, eICL] of [
      [point({ alpha: '1e155', kappa: '0.5', tau: '3', rho: '0.5', lambda: '0' }), '8.333333333333334e+153'],
      [point({ alpha: '2', kappa: '0.5', tau: '1e-161', rho: '0.5', lambda: '0' }), '1.5'],
      [point({ alpha: '1e-300', kappa: '1e-300', tau: '1e300', rho: '0', lambda: '1e-300' }), '1.25'],
    ] as const) {
      const r = cli('eval', ...args, '--json');
      expect(r.status, r.stderr).toBe(0);
      expect(String(JSON.parse(r.stdout).eICL)).toBe(eICL);
    }
  });

  it('at N digits a decimal beyond float64 is that decimal (1e400 is finite) and the root solve does not need float64', () => {
    const big = JSON.parse(
      cli('eval', ...point({ alpha: '1e400', kappa: '1', tau: '2', lambda: '0' }), '--digits', '20', '--json').stdout,
    );
    expect(big.regime).toBe('finite');
    // At kappa = min(tau, 1) e^ICL grows like sqrt(alpha): its rate at alpha = inf times 1e200.
    const lim = JSON.parse(
      cli('eval', ...point({ alpha: 'inf', kappa: '1', tau: '2', lambda: '0' }), '--digits', '20', '--json').stdout,
    );
    expect(Math.abs(Number(big.eICL) / 1e200 / Number(lim.eICLPerSqrtAlpha) - 1)).toBeLessThan(1e-12);
    const extreme = cli(
      'eval',
      ...point({ alpha: '1e-300', kappa: '1e-300', tau: '1e300', rho: '0', lambda: '1e-300' }),
      '--digits',
      '20',
      '--json',
    );
    expect(extreme.status).toBe(0);
    expect(JSON.parse(extreme.stdout).epsilon).toMatch(/^\d\.\d{19}e-300$/);
  });

  it('prints a human summary without --json', () => {
    const r = cli('eval', ...point());
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/eICL\s+0\.93631479381820/);
  });

  const bad: [string, string[], RegExp][] = [
    ['missing flag', point().slice(0, 8), /missing --lambda/],
    ['NaN', point({ alpha: 'nan' }), /--alpha must be a number > 0 or inf/],
    ['negative rho', point({ rho: '-0.1' }), /rho must be a finite number >= 0/],
    ['negative lambda', point({ lambda: '-1' }), /lambda must be a finite number >= 0/],
    ['alpha = 0', point({ alpha: '0' }), /alpha must be a number > 0/],
    ['ridgeless tau = 1', point({ tau: '1', lambda: '0' }), /tau must be != 1 when lambda = 0/],
    ['unknown flag', [...point(), '--beta', '1'], /unknown flag --beta/],
    ['inf rho', point({ rho: 'inf' }), /--rho must be a finite number >= 0/],
    ['joint limit without c', point({ alpha: 'inf', tau: 'inf' }), /tau-per-alpha must be a finite number > 0/],
    ['digits out of range', [...point(), '--digits', '101'], /--digits must be an integer in \[1, 100\]/],
    ['alpha overflowing float64', point({ alpha: '1e400' }), /--alpha must be within the float64 range .*use --digits/],
    ['lambda underflowing float64', point({ lambda: '1e-400' }), /--lambda must be within the float64 range/],
    [
      'an error beyond float64 (epsilon about 1e400)',
      point({ alpha: '1.7e-18', kappa: '4e-81', tau: '3.9e-133', rho: '1.7e251', lambda: '3.6e-49' }),
      /parameters must be a point whose epsilon is within the float64 range \(magnitude 2\.2e-308 to 1\.7e308; use --digits N\)/,
    ],
  ];
  for (const [name, args, message] of bad) {
    it(`bad input (${name}) exits 2 with one line naming the parameter`, () => {
      const r = cli('eval', ...args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
    });
  }
});
