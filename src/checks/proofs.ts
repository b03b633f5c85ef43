// Registry checks of the proofs: every proof passes step by step, and its deliberately broken step fails.
import type { Check } from '../registry/registry.js';
import { verdict } from '../registry/registry.js';
import { proofs } from '../proofs/index.js';
import { runMutant, runProof, type Proof } from '../proofs/proof.js';

const proofCheck = (p: Proof): Check => ({
  id: `proofs.${p.name}`,
  claim: p.claim,
  subject: 'proofs',
  detects:
    `a step of the derivation of '${p.name}' that does not follow ` +
    `(symbolically, or numerically at random points where a step is numeric)`,
  run: (opts) => {
    const r = runProof(p, opts.seed);
    const ok = r.steps.filter((s) => s.status === 'pass').length;
    const symbolic = r.steps.filter((s) => s.method === 'symbolic').length;
    return verdict(r.status === 'pass', `${ok}/${r.steps.length} steps pass, ${symbolic} symbolic`, {
      baseSeed: opts.seed,
      steps: r.steps,
    });
  },
});

const mutantCheck = (p: Proof): Check => ({
  id: `proofs.${p.name}.mutant`,
  claim: `the step checker rejects a deliberately broken step of '${p.name}'`,
  subject: 'proofs',
  detects: "a step checker too weak to reject a wrong step (the proof check's own power)",
  run: (opts) => {
    const m = runMutant(p, opts.seed);
    return verdict(
      m.result.status === 'fail',
      `broken step (${m.change}) ${m.result.status === 'fail' ? 'rejected' : 'ACCEPTED'} by ${m.result.method}`,
      { baseSeed: opts.seed, change: m.change, result: m.result },
    );
  },
});

export const checks: Check[] = proofs.flatMap((p) => [proofCheck(p), mutantCheck(p)]);
