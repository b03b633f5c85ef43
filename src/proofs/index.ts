// Every proof, in docs/theory.md order; the CLI, the registry and the tests all use this list.
import { alphaInfinityProof } from './alphaInfinity.js';
import { closedFormsProof } from './closedForms.js';
import { kappaInfinityProof } from './kappaInfinity.js';
import { lemma1 } from './lemma1.js';
import type { Proof } from './proof.js';
import { proposition1Proof } from './proposition1.js';
import { resolvent } from './resolvent.js';
import { rewriteProof } from './rewrite.js';
import { ridgeBaselineProof } from './ridgeBaseline.js';
import { ridgelessEpsilonProof } from './ridgelessEpsilon.js';
import { samplerProof } from './sampler.js';
import { selfConsistency } from './selfConsistency.js';
import { tauInfinityProof } from './tauInfinity.js';

export const proofs: readonly Proof[] = [
  resolvent,
  selfConsistency,
  ridgelessEpsilonProof,
  closedFormsProof,
  kappaInfinityProof,
  alphaInfinityProof,
  tauInfinityProof,
  lemma1,
  proposition1Proof,
  samplerProof,
  ridgeBaselineProof,
  rewriteProof,
];
