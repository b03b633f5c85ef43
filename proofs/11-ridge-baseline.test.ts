import { ridgeBaselineProof } from '../src/proofs/ridgeBaseline.js';
import { proofSuite } from './harness.js';

proofSuite(ridgeBaselineProof, 9);
