// A proof is data: a claim and the chain of steps that establishes it, each checked by the machine.
// The same definitions run in `icl-verify proofs`, in proofs/*.test.ts and in the verify registry.
import { checkStep, type Step, type StepResult } from '../symbolic/checkStep.js';
import { fnv1a32, REGISTRY_SEED } from '../numeric/seeds.js';

export interface Proof {
  /** Short stable name, e.g. "resolvent"; `--only` matches it. */
  name: string;
  /** The claim of docs/theory.md being derived, in one sentence. */
  claim: string;
  steps: Step[];
  /** A deliberately broken variant of one step (a sign, a factor, an exponent) that must fail. */
  mutant: () => { step: number; change: string; broken: Step };
}

export interface ProofResult {
  name: string;
  claim: string;
  status: 'pass' | 'fail';
  steps: StepResult[];
}

/** Base of the printed seeds: step i of a proof uses seedOf(name) + i. */
export const seedOf = (name: string, base = REGISTRY_SEED): number => fnv1a32(name, base);

/** `baseSeed` replays the numeric steps at other points (the default is the printed one). */
export function runProof(proof: Proof, baseSeed = REGISTRY_SEED): ProofResult {
  const base = seedOf(proof.name, baseSeed);
  const steps = proof.steps.map((s, i) => checkStep(s, (base + i) >>> 0));
  return {
    name: proof.name,
    claim: proof.claim,
    status: steps.every((s) => s.status === 'pass') ? 'pass' : 'fail',
    steps,
  };
}

/** Checks the mutant of a proof: its broken step must fail. */
export function runMutant(proof: Proof, baseSeed = REGISTRY_SEED): { change: string; result: StepResult } {
  const m = proof.mutant();
  return { change: m.change, result: checkStep(m.broken, (seedOf(proof.name, baseSeed) + m.step) >>> 0) };
}
