import { selfConsistency } from '../src/proofs/selfConsistency.js';
import { proofSuite } from './harness.js';

proofSuite(selfConsistency, 3);
