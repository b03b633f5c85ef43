// The symbolic zero test (reduce.ts) and the expression trees under it (expr.ts), pinned where the
// other symbolic tests leave them free: the bookkeeping of denominators (powers, shared factors),
// atoms that contain atoms, which atoms are one and which are two, the pseudo-remainder, the size
// guards at their exact limits, and the constructors' and substitution's edge cases. Each expected
// value is derived by hand in the comment beside it. Fast: nerdamer only expands small polynomials
// (or long constants, which it prints digit for digit).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  add,
  constant,
  div,
  fn,
  mul,
  ONE,
  pow,
  rat,
  show,
  sqrt,
  substitute,
  variable,
  variablesOf,
  type Expr,
} from '../src/symbolic/expr.js';
import { expand } from '../src/symbolic/nerdamer.js';
import { parse } from '../src/symbolic/stepFormula.js';
import { symbolicZero } from '../src/symbolic/reduce.js';

const x = variable('x');
const y = variable('y');
const z = (l: string, r: string) => symbolicZero(parse(l), parse(r));
const ten = (k: number): Expr => rat(10n ** BigInt(k));

describe('symbolicZero: denominators', () => {
  it('a negative power keeps its factor with its power, shared with the same factor written once', () => {
    // y·(x+1)^(-2) has denominator (x+1)², as y/(x+1)^2 has; its square (x+1)^4.
    expect(z('y*(x + 1)^(-2)', 'y/(x + 1)^2').zero).toBe(true);
    expect(z('y*(x + 1)^(-2)', 'y/(x + 1)').zero).toBe(false);
    expect(z('((x + 1)^(-2))^2', '(x + 1)^(-4)').zero).toBe(true);
    expect(z('((x + 1)^(-2))^2', '(x + 1)^(-2)').zero).toBe(false);
    // Three denominators: 1/x + 1/y + 1/w = (yw + xw + xy)/(xyw), the last term multiplied by x·y.
    expect(z('1/x + 1/y + 1/w', '(y*w + x*w + x*y)/(x*y*w)').zero).toBe(true);
    // Over the common denominator (x+1)²: 1 + (x+1) = x + 2, the second term multiplied by (x+1)¹ only.
    expect(z('(x + 1)^(-2) + 1/(x + 1)', '(x + 2)/(x + 1)^2').zero).toBe(true);
    expect(z('(x + 1)^(-3) + (x + 1)^(-1)', '(x^2 + 2*x + 2)/(x + 1)^3').zero).toBe(true);
  });
});

describe('symbolicZero: atoms', () => {
  it('an atom inside an atom gets its own symbol first', () => {
    // √(√x)⁴ = (√x)² = x: two relations, r1² = r0 and r0² = x.
    expect(z('sqrt(sqrt(x))^4', 'x')).toEqual({ zero: true, detail: 'reduced to 0 modulo 2 relation(s)' });
    expect(z('sqrt(sqrt(x))^4', 'x^2').zero).toBe(false);
    // x·M = 1 − M/(1 + M/κ) at x = √s, M met before √s: M_κ(√s) needs √s's symbol first.
    expect(z('M(kappa, sqrt(s))*sqrt(s)', '1 - M(kappa, sqrt(s))/(1 + M(kappa, sqrt(s))/kappa)')).toEqual({
      zero: true,
      detail: 'reduced to 0 modulo 2 relation(s)',
    });
    expect(z('M(kappa, sqrt(s))*sqrt(s)', '1 - M(kappa, sqrt(s))').zero).toBe(false);
    expect(z('M(kappa, sqrt(s))*s', 'sqrt(s)*(1 - M(kappa, sqrt(s))/(1 + M(kappa, sqrt(s))/kappa))')).toEqual({
      zero: true,
      detail: 'reduced to 0 modulo 2 relation(s)',
    });
    // M_κ(√s) and √s are different numbers (M_κ(1) ≠ 1: (1/κ)m² + (2 − 1/κ)m − 1 = 0 at m = 1 gives
    // 1 ≠ 0), so neither equality may be proved, as it would be with one symbol for both.
    expect(z('M(kappa, sqrt(s))', 'sqrt(s)').zero).toBe(false);
    expect(z('M(inf, sqrt(s))', 'sqrt(s)').zero).toBe(false);
    // κ = ∞ is an argument, not an expression: M_∞(√s) = 1/(1 + √s).
    expect(z('M(inf, sqrt(s))*(1 + sqrt(s))', '1')).toEqual({
      zero: true,
      detail: 'reduced to 0 modulo 2 relation(s)',
    });
  });

  it('one atom when kind, function and arguments agree; two otherwise', () => {
    // Same function, arguments equal once expanded: one relation.
    expect(z('M(kappa, x + 1)', 'M(kappa, 1 + x)')).toEqual({
      zero: true,
      detail: 'reduced to 0 modulo 1 relation(s)',
    });
    expect(z('M(inf, x + 1)', 'M(inf, 1 + x)')).toEqual({ zero: true, detail: 'reduced to 0 modulo 1 relation(s)' });
    expect(z('sqrt(x + 1)', 'sqrt(1 + x)')).toEqual({ zero: true, detail: 'reduced to 0 modulo 1 relation(s)' });
    // Different arguments, or κ finite against κ = ∞ (in either order), or a root against a function
    // whose first argument is the radicand: independent atoms, nothing to prove.
    for (const [l, r] of [
      ['M(kappa, x)', 'M(kappa, y)'],
      ['M(kappa, x)', 'M(inf, x)'],
      ['M(inf, x)', 'M(kappa, x)'],
      ['sqrt(x)', 'sqrt(y)'],
      ['sqrt(x)', 'M(x, y)'],
      ['M(x, y)', 'sqrt(x)'],
    ] as const) {
      expect(z(l, r).zero, `${l} = ${r}`).toBe(false);
    }
  });
});

describe('symbolicZero: an atom whose relation has no root', () => {
  // Found by the mutation triage: M_1(0)'s relation (x/κ)m² + (x + 1 − 1/κ)m − 1 is −1 at κ = 1, x = 0;
  // reducing modulo it sent every difference to 0, so M_1(0) = 5 was "proved".
  it('M_1(0) = 5 and M_1(x − x) = 0 are not proved; the detail names the atom', () => {
    const m10 = fn('M', ONE, rat(0n));
    const r = symbolicZero(m10, rat(5n));
    expect(r.zero).toBe(false);
    expect(r.detail).toBe('M(1, 0) is undefined here: its relation -1 = 0 has no root');
    expect(symbolicZero(fn('M', ONE, add(variable('x'), mul(rat(-1n), variable('x')))), rat(0n)).zero).toBe(false);
    // M_1(x) at a symbolic x keeps its relation of degree 2.
    expect(symbolicZero(mul(fn('M', ONE, variable('x')), ONE), fn('M', ONE, variable('x'))).zero).toBe(true);
  });
});

describe('symbolicZero: the pseudo-remainder', () => {
  it("drops a leading coefficient that vanished without scaling by the relation's leading one", () => {
    // M_∞(x) ↦ m with (x + 1)m − 1 = 0 (coefficients [−1, x + 1]). P = (x+1)m² − m + 1 has coefficients
    // [1, −1, x + 1]; one step, (x+1)·P − (x+1)m·((x+1)m − 1), leaves [x + 1, −(x+1) + (x+1)] = [x + 1, 0].
    // The zero leading coefficient is dropped, so x + 1 is left: (x + 1)·P at m = 1/(x+1), P's value 1
    // scaled once. Treating the 0 as a leading coefficient would scale once more, to (x + 1)².
    const r = symbolicZero(parse('(x + 1)*M(inf, x)^2 - M(inf, x) + 1'), rat(0n));
    expect(r.zero).toBe(false);
    const left = r.detail.replace(/^nonzero remainder /, '');
    expect(left).not.toBe(r.detail);
    // x is v0 in nerdamer's input.
    expect(expand(`(${left})-(v0+1)`)).toBe('0');
  });
});

describe('symbolicZero: size limits, at their edges', () => {
  it('before expansion: the difference as written, with no factor 1, power 0 or product by 1', () => {
    // (x + N)^(-1) is 1 over the factor (x+N) (x ↦ v0); 1/y is 1 over y (y ↦ v1). Over the common
    // denominator (x+N)·y the difference is v1 − (x+N): 1·y (no '1*'), the factor (x+N) not raised to
    // the power 0 in the first term, nor any factor 1, and the second term negated as a product with
    // −1 (the parentheses of the factor, of the product with 1 dropped, and of the operand):
    const spelled = (n: string) => `v1+((((v0+${n})))*(-1))`;
    const at = (k: number) => symbolicZero(pow(add(x, ten(k)), -1), div(ONE, y));
    expect(spelled(`1${'0'.repeat(980)}`).length).toBe(1000); // N = 10^980
    expect(at(980).detail).toMatch(/^nonzero remainder /);
    expect(at(981)).toEqual({
      zero: false,
      detail: 'too large for nerdamer (1001 characters before expansion, limit 1000)',
    });
  });

  it('after expansion: the expanded difference, when there are atoms to eliminate', () => {
    // N·(y + w + u + t) + √x + c (y, w, u, t ↦ v0…v3, √x ↦ z0) is N's digits and 20 characters as
    // written; it expands to N*v0+N*v1+N*v2+N*v3+z0+c.
    const expanded = (n: bigint, c: bigint) =>
      [...[0, 1, 2, 3].map((i) => `${n}*v${i}`), 'z0', `${c}`].join('+').length;
    const sum = add(add(add(y, variable('w')), variable('u')), variable('t'));
    const at = (n: bigint, c: bigint) => symbolicZero(add(add(mul(rat(n), sum), sqrt(x)), rat(c)), rat(0n));
    const n = 10n ** 744n; // 745 digits: 4·748 + 2 + 5 = 2999 characters besides c's digits
    expect(expanded(n, 7n)).toBe(3000);
    expect(expanded(n, 17n)).toBe(3001);
    expect(at(n, 7n).detail).toMatch(/^nonzero remainder .{120}…$/);
    expect(at(n, 17n)).toEqual({
      zero: false,
      detail: 'too large for nerdamer (3001 characters after expansion, limit 3000)',
    });
  });

  it('during elimination: each remainder', () => {
    // √(x + N)²·(y + M) (√ ↦ z0, x ↦ v0, y ↦ v1) expands to M·z0² + v1·z0², under 800 characters;
    // eliminating z0² = v0 + N leaves (v0 + N)(v1 + M) = v0·v1 + M·v0 + N·v1 + N·M.
    const remainder = (n: bigint, m: bigint) => ['v0*v1', `${m}*v0`, `${n}*v1`, `${n * m}`].join('+').length;
    const at = (n: bigint, m: bigint) => symbolicZero(mul(pow(sqrt(add(x, rat(n))), 2), add(y, rat(m))), rat(0n));
    // 747 + 746 + 1493 digits (2·5 = 10 adds one) and 747 + 747 + 1493, with 14 characters of the rest.
    const [n3000, m3000, n3001, m3001] = [2n * 10n ** 746n, 5n * 10n ** 745n, 10n ** 746n, 10n ** 746n];
    expect(remainder(n3000, m3000)).toBe(3000);
    expect(remainder(n3001, m3001)).toBe(3001);
    expect(at(n3000, m3000).detail).toMatch(/^nonzero remainder .{120}…$/);
    expect(at(n3001, m3001)).toEqual({
      zero: false,
      detail: 'too large for nerdamer (3001 characters during elimination, limit 3000)',
    });
  });

  it('the remainder shown is cut after 120 characters', () => {
    // x − (x + 10^k) = −10^k: '-1' and k zeros, k + 2 characters.
    expect(symbolicZero(x, add(x, ten(118))).detail).toBe(`nonzero remainder -1${'0'.repeat(118)}`);
    expect(symbolicZero(x, add(x, ten(119))).detail).toBe(`nonzero remainder -1${'0'.repeat(118)}…`);
  });
});

describe('symbolicZero leaves nothing behind in nerdamer', () => {
  it('the global list of parsed expressions is emptied after each test', () => {
    const nerdamer = createRequire(import.meta.url)('nerdamer/all.js') as { expressions(): unknown[] };
    expect(z('(sqrt(x) + 1)^2', 'x + 2*sqrt(x) + 1').zero).toBe(true);
    expect(nerdamer.expressions()).toEqual([]);
    expect(z('x', 'x + 1').zero).toBe(false);
    expect(nerdamer.expressions()).toEqual([]);
  });
});

describe('expression trees: edge cases', () => {
  it('constant: non-finite numbers, exponents without a sign, signs', () => {
    expect(constant(Infinity)).toEqual({ k: 'inf' });
    expect(() => constant(-Infinity)).toThrow("not an exact constant: '-Infinity'");
    expect(() => constant(NaN)).toThrow("not an exact constant: 'NaN'");
    expect(constant('2e3')).toEqual(rat(2000n));
    expect(constant(1e21)).toEqual(rat(10n ** 21n)); // String(1e21) is '1e+21'
    expect(constant(-2.5)).toEqual(rat(-5n, 2n));
    expect(constant('-.25')).toEqual(rat(-1n, 4n));
    expect(constant('+7')).toEqual(rat(7n));
    expect(constant('-0')).toEqual(rat(0n));
  });

  it('only the rational 1 is neutral; powers of rationals', () => {
    expect(show(mul(rat(1n, 2n), x))).toBe('(1/2)*x');
    expect(show(mul(x, rat(1n, 2n)))).toBe('x*(1/2)');
    expect(show(div(x, rat(1n, 2n)))).toBe('x/(1/2)');
    expect(show(mul(rat(2n), x))).toBe('2*x');
    expect(pow(rat(2n, 3n), 2)).toEqual(rat(4n, 9n));
    expect(pow(rat(2n, 3n), -2)).toEqual(rat(9n, 4n));
    expect(show(pow(x, -2))).toBe('x^(-2)');
    expect(show(pow(x, 2))).toBe('x^2');
  });

  it('substitute keeps numbers and infinity, and rewrites a shared subtree once', () => {
    expect(show(substitute(parse('2*x + 1/2'), { x: y }))).toBe('2*y + (1/2)');
    expect(show(substitute(fn('M', { k: 'inf' }, add(x, ONE)), { x: y }))).toBe('M(inf, y + 1)');
    // A variable may be named 'undefined': constants and infinity, which have no name, stay.
    expect(show(substitute(fn('M', { k: 'inf' }, add(variable('undefined'), rat(2n))), { undefined: y }))).toBe(
      'M(inf, y + 2)',
    );
    const s = add(x, y);
    const r = substitute(mul(s, s), { x: variable('w') });
    expect(show(r)).toBe('(w + y)*(w + y)');
    if (r.k !== 'mul') throw new Error('expected a product');
    expect(r.a).toBe(r.b); // one object: the memo tables downstream see one subtree
  });

  it('variablesOf visits a shared subtree once', () => {
    // 64 doublings: 2^64 leaves as a tree, 65 nodes as a graph.
    let e: Expr = x;
    for (let i = 0; i < 64; i++) e = add(e, mul(e, y));
    expect([...variablesOf(e)].sort()).toEqual(['x', 'y']);
  });
});
