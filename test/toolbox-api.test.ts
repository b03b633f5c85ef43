// The toolbox through the typed API gives what the CLI prints.
import { describe, expect, it } from 'vitest';
import { alphaStar, derivative, DomainError, evaluateGrid, evaluateGridCsv, optimalLambda } from '../src/api/index.js';
import { cli, pointFlags } from './support/cli.js';

const jsonl = (...args: string[]) =>
  cli('eval', ...args, '--format', 'jsonl')
    .stdout.trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('toolbox API', () => {
  it('evaluateGrid yields the rows of eval --format jsonl, derivatives included', () => {
    const axes = { alpha: '1,10', kappa: '0.5', tau: '0.5:1.5:0.5', rho: '0.01', lambda: '0' };
    const rows = [...evaluateGrid(axes, { derivatives: ['tau'] })];
    expect(rows).toEqual(
      jsonl(
        ...pointFlags({ alpha: '1,10', kappa: 0.5, tau: '0.5:1.5:0.5', rho: 0.01, lambda: 0 }),
        '--derivative',
        'tau',
      ),
    );
    expect(rows.length).toBe(6);
    expect(() => [...evaluateGrid({ ...axes, tau: '2:1:1' })]).toThrow(DomainError);
  });

  it('derivative gives the CLI numbers, and N digits as strings', () => {
    const p = { alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 };
    const row = jsonl(
      ...pointFlags({ alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 }),
      '--derivative',
      'rho',
    )[0];
    const d = derivative(p, 'rho');
    expect(d.eICL).toBe(row.deICL_drho);
    expect(d.gTask).toBe(row.dgTask_drho);
    const s = derivative(p, 'rho', 30);
    expect(s.eICL.slice(0, 15)).toBe(String(d.eICL).slice(0, 15));
    expect(() => derivative({ ...p, alpha: 'inf' }, 'rho')).toThrow(/alpha must be finite/);
  });

  it('optimalLambda and alphaStar give the CLI rows', () => {
    const o = optimalLambda({ alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1 });
    const r = jsonl('--optimal-lambda', '--alpha', '2', '--kappa', '0.5', '--tau', '1.5', '--rho', '0.1')[0];
    expect([o.value, o.kind, o.lo, o.hi]).toEqual([r.lambdaStar, r.kind, r.lambdaStarLo, r.lambdaStarHi]);
    const a = alphaStar({ kappa: 0.5, tau: 0.5, rho: 0.5, lambda: 0 }, { of: 'eIDG' });
    const ra = jsonl(
      '--alpha-star',
      '--of',
      'eIDG',
      '--kappa',
      '0.5',
      '--tau',
      '0.5',
      '--rho',
      '0.5',
      '--lambda',
      '0',
    )[0];
    expect([a.value, a.kind, a.error]).toEqual([ra.alphaStar, ra.kind, ra.eIDGAtAlphaStar]);
    expect(() => optimalLambda({ alpha: 2, kappa: 0.5, tau: -1, rho: 0.1 })).toThrow(/tau must be/);
  });

  it('evaluateGridCsv gives the bytes of eval --format csv, a point outside the domain included', () => {
    const axes = { alpha: '1,10', kappa: '0.5,inf', tau: 'log:0.5:2:3', rho: '0.01', lambda: '0,0.1' };
    const bytes = Buffer.concat([...evaluateGridCsv(axes)]).toString('utf8');
    const c = cli('eval', ...Object.entries(axes).flatMap(([k, v]) => [`--${k}`, v]), '--format', 'csv');
    expect(c.status, c.stderr).toBe(0);
    expect(bytes).toBe(c.stdout);
    expect(bytes.split('\n').filter((l) => l && !l.startsWith('#')).length).toBe(1 + 24);
    expect(bytes).toMatch(/^10,inf,1,0\.01,0,,,,,,"tau must be != 1 when lambda = 0/m);
    expect(() => [...evaluateGridCsv({ ...axes, rho: '-1' })]).toThrow(/rho must be/);
  });
});
