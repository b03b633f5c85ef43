// The candidate file beyond the examples: layout, every domain form and where its mistakes are
// reported (FILE:LINE:COL as the user sees them), helpers shared rather than copied, what the compiled
// candidate computes for each built-in name, its value at kappa = inf (limit or refusal), and the
// `--against-reference` comparison. Pure parsing and theory: no simulation is imported here.
import { describe, expect, it } from 'vitest';
import { candidateErrorOf } from './support/errors.js';
import { fp, type Ctx } from '../src/numeric/context.js';
import { DomainError } from '../src/numeric/domain.js';
import type { Expr } from '../src/symbolic/expr.js';
import { contains, isEmpty, parseCandidate, type Interval } from '../src/candidate/parse.js';
import { compile, type CandidateFn } from '../src/candidate/compile.js';
import { kappaInfinityLimit } from '../src/candidate/kappaLimit.js';
import { compareWithReference } from '../src/candidate/reference.js';
import type { DesignPoint } from '../src/candidate/design.js';
import { evaluate } from '../src/theory/evaluate.js';
import type { Params } from '../src/theory/params.js';

const errorOf = candidateErrorOf;

const iv = (lo: number, loOpen: boolean, hi: number, hiOpen: boolean): Interval => ({ lo, loOpen, hi, hiOpen });
const domainOf = (domain: string) => parseCandidate(`target: eICL\ndomain: ${domain}\nexpr = x\n`).intervals;
const domainError = (domain: string) => errorOf(`target: eICL\ndomain: ${domain}\nexpr = x\n`);

const P = { alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 };
const valueAt = (body: string, p: Params<number> = P) => compile(parseCandidate(`target: eICL\n${body}\n`))(fp, p);

describe('intervals', () => {
  it('contains respects open and closed ends', () => {
    const open = iv(0, true, 1, true);
    const closed = iv(0, false, 1, false);
    expect([-1, 0, 0.5, 1, 2].map((v) => contains(open, v))).toEqual([false, false, true, false, false]);
    expect([-1, 0, 0.5, 1, 2].map((v) => contains(closed, v))).toEqual([false, true, true, true, false]);
  });

  it('isEmpty: reversed ends, or one point with an open end', () => {
    expect(isEmpty(iv(1, false, 0, false))).toBe(true);
    expect(isEmpty(iv(1, false, 1, false))).toBe(false);
    expect(isEmpty(iv(1, true, 1, false))).toBe(true);
    expect(isEmpty(iv(1, false, 1, true))).toBe(true);
  });
});

describe('layout of a candidate file', () => {
  it('accepts indentation, blank and comment-only lines, a space before the colon and no spaces around =', () => {
    const cand = parseCandidate('  target : eICL\n   \n\t# a comment\n  # an indented comment\na=2*x\nexpr=a + rho\n');
    expect(cand.target).toBe('eICL');
    expect(compile(cand)(fp, P)).toBe(2 * 0.55 + 0.1);
  });

  it('helpers may come after expr', () => {
    expect(valueAt('expr = a + 1\na = x')).toBe(1.55);
  });

  it('domainText: the domain lines as written, trimmed, joined; "all parameters" without one', () => {
    expect(parseCandidate('target: eICL\nexpr = x\n').domainText).toBe('all parameters');
    expect(parseCandidate('target: eICL\ndomain:   tau < 1   # below\ndomain:lambda = 0\nexpr = x\n').domainText).toBe(
      'tau < 1, lambda = 0',
    );
  });

  it('statement errors, exactly as reported', () => {
    expect(errorOf('target: eICL\n  target: eIDG\nexpr = 1\n')).toEqual(['target given twice', 2, 3]);
    expect(errorOf('target: eXYZ\nexpr = 1\n')).toEqual([
      'target must be one of eICL, eIDG, gTask, M, epsilon, lambdaStar, alphaStar or a derivative ' +
        "d<epsilon|eICL|eIDG|gTask>_d<alpha|kappa|tau|rho|lambda> (e.g. depsilon_dlambda), found 'eXYZ'",
      1,
      9,
    ]);
    expect(errorOf('target: 3\nexpr = 1\n')).toEqual([
      'target must be one of eICL, eIDG, gTask, M, epsilon, lambdaStar, alphaStar or a derivative ' +
        "d<epsilon|eICL|eIDG|gTask>_d<alpha|kappa|tau|rho|lambda> (e.g. depsilon_dlambda), found '3'",
      1,
      9,
    ]);
    const statement =
      "expected 'target:', 'domain:', 'name = expression', 'name(a, b) = expression' or 'expr = expression'";
    expect(errorOf('target: eICL\nmydomain: tau < 1\nexpr = 1\n')).toEqual([statement, 2, 1]);
    expect(errorOf('target: eICL\nlet a = 1\nexpr = 1\n')).toEqual([statement, 2, 1]);
    expect(errorOf('target: eICL\ninf = 1\nexpr = 1\n')).toEqual([
      "'inf' is a built-in name and cannot be redefined",
      2,
      1,
    ]);
    expect(errorOf('target: eICL\nexpr = 1\n expr = 2\n')).toEqual(["'expr' is defined twice", 3, 2]);
    expect(errorOf('target: eICL\na =   # nothing\nexpr = 1\n')).toEqual(["missing expression after 'a ='", 2, 4]);
    // The missing expr is reported on the line after the last non-blank one.
    expect(errorOf('target: eICL\nc = 1\n\n\n  \n')).toEqual(["missing 'expr = ...' line (the candidate value)", 3, 1]);
  });

  it('unknown names, with a hint for a function or expr used as a name', () => {
    expect(errorOf('target: eICL\nexpr = 1 + rhoo\n')).toEqual(["unknown name 'rhoo'", 2, 12]);
    expect(errorOf('target: eICL\nexpr = x + Mk\n')).toEqual(["unknown name 'Mk' (Mk is a function: Mk(...))", 2, 12]);
    expect(errorOf('target: eICL\na = 2*expr\nexpr = 1\n')).toEqual([
      "unknown name 'expr' (expr is the result and cannot be used)",
      2,
      7,
    ]);
  });

  it('a cycle is printed from the helper that closes it, not from where the search began', () => {
    expect(errorOf('target: eICL\nc = a\na = b\nb = a\nexpr = c\n')).toEqual([
      'cycle in definitions: a -> b -> a',
      4,
      5,
    ]);
  });

  it('helpers are inlined once and shared, whatever the order they are defined in', () => {
    const cand = parseCandidate('target: eICL\nexpr = a + b + c\nb = 2*a\nc = 3*a\na = x + rho\n');
    // expr = (a + 2a) + 3a: the three occurrences of a are one node.
    type Bin = { k: string; a: Expr; b: Expr };
    const e = cand.expr as Bin;
    const left = e.a as Bin;
    const a = left.a;
    expect(a).toEqual({ k: 'add', a: { k: 'var', name: 'x' }, b: { k: 'var', name: 'rho' } });
    expect([left.k, left.b.k, e.b.k]).toEqual(['add', 'mul', 'mul']);
    expect((left.b as Bin).b).toBe(a);
    expect((e.b as Bin).b).toBe(a);
    expect(compile(cand)(fp, P)).toBeCloseTo(6 * 0.65, 14);
  });
});

describe('domain lines', () => {
  const natural = {
    alpha: iv(0, true, Infinity, true),
    kappa: iv(0, true, Infinity, false),
    tau: iv(0, true, Infinity, true),
    rho: iv(0, false, Infinity, true),
    lambda: iv(0, false, Infinity, true),
  };

  it('without a domain, the theory ranges at finite d: only kappa may be inf', () => {
    expect(parseCandidate('target: eICL\nexpr = x\n').intervals).toEqual(natural);
  });

  it('each operator narrows its side, open for strict comparisons', () => {
    expect(domainOf('tau < 1').tau).toEqual(iv(0, true, 1, true));
    expect(domainOf('tau <= 1').tau).toEqual(iv(0, true, 1, false));
    expect(domainOf('tau > 2').tau).toEqual(iv(2, true, Infinity, true));
    expect(domainOf('tau >= 2').tau).toEqual(iv(2, false, Infinity, true));
    expect(domainOf('lambda = 0').lambda).toEqual(iv(0, false, 0, false));
    expect(domainOf('lambda == 0.5').lambda).toEqual(iv(0.5, false, 0.5, false));
    // A number on the left reads the other way round.
    expect(domainOf('1 < tau').tau).toEqual(iv(1, true, Infinity, true));
    expect(domainOf('2 >= rho').rho).toEqual(iv(0, false, 2, false));
    expect(domainOf('0.5 <= tau < 2').tau).toEqual(iv(0.5, false, 2, true));
    // A comparison of two parameters leaves both ranges as they are.
    expect(domainOf('tau < kappa')).toEqual(natural);
  });

  it('the tighter bound wins, in either order; at the same bound the strict one', () => {
    for (const d of ['tau < 1, tau < 2', 'tau < 2, tau < 1', 'tau < 1, tau <= 1', 'tau <= 1, tau < 1'])
      expect(domainOf(d).tau).toEqual(iv(0, true, 1, true));
    expect(domainOf('tau <= 1, tau <= 2').tau).toEqual(iv(0, true, 1, false));
    for (const d of ['tau > 2, tau > 1', 'tau > 1, tau > 2', 'tau > 2, tau >= 2', 'tau >= 2, tau > 2'])
      expect(domainOf(d).tau).toEqual(iv(2, true, Infinity, true));
    expect(domainOf('tau >= 2, tau >= 1').tau).toEqual(iv(2, false, Infinity, true));
  });

  it('inf: any parameter < inf; kappa = inf and kappa >= inf (also spelled infinity)', () => {
    expect(domainOf('tau < inf').tau).toEqual(natural.tau);
    expect(domainOf('kappa < inf').kappa).toEqual(iv(0, true, Infinity, true));
    expect(domainOf('kappa = inf').kappa).toEqual(iv(Infinity, false, Infinity, false));
    expect(domainOf('kappa >= infinity').kappa).toEqual(iv(Infinity, false, Infinity, false));
    expect(domainOf('inf > kappa').kappa).toEqual(iv(0, true, Infinity, true));
  });

  it('other infinities are refused where they are compared', () => {
    const only = ': only kappa may be inf (candidates are checked at finite alpha and tau)';
    expect(domainError('tau = inf')).toEqual([`tau = inf${only}`, 2, 13]);
    expect(domainError('alpha >= inf')).toEqual([`alpha >= inf${only}`, 2, 15]);
    expect(domainError('inf < rho')).toEqual([`rho > inf${only}`, 2, 13]);
  });

  it('an infinity that bounds nothing is accepted, one that leaves nothing is an empty domain', () => {
    expect(domainOf('kappa <= inf').kappa).toEqual(natural.kappa);
    expect(domainOf('tau <= inf, rho > -inf, kappa >= -inf').tau).toEqual(natural.tau);
    const empty = (p: string) => `empty domain: no value of ${p} satisfies every comparison up to here`;
    expect(domainError('kappa > inf')).toEqual([empty('kappa'), 2, 15]);
    expect(domainError('tau < -inf')).toEqual([empty('tau'), 2, 13]);
  });

  it('negative numbers', () => {
    expect(domainOf('-1 < rho').rho).toEqual(natural.rho);
    expect(domainError('tau < -1')).toEqual([
      'empty domain: no value of tau satisfies every comparison up to here',
      2,
      13,
    ]);
  });

  it('syntax errors of a domain line, exactly as reported', () => {
    expect(domainError('')).toEqual(['empty domain: write comparisons such as tau < 1, lambda = 0', 2, 8]);
    expect(domainError('0 < 1')).toEqual(['a comparison needs a parameter on one side', 2, 11]);
    expect(domainError('tau, lambda = 0')).toEqual(["expected a comparison (<, <=, >, >=, =), found ','", 2, 12]);
    expect(domainError('tau')).toEqual(['expected a comparison (<, <=, >, >=, =), found end of line', 2, 12]);
    const params = 'the domain may only compare the parameters alpha, kappa, tau, rho, lambda and numbers';
    expect(domainError('tau < x')).toEqual([`${params}; found 'x'`, 2, 15]);
    expect(domainError('-tau < 1')).toEqual([`${params}; found 'tau'`, 2, 10]);
    expect(domainError('tau < (')).toEqual(["expected a parameter or a number, found '('", 2, 15]);
  });
});

describe('the compiled candidate', () => {
  it('a formula without eps is evaluated where eps is undefined (alpha = inf, kappa = tau < 1, lambda = 0: x = 0)', () => {
    // There M_kappa(0) diverges, so the self-consistency has no solution; 1 + rho - 2*tau needs none.
    const f = compile(parseCandidate('target: eICL\nexpr = 1 + rho - 2*tau\n'));
    expect(f(fp, { alpha: Infinity, kappa: 0.5, tau: 0.5, rho: 0.1, lambda: 0 })).toBeCloseTo(0.1, 15);
  });

  // Ridgeless tau < 1 at kappa = inf (docs/theory.md §4: eps M(x + eps) = 1 - tau, M_inf(v) = 1/(1 + v)):
  // eps = (1 - tau)(1 + x)/tau. At alpha 2, rho 0.1, tau 0.5: x = 0.55, eps = 1.55, nu = 2.1.
  const R = { alpha: 2, kappa: Infinity, tau: 0.5, rho: 0.1, lambda: 0 };
  const rel = (a: number, b: number) => Math.abs(a / b - 1);

  it('each built-in name on its own', () => {
    expect(valueAt('expr = x', R)).toBe(0.55);
    expect(rel(valueAt('expr = eps', R), 1.55)).toBeLessThan(1e-15);
    expect(rel(valueAt('expr = nu', R), 2.1)).toBeLessThan(1e-15);
    expect(rel(valueAt('expr = M', R), 1 / 3.1)).toBeLessThan(1e-15);
    expect(rel(valueAt('expr = Mp', R), -1 / 3.1 ** 2)).toBeLessThan(1e-15);
  });

  it('M is computed only when used: at alpha = inf, kappa < 1, tau > 1, lambda = 0 (nu = 0) eps is 0 but M_kappa(0) diverges', () => {
    const p = { alpha: Infinity, kappa: 0.5, tau: 2, rho: 0.1, lambda: 0 };
    expect(valueAt('expr = eps', p)).toBe(0);
    expect(valueAt('expr = nu', p)).toBe(0);
    expect(() => valueAt('expr = M', p)).toThrow(DomainError);
    expect(() => valueAt('expr = Mp', p)).toThrow(DomainError);
  });

  it('the kappa -> inf limit replaces only a NaN at kappa = inf', () => {
    // Infinite at kappa = inf: that is its value, not a missing limit.
    expect(valueAt('expr = kappa', R)).toBe(Infinity);
    // NaN at a finite kappa stays NaN; a function out of its domain at a finite kappa is a DomainError.
    expect(valueAt('expr = (x - x)/(x - x)')).toBeNaN();
    expect(() => valueAt('expr = sqrt(x - 1)')).toThrow('the argument of sqrt must be >= 0, got -0.45000000');
  });
});

describe('the limit kappa -> inf', () => {
  const R = { alpha: 2, kappa: Infinity, tau: 0.5, rho: 0.1, lambda: 0 };

  it('survives cancellation like kappa^2 at kappa = 1e48: sqrt(kappa^2 + kappa) - kappa -> 1/2', () => {
    expect(valueAt('expr = sqrt(kappa^2 + kappa) - kappa', R)).toBe(0.5);
  });

  it('works at 4g + 20 = 116 digits (g = 24 for float64): (kappa^2 + 1) - kappa^2 keeps its 1 at kappa = 1e48 (97 digits)', () => {
    expect(valueAt('expr = (kappa^2 + 1) - kappa^2', R)).toBe(1);
  });

  it('hands every parameter of the point to the candidate, tau/alpha included', () => {
    const direct = <T>(c: Ctx<T>, p: Params<T>): T => c.add(p.tauPerAlpha ?? c.num(NaN), c.div(c.num(1), p.kappa));
    expect(kappaInfinityLimit(fp, { ...R, tauPerAlpha: 0.25 }, direct)).toBe(0.25);
  });

  it('refuses a limit not reached to 4 digits beyond the requested precision (0.01/sqrt(kappa) is 1e-14 at kappa = 1e24)', () => {
    expect(() => valueAt('expr = kappa/kappa + 0.01/sqrt(kappa)', R)).toThrow(DomainError);
    // Reached 1e-24 at kappa = 1e24: accepted.
    expect(valueAt('expr = kappa/kappa + 1/kappa', R)).toBe(1);
  });

  it('a candidate undefined at large kappa has no limit; the message shows both values', () => {
    expect(() => valueAt('expr = sqrt(1 - kappa/1e30)', R)).toThrow(
      'kappa must be < inf for this candidate (it is NaN at kappa = inf and has no limit as kappa -> ' +
        "inf; add 'kappa < inf' to its domain line), got inf (values at kappa = 1e24, 1e48: 0.99999950, NaN)",
    );
  });
});

describe('--against-reference', () => {
  const pt = (alpha: number, kappa: number, tau: number, rho: number, lambda: number): DesignPoint => ({
    alpha,
    kappa,
    tau,
    rho,
    lambda,
    regime: 'r',
  });
  const params = ({ regime: _, ...p }: DesignPoint) => p;
  const note = 'comparison with the shipped formula (src/theory); NOT used for the verdict';
  const design = [pt(2, 0.5, 1.5, 0.1, 0.5), pt(4, 3, 0.5, 1, 0), pt(1, Infinity, 3, 0.5, 0.2)];
  const eICL = design.map((p) => evaluate(fp, params(p)).eICL);

  it('the shipped formula itself: difference 0, worst at the first point', () => {
    const self: CandidateFn = (c, p) => evaluate(c, p).eICL;
    expect(compareWithReference('eICL', self, design)).toEqual({
      note,
      points: 3,
      maxRelDiff: 0,
      worst: { point: params(design[0]!), candidate: eICL[0], shipped: eICL[0] },
    });
  });

  it('target M is M_kappa(x): at kappa = inf 1/(1 + x)', () => {
    const p = pt(2, Infinity, 1.5, 0.1, 0.5);
    const r = compareWithReference('M', (c) => c.num(0.5), [p]);
    expect(r.points).toBe(1);
    expect(r.worst!.shipped).toBe(1 / 1.55);
    // |0.5 - 1/1.55|, over max(1, 1/1.55) = 1.
    expect(r.maxRelDiff).toBe(Math.abs(0.5 - 1 / 1.55));
  });

  it('relative to max(1, |shipped|): the largest difference and where it is', () => {
    // Offsets chosen so that the relative differences are 1e-3, 3e-3, 2e-3 over max(1, |shipped|).
    const rels = [1e-3, 3e-3, 2e-3];
    const fn: CandidateFn = (c, p) => {
      const i = design.findIndex((d) => d.alpha === c.toNumber(p.alpha));
      return c.num(eICL[i]! + rels[i]! * Math.max(1, Math.abs(eICL[i]!)));
    };
    const r = compareWithReference('eICL', fn, design);
    expect(r.points).toBe(3);
    expect(Math.abs(r.maxRelDiff! - 3e-3)).toBeLessThan(1e-15);
    expect(r.worst).toEqual({
      point: params(design[1]!),
      candidate: eICL[1]! + 3e-3 * Math.max(1, eICL[1]!),
      shipped: eICL[1],
    });
    // Increasing and decreasing orders find the same largest.
    const up = compareWithReference('eICL', fn, [design[0]!, design[2]!, design[1]!]);
    expect(up.worst!.point).toEqual(params(design[1]!));
    const down = compareWithReference('eICL', fn, [design[1]!, design[2]!, design[0]!]);
    expect(down.worst!.point).toEqual(params(design[1]!));
    expect(down.maxRelDiff).toBe(r.maxRelDiff);
  });

  it('the scale is |shipped| when above 1', () => {
    const big = pt(0.5, 0.5, 1.2, 1.5, 0);
    const ref = evaluate(fp, params(big)).eICL;
    expect(ref).toBeGreaterThan(2);
    const r = compareWithReference('eICL', (c) => c.num(2 * ref), [big]);
    expect(r.maxRelDiff).toBe(1);
  });

  it('ties keep the first point; a NaN candidate is an infinite difference', () => {
    // 0 where |shipped| >= 1 (3.09 and 1.51): relative difference exactly 1 at both.
    const zero: CandidateFn = (c) => c.num(0);
    expect(compareWithReference('eICL', zero, [design[2]!, design[1]!]).worst!.point).toEqual(params(design[2]!));
    expect(compareWithReference('eICL', zero, [design[1]!, design[2]!]).worst!.point).toEqual(params(design[1]!));
    const nan: CandidateFn = (c, p) => (c.toNumber(p.alpha) === 4 ? c.num(NaN) : evaluate(c, p).eICL);
    const r = compareWithReference('eICL', nan, design);
    expect(r.maxRelDiff).toBe(Infinity);
    expect(r.worst!.point).toEqual(params(design[1]!));
    expect(r.worst!.candidate).toBeNaN();
  });

  it('points where the candidate throws are left out; none left: no difference at all', () => {
    const fn: CandidateFn = (c, p) => {
      if (c.toNumber(p.alpha) === 4) throw new DomainError('x', 'positive', '0');
      return evaluate(c, p).eICL;
    };
    expect(compareWithReference('eICL', fn, design).points).toBe(2);
    expect(compareWithReference('eICL', fn, [design[1]!])).toEqual({
      note,
      points: 0,
      maxRelDiff: null,
      worst: undefined,
    });
    expect(compareWithReference('eICL', fn, [])).toEqual({ note, points: 0, maxRelDiff: null, worst: undefined });
  });
});
