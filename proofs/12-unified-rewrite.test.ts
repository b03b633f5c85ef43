import { rewriteProof } from '../src/proofs/rewrite.js';
import { proofSuite } from './harness.js';

proofSuite(rewriteProof, 5);
