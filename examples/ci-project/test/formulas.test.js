// Our formulas, judged by icl-verify's independent evidence on every push.
import { test } from 'node:test';
import { expectFormula } from 'icl-verify/testing';

test('epsilon with fresh tasks (our rewrite) is accepted', { timeout: 120_000 }, async () => {
  await expectFormula('formulas/epsilon-fresh-tasks.txt', { seed: 1, budgetSeconds: 20 });
});

test('the known-wrong variant stays rejected', { timeout: 120_000 }, async () => {
  await expectFormula('formulas/epsilon-dropped-tau.txt', { verdict: 'reject', seed: 1, budgetSeconds: 20 });
});
