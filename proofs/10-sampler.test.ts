import { describe, expect, it } from 'vitest';
import { fastSampler } from '../src/sim/samplers.js';
import type { Rng } from '../src/sim/rng.js';
import { generator } from '../src/symbolic/random.js';
import { samplerProof } from '../src/proofs/sampler.js';
import { proofSuite } from './harness.js';

proofSuite(samplerProof, 12);

// The proof is about docs/theory.md's representation; this ties the shipped fast sampler to it: with its
// random draws scripted, src/sim/samplers.ts computes exactly (h, s) of the representation.

describe('sampler: src/sim/samplers.ts fastSampler computes the representation of docs/theory.md §3', () => {
  const SEED = 77;
  for (const { d, ell, rho } of [
    { d: 5, ell: 3, rho: 0.4 },
    { d: 12, ell: 30, rho: 2 },
  ]) {
    it(`d = ${d}, ell = ${ell}, rho = ${rho} (scripted draws, seed ${SEED})`, () => {
      const u = generator(SEED);
      const normals: number[] = [];
      const chis: number[] = [];
      const fake = {
        normal: () => {
          const v = 4 * u() - 2;
          normals.push(v);
          return v;
        },
        chiSquare: (k: number) => {
          const v = k * (0.5 + u());
          chis.push(v);
          return v;
        },
      } as unknown as Rng;
      const w = Float64Array.from({ length: d }, () => u() - 0.5);
      const norm = Math.sqrt(w.reduce((s, v) => s + v * v, 0));
      for (let i = 0; i < d; i++) w[i] = (w[i]! * Math.sqrt(d)) / norm;
      const z = new Float64Array(d + 1);
      fastSampler(fake, w, 0, d, ell, rho, new Float64Array(d), 0, z, 0);
      // Draw order: d + 1 query normals, then A, t/sqrt(rho), Q, then g.
      const [A, Q] = chis as [number, number];
      const t = Math.sqrt(rho) * normals[d + 1]!;
      const g = normals.slice(d + 2);
      expect(g.length).toBe(d);
      const e = Array.from(w, (v) => v / Math.sqrt(d));
      const ya = A + t * Math.sqrt(A);
      const ny2 = (Math.sqrt(A) + t) ** 2 + rho * Q;
      const ge = g.reduce((s, v, i) => s + v * e[i]!, 0);
      for (let i = 0; i < d; i++) {
        const h = (d / ell) * ((ya / Math.sqrt(d)) * e[i]! + (Math.sqrt(ny2) / Math.sqrt(d)) * (g[i]! - ge * e[i]!));
        expect(Math.abs(z[i]! - h), `h_${i}`).toBeLessThanOrEqual(1e-13 * (1 + Math.abs(h)));
      }
      expect(Math.abs(z[d]! - ny2 / ell)).toBeLessThanOrEqual(1e-13 * (ny2 / ell));
    });
  }
});
