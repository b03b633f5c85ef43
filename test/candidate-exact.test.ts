// The exact checks of check-formula (src/candidate/evidence/exactChecks.ts), called directly: no
// simulation is involved, so every value below is known in advance. Hand-made candidates obey or break
// exactly one fact (a limit, the noise floor, the equation of ε, the quadratic of M) at hand-chosen
// points with dyadic parameters, and the evidence each check returns (pass, point, values, tolerance,
// message) is compared with what the fact says; the examples of examples/candidates/ are judged on a
// prefix of their design: the true formulas pass every exact check, the mutants fail theirs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../src/candidate/evidence/evidence.js';
import { exactChecks } from '../src/candidate/evidence/exactChecks.js';
import { compile } from '../src/candidate/compile.js';
import { designPoints, type DesignPoint } from '../src/candidate/design.js';
import { parseCandidate } from '../src/candidate/parse.js';
import { TRUE_FORMULAS } from '../src/checks/candidate.js';

/** A design point; the defaults give x = (1 + rho)/alpha = 1.5 and kappa = inf. */
const P = (o: Partial<DesignPoint> = {}): DesignPoint => ({
  alpha: 1,
  kappa: Infinity,
  tau: 0.5,
  rho: 0.5,
  lambda: 1,
  regime: 'hand',
  ...o,
});

const checks = (source: string, design: DesignPoint[]): Evidence[] => {
  const cand = parseCandidate(source);
  return exactChecks(cand, compile(cand), design);
};
const named = (ev: readonly Evidence[], name: string): Evidence => {
  const e = ev.find((x) => x.name === name);
  if (!e) throw new Error(`no evidence '${name}' among ${ev.map((x) => x.name).join('; ')}`);
  return e;
};
const pass = (detail: string) => ({ pass: true, candidate: null, detail });

const DEFINED = 'defined and finite on the domain';
const FLOOR = 'error >= rho (the noise floor)';
const GAP_INF = 'g_task = 0 at kappa = inf';
const LINF_ICL = 'lambda -> inf: e = 1 + rho - 2/lambda + O(1/lambda^2)';
const LINF_IDG = 'lambda -> inf: e = 1 + rho - 2(1 + 1/kappa)/lambda + O(1/lambda^2)';
const LINF_GAP = 'lambda -> inf: g_task = 2/(kappa lambda) + O(1/lambda^2)';
const TAU0_ERR = 'tau -> 0: error -> 1 + rho';
const TAU0_GAP = 'tau -> 0: g_task -> 0';
const CONT0 = 'continuous at lambda = 0';
const LIM0 = 'limit lambda -> 0+ exists';
const EPS = 'self-consistency equation of epsilon';
const QUAD = 'quadratic of M_kappa (positive root)';

describe('which exact checks apply', () => {
  const kinds = (source: string, design = [P(), P({ kappa: 2, tau: 2 })]) =>
    checks(source, design).map((e) => `${e.kind}: ${e.name}`);
  it('errors (eICL, eIDG): defined, noise floor, lambda -> inf, tau -> 0 and lambda -> 0 on the natural domain', () => {
    expect(kinds('target: eICL\nexpr = 1 + rho - 2/(lambda + 1)')).toEqual([
      `invariant: ${DEFINED}`,
      `invariant: ${FLOOR}`,
      `limit: ${LINF_ICL}`,
      `limit: ${TAU0_ERR}`,
      `limit: ${CONT0}`,
    ]);
    expect(kinds('target: eIDG\nexpr = 1 + rho - 2/(lambda + 1)')).toEqual([
      `invariant: ${DEFINED}`,
      `invariant: ${FLOOR}`,
      `limit: ${LINF_IDG}`,
      `limit: ${TAU0_ERR}`,
      `limit: ${CONT0}`,
    ]);
  });
  it('the gap: no noise floor (it is a difference of errors), but g_task = 0 where some point has kappa = inf', () => {
    expect(kinds('target: gTask\nexpr = 0')).toEqual([
      `invariant: ${DEFINED}`,
      `invariant: ${GAP_INF}`,
      `limit: ${LINF_GAP}`,
      `limit: ${TAU0_GAP}`,
      `limit: ${CONT0}`,
    ]);
    expect(kinds('target: gTask\nexpr = 0', [P({ kappa: 2 }), P({ kappa: 0.5, tau: 2 })])).toEqual([
      `invariant: ${DEFINED}`,
      `limit: ${LINF_GAP}`,
      `limit: ${TAU0_GAP}`,
      `limit: ${CONT0}`,
    ]);
  });
  it('M: its quadratic only (it does not depend on lambda or tau)', () => {
    expect(kinds('target: M\nexpr = 1/(1 + x)')).toEqual([`invariant: ${DEFINED}`, `invariant: ${QUAD}`]);
  });
  it('epsilon: lambda -> 0 and its equation, no error limits', () => {
    expect(kinds('target: epsilon\ndomain: kappa = inf, lambda > 0\nexpr = 1')).toEqual([
      `invariant: ${DEFINED}`,
      `limit: ${LIM0}`,
      `invariant: ${EPS}`,
    ]);
  });
  it('a domain bounding lambda drops lambda -> inf; one bounding tau away from 0 drops tau -> 0', () => {
    expect(kinds('target: eICL\ndomain: lambda <= 2\nexpr = 1 + rho')).toEqual([
      `invariant: ${DEFINED}`,
      `invariant: ${FLOOR}`,
      `limit: ${TAU0_ERR}`,
      `limit: ${CONT0}`,
    ]);
    expect(kinds('target: eIDG\ndomain: tau >= 0.5\nexpr = 1 + rho')).toEqual([
      `invariant: ${DEFINED}`,
      `invariant: ${FLOOR}`,
      `limit: ${LINF_IDG}`,
      `limit: ${CONT0}`,
    ]);
  });
  it('lambda -> 0 needs lambda = 0 in the closure of the domain and some room above 1e-10', () => {
    const last = (domain: string) =>
      kinds(`target: eICL\ndomain: ${domain}\nexpr = 1 + rho`, [P({ lambda: 0 })]).at(-1);
    expect(last('lambda > 0')).toBe(`limit: ${LIM0}`);
    expect(last('lambda >= 0')).toBe(`limit: ${CONT0}`);
    expect(last('lambda <= 2e-10')).toBe(`limit: ${CONT0}`);
    expect(last('lambda <= 1e-10')).toBe(`limit: ${TAU0_ERR}`);
    expect(last('lambda = 0')).toBe(`limit: ${TAU0_ERR}`);
    expect(kinds('target: eICL\ndomain: lambda >= 1\nexpr = 1 + rho', [P()]).at(-1)).toBe(`limit: ${TAU0_ERR}`);
  });
});

describe('defined and finite on the domain', () => {
  it('passes at every point of a finite candidate, counting them', () => {
    expect(named(checks('target: eICL\nexpr = 1 + rho', [P(), P({ tau: 2 }), P({ kappa: 3 })]), DEFINED)).toEqual({
      kind: 'invariant',
      name: DEFINED,
      ...pass('finite at 3 point(s)'),
    });
  });
  it('reports the first point where the candidate is infinite, and the later checks use the defined points only', () => {
    const ev = checks('target: eICL\nexpr = 1 + rho + 1/(tau - 0.5) + 1/(tau - 0.25)', [
      P({ tau: 2 }),
      P({ tau: 0.5 }),
      P({ tau: 0.25 }),
    ]);
    expect(named(ev, DEFINED)).toEqual({
      kind: 'invariant',
      name: DEFINED,
      pass: false,
      point: P({ tau: 0.5 }),
      candidate: null,
      expected: undefined,
      tolerance: undefined,
      detail: 'the candidate is Infinity there',
    });
    // 1 + rho + 1/1.5 + 1/1.75 > rho at tau = 2, the one defined point.
    expect(named(ev, FLOOR)).toEqual({ kind: 'invariant', name: FLOOR, ...pass('error >= rho at 1 point(s)') });
  });
  it('NaN (0/0 at a finite kappa) is not finite either', () => {
    const ev = checks('target: eICL\nexpr = (tau - 0.5)/(tau - 0.5)', [P({ kappa: 2 })]);
    expect(named(ev, DEFINED).detail).toBe('the candidate is NaN there');
  });
  it("a building block undefined there (M_kappa at a negative argument) is reported with the theory core's message", () => {
    const ev = checks('target: eICL\nexpr = 1 + rho + Mk(kappa, tau - 1)', [P({ tau: 2 }), P({ tau: 0.5 })]);
    expect(named(ev, DEFINED)).toMatchObject({
      pass: false,
      point: P({ tau: 0.5 }),
      candidate: null,
      detail:
        'the candidate is undefined there (x must be a number >= 0 (M_kappa(x) is ' +
        'defined for x > 0), got -0.50000000000000000000000000000000000000000000000000)',
    });
  });
});

describe('error >= rho (the label noise is independent of what the predictor sees)', () => {
  // rho = 0.5: the tolerance is 1e-30 (1 + rho) = 1.5e-30 below rho.
  const design = [P(), P({ kappa: 0.5, tau: 2 })];
  it('holds to 1e-30 relative: rho - 1e-30 passes, for eICL and eIDG', () => {
    for (const target of ['eICL', 'eIDG']) {
      expect(named(checks(`target: ${target}\nexpr = rho - 1e-30`, design), FLOOR)).toEqual({
        kind: 'invariant',
        name: FLOOR,
        ...pass('error >= rho at 2 point(s)'),
      });
    }
  });
  it('rho - 2e-30 is below the floor: the first such point, the candidate and rho are reported', () => {
    for (const target of ['eICL', 'eIDG']) {
      const e = named(checks(`target: ${target}\nexpr = rho - 2e-30`, [P({ rho: 0.5 }), P({ rho: 0.25 })]), FLOOR);
      expect(e).toEqual({
        kind: 'invariant',
        name: FLOOR,
        pass: false,
        point: P(),
        candidate: 0.5,
        expected: 0.5,
        tolerance: undefined,
        detail: 'the candidate 0.500000 is below the noise level rho = 0.5',
      });
    }
  });
  it('a clearly lower error at the second point only', () => {
    const e = named(checks('target: eICL\nexpr = rho*(2 - tau)', [P({ tau: 0.5 }), P({ tau: 1.5, rho: 0.25 })]), FLOOR);
    expect(e).toMatchObject({
      pass: false,
      point: P({ tau: 1.5, rho: 0.25 }),
      candidate: 0.125,
      expected: 0.25,
      detail: 'the candidate 0.125000 is below the noise level rho = 0.25',
    });
  });
});

describe('g_task = 0 at kappa = inf (IDG tasks are then fresh draws like ICL ones)', () => {
  const design = [P(), P({ kappa: 2 }), P({ tau: 2 })];
  it('holds to 1e-30 (1 + rho): 1e-30 passes at rho = 0.5; only the kappa = inf points count', () => {
    expect(named(checks('target: gTask\nexpr = 1e-30', design), GAP_INF)).toEqual({
      kind: 'invariant',
      name: GAP_INF,
      ...pass('g_task = 0 at 2 point(s)'),
    });
  });
  it('2e-30 is too much: the point, value, 0 and the tolerance 1.5e-30 are reported', () => {
    const e = named(checks('target: gTask\nexpr = 2e-30', design), GAP_INF);
    expect(e).toMatchObject({
      kind: 'invariant',
      name: GAP_INF,
      pass: false,
      point: P(),
      candidate: 2e-30,
      expected: 0,
      detail: 'at kappa = inf the gap must vanish; the candidate gives 2.00000e-30',
    });
    expect(Math.abs(e.tolerance! - 1.5e-30)).toBeLessThan(1e-44);
  });
  it('a gap that vanishes at kappa = inf only through 1/kappa passes; one that does not is caught at the first kappa = inf point', () => {
    expect(named(checks('target: gTask\nexpr = 1/kappa', design), GAP_INF).pass).toBe(true);
    expect(named(checks('target: gTask\nexpr = tau/4', [P({ kappa: 2 }), P({ tau: 2 }), P()]), GAP_INF)).toMatchObject({
      pass: false,
      point: P({ tau: 2 }),
      candidate: 0.5,
    });
  });
});

describe('lambda -> inf: Gamma* = A^T/lambda + O(1/lambda^2)', () => {
  const design = [P(), P({ kappa: 0.5, rho: 1, tau: 2 }), P({ kappa: 4, lambda: 0, alpha: 2 })];
  it('the exact first-order forms pass at every point: slopes -2 (ICL), -2(1 + 1/kappa) (IDG), 2/kappa (gap)', () => {
    const ok = { kind: 'limit', ...pass('slope within 1e-6 at lambda = 1e12 at 3 point(s)') };
    expect(named(checks('target: eICL\nexpr = 1 + rho - 2/lambda + 5/lambda^2', design), LINF_ICL)).toEqual({
      name: LINF_ICL,
      ...ok,
    });
    expect(named(checks('target: eIDG\nexpr = 1 + rho - 2*(1 + 1/kappa)/lambda', design), LINF_IDG)).toEqual({
      name: LINF_IDG,
      ...ok,
    });
    expect(named(checks('target: gTask\nexpr = 2/(kappa*lambda) - 7/lambda^2', design), LINF_GAP)).toEqual({
      name: LINF_GAP,
      ...ok,
    });
  });
  it('the slope is allowed 1e-6 max(2, |slope|): 1e-6 off at slope -2 passes, and 4e-6 off at slope -6', () => {
    expect(named(checks('target: eICL\nexpr = 1 + rho - (2 - 1e-6)/lambda', design), LINF_ICL).pass).toBe(true);
    expect(
      named(checks('target: eIDG\nexpr = 1 + rho - (2*(1 + 1/kappa) - 4e-6)/lambda', [P({ kappa: 0.5 })]), LINF_IDG)
        .pass,
    ).toBe(true);
    expect(
      named(checks('target: eIDG\nexpr = 1 + rho - (2*(1 + 1/kappa) - 7e-6)/lambda', [P({ kappa: 0.5 })]), LINF_IDG)
        .pass,
    ).toBe(false);
    // Exactly at the tolerance (2e-6 at slope 0: kappa = inf for the gap) still passes.
    expect(named(checks('target: gTask\nexpr = 2e-6/lambda', [P()]), LINF_GAP).pass).toBe(true);
    expect(named(checks('target: gTask\nexpr = 2.000001e-6/lambda', [P()]), LINF_GAP).pass).toBe(false);
  });
  it('a wrong ICL slope: the point at lambda = 1e12, the candidate, the first-order value and its tolerance, and lambda*(value - limit)', () => {
    const e = named(checks('target: eICL\nexpr = 1 + rho - 3/lambda', design), LINF_ICL);
    expect(e).toMatchObject({
      kind: 'limit',
      pass: false,
      point: P({ lambda: 1e12 }),
      candidate: 1.5 - 3e-12,
      detail:
        'as lambda -> inf, eICL = 1.50000 - 2.00000/lambda + O(1/lambda^2); at ' +
        'lambda = 1e12 the candidate gives lambda*(value - 1.50000) = -3.0000000',
    });
    expect(Math.abs(e.expected! - (1.5 - 2e-12))).toBeLessThan(1e-15);
    expect(Math.abs(e.tolerance! - 2e-18)).toBeLessThan(1e-30);
  });
  it('a wrong IDG slope at kappa = 0.5 (the expected slope is -6, the tolerance 6e-18 in the value)', () => {
    const e = named(checks('target: eIDG\nexpr = 1 + rho - 2/lambda', [P({ kappa: 0.5, rho: 1 })]), LINF_IDG);
    expect(e).toMatchObject({
      pass: false,
      point: P({ kappa: 0.5, rho: 1, lambda: 1e12 }),
      detail:
        'as lambda -> inf, eIDG = 2.00000 - 6.00000/lambda + O(1/lambda^2); at ' +
        'lambda = 1e12 the candidate gives lambda*(value - 2.00000) = -2.0000000',
    });
    expect(Math.abs(e.expected! - (2 - 6e-12))).toBeLessThan(1e-15);
    expect(Math.abs(e.tolerance! - 6e-18)).toBeLessThan(1e-30);
  });
  it('a wrong gap slope: the limit 0 is not printed, the slope is signed', () => {
    const e = named(checks('target: gTask\nexpr = 3/(kappa*lambda)', [P({ kappa: 0.5 })]), LINF_GAP);
    expect(e).toMatchObject({
      pass: false,
      candidate: 6e-12,
      detail:
        'as lambda -> inf, gTask = + 4.00000/lambda + O(1/lambda^2); at ' +
        'lambda = 1e12 the candidate gives lambda*(value - 0.00000) = 6.0000000',
    });
    expect(Math.abs(e.expected! - 4e-12)).toBeLessThan(1e-27);
    const atInf = named(checks('target: gTask\nexpr = 1/lambda', [P()]), LINF_GAP);
    expect(atInf).toMatchObject({
      pass: false,
      expected: 0,
      detail:
        'as lambda -> inf, gTask = + 0.00000/lambda + O(1/lambda^2); at ' +
        'lambda = 1e12 the candidate gives lambda*(value - 0.00000) = 1.0000000',
    });
  });
  it('the first violating point is reported, after points that pass', () => {
    const e = named(
      checks('target: eICL\nexpr = 1 + rho - (2 + rho - 0.5)/lambda', [P(), P({ rho: 1 }), P({ rho: 2 })]),
      LINF_ICL,
    );
    expect(e).toMatchObject({ pass: false, point: P({ rho: 1, lambda: 1e12 }) });
    expect(e.detail).toMatch(/= -2\.5000000$/);
  });
  it('a candidate undefined at lambda = 1e12 fails with the reason', () => {
    const e = named(checks('target: eICL\nexpr = 1 + rho - 2/lambda + 1/(lambda - 1e12)', [P()]), LINF_ICL);
    expect(e).toEqual({
      kind: 'limit',
      name: LINF_ICL,
      pass: false,
      point: P({ lambda: 1e12 }),
      candidate: null,
      expected: 1.5,
      tolerance: undefined,
      detail: 'lambda -> inf: the candidate is Infinity there',
    });
  });
});

describe('tau -> 0: n/d^2 -> 0 contexts fix nothing of Gamma', () => {
  const design = [P(), P({ kappa: 2, rho: 1 })];
  it('error -> 1 + rho and gap -> 0, within 1e-6 (1 + rho) at tau = 1e-12', () => {
    expect(named(checks('target: eICL\nexpr = 1 + rho + tau', design), TAU0_ERR)).toEqual({
      kind: 'limit',
      name: TAU0_ERR,
      ...pass('within 1e-6 at tau = 1e-12 at 2 point(s)'),
    });
    expect(named(checks('target: gTask\nexpr = tau*rho', design), TAU0_GAP)).toEqual({
      kind: 'limit',
      name: TAU0_GAP,
      ...pass('within 1e-6 at tau = 1e-12 at 2 point(s)'),
    });
    // 1e-6 off at rho = 1 (tolerance 2e-6), and exactly at the tolerance.
    expect(named(checks('target: eIDG\nexpr = 1 + rho + 1e-6', [P({ rho: 1 })]), TAU0_ERR).pass).toBe(true);
    expect(named(checks('target: gTask\nexpr = 2e-6', [P({ rho: 1 })]), TAU0_GAP).pass).toBe(true);
    expect(named(checks('target: gTask\nexpr = 2.000001e-6', [P({ rho: 1 })]), TAU0_GAP).pass).toBe(false);
  });
  it('an error off by 2e-6 at rho = 0.5: the point at tau = 1e-12, the value, 1 + rho and the tolerance', () => {
    const e = named(checks('target: eICL\nexpr = 1 + rho + 2e-6', [P()]), TAU0_ERR);
    expect(e).toMatchObject({
      kind: 'limit',
      pass: false,
      point: P({ tau: 1e-12 }),
      expected: 1.5,
      detail:
        'with n/d^2 -> 0 contexts the fit learns nothing and the error ' +
        'tends to 1 + rho; at tau = 1e-12 the candidate gives 1.5000020',
    });
    expect(Math.abs(e.candidate! - 1.500002)).toBeLessThan(1e-15);
    expect(Math.abs(e.tolerance! - 1.5e-6)).toBeLessThan(1e-21);
  });
  it('a gap that does not vanish (1e-5 rho; within the tolerance at rho = 1/16); the first violating point is reported', () => {
    const e = named(
      checks('target: gTask\nexpr = 1e-5*rho', [P({ rho: 0.0625 }), P({ rho: 2 }), P({ rho: 3 })]),
      TAU0_GAP,
    );
    expect(e).toMatchObject({
      pass: false,
      point: P({ rho: 2, tau: 1e-12 }),
      expected: 0,
      candidate: 2e-5,
      detail:
        'with n/d^2 -> 0 contexts the fit learns nothing and the gap ' +
        'tends to 0; at tau = 1e-12 the candidate gives 0.000020000000',
    });
  });
  it('a candidate undefined at tau = 1e-12 fails with the reason', () => {
    const e = named(checks('target: eICL\nexpr = 1 + rho + sqrt(tau - 1e-6)', [P({ kappa: 2 })]), TAU0_ERR);
    expect(e).toEqual({
      kind: 'limit',
      name: TAU0_ERR,
      pass: false,
      point: P({ kappa: 2, tau: 1e-12 }),
      candidate: null,
      expected: 1.5,
      tolerance: undefined,
      detail: 'tau -> 0: the candidate is undefined there (the argument of sqrt must be >= 0, got -9.9999900e-7)',
    });
  });
});

describe('lambda -> 0+: the ridge path has a limit away from tau = 1', () => {
  // |tau - 1| < 0.25 is skipped (the ridgeless divergence): 0.75 is checked, 1.2 is not.
  const design = [P({ tau: 0.75 }), P({ tau: 1.2 }), P({ tau: 2, lambda: 0 })];
  it('a continuous candidate passes at the points away from tau = 1', () => {
    expect(named(checks('target: eICL\nexpr = 1 + rho + lambda', design), CONT0)).toEqual({
      kind: 'limit',
      name: CONT0,
      ...pass('within 1e-6 between lambda = 0 and 1e-10 at 2 point(s)'),
    });
    expect(named(checks('target: eICL\ndomain: lambda > 0\nexpr = 1 + rho + lambda', design), LIM0)).toEqual({
      kind: 'limit',
      name: LIM0,
      ...pass('within 1e-6 between lambda = 0 and 1e-10 at 2 point(s)'),
    });
  });
  it('sqrt(lambda) jumps by 1e-5 between lambda = 0 and 1e-10: the first checked point, both values, the tolerance 1e-6 max(1, |value|)', () => {
    const e = named(checks('target: eICL\nexpr = 1 + rho + sqrt(lambda)', design), CONT0);
    expect(e).toMatchObject({
      kind: 'limit',
      pass: false,
      point: P({ tau: 0.75, lambda: 1e-10 }),
      expected: 1.5,
      detail:
        'the ridge path has a limit as lambda -> 0+, but the candidate ' +
        'jumps from 1.5000000 (lambda = 0) to 1.5000100 (lambda = 1e-10)',
    });
    expect(Math.abs(e.candidate! - 1.50001)).toBeLessThan(1e-15);
    expect(Math.abs(e.tolerance! - 1.5e-6)).toBeLessThan(1e-21);
  });
  it('with lambda > 0 only, the limit is approached from lambda = 1e-12', () => {
    const e = named(checks('target: eICL\ndomain: lambda > 0\nexpr = 1 + rho + sqrt(lambda)', design), LIM0);
    expect(e).toMatchObject({
      pass: false,
      expected: 1.500001,
      detail:
        'the ridge path has a limit as lambda -> 0+, but the candidate ' +
        'jumps from 1.5000010 (lambda = 1e-12) to 1.5000100 (lambda = 1e-10)',
    });
  });
  it('the tolerance is relative for large values and absolute (1e-6) near 0, where exactly 1e-6 passes', () => {
    expect(named(checks('target: eICL\nexpr = 1000 + 1e6*lambda', design), CONT0).pass).toBe(true);
    expect(named(checks('target: eICL\nexpr = 1000 + 1.1e7*lambda', design), CONT0).pass).toBe(false);
    expect(named(checks('target: eICL\nexpr = 1e4*lambda', design), CONT0).pass).toBe(true);
    expect(named(checks('target: eICL\nexpr = 1.000001e4*lambda', design), CONT0).pass).toBe(false);
  });
  it('points where the candidate is undefined at either end are not counted (the definedness check reports them)', () => {
    expect(named(checks('target: eICL\nexpr = 1 + rho + 1/lambda', design), CONT0)).toEqual({
      kind: 'limit',
      name: CONT0,
      ...pass('within 1e-6 between lambda = 0 and 1e-10 at 0 point(s)'),
    });
  });
});

describe('the self-consistency equation of epsilon', () => {
  const kappaInf =
    'target: epsilon\ndomain: kappa = inf, lambda > 0\nb = (1 - tau)*(1 + x) ' +
    '+ tau*lambda\nexpr = (b + sqrt(b^2 + 4*tau*tau*lambda*(1 + x))) / (2*tau)';
  const below = 'target: epsilon\ndomain: tau < 1, lambda = 0\nmu = x*Mk(kappa/tau, x)\nexpr = (1 - tau)*x / (tau*mu)';
  it('the closed forms (kappa = inf; ridgeless tau < 1) solve it to 1e-30, on both sides of tau = 1', () => {
    const ok = { kind: 'invariant', name: EPS, ...pass('residual below 1e-30 at 3 point(s)') };
    expect(
      named(checks(kappaInf, [P(), P({ tau: 2, rho: 0 }), P({ tau: 0.25, lambda: 0.125, alpha: 4 })]), EPS),
    ).toEqual(ok);
    expect(
      named(
        checks(below, [P({ lambda: 0, kappa: 2 }), P({ lambda: 0, kappa: 0.5, tau: 0.75 }), P({ lambda: 0 })]),
        EPS,
      ),
    ).toEqual(ok);
  });
  it('ridgeless above tau = 1 epsilon is exactly 0: 0 passes, 1e-40 does not', () => {
    const design = [P({ lambda: 0, tau: 2 }), P({ lambda: 0, tau: 4, kappa: 0.5 })];
    expect(named(checks('target: epsilon\ndomain: tau > 1, lambda = 0\nexpr = 0', design), EPS).pass).toBe(true);
    expect(named(checks('target: epsilon\ndomain: tau > 1, lambda = 0\nexpr = 1e-40', design), EPS)).toEqual({
      kind: 'invariant',
      name: EPS,
      pass: false,
      point: P({ lambda: 0, tau: 2 }),
      candidate: 1e-40,
      expected: 0,
      tolerance: undefined,
      detail: 'ridgeless with tau > 1 the fit interpolates nothing away: epsilon must be 0',
    });
  });
  it('elsewhere epsilon is positive: 0 and -1 fail', () => {
    for (const [value, candidate] of [
      ['0', 0],
      ['-1', -1],
    ] as const) {
      for (const p of [P({ tau: 2 }), P({ lambda: 0, tau: 0.5 })]) {
        expect(named(checks(`target: epsilon\nexpr = ${value}`, [p]), EPS)).toMatchObject({
          pass: false,
          point: p,
          candidate,
          detail: 'epsilon must be positive here (lambda > 0 or tau < 1)',
        });
      }
    }
  });
  it('epsilon = 1 at x = 2, tau = 1/2, lambda = 1, kappa = inf: 1 - tau + tau lambda = 1 against eps/(1 + x + eps) = 1/4', () => {
    const e = named(checks('target: epsilon\nexpr = 1', [P({ rho: 1 })]), EPS);
    // residual 3/4, scale 1 + tau + tau lambda/eps + 1/4 = 9/4.
    expect(e).toMatchObject({
      pass: false,
      point: P({ rho: 1 }),
      candidate: 1,
      detail:
        'epsilon must solve 1 - tau + tau*lambda/eps = eps*M_kappa(x + eps); residual 7.500e-1 (relative 3.333e-1)',
    });
  });
  it('lambda in place of tau*lambda (mutant-epsilon-lambda.txt) is right at tau = 1 only: the first wrong point is reported', () => {
    const mutant =
      'target: epsilon\ndomain: kappa = inf, lambda > 0\nb = (1 - tau)*(1 + ' +
      'x) + lambda\nexpr = (b + sqrt(b^2 + 4*tau*lambda*(1 + x))) / (2*tau)';
    expect(named(checks(mutant, [P({ tau: 1 }), P({ tau: 1, rho: 1, lambda: 3 })]), EPS).pass).toBe(true);
    const e = named(checks(mutant, [P({ tau: 1 }), P({ tau: 2 }), P({ tau: 0.25, rho: 1 })]), EPS);
    expect(e).toMatchObject({ pass: false, point: P({ tau: 2 }) });
    expect(e.detail).toMatch(/^epsilon must solve 1 - tau \+ tau\*lambda\/eps = eps\*M_kappa\(x \+ eps\); residual /);
  });
});

describe('the quadratic of M_kappa and its positive root', () => {
  const design = [P(), P({ kappa: 0.5 }), P({ kappa: 4, alpha: 3 })];
  it('the closed form of examples/candidates/M-closed.txt solves it to 1e-30', () => {
    expect(
      named(checks('target: M\nb = x + 1 - 1/kappa\nexpr = 2 / (b + sqrt(b^2 + 4*x/kappa))', design), QUAD),
    ).toEqual({ kind: 'invariant', name: QUAD, ...pass('residual below 1e-30 at 3 point(s)') });
  });
  it('the negative root solves the quadratic too, but M is a trace of a positive resolvent', () => {
    const e = named(
      checks('target: M\nb = x + 1 - 1/kappa\nexpr = 2 / (b - sqrt(b^2 + 4*x/kappa))', [P({ kappa: 0.5 })]),
      QUAD,
    );
    expect(e).toMatchObject({
      pass: false,
      point: P({ kappa: 0.5 }),
      detail: 'M_kappa(x) = lim (1/d) tr (R + x I)^-1 is positive',
    });
    expect(e.candidate).toBeLessThan(0);
  });
  it('M = 1 at x = 2: residual x = 2 at kappa = inf, x/2 + x + 1/2 = 3.5 - 1 = 2.5 at kappa = 2', () => {
    expect(named(checks('target: M\nexpr = 1', [P({ rho: 1 })]), QUAD)).toMatchObject({
      pass: false,
      candidate: 1,
      detail: 'M must solve (x/kappa) M^2 + (x + 1 - 1/kappa) M - 1 = 0; residual 2.000e+0',
    });
    expect(named(checks('target: M\nexpr = 1', [P({ rho: 1, kappa: 2 })]), QUAD)).toMatchObject({
      pass: false,
      point: P({ rho: 1, kappa: 2 }),
      detail: 'M must solve (x/kappa) M^2 + (x + 1 - 1/kappa) M - 1 = 0; residual 2.500e+0',
    });
  });
});

describe('the examples of examples/candidates/ on the first 6 points of their seed-1 design', () => {
  const ROOT = join(import.meta.dirname, '..', 'examples', 'candidates');
  const failing = (file: string): string[] => {
    const cand = parseCandidate(readFileSync(join(ROOT, file), 'utf8'));
    const ev = exactChecks(cand, compile(cand), designPoints(cand, 1).slice(0, 6));
    expect(ev.length).toBeGreaterThanOrEqual(2);
    return ev.filter((e) => !e.pass).map((e) => e.name);
  };
  // The true formulas and their rewrites, and the planted errors (built to be exact in every limit: docs/check-formula.md).
  const exact = [
    ...TRUE_FORMULAS,
    'planted-alpha-large.txt',
    'planted-kappa-small.txt',
    'planted-lambda-bump.txt',
    'planted-tau-window.txt',
  ];
  it.each(exact)('%s passes every exact check', (file) => {
    expect(failing(file)).toEqual([]);
  });
  // What each derivation error breaks: a factor tau (dropped or doubled) moves the tau -> 0 value off
  // 1 + rho and the lambda -> inf value off 1 + rho - 2(1 + 1/kappa)/lambda; (1 + rho) counted twice gives
  // (1 + rho)^2 in both limits; lambda for tau*lambda changes the 1/lambda slope; kappa for 1/kappa breaks
  // the quadratic of M, lambda for tau*lambda the equation of epsilon.
  const broken: [string, string[]][] = [
    ['mutant-dropped-tau.txt', [FLOOR, LINF_IDG, TAU0_ERR]],
    ['mutant-extra-tau.txt', [FLOOR, LINF_IDG, TAU0_ERR]],
    ['mutant-extra-1prho.txt', [LINF_IDG, TAU0_ERR]],
    ['mutant-tau-for-taum1.txt', [FLOOR, LINF_IDG, TAU0_ERR]],
    ['mutant-wrong-power-eps.txt', [LINF_IDG, TAU0_ERR]],
    ['mutant-wrong-power-nu.txt', [LINF_ICL, TAU0_ERR]],
    ['mutant-lambda-for-taulambda.txt', [LINF_ICL]],
    ['mutant-wrong-side.txt', [FLOOR, TAU0_ERR]],
    ['mutant-kappa-inverted.txt', [QUAD]],
    ['mutant-epsilon-lambda.txt', [EPS]],
  ];
  it.each(broken)('%s fails exactly the checks it breaks', (file, names) => {
    expect(failing(file)).toEqual(names);
  });
});
