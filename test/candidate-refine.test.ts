// check-formula's two stages and its three verdicts. Small ladders, one worker and a budget never
// reached: which points are simulated cannot depend on the machine's speed.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bonferroniZ, FAMILY_ALPHA, type Evidence } from '../src/candidate/evidence/evidence.js';
import { parseCandidate } from '../src/candidate/parse.js';
import { judge } from '../src/candidate/verdict.js';
import { pointSeed } from '../src/numeric/seeds.js';
import { cli, ROOT } from './support/cli.js';

const example = (name: string) => readFileSync(join(ROOT, 'examples', 'candidates', name), 'utf8');
const BUDGET = 10_000;

describe('refinement', () => {
  it('refines the most discrepant screened point on fresh streams, at its own threshold, with a smaller error bar', async () => {
    const cand = parseCandidate(example('planted-tau-window.txt'));
    const v = await judge(cand, {
      seed: 1,
      budgetSeconds: BUDGET,
      ladder: 'small',
      workers: 1,
      maxSimPoints: 3,
      refinements: 1,
      slotSeconds: 4,
      exhaustive: true,
    });
    const screened = v.evidence.filter((e) => e.stage === 'screen');
    const refined = v.evidence.filter((e) => e.stage === 'refine');
    expect(screened).toHaveLength(3);
    expect(refined).toHaveLength(1);
    const r = refined[0]!;
    const towardsFailing = (e: Evidence) => Math.abs(e.z!) - e.zCritical!;
    const worst = screened.reduce((a, b) => (towardsFailing(b) > towardsFailing(a) ? b : a));
    expect(r.point).toEqual(worst.point);
    expect(r.seed).toBe(pointSeed(1, 'refine 1'));
    expect(r.seed).not.toBe(worst.seed);
    // Thresholds: half the family level over the 4 planned tau-limit and 3 screening comparisons, half over 1 refinement.
    expect(worst.zCritical).toBeCloseTo(bonferroniZ(4 + 3, FAMILY_ALPHA / 2), 12);
    expect(r.zCritical).toBeCloseTo(bonferroniZ(1, FAMILY_ALPHA / 2), 12);
    expect(r.stderr!).toBeLessThan(worst.stderr!);
    expect(r.detectable!).toBeLessThan(worst.detectable!);
    expect(r.detail).toMatch(/refinement 1 of 1 \(fresh streams/);
    expect(v.strength.refinements).toBe(1);
    expect(v.strength.hardest?.detectable).toBe(r.detectable);
    expect(v.strength.summary).toMatch(/where it looked hardest/);
  }, 120_000);

  it('an early decisive failure stops the run and says so (not "budget too small")', async () => {
    const v = await judge(parseCandidate(example('mutant-dropped-tau.txt')), {
      seed: 1,
      budgetSeconds: BUDGET,
      ladder: 'small',
      workers: 1,
      refinements: 2,
      slotSeconds: 6,
    });
    expect(v.verdict).toBe('reject');
    expect(v.strength.stopReason).toBe('decisive failure');
    expect(v.strength.summary).toMatch(/stopped at a decisive failure/);
    expect(v.strength.summary).not.toMatch(/too small/);
    expect(v.strength.refinements).toBe(0);
  });
});

describe('a candidate at its threshold is inconclusive, end to end', () => {
  // One design point (every parameter fixed), no tau -> inf check (tau is bounded): the verdict rests on
  // one screening simulation. The candidate is the true e^ICL times (1 + delta), delta placing its z at
  // the threshold plus k: k = -1 accepts, 0 is inconclusive, +1 rejects.
  const domain = 'domain: alpha = 1, kappa = 0.5, tau = 0.5, rho = 0.1, lambda = 0.1';
  const withFactor = (f: string) =>
    example('eICL-unified.txt')
      .replace('target: eICL', `target: eICL\n${domain}`)
      .replace(/^expr = (.*)$/m, `e0 = $1\nexpr = e0*(${f})`);

  it('judge and the CLI (exit 3, JSON verdict "inconclusive")', async () => {
    const opts = { seed: 5, budgetSeconds: 60, workers: 1 };
    const base = await judge(parseCandidate(withFactor('1')), opts);
    const sim = base.evidence.find((e) => e.stage === 'screen')!;
    expect(base.evidence.filter((e) => e.stage === 'screen')).toHaveLength(1);
    const truth = sim.candidate!;
    const verdicts: string[] = [];
    for (const k of [-1, 0, 1]) {
      const delta = (sim.expected! + (sim.zCritical! + k) * sim.stderr!) / truth - 1;
      const v = await judge(parseCandidate(withFactor(`1 + ${delta.toPrecision(17)}`)), opts);
      verdicts.push(v.verdict);
      if (k === 0) {
        const dir = mkdtempSync(join(tmpdir(), 'icl-inconclusive-'));
        const file = join(dir, 'at-threshold.txt');
        writeFileSync(file, withFactor(`1 + ${delta.toPrecision(17)}`));
        const run = (...a: string[]) =>
          cli('check-formula', file, '--seed', '5', '--budget-seconds', '60', '--workers', '1', ...a);
        const json = run('--json');
        expect(json.status, json.stderr).toBe(3);
        expect(JSON.parse(json.stdout).verdict).toBe('inconclusive');
        const text = run();
        expect(text.status).toBe(3);
        expect(text.stdout.split('\n')[0]).toMatch(/: INCONCLUSIVE/);
        expect(text.stdout).toMatch(/larger --budget-seconds/);
      }
    }
    expect(verdicts).toEqual(['accept', 'inconclusive', 'reject']);
  }, 120_000);
});
