import { resolvent } from '../src/proofs/resolvent.js';
import { proofSuite } from './harness.js';

proofSuite(resolvent, 9);
