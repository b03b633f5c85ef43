import { tauInfinityProof } from '../src/proofs/tauInfinity.js';
import { proofSuite } from './harness.js';

proofSuite(tauInfinityProof, 5);
