// check-formula's decisions on synthetic evidence (test/support/synthetic.ts: the true theory with a known
// bias and known noise in place of the simulator), so every z is known in advance. What is tested is
// the logic of verdict.ts, plan.ts, classify.ts and prose.ts (screening, refinement, thresholds, margins,
// stop reasons, the strength line), at a speed that lets the mutation run of src/candidate use it
// (stryker.config.mjs).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { bonferroniZ, FAMILY_ALPHA, type Evidence } from '../src/candidate/evidence/evidence.js';
import { clearEvidenceCache } from '../src/candidate/evidence/statistical.js';
import { parseCandidate } from '../src/candidate/parse.js';
import { MARGIN } from '../src/candidate/classify.js';
import { judge } from '../src/candidate/verdict.js';
import { pointSeed } from '../src/numeric/seeds.js';

const { syntheticSimulateModule, syntheticPopulationModule, example, BUDGET } = await vi.hoisted(
  () => import('./support/synthetic.js'),
);
vi.mock('../src/sim/simulate.js', (orig) => syntheticSimulateModule(orig));
vi.mock('../src/candidate/evidence/populationOptimum.js', (orig) => syntheticPopulationModule(orig));

beforeEach(clearEvidenceCache);

/** One design point: every parameter fixed and τ bounded (no τ → ∞ evidence), the verdict rests on its simulations. */
const ONE_POINT = 'domain: alpha = 1, kappa = 0.5, tau = 0.5, rho = 0.1, lambda = 0.1';
const scaled = (factor: string, domain = ONE_POINT) =>
  parseCandidate(
    example('eICL-unified.txt')
      .replace('target: eICL', `target: eICL\n${domain}`)
      .replace(/^expr = (.*)$/m, `e0 = $1\nexpr = e0*(${factor})`),
  );
const screenOf = (ev: readonly Evidence[]) => ev.filter((e) => e.stage === 'screen');
const refineOf = (ev: readonly Evidence[]) => ev.filter((e) => e.stage === 'refine');

describe('the true e^ICL on synthetic evidence', () => {
  it('is accepted after screening every point and every planned refinement, and the strength line says so', async () => {
    const v = await judge(parseCandidate(example('eICL-unified.txt')), {
      seed: 3,
      budgetSeconds: BUDGET,
      ladder: 'full',
      workers: 2,
      maxSimPoints: 6,
      refinements: 2,
    });
    expect(v.verdict).toBe('accept');
    const screen = screenOf(v.evidence);
    const refine = refineOf(v.evidence);
    expect(screen).toHaveLength(6);
    expect(refine).toHaveLength(2);
    expect(v.strength.screened).toBe(6);
    expect(v.strength.refinementsPlanned).toBe(2);
    expect(v.strength.refinements).toBe(2);
    expect(v.strength.stopReason).toBe('plan done');
    // Thresholds: half the family level over the τ-limit and screening comparisons, half over 2 refinements.
    expect(v.strength.zCritical.screen).toBeCloseTo(bonferroniZ(v.strength.tauLimitPoints + 6, FAMILY_ALPHA / 2), 12);
    expect(v.strength.zCritical.refine!).toBeCloseTo(bonferroniZ(2, FAMILY_ALPHA / 2), 12);
    for (const e of [...screen, ...refine]) expect(Math.abs(e.z!)).toBeLessThan(e.zCritical! - MARGIN);
    // Refinements look at the screened points furthest towards failing, on fresh streams and a longer ladder.
    const towardsFailing = (e: Evidence) => Math.abs(e.z!) - e.zCritical!;
    const bySeed = (k: number) => refine.find((r) => r.seed === pointSeed(3, `refine ${k}`))!;
    const [worst, second] = [...screen].sort((a, b) => towardsFailing(b) - towardsFailing(a));
    expect(bySeed(1).point).toEqual(worst!.point);
    expect(bySeed(2).point).toEqual(second!.point);
    for (const r of refine) {
      const s = screen.find((e) => JSON.stringify(e.point) === JSON.stringify(r.point))!;
      expect(s.superseded).toBe(true);
      expect(r.stderr!).toBeLessThan(s.stderr! / 2);
    }
    expect(v.strength.hardest!.detectable).toBe(Math.min(...refine.map((r) => r.detectable!)));
    expect(v.strength.summary).toMatch(/where it looked hardest/);
  });
});

describe('verdicts set by the distance to the threshold', () => {
  const opts = { seed: 5, budgetSeconds: BUDGET, ladder: 'full' as const, workers: 2, refinements: 0 };

  it('screening alone: k = -1, 0, +1 standard errors from the threshold accept, are inconclusive, reject', async () => {
    const base = await judge(scaled('1'), opts);
    const s = screenOf(base.evidence);
    expect(s).toHaveLength(1);
    const e = s[0]!;
    expect(base.verdict).toBe('accept');
    expect(base.strength.stopReason).toBe('plan done');
    const verdicts: string[] = [];
    for (const k of [-1, 0, 1]) {
      const delta = (e.expected! + (e.zCritical! + k) * e.stderr!) / e.candidate! - 1;
      const v = await judge(scaled(`1 + ${delta.toPrecision(17)}`), opts);
      expect(screenOf(v.evidence)[0]!.z!).toBeCloseTo(e.zCritical! + k, 8);
      verdicts.push(v.verdict);
    }
    expect(verdicts).toEqual(['accept', 'inconclusive', 'reject']);
  });

  it('a deviation the screening passes is rejected by the refinement of that point', async () => {
    const base = await judge(scaled('1'), { ...opts, refinements: 1 });
    const e = screenOf(base.evidence)[0]!;
    const r = refineOf(base.evidence)[0]!;
    expect(r.stderr!).toBeLessThan(e.stderr! / 2);
    // z = threshold − 1 at the screening: within the acceptance region there, far beyond it after refining.
    const delta = (e.expected! + (e.zCritical! - 1) * e.stderr!) / e.candidate! - 1;
    const v = await judge(scaled(`1 + ${delta.toPrecision(17)}`), { ...opts, refinements: 1 });
    const screened = screenOf(v.evidence)[0]!;
    const refined = refineOf(v.evidence)[0]!;
    expect(screened.pass).toBe(true);
    expect(refined.pass).toBe(false);
    expect(Math.abs(refined.z!)).toBeGreaterThan(refined.zCritical! + MARGIN);
    expect(v.verdict).toBe('reject');
    expect(v.evidence[0]).toBe(refined);
    expect(v.strength.stopReason).toBe('decisive failure');
  });

  it("planted fault 'refine-threshold-2x': a deviation only the refinement decides escapes when its threshold is doubled", async () => {
    const base = await judge(scaled('1'), { ...opts, refinements: 1 });
    const e = screenOf(base.evidence)[0]!;
    const r = refineOf(base.evidence)[0]!;
    const zRefine = bonferroniZ(1, FAMILY_ALPHA / 2);
    expect(r.zCritical).toBe(zRefine);
    // Refined z = 4.2: beyond zRefine + MARGIN (3.31), below 2 zRefine - MARGIN (5.12).
    const delta = (r.expected! + 4.2 * r.stderr!) / r.candidate! - 1;
    const planted = scaled(`1 + ${delta.toPrecision(17)}`);
    const v = await judge(planted, { ...opts, refinements: 1 });
    expect(Math.abs(screenOf(v.evidence)[0]!.z!)).toBeLessThan(e.zCritical! - MARGIN);
    expect(refineOf(v.evidence)[0]!.z!).toBeCloseTo(4.2, 8);
    expect(v.verdict).toBe('reject');
    // The same judgement with the fault switched on (read when the module loads: a fresh import).
    vi.resetModules();
    vi.stubEnv('ICL_VERIFY_FAULT', 'refine-threshold-2x');
    try {
      const faulted = await import('../src/candidate/verdict.js');
      const f = await faulted.judge(planted, { ...opts, refinements: 1 });
      expect(refineOf(f.evidence)[0]!.zCritical).toBe(2 * zRefine);
      expect(refineOf(f.evidence)[0]!.z!).toBeCloseTo(4.2, 8);
      expect(f.verdict).toBe('accept');
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it('a refinement that ends within the margin of its threshold is refined again, and the second refinement decides', async () => {
    const base = await judge(scaled('1'), { ...opts, refinements: 2 });
    const first = (ev: readonly Evidence[]) => refineOf(ev).find((r) => r.seed === pointSeed(5, 'refine 1'))!;
    const r1 = first(base.evidence);
    const delta = (r1!.expected! + r1!.zCritical! * r1!.stderr!) / r1!.candidate! - 1;
    const v = await judge(scaled(`1 + ${delta.toPrecision(17)}`), { ...opts, refinements: 2 });
    expect(refineOf(v.evidence)).toHaveLength(2);
    const a = first(v.evidence);
    const b = refineOf(v.evidence).find((r) => r !== a)!;
    expect(a.z!).toBeCloseTo(a.zCritical!, 8);
    // The only open point is refined again on its own fresh streams; the second result stands.
    expect(b.point).toEqual(a.point);
    expect(b.seed).toBe(pointSeed(5, 'refine 2'));
    const excessB = Math.abs(b.z!) - b.zCritical!;
    expect(v.verdict).toBe(excessB > MARGIN ? 'reject' : excessB >= -MARGIN ? 'inconclusive' : 'accept');
  });

  it('a candidate 20% off everywhere is rejected at the first screened point and the run stops there', async () => {
    const v = await judge(
      parseCandidate(example('eICL-unified.txt').replace(/^expr = (.*)$/m, 'e0 = $1\nexpr = 1.2*e0')),
      { seed: 2, budgetSeconds: BUDGET, ladder: 'full', workers: 2, maxSimPoints: 6, refinements: 2 },
    );
    expect(v.verdict).toBe('reject');
    expect(v.strength.stopReason).toBe('decisive failure');
    expect(v.strength.refinements).toBe(0);
    expect(v.strength.summary).toMatch(/stopped at a decisive failure/);
    expect(v.evidence[0]!.pass).toBe(false);
  });
});
