import { alphaInfinityProof } from '../src/proofs/alphaInfinity.js';
import { proofSuite } from './harness.js';

proofSuite(alphaInfinityProof, 7);
