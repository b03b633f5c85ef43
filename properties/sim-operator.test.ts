// Properties of the fit's SIMD products for every shape (odd d, n not a multiple of the tile, blocks of
// zero or one context): they match plain loops, and accumulate is the adjoint of bilinear.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockOperator } from '../src/sim/fit/kernels.js';
import { SerialOperator } from '../src/sim/fit/normalOperator.js';
import { Rng } from '../src/sim/rng.js';
import type { ContextBatch } from '../src/sim/samplers.js';

function randomBatch(n: number, d: number, seed: number): { b: ContextBatch; V: Float64Array; c: Float64Array } {
  const r = new Rng(seed, 0, 'prop-op');
  const f = (len: number) => Float64Array.from({ length: len }, () => r.normal());
  return { b: { n, d, x: f(n * d), z: f(n * (d + 1)), y: f(n) }, V: f(d * (d + 1)), c: f(n) };
}

const shape = fc.record({
  n: fc.integer({ min: 1, max: 23 }),
  d: fc.integer({ min: 1, max: 9 }),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

describe('normal operator properties', () => {
  it('bilinear equals the plain triple loop x_μᵀ V z_μ', () => {
    fc.assert(
      fc.property(shape, ({ n, d, seed }) => {
        const { b, V } = randomBatch(n, d, seed);
        const out = new Float64Array(n);
        new SerialOperator(b).bilinear(V, out);
        const one = new Float64Array(n);
        new BlockOperator(b.x, b.z, n, d).bilinear(V, one);
        for (let mu = 0; mu < n; mu++) {
          let s = 0;
          for (let i = 0; i < d; i++)
            for (let a = 0; a <= d; a++) s += b.x[mu * d + i]! * V[i * (d + 1) + a]! * b.z[mu * (d + 1) + a]!;
          expect(Math.abs(out[mu]! - s)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(s)) * d * d);
          expect(one[mu]).toBe(out[mu]); // a context's value does not depend on its block
        }
      }),
      { numRuns: 200, seed: 4 },
    );
  });

  it('accumulate (one block and two) is the adjoint of bilinear: ⟨Σ c_μ x_μ z_μᵀ, V⟩ = Σ c_μ x_μᵀ V z_μ', () => {
    fc.assert(
      fc.property(shape, ({ n, d, seed }) => {
        const { b, V, c } = randomBatch(n, d, seed);
        const r = new Float64Array(n);
        new SerialOperator(b).bilinear(V, r);
        let rhs = 0;
        for (let mu = 0; mu < n; mu++) rhs += c[mu]! * r[mu]!;
        const G = new Float64Array(V.length);
        new BlockOperator(b.x, b.z, n, d).accumulate(c, G);
        let lhs = 0;
        for (let i = 0; i < V.length; i++) lhs += G[i]! * V[i]!;
        expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-11 * (1 + Math.abs(rhs)) * n * d);
        const G2 = new Float64Array(V.length).fill(NaN); // overwritten, not added to
        new SerialOperator(b).accumulate(c, G2);
        let lhs2 = 0;
        for (let i = 0; i < V.length; i++) lhs2 += G2[i]! * V[i]!;
        expect(Math.abs(lhs2 - rhs)).toBeLessThanOrEqual(1e-11 * (1 + Math.abs(rhs)) * n * d);
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});
