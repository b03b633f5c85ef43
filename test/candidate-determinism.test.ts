// check-formula's evidence is a function of the candidate, the seed and the budget, not of the machine's
// speed: the same judgement on the real simulator (no synthetic evidence here), once on the machine as
// it is and once with a CPU burner spinning on both cores, gives byte-identical JSON once the fields
// that are timing by definition (`seconds`, `phases`) are removed. The budget is chosen so that the plan
// stops short of the design (a budget-bound plan), the case a wall-clock cut used to change.
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { jsonSafe } from '../src/registry/jsonSafe.js';
import { clearEvidenceCache } from '../src/candidate/evidence/statistical.js';
import { parseCandidate } from '../src/candidate/parse.js';
import { judge, type Verdict } from '../src/candidate/verdict.js';
import { example } from './support/synthetic.js';

// Cheap points (tau <= 0.5, alpha >= 2: n = tau d^2 small): twelve design points, about 1.2 reference seconds in all.
const cand = () =>
  parseCandidate(example('eICL-unified.txt').replace('target: eICL', 'target: eICL\ndomain: tau <= 0.5, alpha >= 2'));
const BUDGET = 0.8;

const evidenceJson = (v: Verdict): string => JSON.stringify(jsonSafe({ ...v, seconds: undefined, phases: undefined }));

async function run(): Promise<Verdict> {
  clearEvidenceCache();
  return judge(cand(), { seed: 7, budgetSeconds: BUDGET });
}

function burner(): ChildProcess[] {
  return [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

describe('same seed, same budget: the same evidence on a quiet and on a loaded machine', () => {
  it('byte-identical evidence JSON with and without a CPU burner on both cores', async () => {
    const quiet = await run();
    const burners = burner();
    let loaded: Verdict;
    try {
      loaded = await run();
    } finally {
      for (const b of burners) b.kill('SIGKILL');
    }
    // A budget-bound plan: some simulable points are left out, by the cost model alone.
    expect(quiet.plan.screenPoints).toBeGreaterThan(0);
    expect(quiet.plan.screenPoints).toBeLessThan(quiet.plan.simulable);
    expect(quiet.strength.screened).toBe(quiet.plan.screenPoints);
    expect(quiet.strength.stopReason).toBe('plan done');
    expect(evidenceJson(loaded)).toBe(evidenceJson(quiet));
  }, 120_000);
});
