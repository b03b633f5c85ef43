// λ* and α* (src/theory/optima.ts, located by the sign of the exact derivative) against golden-section
// searches on the error values alone at 40 digits, and the boundary answers against brute force.
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { mp } from '../src/numeric/context.js';
import { evaluate } from '../src/theory/evaluate.js';
import { alphaStar, optimalLambda } from '../src/theory/optima.js';
import { cli, pointFlags } from './support/cli.js';

const c = mp(40);
const P = (o: Record<string, string>) => {
  const p = { alpha: '1', kappa: '1', tau: '1', rho: '0', lambda: '0', ...o };
  return {
    alpha: c.num(p.alpha),
    kappa: c.num(p.kappa),
    tau: c.num(p.tau),
    rho: c.num(p.rho),
    lambda: c.num(p.lambda),
  };
};

/** Golden-section minimiser of f on [a, b] (unimodal there), to relative width 1e-19 (about √ of 40-digit rounding). */
function golden(f: (v: Decimal) => Decimal, a0: string, b0: string): Decimal {
  const r = c.num('0.5').times(c.sqrt(c.num(5)).minus(1));
  let [a, b] = [c.num(a0), c.num(b0)];
  let x1 = b.minus(b.minus(a).times(r));
  let x2 = a.plus(b.minus(a).times(r));
  let [f1, f2] = [f(x1), f(x2)];
  while (b.minus(a).gt(b.abs().times('1e-19'))) {
    if (f1.lt(f2)) {
      [b, x2, f2] = [x2, x1, f1];
      x1 = b.minus(b.minus(a).times(r));
      f1 = f(x1);
    } else {
      [a, x1, f1] = [x1, x2, f2];
      x2 = a.plus(b.minus(a).times(r));
      f2 = f(x2);
    }
  }
  return a.plus(b).div(2);
}

describe('optimal lambda', () => {
  it('an interior lambda* agrees with a golden-section search on e^ICL to 1e-15, inside its certified bracket', () => {
    const base = { alpha: '2', kappa: '0.5', tau: '1.5', rho: '0.1' };
    const g = golden((l) => evaluate(c, P({ ...base, lambda: l.toString() })).eICL, '0.5', '3');
    const o = optimalLambda(base, 25);
    expect(o.kind).toBe('interior');
    expect(new Decimal(o.value).minus(g).abs().div(g).toNumber()).toBeLessThan(1e-15);
    expect(new Decimal(o.lo!).lt(o.hi!)).toBe(true);
    expect(new Decimal(o.hi!).minus(o.lo!).div(o.value).toNumber()).toBeLessThan(1e-24);
    // the value at the optimum is below e^ICL on either side of the golden-section minimiser
    const e = new Decimal(o.error!);
    for (const s of ['0.999', '1.001'])
      expect(e.lt(evaluate(c, P({ ...base, lambda: g.times(s).toString() })).eICL)).toBe(true);
  });

  it('lambda* = 0 where e^ICL rises from the ridgeless point (brute force at 40 digits)', () => {
    const base = { alpha: '1', kappa: '5', tau: '100', rho: '0' };
    const o = optimalLambda(base);
    expect(o.kind).toBe('zero');
    const e0 = evaluate(c, P({ ...base, lambda: '0' })).eICL;
    for (const l of ['1e-12', '1e-6', '1e-3', '0.1', '10', '1e4'])
      expect(evaluate(c, P({ ...base, lambda: l })).eICL.gt(e0)).toBe(true);
  });

  it('CLI: --optimal-lambda refuses --lambda, one line, exit 2', () => {
    const r = cli('eval', '--optimal-lambda', ...pointFlags({ alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 1 }));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--lambda is what --optimal-lambda finds/);
  });
});

describe('alpha*', () => {
  it('Figure 2(b) (tau = 0.5, rho = 0.1, ridgeless, kappa = 0.5): agrees with a golden-section search on e^ICL', () => {
    const base = { kappa: '0.5', tau: '0.5', rho: '0.1', lambda: '0' };
    const g = golden((a) => evaluate(c, P({ ...base, alpha: a.toString() })).eICL, '3', '30');
    const o = alphaStar(base, 20);
    expect(o.kind).toBe('interior');
    expect(new Decimal(o.value).minus(g).abs().div(g).toNumber()).toBeLessThan(1e-15);
  });

  it('answers "no alpha* here" where e^ICL falls monotonically (a 400-point brute-force scan agrees)', () => {
    const base = { kappa: '2', tau: '20', rho: '0.1', lambda: '0' };
    const o = alphaStar(base);
    expect(o.kind).toBe('none');
    expect(o.note).toMatch(/^no alpha\* here/);
    let prev = Infinity;
    for (let i = 0; i <= 400; i++) {
      const a = 10 ** (-3 + (9 * i) / 400);
      const e = evaluate(c, P({ ...base, alpha: String(a) })).eICL.toNumber();
      expect(e).toBeLessThan(prev);
      prev = e;
    }
  });

  it('CLI: one row per grid point, with kind none where there is no alpha*', () => {
    const r = cli(
      'eval',
      '--alpha-star',
      '--kappa',
      '0.5,2',
      '--tau',
      '0.5',
      '--rho',
      '0.1',
      '--lambda',
      '0',
      '--format',
      'jsonl',
    );
    expect(r.status).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((x) => x.kind)).toEqual(['interior', 'none']);
    // the printed α* lies in its certified bracket, which the golden-section test above pins
    expect(Number(rows[0].alphaStarLo) <= Number(rows[0].alphaStar)).toBe(true);
    expect(Number(rows[0].alphaStar) <= Number(rows[0].alphaStarHi)).toBe(true);
    expect(Math.abs(Number(rows[0].alphaStar) - 9.6)).toBeLessThan(0.01); // Figure 2(b)'s dip, read off the scan above
    expect(rows[1].alphaStar).toBeNull();
  });
});
