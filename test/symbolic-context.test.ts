// The symbolic context: the core's generic formulas return their own expression trees.
import { describe, expect, it } from 'vitest';
import { symbolic, SymbolicComparisonError } from '../src/symbolic/symbolicContext.js';
import { constant, show, variable } from '../src/symbolic/expr.js';
import { parse } from '../src/symbolic/stepFormula.js';
import { symbolicZero } from '../src/symbolic/reduce.js';
import { kappaTerms } from '../src/theory/params.js';
import { M, resolventTerms } from '../src/theory/resolvent.js';

describe('symbolic context', () => {
  it('runs straight-line core code and yields the formula as an expression', () => {
    const c = symbolic();
    const t = resolventTerms(c, kappaTerms(c, variable('kappa')), variable('x'), variable('m'));
    expect(show(t.P)).toBe('m/(1 + 1/kappa*m)');
    expect(symbolicZero(t.P, parse('kappa*m/(kappa + m)')).zero).toBe(true);
  });

  it('refuses to compare non-constant expressions unless a branch point is given', () => {
    const c = symbolic();
    expect(() => M(c, kappaTerms(c, variable('kappa')), variable('x'))).toThrow(SymbolicComparisonError);
    expect(c.lt(constant('1/2'.replace('1/2', '0.5')), constant(1))).toBe(true);
    expect(c.lt(constant(3), constant('2.5'))).toBe(false);
  });

  it('decides branches at the given point and records each decision', () => {
    const c = symbolic({ x: '0.1', kappa: '0.5' });
    const m = M(c, kappaTerms(c, variable('kappa')), variable('x'));
    expect(c.decisions).toEqual(['x < 0: false', 'x + (kappa - 1)/kappa < 0: true']);
    expect(show(m)).toContain('sqrt(');
  });

  it('isZero only for a literal zero, isFinite false only for a literal infinity', () => {
    const c = symbolic();
    expect(c.isZero(c.num(0))).toBe(true);
    expect(c.isZero(c.sub(variable('x'), variable('x')))).toBe(false);
    expect(c.isFinite(variable('x'))).toBe(true);
    expect(c.isFinite(c.num('inf'))).toBe(false);
    expect(kappaTerms(c, c.num('inf'))).toMatchObject({ ik: constant(0), omk: constant(1) });
  });

  it('reads decimals exactly as rationals', () => {
    expect(constant('0.125')).toEqual(constant(1 / 8));
    expect(constant('1e-3')).toEqual(parse('1/1000'));
    expect(() => constant('abc')).toThrow(RangeError);
  });
});
