// The candidate file format: what parses, what it evaluates to, and where each mistake is reported.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseError } from './support/errors.js';
import { Decimal } from 'decimal.js';
import { fp, mp } from '../src/numeric/context.js';
import { designPoints } from '../src/candidate/design.js';
import { compile } from '../src/candidate/compile.js';
import { parseCandidate } from '../src/candidate/parse.js';

const example = (name: string) => readFileSync(join(import.meta.dirname, '..', 'examples', 'candidates', name), 'utf8');

/** The 1-based line and column a source is rejected at (parsing, or drawing its design), with the message. */
function errorOf(source: string): { line: number; col: number; message: string } {
  const { line, col, message } = parseError(() => designPoints(parseCandidate(source), 1));
  return { line, col, message };
}

const valueOf = (expr: string, p = { alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 }) =>
  compile(parseCandidate(`target: eICL\nexpr = ${expr}\n`))(fp, p);

describe('expressions', () => {
  it('follows the usual precedence: unary minus below ^, ^ right-associative, * before +', () => {
    expect(valueOf('-2^2')).toBe(-4);
    expect(valueOf('2^3^2')).toBe(512);
    expect(valueOf('2^-1')).toBe(0.5);
    expect(valueOf('1 + 2*3 - 8/4')).toBe(5);
    expect(valueOf('(1 + 2)*3')).toBe(9);
    expect(valueOf('1e-3 + .5 + 2.')).toBe(2.501);
    expect(valueOf('4^0.5 + 9^1.5')).toBe(29);
    expect(valueOf('sqrt(16) - -1')).toBe(5);
  });

  it('names: x = (1 + rho)/alpha, nu = x + eps, M = M_kappa(nu); Mk(inf, v) = 1/(1 + v)', () => {
    expect(valueOf('x')).toBe(1.1 / 2);
    expect(valueOf('nu - (x + eps)')).toBe(0);
    expect(valueOf('M - Mk(kappa, nu)')).toBe(0);
    expect(valueOf('Mp - Mkp(kappa, nu)')).toBe(0);
    expect(valueOf('Mk(kappa, 3)', { alpha: 2, kappa: Infinity, tau: 1.5, rho: 0.1, lambda: 0.5 })).toBe(0.25);
  });

  it('the unified e^ICL of the issue reproduces docs/theory.md §9 to 30 digits (mp) and 1e-15 (float64)', () => {
    // Row 4 of §9: alpha 2, kappa 0.5, tau 1.5, rho 0.1, lambda 0.5.
    const fn = compile(parseCandidate(example('eICL-unified.txt')));
    const c = mp(40);
    const v = fn(c, { alpha: c.num(2), kappa: c.num('0.5'), tau: c.num('1.5'), rho: c.num(0.1), lambda: c.num('0.5') });
    expect(v.minus(new Decimal('0.936314793818202264')).abs().toNumber()).toBeLessThan(1e-17);
    expect(
      Math.abs(fn(fp, { alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 }) / 0.936314793818202264 - 1),
    ).toBeLessThan(2e-15);
  });

  it('every example file parses', () => {
    for (const f of [
      'eICL-unified.txt',
      'eIDG-rewritten.txt',
      'M-closed.txt',
      'epsilon-ridgeless-below.txt',
      'mutant-wrong-side.txt',
    ]) {
      expect(() => parseCandidate(example(f))).not.toThrow();
    }
  });
});

describe('helpers', () => {
  it('may take names that Object.prototype has (constructor, toString)', () => {
    const cand = parseCandidate('target: eICL\nconstructor = 2*x\ntoString = constructor + 1\nexpr = toString*x\n');
    expect(compile(cand)(fp, { alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 })).toBeCloseTo(
      (2 * 0.55 + 1) * 0.55,
      15,
    );
  });
});

describe('mistakes are reported at their line and column', () => {
  const cases: [string, string, number, number, RegExp][] = [
    ['parse error', 'target: eICL\nexpr = (1 + x\n', 2, 14, /expected '\)'/],
    ['dangling operator', 'target: eICL\nexpr = 1 +\n', 2, 11, /expected a number/],
    ['unknown name', 'target: eICL\n\nexpr = 1 + rhoo\n', 3, 12, /unknown name 'rhoo'/],
    ['unknown function', 'target: eICL\nexpr = ln(x)\n', 2, 8, /unknown function 'ln'/],
    ['wrong arity', 'target: eICL\nexpr = Mk(x)\n', 2, 8, /Mk takes 2/],
    [
      'a name of Object.prototype is not a function',
      'target: eICL\nexpr = toString(x)\n',
      2,
      8,
      /unknown function 'toString'/,
    ],
    ['literal division by zero', 'target: eICL\nexpr = x + 1/(2 - 2)\n', 2, 13, /division by a literal zero/],
    ['zero to a negative power', 'target: eICL\nexpr = x*0^-1\n', 2, 11, /division by a literal zero/],
    ['cycle', 'target: eICL\na = b + 1\nb = 2*a\nexpr = a\n', 3, 7, /cycle in definitions: a -> b -> a/],
    ['self reference', 'target: eICL\na = a\nexpr = a\n', 2, 5, /cycle/],
    ['empty domain', 'target: eICL\ndomain: tau < 1, tau > 2\nexpr = x\n', 2, 22, /empty domain/],
    ['outside the theory', 'target: eICL\ndomain: rho < 0\nexpr = x\n', 2, 13, /empty domain/],
    [
      'cross-parameter contradiction',
      'target: eICL\ndomain: tau < kappa, kappa < tau\nexpr = x\n',
      2,
      13,
      /empty domain/,
    ],
    ['missing target', 'expr = x\n', 1, 1, /missing 'target:'/],
    ['missing expr', 'target: eICL\nc = 1\n', 3, 1, /missing 'expr/],
    ['bad target', 'target: eXYZ\nexpr = 1\n', 1, 9, /target must be one of/],
    ['redefined built-in', 'target: eICL\nx = 2\nexpr = x\n', 2, 1, /built-in/],
    ['twice defined', 'target: eICL\na = 1\na = 2\nexpr = a\n', 3, 1, /defined twice/],
    ['circular target', 'target: M\nexpr = Mk(kappa, x)\n', 2, 8, /cannot use 'Mk'/],
    ['epsilon from eps', 'target: epsilon\nexpr = 2*eps\n', 2, 10, /cannot use 'eps'/],
    ['non-constant exponent', 'target: eICL\nexpr = x^tau\n', 2, 10, /exponent must be a constant/],
    ['bad character', 'target: eICL\nexpr = x $ 2\n', 2, 10, /unexpected character/],
    ['statement', 'target: eICL\n  what is this\nexpr = 1\n', 2, 3, /expected 'target:'/],
    ['only kappa may be inf', 'target: eICL\ndomain: tau = inf\nexpr = 1\n', 2, 13, /only kappa may be inf/],
  ];
  for (const [name, source, line, col, message] of cases) {
    it(name, () => {
      const e = errorOf(source);
      expect(e.message).toMatch(message);
      expect([e.line, e.col]).toEqual([line, col]);
    });
  }
});

describe('design', () => {
  it('covers every regime combination the domain allows, inside the domain, replayable from the seed', () => {
    const all = designPoints(parseCandidate(example('eICL-unified.txt')), 7);
    expect(all).toHaveLength(48);
    const labels = new Set(all.flatMap((p) => p.regime.split(' ')));
    for (const l of [
      'tau<1',
      'tau>1',
      'kappa<1',
      'kappa>1',
      'kappa=inf',
      'lambda=0',
      'lambda>0',
      'rho:small',
      'rho:large',
      'alpha:small',
      'alpha:large',
    ])
      expect(labels).toContain(l);
    expect(designPoints(parseCandidate(example('eICL-unified.txt')), 7)).toEqual(all);
    expect(designPoints(parseCandidate(example('eICL-unified.txt')), 8)).not.toEqual(all);
    const below = designPoints(parseCandidate(example('eICL-ridgeless-below.txt')), 7);
    expect(below).toHaveLength(12);
    for (const p of below) expect(p.tau < 1 && p.lambda === 0).toBe(true);
    const cross = designPoints(parseCandidate('target: eICL\ndomain: 0.5 <= tau < kappa\nexpr = x\n'), 7);
    for (const p of cross) expect(p.tau >= 0.5 && p.tau < p.kappa).toBe(true);
  });
});
