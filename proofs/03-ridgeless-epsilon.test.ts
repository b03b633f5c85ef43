import { ridgelessEpsilonProof } from '../src/proofs/ridgelessEpsilon.js';
import { proofSuite } from './harness.js';

proofSuite(ridgelessEpsilonProof, 3);
