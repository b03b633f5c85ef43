// The elementary functions of the one expression grammar (exp, log, sqrt, abs, min, max, if with
// comparisons) and helper functions of candidate files: values in float64, at 50 digits and as dual
// numbers against decimal.js and Math computed directly here, the DomainError of a function outside
// its domain, where each mistake is reported, and the symbolic layer's handling of the new nodes.
import { describe, expect, it } from 'vitest';
import { candidateErrorOf } from './support/errors.js';
import { Decimal } from 'decimal.js';
import { fp, mp } from '../src/numeric/context.js';
import { dual } from '../src/numeric/dual.js';
import { DomainError } from '../src/numeric/domain.js';
import { parseCandidate } from '../src/candidate/parse.js';
import { compile } from '../src/candidate/compile.js';
import { ParseError } from '../src/symbolic/syntax.js';
import { parse } from '../src/symbolic/stepFormula.js';
import { evalExpr } from '../src/symbolic/evalExpr.js';
import { symbolic } from '../src/symbolic/symbolicContext.js';
import { symbolicZero } from '../src/symbolic/reduce.js';
import { checkStep } from '../src/symbolic/checkStep.js';
import { show, variable } from '../src/symbolic/expr.js';
import { checkFormula } from '../src/api/index.js';
import type { Region } from '../src/symbolic/random.js';

const P = { alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 };
const PS = { alpha: '2', kappa: '0.5', tau: '1.5', rho: '0.1', lambda: '0.5' };
const fnOf = (body: string) => compile(parseCandidate(`target: eICL\n${body}\n`));
const at50 = (body: string, p: Record<string, string> = PS) => {
  const c = mp(50);
  const q = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, c.num(v)]));
  return fnOf(body)(c, q as never);
};
const D = Decimal.clone({ precision: 60 });
const close50 = (got: Decimal, want: Decimal) =>
  expect(got.minus(want).abs().lte(want.abs().times('1e-48')), `${got} vs ${want}`).toBe(true);

const errorOf = candidateErrorOf;

describe('elementary functions', () => {
  it('exp, log, sqrt, abs, min, max agree with decimal.js at 50 digits and with Math in float64', () => {
    const body = 'expr = exp(-alpha)*log(1 + tau) + sqrt(rho) + abs(kappa - 1) + min(alpha, tau, 3) - max(rho, lambda)';
    const [a, k, t, r, l] = ['2', '0.5', '1.5', '0.1', '0.5'].map((s) => new D(s)) as [
      Decimal,
      Decimal,
      Decimal,
      Decimal,
      Decimal,
    ];
    const want = a
      .neg()
      .exp()
      .times(t.plus(1).ln())
      .plus(r.sqrt())
      .plus(k.minus(1).abs())
      .plus(Decimal.min(a, t, 3))
      .minus(Decimal.max(r, l));
    close50(at50(body), want);
    const f = Math.exp(-2) * Math.log(2.5) + Math.sqrt(0.1) + 0.5 + 1.5 - 0.5;
    expect(fnOf(body)(fp, P)).toBe(f);
  });

  it('if(cond, a, b) takes the branch of the comparison, boundary included or not as written', () => {
    const v = (cond: string, tau: number) => fnOf(`expr = if(${cond}, 10, 20)`)(fp, { ...P, tau });
    expect([v('tau < 1', 0.5), v('tau < 1', 1), v('tau < 1', 2)]).toEqual([10, 20, 20]);
    expect([v('tau <= 1', 0.5), v('tau <= 1', 1), v('tau <= 1', 2)]).toEqual([10, 10, 20]);
    expect([v('tau > 1', 0.5), v('tau > 1', 1), v('tau > 1', 2)]).toEqual([20, 20, 10]);
    expect([v('tau >= 1', 0.5), v('tau >= 1', 1), v('tau >= 1', 2)]).toEqual([20, 10, 10]);
    expect(v('2*tau - 1 < kappa + rho', 0.7)).toBe(10); // 0.4 < 0.6
    expect(v('2*tau - 1 < kappa + rho', 0.9)).toBe(20); // 0.8 > 0.6
    // Only the branch taken is evaluated: log of a negative number on the other side is no error.
    expect(fnOf('expr = if(tau < 1, log(1 - tau), log(tau - 1))')(fp, { ...P, tau: 3 })).toBe(Math.log(2));
  });

  it('nested if gives a piecewise function of several regions', () => {
    const body = 'expr = if(tau < 1, if(kappa < 1, 1, 2), if(kappa < 1, 3, 4))';
    const g = (tau: number, kappa: number) => fnOf(body)(fp, { ...P, tau, kappa });
    expect([g(0.5, 0.5), g(0.5, 2), g(2, 0.5), g(2, 2)]).toEqual([1, 2, 3, 4]);
  });

  it('log of a number <= 0 and sqrt of a negative number are DomainErrors naming the function and value', () => {
    const f = fnOf('expr = log(tau - 2)');
    expect(() => f(fp, P)).toThrow(DomainError);
    expect(() => f(fp, P)).toThrow('the argument of log must be > 0 (the natural logarithm), got -0.5');
    expect(() =>
      f(mp(30), {
        alpha: mp(30).num(2),
        kappa: mp(30).num('0.5'),
        tau: mp(30).num(2),
        rho: mp(30).num(0),
        lambda: mp(30).num(0),
      }),
    ).toThrow('the argument of log must be > 0 (the natural logarithm), got 0');
    expect(() => fnOf('expr = sqrt(rho - 1)')(fp, P)).toThrow('the argument of sqrt must be >= 0, got -0.9');
    expect(() => fnOf('expr = (rho - 1)^1.5')(fp, P)).toThrow(DomainError);
    expect(fnOf('expr = sqrt(rho - 0.1)')(fp, P)).toBe(0);
  });

  it('dual numbers differentiate exp and log exactly: d/dt [exp(t) log(t)] = exp(t) log(t) + exp(t)/t', () => {
    const c = dual(mp(50));
    const e = parse('exp(t)*log(t) + abs(1 - t) + min(t, 2)');
    const t = new D('1.5');
    const got = evalExpr(c, e, { t: { v: mp(50).num('1.5'), d: mp(50).num(1) } }).value;
    close50(got.v, t.exp().times(t.ln()).plus(t.minus(1).abs()).plus(t));
    // d|1 - t|/dt = 1 at t = 1.5 and d min(t, 2)/dt = 1.
    close50(got.d, t.exp().times(t.ln()).plus(t.exp().div(t)).plus(2));
  });
});

describe('helper functions: name(a, b) = expression', () => {
  it('are applied to their arguments, may call each other and use helpers and built-in names', () => {
    const body = [
      'sq(u) = u*u',
      'g(u, v) = sq(u) + v*k2 + x',
      'k2 = 2*kappa',
      'expr = g(alpha, tau) + g(1, sq(3))',
    ].join('\n');
    // g(2, 1.5) = 4 + 1.5*1 + 0.55; g(1, 9) = 1 + 9*1 + 0.55
    expect(fnOf(body)(fp, P)).toBeCloseTo(4 + 1.5 + 0.55 + 1 + 9 + 0.55, 14);
    close50(at50(body), new D('16.6'));
  });

  it('a parameter may not take the name of a helper (which of the two would it mean?)', () => {
    expect(errorOf('target: eICL\nf(u) = u + 1\nu = 10\nexpr = f(2)')).toEqual([
      "parameter 'u' of f has the name of a helper",
      2,
      1,
    ]);
  });

  it('mistakes are reported at their line and column', () => {
    const e = (body: string) => errorOf(`target: eICL\n${body}\n`);
    expect(e('f(u) = u\nexpr = f(1, 2)')).toEqual(['f(u) takes 1 argument(s), got 2', 3, 8]);
    expect(e('f(u, u) = u\nexpr = 1')).toEqual(["parameter 'u' given twice", 2, 6]);
    expect(e('f(tau) = tau\nexpr = 1')).toEqual(["'tau' is a built-in name and cannot be a parameter", 2, 3]);
    expect(e('f(u) = g(u)\ng(v) = f(v)\nexpr = f(1)')[0]).toMatch(/^cycle in definitions: f -> g -> f|g -> f -> g/);
    expect(e('f(u) = u\nexpr = f + 1')).toEqual(["unknown name 'f' (f is a function: f(...))", 3, 8]);
    expect(e('expr = tau < 1')).toEqual(["unexpected '<' after the end of the statement", 2, 12]);
    expect(e('expr = exp(tau < 1)')).toEqual([
      'a comparison (<) is only allowed as the first argument of if(...)',
      2,
      16,
    ]);
    expect(e('expr = if(tau, 1, 2)')).toEqual([
      'the first argument of if must be a comparison (<, <=, >, >=), e.g. if(tau < 1, a, b)',
      2,
      11,
    ]);
    expect(e('expr = if(0 < tau < 1, 1, 2)')).toEqual([
      'one comparison per condition: nest if(...) for a chain such as a < b < c',
      2,
      19,
    ]);
    expect(e('expr = if(tau < 1, 1)')[0]).toBe(
      'if takes 3 (a comparison, the value where it holds, the value where not) argument(s), got 2',
    );
    expect(e('expr = min(tau)')[0]).toBe('min takes 2 or more argument(s), got 1');
    expect(e('expr = log(1, 2)')[0]).toBe('log takes 1 argument(s), got 2');
    expect(e('exp = 2\nexpr = 1')).toEqual(["'exp' is a built-in name and cannot be redefined", 2, 1]);
    expect(e('expr(u) = u')).toEqual(["'expr' is the candidate value, not a function", 2, 1]);
  });
});

describe('the symbolic layer', () => {
  it('the symbolic context builds exp and log nodes, folding exp(0) and log(1)', () => {
    const s = symbolic();
    expect(show(s.exp!(variable('a')))).toBe('exp(a)');
    expect(show(s.ln!(variable('a')))).toBe('log(a)');
    expect(show(s.exp!(s.num(0)))).toBe('1');
    expect(show(s.ln!(s.num(1)))).toBe('0');
  });

  it('nerdamer proves identities in exp, log, abs, min, max as free symbols; a wrong one is not zero', () => {
    expect(symbolicZero(parse('(exp(a) + log(b))^2'), parse('exp(a)^2 + 2*exp(a)*log(b) + log(b)^2')).zero).toBe(true);
    expect(symbolicZero(parse('abs(a)*min(a, b) - max(a, b)'), parse('min(a, b)*abs(a) - max(a, b)')).zero).toBe(true);
    expect(symbolicZero(parse('(exp(a) + 1)^2'), parse('exp(a)^2 + exp(a) + 1')).zero).toBe(false);
  });

  it('a step with if(...) is checked numerically, the symbolic attempt saying why not', () => {
    const region: Region = { description: '0 < a < 2', vars: { a: { lo: 0.01, hi: 2 } } };
    const r = checkStep(
      {
        kind: 'identity',
        statement: 'max(a, 1) = if(a < 1, 1, a)',
        lhs: parse('max(a, 1)'),
        rhs: parse('if(a < 1, 1, a)'),
        region,
      },
      1,
    );
    expect(r.method).toBe('numeric-identity');
    expect(r.status).toBe('pass');
    expect(r.detail).toMatch(
      /^symbolic not possible \(RangeError: a piecewise if\(a < 1, 1, a\) has no polynomial normal form\)/,
    );
  });
});

describe('the typed API', () => {
  it('checkFormula reads the same grammar: a planted-wrong candidate with exp is rejected by the exact checks', async () => {
    const v = await checkFormula('target: eICL\nbump(u) = exp(-u)\nexpr = 1 + rho + bump(alpha)\n', {
      budgetSeconds: 5,
    });
    expect(v.verdict).toBe('reject');
    expect(v.evidence[0]!.pass).toBe(false);
    await expect(checkFormula('target: eICL\nexpr = if(tau, 1, 2)\n')).rejects.toThrow(ParseError);
  });
});
