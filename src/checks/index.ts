// Every area's registry checks, gathered in one list for `verify`, the tests and the report.
// Each src/checks/<area>.ts must be imported here (test/verify-registry.test.ts enforces it).
import type { Check } from '../registry/registry.js';
import { checks as candidate } from './candidate.js';
import { checks as certify } from './certify.js';
import { checks as properties } from './properties.js';
import { checks as proofs } from './proofs.js';
import { checks as sim } from './sim.js';
import { checks as theory } from './theory.js';
import { checks as train } from './train.js';

export const checks: Check[] = [...theory, ...sim, ...candidate, ...proofs, ...train, ...properties, ...certify];
