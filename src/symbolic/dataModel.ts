// The data model of docs/theory.md §1 in the Wick calculus: tokens, noise, labels and the statistics h, s.
import { Poly } from './poly.js';
import { bound, field, plus, scale, sum, times, vec, type Model, type RandomExpr } from './wick.js';
/**
 * Tokens x_i ~ N(0, I_d/d), noise ε_i ~ N(0, ρ), a fixed task w with ‖w‖² = d; a free coordinate
 * index ranges over d.
 */
export function dataModel(free: readonly string[] = ['a', 'b']): Model {
  return {
    families: {
      x: {
        name: 'x',
        // Stryker disable next-line StringLiteral: only slots.length is read (wick.ts) (docs/equivalent-mutants.md)
        slots: ['ell', 'd'],
        scale: Poly.v('d', -1),
      },
      eps: {
        name: 'eps',
        // Stryker disable next-line StringLiteral: only slots.length is read (wick.ts) (docs/equivalent-mutants.md)
        slots: ['ell'],
        scale: Poly.v('rho'),
      },
    },
    norms: { w: Poly.v('d') },
    free: Object.fromEntries(free.map((i) => [i, 'd'])),
  };
}

/** y_i = ⟨x_i, w⟩ + ε_i for the (given) token index i. */
export function label(i: string): RandomExpr {
  const c = bound('c');
  return plus(sum(c, 'd', times(vec('w', c), field('x', i, c))), field('eps', i));
}

/** h_a = (d/ℓ) Σ_i y_i x_{i,a}. */
export function hComponent(a: string): RandomExpr {
  const i = bound('i');
  return scale(Poly.v('d').mul(Poly.v('ell', -1)), sum(i, 'ell', times(label(i), field('x', i, a))));
}

/** s = (1/ℓ) Σ_i y_i². */
export function sStatistic(): RandomExpr {
  const i = bound('i');
  return scale(Poly.v('ell', -1), sum(i, 'ell', times(label(i), label(i))));
}
