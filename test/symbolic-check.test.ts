// The step checker: what it accepts must be true, what is false must fail, and every result names
// its method. Thresholds are tested at their edges (50 digits, convergence order).
import { describe, expect, it } from 'vitest';
import { checkStep, type IdentityStep, type LimitStep } from '../src/symbolic/checkStep.js';
import { parse } from '../src/symbolic/stepFormula.js';
import { symbolicZero } from '../src/symbolic/reduce.js';
import type { Region } from '../src/symbolic/random.js';
import { kappaTerms } from '../src/theory/params.js';
import { M } from '../src/theory/resolvent.js';

const box: Region = {
  description: 'x in [0.1, 10], kappa in [0.1, 10]',
  vars: { x: { lo: 0.1, hi: 10 }, kappa: { lo: 0.1, hi: 10 } },
};
const identity = (lhs: string, rhs: string, numericOnly = false): IdentityStep => ({
  kind: 'identity',
  statement: `${lhs} = ${rhs}`,
  lhs: parse(lhs),
  rhs: parse(rhs),
  region: box,
  numericOnly,
});

describe('symbolic zero test', () => {
  it('proves identities through radicals and the quadratic of M', () => {
    expect(symbolicZero(parse('(sqrt(x) + 1)^2'), parse('x + 2*sqrt(x) + 1')).zero).toBe(true);
    expect(symbolicZero(parse('x*M(kappa, x)'), parse('1 - M(kappa, x)/(1 + M(kappa, x)/kappa)')).zero).toBe(true);
    expect(
      symbolicZero(parse('Mp(kappa, x)*(1 + x*M(kappa, x)^2/kappa)'), parse('-M(kappa, x)^2*(1 + M(kappa, x)/kappa)'))
        .zero,
    ).toBe(true);
  });

  it('never proves a false identity', () => {
    for (const [l, r] of [
      ['(sqrt(x) + 1)^2', 'x + sqrt(x) + 1'],
      ['x*M(kappa, x)', '1 - M(kappa, x)'],
      ['1/(x + 1)', '1/x + 1'],
      ['sqrt(x^2)', 'x'], // true only for x >= 0: inconclusive, left to the numeric test
      ['(-(x + kappa))*(x + kappa)', '(x + kappa)^2'], // nerdamer 1.1.13 expands the left side to the right
    ] as const) {
      expect(symbolicZero(parse(l), parse(r)).zero, `${l} = ${r}`).toBe(false);
    }
  });

  it("proves the true identities around nerdamer's sign bug", () => {
    expect(symbolicZero(parse('(0 - (x + kappa))*(x + kappa)'), parse('-(x + kappa)^2')).zero).toBe(true);
    expect(symbolicZero(parse('(x - kappa)*(kappa - x)'), parse('-(x - kappa)^2')).zero).toBe(true);
  });

  it('refuses inputs too large for nerdamer instead of stalling', () => {
    const terms = Array.from({ length: 40 }, (_, i) => `1/(x + ${i + 1})`);
    const r = symbolicZero(parse(terms.join(' + ')), parse(terms.reverse().join(' + ')));
    expect(r.zero).toBe(false);
    expect(r.detail).toMatch(/too large/);
  });
});

describe('checkStep', () => {
  it('labels a proved step symbolic (confirmed at points) and a false one failing numerically with its seed', () => {
    const ok = checkStep(identity('(x + 1)^2', 'x^2 + 2*x + 1'), 7);
    expect(ok).toMatchObject({ method: 'symbolic', status: 'pass' });
    expect(ok.detail).toMatch(/confirmed numerically/);
    expect(checkStep(identity('(-(x + kappa))*(x + kappa)', '(x + kappa)^2'), 7).status).toBe('fail');
    const bad = checkStep(identity('(x + 1)^2', 'x^2 + x + 1'), 7);
    expect(bad).toMatchObject({ method: 'numeric-identity', status: 'fail' });
    expect(bad.detail).toMatch(/seed 7/);
  });

  it('passes numerically an identity only true on the region (x > 0), with 24 points', () => {
    const r = checkStep(identity('sqrt(x^2)', 'x'), 3);
    expect(r).toMatchObject({ method: 'numeric-identity', status: 'pass' });
    expect(r.detail).toMatch(/over 24 points/);
  });

  it('requires 50 digits: a relative perturbation of 1e-45 fails, 1e-55 passes', () => {
    expect(checkStep(identity('x*M(kappa, x)', 'x*M(kappa, x)*(1 + 1/10^45)', true), 1).status).toBe('fail');
    expect(checkStep(identity('x*M(kappa, x)', 'x*M(kappa, x)*(1 + 1/10^55)', true), 1).status).toBe('pass');
  });

  it('judges cancellation against the largest term, not against a zero result', () => {
    expect(
      checkStep(identity('(x/kappa)*M(kappa, x)^2 + (x + 1 - 1/kappa)*M(kappa, x) - 1', '0', true), 2).status,
    ).toBe('pass');
    expect(
      checkStep(identity('(x/kappa)*M(kappa, x)^2 + (x + 1 - 1/kappa)*M(kappa, x) - 1', '1/10^40', true), 2).status,
    ).toBe('fail');
  });

  it('fails a step that cannot be evaluated instead of passing it', () => {
    const r = checkStep(identity('x + y', 'y + x', true), 1);
    expect(r.status).toBe('fail');
    expect(r.detail).toMatch(/no value for variable 'y'/);
  });

  it('limits: the right limit passes, a wrong one or a slower approach fails', () => {
    const lim = (f: LimitStep['f'], limit: string, order = 1): LimitStep => ({
      kind: 'limit',
      statement: 'lim',
      f,
      limit: parse(limit),
      region: { description: 'kappa < 1', vars: { kappa: { lo: 0.1, hi: 0.9 } } },
      order,
    });
    const xM: LimitStep['f'] = (c, t, p) => t.times(M(c, kappaTerms(c, p.kappa!), t));
    expect(checkStep(lim(xM, '1 - kappa'), 5)).toMatchObject({ method: 'numeric-limit', status: 'pass' });
    expect(checkStep(lim(xM, '1 - kappa^2'), 5).status).toBe('fail');
    expect(
      checkStep(
        lim((_c, t) => t.sqrt(), '0', 1),
        5,
      ).status,
    ).toBe('fail');
    expect(
      checkStep(
        lim((_c, t) => t.sqrt(), '0', 0.5),
        5,
      ).status,
    ).toBe('pass');
  });
});
