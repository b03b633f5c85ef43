// The theory layer where the mutation run of src/theory found it unpinned: what `eval --json` names and
// refuses (growth keys, syntax and float64-range messages), the lift of τ/α into a context, the values
// a DomainError reports, the ridge baseline at α = ∞, and the root solve beyond float64's range against
// the ridgeless closed form. Expected values are hand-derived or come from another formula of the paper.
import { describe, expect, it } from 'vitest';
import { fp, mp } from '../src/numeric/context.js';
import { contextRidgeError } from '../src/theory/baselines.js';
import { ridgelessClosedForm } from '../src/theory/closedForms.js';
import { evalJson, checkEvalInput } from '../src/theory/evalJson.js';
import { evaluate, theoryValues } from '../src/theory/evaluate.js';
import { kappaTerms, liftDoubles, liftParams, toFloat, validateParams } from '../src/theory/params.js';
import { epsilon, residual } from '../src/theory/selfConsistency.js';
import { domainError } from './support/errors.js';

const point = (o: Partial<Record<'alpha' | 'kappa' | 'tau' | 'rho' | 'lambda' | 'tauPerAlpha', string>> = {}) => ({
  alpha: '2',
  kappa: '0.5',
  tau: '2',
  rho: '0.1',
  lambda: '0.1',
  ...o,
});

describe('eval --json: the growth of divergent errors', () => {
  it('linear growth (κ < min(τ, 1)) is named PerAlpha, √α growth (κ = τ < 1) PerSqrtAlpha, with the rates of docs/theory.md', () => {
    // κ = 0.2 < τ = 0.5: e^ICL ~ α ρ(τ − κ)/((1 + ρ)(1 − τ)) = α · 0.1·0.3/(1.1·0.5) = α · 0.0545…
    const lin = evalJson(point({ alpha: 'inf', kappa: '0.2', tau: '0.5', lambda: '0' }), null);
    expect(Number(lin['eICLPerAlpha'])).toBeCloseTo(0.03 / 0.55, 14);
    expect(lin['eICLPerSqrtAlpha']).toBeUndefined();
    expect(lin.eICL).toBe('Infinity');
    // κ = τ = 0.5 < 1: both grow like √α, e^ICL at ρτ/((1 − τ)√(1 + ρ)), e^IDG at ρ/(2√(1 + ρ)).
    const sq = evalJson(point({ alpha: 'inf', kappa: '0.5', tau: '0.5', lambda: '0' }), null);
    expect(Number(sq['eICLPerSqrtAlpha'])).toBeCloseTo(0.1 / Math.sqrt(1.1), 14);
    expect(Number(sq['eIDGPerSqrtAlpha'])).toBeCloseTo(0.05 / Math.sqrt(1.1), 14);
    expect(Number(sq['gTaskPerSqrtAlpha'])).toBeCloseTo(0.05 / Math.sqrt(1.1), 14);
    expect(sq['eICLPerAlpha']).toBeUndefined();
    expect(sq.gTask).toBe('Infinity');
  });

  it('a finite point has no growth keys', () => {
    expect(Object.keys(evalJson(point(), null)).filter((k) => k.includes('Per'))).toEqual([]);
  });
});

describe('eval --json: the syntax and range of each value', () => {
  it('a value that is not a number names the flag, its allowed range and the text', () => {
    expect(domainError(() => checkEvalInput(point({ alpha: 'abc' }), null)).message).toBe(
      "--alpha must be a number > 0 or inf, got 'abc'",
    );
    expect(domainError(() => checkEvalInput(point({ rho: 'inf' }), 40)).message).toBe(
      "--rho must be a finite number >= 0, got 'inf'",
    );
  });

  it('in float64 a value beyond the double range is refused with the way out (--digits), at 40 digits it is read', () => {
    const msg = (v: string) => domainError(() => checkEvalInput(point({ lambda: v }), null)).message;
    const range = 'within the float64 range (magnitude 4.9e-324 to 1.7e308; use --digits N for more)';
    expect(msg('1e400')).toBe(`--lambda must be ${range}, got '1e400'`);
    expect(msg('1e-400')).toBe(`--lambda must be ${range}, got '1e-400'`);
    expect(msg('0.5e-330')).toBe(`--lambda must be ${range}, got '0.5e-330'`);
    // Zero written with an exponent is zero, not an underflow.
    expect(() => checkEvalInput(point({ lambda: '0e-999' }), null)).not.toThrow();
    expect(() => checkEvalInput(point({ lambda: '0.000e5' }), null)).not.toThrow();
    expect(() => checkEvalInput(point({ lambda: '1e-400' }), 40)).not.toThrow();
  });

  it('an absent τ/α (a key present with no value) is not checked', () => {
    expect(() => checkEvalInput({ ...point(), tauPerAlpha: undefined }, null)).not.toThrow();
  });
});

describe('the lift of a point into a context', () => {
  // α = τ = ∞ with τ/α = c, λ = 0, κ = 0.5 < 1: g_task = (1 − κ)(1 + ρ/(c(1 + ρ))) (docs/theory.md, the
  // joint limit): 0.5·(1 + 0.1/2.2) at c = 2. Without τ/α the point is outside the domain.
  it('liftParams and liftDoubles carry τ/α into the joint limit', () => {
    const joint = { alpha: 'inf', kappa: '0.5', tau: 'inf', rho: '0.1', lambda: '0' };
    expect(evaluate(fp, liftParams(fp, { ...joint, tauPerAlpha: '2' })).gTask).toBeCloseTo(0.5 * (1 + 0.1 / 2.2), 14);
    expect(domainError(() => evaluate(fp, liftParams(fp, joint))).message).toContain('got nothing');
    const d = evaluate(
      mp(30),
      liftDoubles(mp(30), { alpha: Infinity, kappa: 0.5, tau: Infinity, rho: 0.1, lambda: 0, tauPerAlpha: 4 }),
    );
    expect(Number(d.gTask)).toBeCloseTo(0.5 * (1 + 0.1 / 4.4), 14);
  });

  it('toFloat reads inf and decimals', () => {
    expect(toFloat('inf')).toBe(Infinity);
    expect(toFloat('0.25')).toBe(0.25);
    expect(toFloat('1e-3')).toBe(0.001);
  });

  it('a DomainError reports the value it got', () => {
    const e = domainError(() => validateParams(fp, { alpha: -1, kappa: 0.5, tau: 2, rho: 0.1, lambda: 0.1 }));
    expect([e.parameter, e.got]).toEqual(['alpha', '-1']);
    const r = domainError(() => contextRidgeError(fp, -2, 0.5));
    expect([r.parameter, r.got]).toEqual(['alpha', '-2']);
    const s = domainError(() => contextRidgeError(fp, 2, -0.5));
    expect([s.parameter, s.got]).toEqual(['rho', '-0.5']);
  });
});

describe('theoryValues', () => {
  it('is the ridgeless closed form at λ = 0 below interpolation (τ < 1), e^ICL − e^IDG apart', () => {
    const p = { alpha: 2, kappa: 0.5, tau: 0.5, rho: 0.1, lambda: 0 };
    const cf = ridgelessClosedForm(fp, { kappa: 0.5, x: 1.1 / 2, tau: 0.5, rho: 0.1 });
    const v = theoryValues(p);
    expect(v.eICL).toBeCloseTo(cf.eICL, 13);
    expect(v.eIDG).toBeCloseTo(cf.eIDG, 13);
    expect(v.gTask).toBeCloseTo(cf.eICL - cf.eIDG, 13);
  });
});

describe('the root solve beyond float64', () => {
  it('at λ = 1e-400 (30 digits; float64 cannot start it) ε is the ridgeless ε to 1e-25', () => {
    const c = mp(30);
    const q = { kt: kappaTerms(c, c.num('0.5')), x: c.num('0.55'), tau: c.num('0.5'), lambda: c.num('1e-400') };
    const e = epsilon(c, c.num('0.5'), q);
    const e0 = ridgelessClosedForm(c, {
      kappa: c.num('0.5'),
      x: c.num('0.55'),
      tau: c.num('0.5'),
      rho: c.num('0.1'),
    }).epsilon;
    expect(Number(e.sub(e0).abs().div(e0))).toBeLessThan(1e-25);
  });

  it('where float64 cannot even bracket it (τλx = 2e-350) the decimal solve starts from its own bracket and agrees across precisions', () => {
    const solve = (digits: number) => {
      const c = mp(digits);
      return epsilon(c, c.num('0.5'), {
        kt: kappaTerms(c, c.num('0.5')),
        x: c.num('1e-100'),
        tau: c.num('2'),
        lambda: c.num('1e-250'),
      });
    };
    const [a, b] = [solve(30), solve(50)];
    expect(a.isFinite() && a.gt(0)).toBe(true);
    expect(Number(a.sub(b).abs().div(b))).toBeLessThan(1e-27);
    // g(ε) = εM(x + ε) − (1 − τ) − τλ/ε vanishes at the root, to the working precision.
    const c = mp(50);
    const q = { kt: kappaTerms(c, c.num('0.5')), x: c.num('1e-100'), tau: c.num('2'), lambda: c.num('1e-250') };
    const { g, edg } = residual(c, q, b);
    expect(Number(g.div(edg).abs())).toBeLessThan(1e-45);
  });
});
