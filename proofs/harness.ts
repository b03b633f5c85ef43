// Shared shape of every proof test: each step passes with its method recorded, at least one step is
// checked symbolically, and the deliberately broken variant of one step is reported failing.
import { describe, expect, it } from 'vitest';
import { checkStep, type StepResult } from '../src/symbolic/checkStep.js';
import { runMutant, seedOf, type Proof } from '../src/proofs/proof.js';

export function proofSuite(proof: Proof, minSymbolic = 1): void {
  describe(`proof ${proof.name}: ${proof.claim}`, () => {
    const results: StepResult[] = [];
    proof.steps.forEach((step, i) => {
      it(`step ${i + 1}: ${step.statement}`, () => {
        const r = checkStep(step, (seedOf(proof.name) + i) >>> 0);
        results.push(r);
        expect(r.status, `${r.method}: ${r.detail}`).toBe('pass');
      });
    });
    it(`at least ${minSymbolic} step(s) proved symbolically`, () => {
      expect(results.filter((r) => r.method === 'symbolic').length).toBeGreaterThanOrEqual(minSymbolic);
    });
    it('a deliberately broken step is reported failing', () => {
      const m = runMutant(proof);
      expect(m.result.status, `mutant '${m.change}' passed: ${m.result.method}: ${m.result.detail}`).toBe('fail');
    });
  });
}
