import { samplerProof } from '../src/proofs/sampler.js';
import { proofSuite } from './harness.js';

proofSuite(samplerProof, 10);
