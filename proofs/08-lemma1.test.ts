import { lemma1 } from '../src/proofs/lemma1.js';
import { proofSuite } from './harness.js';

proofSuite(lemma1, 16);
