import { describe, expect, it } from 'vitest';
import { proposition1Proof, eye, outer, proposition1, symbols, theoryAB } from '../src/proofs/proposition1.js';
import { proofSuite } from './harness.js';
import { fp } from '../src/numeric/context.js';
import { evalExpr } from '../src/symbolic/evalExpr.js';
import { variable } from '../src/symbolic/expr.js';
import { generator } from '../src/symbolic/random.js';
import { predictionError } from '../src/theory/proposition1.js';

proofSuite(proposition1Proof, 8);

// The derived trace formula against the float64 predictionError of src/theory/proposition1.ts (the shipped definition).
// Both are O(d^3) float64 sums of terms of size <= ~50: agreement to 1e-12 relative is rounding, not slack.
describe('proposition1: the derived formula equals src/theory/proposition1.ts predictionError', () => {
  const SEED = 20251123;
  const d = 3;
  const { G } = symbols(d);
  const rand = generator(SEED);
  const u = () => 4 * rand() - 2;
  const cases = [
    { ell: 1, rho: 0 },
    { ell: 7, rho: 0.3 },
    { ell: 40, rho: 2.5 },
  ];
  for (const { ell, rho } of cases) {
    const gamma = Float64Array.from({ length: d * (d + 1) }, u);
    const env: Record<string, number> = { ell, rho };
    gamma.forEach((g, i) => (env[`G${Math.floor(i / (d + 1))}${i % (d + 1)}`] = g));
    const check = (formula: ReturnType<typeof proposition1>, expected: number, extra: Record<string, number>) => {
      const r = evalExpr(fp, formula, { ...env, ...extra });
      expect(
        Math.abs(r.value - expected),
        `seed ${SEED}, got ${r.value}, predictionError ${expected}`,
      ).toBeLessThanOrEqual(1e-12 * r.scale);
    };
    it(`ICL, d = ${d}, ell = ${ell}, rho = ${rho} (seed ${SEED})`, () => {
      const { A, B } = theoryAB(d, Array(d).fill(variable('zero')), eye(d));
      check(proposition1(d, G, A, B), predictionError(gamma, d, ell, rho, { kind: 'icl' }), { zero: 0 });
    });
    it(`IDG with k = 2 tasks, d = ${d}, ell = ${ell}, rho = ${rho} (seed ${SEED})`, () => {
      const tasks = Float64Array.from({ length: 2 * d }, u);
      const names = (p: string) => Array.from({ length: d }, (_, a) => variable(`${p}${a}`));
      const m = names('m');
      const Rm = outer(m, m).map((row, a) => row.map((_, b) => variable(`R${a}${b}`)));
      const { A, B } = theoryAB(d, m, Rm);
      const extra: Record<string, number> = {};
      for (let a = 0; a < d; a++) {
        extra[`m${a}`] = (tasks[a]! + tasks[d + a]!) / 2;
        for (let b = 0; b < d; b++) extra[`R${a}${b}`] = (tasks[a]! * tasks[b]! + tasks[d + a]! * tasks[d + b]!) / 2;
      }
      check(proposition1(d, G, A, B), predictionError(gamma, d, ell, rho, { kind: 'tasks', tasks, k: 2 }), extra);
    });
  }
});
