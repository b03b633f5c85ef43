import { closedFormsProof } from '../src/proofs/closedForms.js';
import { proofSuite } from './harness.js';

proofSuite(closedFormsProof, 9);
