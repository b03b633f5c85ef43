// `eval --derivative`: the exact partial derivatives against hand derivations of the closed forms.
import { describe, expect, it } from 'vitest';
import { Decimal as D } from 'decimal.js';

const Decimal = D.clone({ precision: 60 });
import { cli, pointFlags } from './support/cli.js';

const lines = (out: string): Record<string, string> =>
  Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/) as [string, string]),
  );

describe('eval --derivative', () => {
  it('at kappa = inf, ridgeless, tau > 1: the derivatives of e = tau(rho + x/(1 + x))/(tau - 1) by hand', () => {
    // α = 2, ρ = 1/2, τ = 3: x = (1 + ρ)/α = 3/4, x/(1 + x) = 3/7, ρ + 3/7 = 13/14.
    // ∂e/∂τ = −(13/14)/(τ − 1)² = −13/56; ∂e/∂α = τ/(τ − 1) · 1/(1 + x)² · (−(1 + ρ)/α²) = 3/2 · 16/49 · (−3/8) = −9/49;
    // ∂e/∂ρ = τ/(τ − 1) · (1 + (1/α)/(1 + x)²) = 3/2 · (1 + 8/49) = 171/98.
    const r = cli(
      'eval',
      ...pointFlags({ alpha: 2, kappa: 'inf', tau: 3, rho: 0.5, lambda: 0 }),
      '--derivative',
      'tau,alpha,rho',
      '--digits',
      '30',
    );
    expect(r.status).toBe(0);
    const v = lines(r.stdout);
    const frac = (p: number, q: number) => new Decimal(p).div(q).toSignificantDigits(30).toString();
    expect(new Decimal(v.deICL_dtau!).toString()).toBe(frac(-13, 56));
    expect(new Decimal(v.deIDG_dtau!).toString()).toBe(frac(-13, 56));
    expect(new Decimal(v.deICL_dalpha!).toString()).toBe(frac(-9, 49));
    expect(new Decimal(v.deICL_drho!).toString()).toBe(frac(171, 98));
    expect(v.dgTask_dtau).toBe('0');
  });

  it('lambda at 0, tau > 1: epsilon leaves 0 with slope tau/(tau - 1) (from eps^2 M - (1 - tau) eps = tau lambda)', () => {
    const r = cli(
      'eval',
      ...pointFlags({ alpha: 2, kappa: 0.5, tau: 3, rho: 0.5, lambda: 0 }),
      '--derivative',
      'lambda',
      '--digits',
      '25',
    );
    expect(new Decimal(lines(r.stdout).depsilon_dlambda!).eq(1.5)).toBe(true);
  });

  it('a limit point gets empty derivative cells with the reason; a bad name is a usage error', () => {
    const r = cli(
      'eval',
      ...pointFlags({ alpha: '2,inf', kappa: 0.5, tau: 3, rho: 0.5, lambda: 0 }),
      '--derivative',
      'tau',
      '--format',
      'jsonl',
    );
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(typeof rows[0].deICL_dtau).toBe('number');
    expect(rows[1].deICL_dtau).toBeNull();
    expect(rows[1].note).toMatch(/alpha must be finite for a derivative/);
    const bad = cli('eval', ...pointFlags({ alpha: 2, kappa: 0.5, tau: 3, rho: 0.5, lambda: 0 }), '--derivative', 'd');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--derivative must be one of alpha, kappa, tau, rho, lambda, got 'd'/);
  });
});
