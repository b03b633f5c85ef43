import { kappaInfinityProof } from '../src/proofs/kappaInfinity.js';
import { proofSuite } from './harness.js';

proofSuite(kappaInfinityProof, 10);
