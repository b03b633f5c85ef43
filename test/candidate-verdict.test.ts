// check-formula's judgement (src/candidate/verdict.ts) and its statistical evidence
// (src/candidate/evidence/statistical.ts) on synthetic evidence (test/support/synthetic.ts), against
// what docs/check-formula.md documents: the plan of ladders and refinements, the thresholds, the
// budget shares, the stop reasons and the strength line the user reads. Budgets are checked on a fake
// clock (performance.now advanced by the synthetic simulator or by the progress callback), so which
// points run is known exactly and never depends on the machine.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bonferroniZ, FAMILY_ALPHA, type Evidence } from '../src/candidate/evidence/evidence.js';
import {
  clearEvidenceCache,
  simulable,
  simulationEvidence,
  statisticalTarget,
  tauLimitEvidence,
  type SimLadder,
} from '../src/candidate/evidence/statistical.js';
import { compile } from '../src/candidate/compile.js';
import { designPoints, formatPoint, paramsOf, type DesignPoint } from '../src/candidate/design.js';
import { parseCandidate } from '../src/candidate/parse.js';
import { classify, MARGIN } from '../src/candidate/classify.js';
import { GUARD, REFERENCE_WORKERS } from '../src/candidate/plan.js';
import { judge, type Verdict } from '../src/candidate/verdict.js';
import { fp } from '../src/numeric/context.js';
import { allocate, MIN_REPLICATES, replicateSeconds } from '../src/sim/ladder/ladder.js';
import { pointSeed } from '../src/numeric/seeds.js';
import { simulate } from '../src/sim/simulate.js';
import { populationLimit } from '../src/candidate/evidence/populationOptimum.js';
import { theoryValues } from '../src/theory/evaluate.js';

const { syntheticSimulateModule, syntheticPopulationModule, REL, example, BUDGET, knobs } = await vi.hoisted(
  () => import('./support/synthetic.js'),
);
vi.mock('../src/sim/simulate.js', (orig) => syntheticSimulateModule(orig));
vi.mock('../src/candidate/evidence/populationOptimum.js', (orig) => syntheticPopulationModule(orig));

beforeEach(clearEvidenceCache);

const ONE_POINT = 'alpha = 1, kappa = 0.5, tau = 0.5, rho = 0.1, lambda = 0.1';
/** Screening only, on the small ladder, with the budget that never binds. */
const screenOnly = (seed: number, extra: Partial<Parameters<typeof judge>[1]> = {}) => ({
  seed,
  budgetSeconds: BUDGET,
  ladder: 'small' as const,
  workers: 2,
  refinements: 0,
  ...extra,
});
/** A candidate file with a domain; `factor` multiplies the example's formula. */
const cand = (file: string, domain?: string, factor?: string) => {
  let src = example(file);
  const target = /^target: (\w+)$/m.exec(src)![0];
  if (domain !== undefined) src = src.replace(/^domain:.*$/m, '').replace(target, `${target}\ndomain: ${domain}`);
  if (factor !== undefined) src = src.replace(/^expr = (.*)$/m, `e0 = $1\nexpr = e0*(${factor})`);
  return parseCandidate(src);
};
const eICL = (domain?: string, factor?: string) => cand('eICL-unified.txt', domain, factor);
const pct = (v: number) => `${(100 * v).toPrecision(2)}%`;
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const rel = (e: Evidence) => e.stderr! / Math.abs(e.expected!);
const screenOf = (v: Verdict) => v.evidence.filter((e) => e.stage === 'screen');
const refineOf = (v: Verdict) => v.evidence.filter((e) => e.stage === 'refine');
const tauOf = (v: Verdict) => v.evidence.filter((e) => e.kind === 'tau-limit');
const excess = (e: Evidence) => Math.abs(e.z ?? Infinity) - (e.zCritical ?? 0);
const exactPart = (v: Verdict) => `${v.strength.exactChecks} exact check(s) at 50 digits`;
const screenPart = (v: Verdict) => {
  const s = screenOf(v);
  return (
    `screening: ${s.length} of ${v.strength.simulable} simulable point(s), median error ` +
    `bar ${pct(median(s.map(rel)))}, median detectable deviation ${pct(median(s.map((e) => e.detectable!)))}`
  );
};
const tauPart = (v: Verdict) => {
  const t = tauOf(v);
  return (
    `${t.length} tau -> inf point(s), median error bar ${pct(median(t.map(rel)))}: a ` +
    `wrong limit by more than ~${pct(median(t.map((e) => e.detectable!)))} would be caught`
  );
};
const NO_REFINEMENT = 'no refinement (budget under 120 s or the small ladder)';
/** The strength line of a plan that screened without refinement on a domain that bounds τ. */
const boundedTauScreenSummary = (v: Verdict) =>
  [
    exactPart(v),
    'no tau -> inf check (the domain bounds tau)',
    screenPart(v),
    NO_REFINEMENT,
    'the whole plan run',
  ].join('; ');
const SCREEN_LABEL = /extrapolated with a\+b\/d \(Birge-scaled(, curvature term)?\)$/;

// A fake clock: performance.now() returns `clock` (ms); every synthetic simulation of one d advances it
// by `simSeconds` (knobs.onSimulate), and the progress callback can advance it too.
let clock = 0;
let simSeconds = 0;
let restore: (() => void) | undefined;
function fakeClock(secondsPerSimulation: number) {
  clock = 0;
  simSeconds = secondsPerSimulation;
  const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
  knobs.onSimulate = () => {
    clock += 1000 * simSeconds;
  };
  restore = () => {
    knobs.onSimulate = undefined;
    now.mockRestore();
  };
}
afterEach(() => {
  restore?.();
  restore = undefined;
});
const progress = (perMessage = 0) => {
  const messages: string[] = [];
  return {
    messages,
    onProgress: (m: string) => {
      messages.push(m);
      clock += 1000 * perMessage;
    },
  };
};

describe('classify: decisive, inconclusive and accepted evidence', () => {
  const stat = (z: number, zCritical: number, extra: Partial<Evidence> = {}): Evidence => ({
    kind: 'simulation',
    name: 'sim',
    pass: Math.abs(z) <= zCritical,
    candidate: 1,
    expected: 1,
    stderr: 0.01,
    z,
    zCritical,
    detail: '',
    ...extra,
  });
  it('reads the margin around the threshold', () => {
    expect(classify([stat(1, 3)])).toBe('accept');
    expect(classify([stat(3 - MARGIN - 0.01, 3)])).toBe('accept');
    expect(classify([stat(3 - MARGIN + 0.01, 3)])).toBe('inconclusive');
    expect(classify([stat(-(3 + MARGIN - 0.01), 3)])).toBe('inconclusive');
    expect(classify([stat(3 + MARGIN + 0.01, 3)])).toBe('reject');
    expect(classify([stat(1, 3), { kind: 'limit', name: 'x', pass: false, candidate: 1, detail: '' }])).toBe('reject');
  });
  it('exactly MARGIN from the threshold, on either side, is inconclusive (docs: "within 0.5 of its threshold")', () => {
    expect(MARGIN).toBe(0.5);
    expect(classify([stat(3.5, 3)])).toBe('inconclusive');
    expect(classify([stat(-3.5, 3)])).toBe('inconclusive');
    expect(classify([stat(2.5, 3)])).toBe('inconclusive');
    expect(classify([stat(-2.5, 3)])).toBe('inconclusive');
  });
  it('a refinement supersedes its screening result; a decisive one stands', () => {
    expect(classify([stat(3.2, 3, { superseded: true }), stat(0.5, 3.2, { stage: 'refine' })])).toBe('accept');
    expect(classify([stat(9, 3, { superseded: true }), stat(0.5, 3.2, { stage: 'refine' })])).toBe('accept');
    expect(classify([stat(3.2, 3), stat(0.5, 3.2, { stage: 'refine' })])).toBe('inconclusive');
    expect(classify([stat(9, 3), stat(0.5, 3.2, { stage: 'refine' })])).toBe('reject');
  });
});

describe('the plan: ladders, refinements and thresholds', () => {
  it('one screened point, no refinement: texts of the evidence and the strength line', async () => {
    const { messages, onProgress } = progress();
    const v = await judge(eICL(ONE_POINT), screenOnly(5, { onProgress }));
    expect(v.verdict).toBe('accept');
    const [e, ...rest] = screenOf(v);
    expect(rest).toHaveLength(0);
    expect(e!.kind).toBe('simulation');
    expect(e!.name).toBe('simulation d -> inf at alpha=1 kappa=0.5 tau=0.5 rho=0.1 lambda=0.1');
    // Screening extrapolates with a + b/d by weighted least squares (docs): the intercept of that fit to the ladder's means.
    const rows = await Promise.all(
      [8, 16, 24, 32].map((d) =>
        simulate({ alpha: 1, kappa: 0.5, tau: 0.5, rho: 0.1, lambda: 0.1, d, replicates: 6, seed: 5, workers: 2 }),
      ),
    );
    const w = rows.map((r) => 1 / r.eICL.stderr! ** 2);
    const x = rows.map((r) => 1 / r.d);
    const y = rows.map((r) => r.eICL.mean);
    const sum = (f: (i: number) => number) => w.reduce((a, _, i) => a + f(i), 0);
    const [S, Sx, Sy, Sxx, Sxy] = [
      sum((i) => w[i]!),
      sum((i) => w[i]! * x[i]!),
      sum((i) => w[i]! * y[i]!),
      sum((i) => w[i]! * x[i]! ** 2),
      sum((i) => w[i]! * x[i]! * y[i]!),
    ];
    expect(e!.expected).toBeCloseTo((Sxx * Sy - Sx * Sxy) / (S * Sxx - Sx * Sx), 12);
    expect(e!.detail).toMatch(/^simulated at d = 8, 16, 24, 32 \(6 replicates each\), seed 5, /);
    expect(e!.detail).toMatch(SCREEN_LABEL);
    expect(e!.zCritical).toBe(bonferroniZ(1, FAMILY_ALPHA));
    expect(v.strength.zCritical).toEqual({ screen: bonferroniZ(1, FAMILY_ALPHA), refine: null });
    expect(v.strength.stopReason).toBe('plan done');
    expect(v.strength.summary).toBe(boundedTauScreenSummary(v));
    const exact = v.strength.exactChecks;
    expect(messages).toEqual([`exact checks: ${exact}/${exact} pass`, 'screening 1/1: pass (0.0 s)']);
    // Ordering: the statistical result first, the passing exact checks after it.
    expect(v.evidence[0]).toBe(e);
    expect(v.evidence.slice(1).every((x) => x.zCritical === undefined && x.pass)).toBe(true);
  });

  it('without a ladder option the budget decides: 120 s and more take the full ladder and refine (one 45 s slot per 100 s)', async () => {
    const at = (budgetSeconds: number) => judge(eICL(ONE_POINT), { seed: 5, budgetSeconds, workers: 2 });
    const full = await at(120);
    expect(screenOf(full)[0]!.detail).toMatch(/^simulated at d = 16, 24, 32, 40 \(8 replicates each\)/);
    expect(full.strength.refinementsPlanned).toBe(1);
    expect(full.strength.zCritical).toEqual({
      screen: bonferroniZ(1, FAMILY_ALPHA / 2),
      refine: bonferroniZ(1, FAMILY_ALPHA / 2),
    });
    const small = await at(119);
    expect(screenOf(small)[0]!.detail).toMatch(/^simulated at d = 8, 16, 24, 32 \(6 replicates each\)/);
    expect(small.strength.refinementsPlanned).toBe(0);
    expect(small.strength.summary).toContain(NO_REFINEMENT);
    // The documented default budget (300 s) plans three refinements.
    const dflt = await at(300);
    expect(dflt.strength.refinementsPlanned).toBe(3);
    expect(dflt.strength.zCritical.refine).toBe(bonferroniZ(3, FAMILY_ALPHA / 2));
  });

  it('an explicit ladder overrides the budget', async () => {
    const full = await judge(eICL(ONE_POINT), {
      seed: 5,
      budgetSeconds: 60,
      workers: 2,
      ladder: 'full',
      refinements: 0,
    });
    expect(screenOf(full)[0]!.detail).toMatch(/^simulated at d = 16, 24, 32, 40 \(8 replicates each\)/);
    const small = await judge(eICL(ONE_POINT), { seed: 5, budgetSeconds: BUDGET, workers: 2, ladder: 'small' });
    expect(screenOf(small)[0]!.detail).toMatch(/^simulated at d = 8, 16, 24, 32 \(6 replicates each\)/);
    expect(small.strength.refinementsPlanned).toBe(0);
  });

  it('tau free: one tau -> inf point per (alpha, kappa, rho, lambda), on the population ladder of each plan', async () => {
    const domain = 'alpha = 1, kappa = 0.5, rho = 0.1, lambda = 0.1';
    expect(designPoints(eICL(domain), 5)).toHaveLength(2);
    const { messages, onProgress } = progress();
    const v = await judge(eICL(domain), screenOnly(5, { onProgress }));
    const [t, ...more] = tauOf(v);
    expect(more).toHaveLength(0);
    expect(t!.name).toBe('tau -> inf limit at alpha=1 kappa=0.5 tau=inf rho=0.1 lambda=0.1');
    expect(t!.point!.tau).toBe(1e10);
    expect(t!.detail).toMatch(
      /^population optimum \(tau = inf\) at d = 32, 48, 64, 96, 128 \(4 task draw\(s\) each, seed 5\), extrapolated with a\+b\/d\+c\/d\^2 .*; candidate at tau = 1e10$/,
    );
    expect(screenOf(v)).toHaveLength(2);
    // Bonferroni over 1 tau-limit and 2 screening comparisons, the whole family level (no refinement).
    for (const e of v.evidence.filter((x) => x.zCritical !== undefined))
      expect(e.zCritical).toBe(bonferroniZ(3, FAMILY_ALPHA));
    expect(v.strength.summary).toBe(
      [exactPart(v), tauPart(v), screenPart(v), NO_REFINEMENT, 'the whole plan run'].join('; '),
    );
    expect(messages.filter((m) => m.startsWith('tau'))).toEqual(['tau -> inf 1/1: pass']);
    // Statistical results by how far they are towards failing, then the exact checks.
    const stat = v.evidence.slice(0, 3);
    expect(stat.every((e) => e.zCritical !== undefined)).toBe(true);
    for (let i = 1; i < 3; i++) expect(excess(stat[i - 1]!)).toBeGreaterThanOrEqual(excess(stat[i]!));
    const full = await judge(eICL(domain), {
      seed: 5,
      budgetSeconds: BUDGET,
      ladder: 'full',
      workers: 2,
      refinements: 0,
    });
    expect(tauOf(full)[0]!.detail).toMatch(
      /^population optimum \(tau = inf\) at d = 48, 64, 96, 128, 192, 256 \(6 task draw\(s\) each, seed 5\)/,
    );
  });

  it('kappa free: three screened points (kappa < 1, > 1, inf), each simulated at its own kappa; odd median', async () => {
    const v = await judge(eICL('alpha = 1, tau = 0.5, rho = 0.1, lambda = 0.1'), screenOnly(7));
    const s = screenOf(v);
    expect(s.map((e) => e.point!.kappa).sort()).toHaveLength(3);
    expect(s.some((e) => e.point!.kappa === Infinity)).toBe(true);
    for (const e of s) expect(e.pass).toBe(true);
    expect(new Set(s.map((e) => e.expected)).size).toBe(3);
    expect(v.verdict).toBe('accept');
    expect(v.strength.summary).toBe(boundedTauScreenSummary(v));
    for (let i = 1; i < 3; i++) expect(excess(v.evidence[i - 1]!)).toBeGreaterThanOrEqual(excess(v.evidence[i]!));
  });

  it('eIDG and gTask are simulated too (statistical targets); M and epsilon are not', async () => {
    expect(['eICL', 'eIDG', 'gTask', 'M', 'epsilon'].map((t) => statisticalTarget(t as never))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    for (const f of ['eIDG-unified.txt', 'gTask-unified.txt']) {
      const v = await judge(cand(f, ONE_POINT), screenOnly(5));
      expect(v.verdict, f).toBe('accept');
      expect(screenOf(v), f).toHaveLength(1);
    }
  });

  it('the strength line gives medians over the screened points (gTask: error bars differ between points)', async () => {
    const v = await judge(
      cand('gTask-unified.txt', 'tau = 0.5, rho = 0.1, kappa = 0.5'),
      screenOnly(8, { maxSimPoints: 3 }),
    );
    // In screening order (the design's), the middle point is not the median one.
    const s = v.design
      .map((p) => screenOf(v).find((e) => formatPoint(e.point!) === formatPoint(p)))
      .filter((e) => e !== undefined);
    expect(s).toHaveLength(3);
    const middle = (a: number[]) => [...a].sort((x, y) => x - y)[1];
    expect(rel(s[1]!)).not.toBe(middle(s.map(rel)));
    expect(s[1]!.detectable).not.toBe(middle(s.map((e) => e.detectable!)));
    expect(v.strength.screenMedianRelStderr).toBe(middle(s.map(rel)));
    expect(v.strength.screenMedianDetectable).toBe(middle(s.map((e) => e.detectable!)));
    expect(v.strength.summary).toBe(boundedTauScreenSummary(v));
    expect(v.strength.summary).toContain('screening: 3 of 4 simulable point(s)');
  });

  it('no simulable point (tau >= 12: n = tau d^2 above 16000 at d = 40): no refinement planned, the tau limit alone', async () => {
    const v = await judge(eICL('alpha = 1, kappa = 0.5, rho = 0.1, lambda = 0.1, tau >= 12'), {
      seed: 5,
      budgetSeconds: BUDGET,
      ladder: 'full',
      workers: 2,
      refinements: 2,
    });
    expect(v.design).toHaveLength(1);
    expect(v.strength.simulable).toBe(0);
    expect(v.strength.refinementsPlanned).toBe(0);
    expect(v.strength.zCritical).toEqual({ screen: bonferroniZ(1, FAMILY_ALPHA), refine: null });
    expect(tauOf(v)).toHaveLength(1);
    expect(v.strength.stopReason).toBe('no simulation');
    expect(v.strength.summary).toBe(
      [exactPart(v), tauPart(v), 'no simulation (no simulable point in the domain)', 'no simulation'].join('; '),
    );
  });
});

describe('the plan: fixed before any simulation by the budget and the cost model, never by the clock', () => {
  // tau = 6, alpha = 1, kappa and lambda free: every point costs the same on the cost model (it reads
  // l = alpha d and n = tau d^2 only), c = sum over the small ladder of 6 replicates x replicateSeconds.
  const SIX = 'alpha = 1, tau = 6, rho = 0.1';
  const TWELVE = 'alpha = 1, tau = 6';
  const perPoint = () =>
    [8, 16, 24, 32].reduce(
      (a, d) => a + 6 * replicateSeconds(d, { alpha: 1, kappa: 0.5, tau: 6, rho: 0.1, lambda: 0.1 }),
      0,
    );
  const strip = (v: Verdict) => JSON.stringify({ ...v, seconds: undefined, phases: undefined });

  it('a budget of B reference seconds screens floor(B / c) equal-cost points, in the design order', async () => {
    const c = perPoint();
    expect(designPoints(eICL(SIX), 3)).toHaveLength(6);
    for (const k of [1, 3, 5]) {
      const v = await judge(eICL(SIX), { seed: 3, budgetSeconds: k * c * (1 + 1e-9), ladder: 'small', refinements: 0 });
      expect(screenOf(v)).toHaveLength(k);
      expect(v.plan.screenPoints).toBe(k);
      expect(v.plan.referenceSeconds.screen).toBeCloseTo(k * c, 12);
      // The first k points of the design, in its coverage order.
      expect(
        screenOf(v)
          .map((e) => formatPoint(e.point!))
          .sort(),
      ).toEqual(
        designPoints(eICL(SIX), 3)
          .slice(0, k)
          .map((p) => formatPoint(p))
          .sort(),
      );
      const under = await judge(eICL(SIX), {
        seed: 3,
        budgetSeconds: k * c * (1 - 1e-9),
        ladder: 'small',
        refinements: 0,
      });
      expect(screenOf(under)).toHaveLength(k - 1);
    }
  });

  it('a slow machine (fake clock: 30 s per simulated d) and one worker give byte-identical evidence', async () => {
    const opts = { seed: 3, budgetSeconds: 4 * perPoint(), ladder: 'small' as const, refinements: 0 };
    const quick = await judge(eICL(SIX), { ...opts, workers: 2, guard: { wallSeconds: 1e6 } });
    clearEvidenceCache();
    fakeClock(30);
    const slow = await judge(eICL(SIX), { ...opts, workers: 1, guard: { wallSeconds: 1e6 } });
    expect(slow.seconds).toBe(4 * 4 * 30);
    expect(screenOf(slow)).toHaveLength(4);
    expect(strip(slow)).toBe(strip(quick));
  });

  it('the guard: past 4 x 2 x budget + 60 CPU seconds or 20 x budget + 600 wall seconds the run stops, inconclusive, with the evidence so far', async () => {
    expect(GUARD).toEqual({ cpuFactor: 4, floor: 60, wallFactor: 20, wallFloor: 600 });
    // Wall: budget 10 s, limit 800 s. 100 s per simulated d, 400 s a point: points start at 0, 400 and
    // 800 s (not past the limit); the fourth would start at 1200 s.
    fakeClock(100);
    const v = await judge(eICL(SIX), { seed: 3, budgetSeconds: 10, ladder: 'small', refinements: 0 });
    expect(v.plan.guard).toEqual({ cpuSeconds: 140, wallSeconds: 800 });
    expect(v.plan.screenPoints).toBe(6);
    expect(screenOf(v)).toHaveLength(3);
    expect(v.verdict).toBe('inconclusive');
    expect(v.strength.stopReason).toBe('out of time');
    const sofar =
      `evidence so far: ${v.strength.exactChecks} exact check(s), 0 of 0 ` +
      `tau -> inf point(s), 3 of 6 screened point(s), 0 of 0 refinement(s)`;
    const planned = `the plan (${v.plan.referenceSeconds.total.toFixed(0)} reference seconds)`;
    expect(v.reason).toBe(
      `ran out of time: ${planned} did not finish within 800 wall seconds (20 x budget + 600); ${sofar}`,
    );
    expect(v.strength.summary.endsWith('; stopped by the wall-clock guard')).toBe(true);
    // A decisive failure found before the guard still rejects: the whole plan would have stopped there too.
    clearEvidenceCache();
    const wrong = await judge(eICL(SIX, '1.5'), { seed: 3, budgetSeconds: 10, ladder: 'small', refinements: 0 });
    expect(wrong.verdict).toBe('reject');
    expect(wrong.reason).toBeUndefined();
    restore!();
    restore = undefined;
    // CPU: a fake CPU counter advanced by 50 s per simulated d (the wall clock stands still); 140 s of
    // CPU are passed after the first point (200 s), so only one point runs.
    clearEvidenceCache();
    let cpu = 0;
    const usage = vi.spyOn(process, 'cpuUsage').mockImplementation(((start?: NodeJS.CpuUsage) => ({
      user: cpu - (start?.user ?? 0),
      system: 0,
    })) as typeof process.cpuUsage);
    knobs.onSimulate = () => {
      cpu += 50e6;
    };
    try {
      const c = await judge(eICL(SIX), { seed: 3, budgetSeconds: 10, ladder: 'small', refinements: 0 });
      expect(screenOf(c)).toHaveLength(1);
      expect(c.reason).toBe(
        `ran out of time: ${planned} did not finish within 140 CPU seconds (4 x 2 ` +
          `x budget + 60); evidence so far: ${c.strength.exactChecks} exact check(s), ` +
          `0 of 0 tau -> inf point(s), 1 of 6 screened point(s), 0 of 0 refinement(s)`,
      );
    } finally {
      usage.mockRestore();
      knobs.onSimulate = undefined;
    }
  });

  it('coverage: below min(24, simulable) screened points the verdict is "budget too small" with the budget that reaches them', async () => {
    const c = perPoint();
    expect(designPoints(eICL(TWELVE), 3)).toHaveLength(12);
    const v = await judge(eICL(TWELVE), { seed: 3, budgetSeconds: 5, ladder: 'small', refinements: 0 });
    const k = Math.floor(5 / c);
    expect(k).toBeLessThan(12);
    expect(screenOf(v)).toHaveLength(k);
    expect(screenOf(v).every((e) => e.pass)).toBe(true);
    expect(v.verdict).toBe('inconclusive');
    const needed = Math.ceil(12 * c);
    expect(v.plan.coverage).toEqual({ points: 12, medianDetectable: 0.25, minBudgetSeconds: needed });
    expect(v.reason).toBe(`budget too small: 5 s screens ${k} of 12 points; use at least ${needed} s`);
    // At that budget every point is screened and the true formula accepted; one second less is too small.
    const at = await judge(eICL(TWELVE), { seed: 3, budgetSeconds: needed, ladder: 'small', refinements: 0 });
    expect(at.verdict).toBe('accept');
    expect(at.reason).toBeUndefined();
    const below = await judge(eICL(TWELVE), { seed: 3, budgetSeconds: needed - 1, ladder: 'small', refinements: 0 });
    expect(below.verdict).toBe('inconclusive');
    // A partial plan fixed by the caller (maxSimPoints) states its own coverage: no rule applied.
    const partial = await judge(eICL(TWELVE), { seed: 3, budgetSeconds: BUDGET, ladder: 'small', maxSimPoints: 2 });
    expect(partial.plan.coverage).toBeNull();
    expect(partial.verdict).toBe('accept');
  });

  it('coverage: with more than 24 simulable points, 24 are required; the minimum budget moves to the full ladder past 119 s', async () => {
    // An unrestricted domain: 48 points. Below 120 s the small ladder; from 120 s the full ladder with
    // 45% of the budget for screening. The minimum budget is the first whole budget whose plan screens 24.
    const cand = eICL();
    const design = designPoints(cand, 1);
    const small = { ds: [8, 16, 24, 32], replicates: 6 };
    const sim = design.filter((p) => simulable(p, small, 16_000));
    expect(sim.length).toBeGreaterThan(24);
    const v = await judge(cand, { seed: 1, budgetSeconds: 5, maxSimPoints: undefined });
    expect(v.plan.coverage!.points).toBe(24);
    const b = v.plan.coverage!.minBudgetSeconds!;
    const at = await judge(cand, { seed: 1, budgetSeconds: b });
    expect(at.plan.screenPoints).toBeGreaterThanOrEqual(24);
    const before = await judge(cand, { seed: 1, budgetSeconds: b - 1 });
    expect(before.plan.screenPoints).toBeLessThan(24);
    expect(before.reason).toMatch(
      new RegExp(`^budget too small: ${b - 1} s screens \\d+ of ${sim.length} points; use at least ${b} s$`),
    );
  });

  it('coverage: an accept needs the median detectable deviation of the screening within the stated bound', async () => {
    // g_task is a difference of two errors: small next to either, its relative error bars are large,
    // and larger where it is smaller (kappa = 6: tasks nearly unlimited, g_task near 0).
    const at = (kappa: number) =>
      judge(cand('gTask-unified.txt', `alpha = 1, tau = 0.5, rho = 0.1, lambda = 0.1, kappa = ${kappa}`), {
        seed: 3,
        budgetSeconds: BUDGET,
        ladder: 'small',
        refinements: 0,
      });
    const ok = await at(0.5);
    expect(ok.plan.coverage!.medianDetectable).toBe(2);
    expect(ok.strength.screenMedianDetectable!).toBeLessThan(2);
    expect(ok.verdict).toBe('accept');
    const weak = await at(6);
    const sd = weak.strength.screenMedianDetectable!;
    expect(sd).toBeGreaterThan(2);
    expect(screenOf(weak).every((e) => e.pass && Math.abs(e.z!) < e.zCritical! - MARGIN)).toBe(true);
    expect(weak.verdict).toBe('inconclusive');
    expect(weak.reason).toBe(
      `evidence too weak: the screening's median detectable deviation is ${pct(sd)}, ` +
        `above the 200% an accept needs; use at least 120 s (the full ladder)`,
    );
  });

  it('nothing screened: "no simulation (budget ... too small)"', async () => {
    const v = await judge(eICL(SIX), { seed: 3, budgetSeconds: 0.1, ladder: 'small', refinements: 0 });
    expect(screenOf(v)).toHaveLength(0);
    expect(v.strength.stopReason).toBe('no simulation');
    expect(v.strength.summary).toBe(
      [
        exactPart(v),
        'no tau -> inf check (the domain bounds tau)',
        'no simulation (budget 0.1 s too small)',
        'no simulation',
      ].join('; '),
    );
    expect(v.verdict).toBe('inconclusive');
  });

  it('with refinements planned, screening gets 45% of the budget and refinements one 45 s slot per 100 s', async () => {
    const c = [16, 24, 32, 40].reduce(
      (a, d) => a + 8 * replicateSeconds(d, { alpha: 1, kappa: 0.5, tau: 6, rho: 0.1, lambda: 0.1 }),
      0,
    );
    const budget = 100 * Math.ceil((3 * c) / 45);
    const v = await judge(eICL(SIX), { seed: 3, budgetSeconds: budget, ladder: 'full' });
    expect(v.plan.refinementsPlanned).toBe(Math.floor((0.45 * budget) / 45));
    expect(v.plan.screenPoints).toBe(Math.min(6, Math.floor((0.45 * budget) / c)));
    expect(refineOf(v)).toHaveLength(v.plan.refinementsPlanned);
    expect(v.plan.referenceSeconds.refine).toBe(45 * v.plan.refinementsPlanned);
    expect(v.strength.stopReason).toBe('plan done');
    expect(v.strength.summary.endsWith('; the whole plan run')).toBe(true);
  });

  it('every planned tau -> inf limit runs whatever the clock (four on the small ladder)', async () => {
    fakeClock(0);
    const { messages, onProgress } = progress(10);
    const v = await judge(eICL('alpha = 1, rho = 0.1, tau > 1'), {
      seed: 3,
      budgetSeconds: 200,
      ladder: 'small',
      refinements: 0,
      maxSimPoints: 0,
      onProgress,
    });
    expect(v.design).toHaveLength(6);
    expect(tauOf(v)).toHaveLength(4);
    expect(v.plan.tauLimitPoints).toBe(4);
    expect(messages.filter((m) => m.startsWith('tau'))).toEqual([1, 2, 3, 4].map((i) => `tau -> inf ${i}/4: pass`));
    expect(v.phases).toEqual({ exact: 0, limits: 40, screen: 0, refine: 0 });
  });
});

describe('refinement ladders', () => {
  // Computed inside the tests (not at import): the mutation run switches mutants between tests.
  const onePoint = () => designPoints(eICL(ONE_POINT), 1)[0]!;
  const floor = (ds: number[]) =>
    ds.reduce((a, d) => a + MIN_REPLICATES * replicateSeconds(d, paramsOf(onePoint())), 0);
  const refineDetail = async (workers: number, slotSeconds: number) => {
    const v = await judge(eICL(ONE_POINT), {
      seed: 5,
      budgetSeconds: BUDGET,
      ladder: 'full',
      workers,
      refinements: 1,
      slotSeconds,
    });
    return refineOf(v)[0]!;
  };
  const expectLadder = (e: Evidence, ds: number[], workers: number, slotSeconds: number) => {
    const point = onePoint();
    const reps = allocate(ds, paramsOf(point), slotSeconds, workers, 'curved').replicates;
    const same = reps.every((r) => r === reps[0]);
    expect(e.name).toBe(`refined simulation d -> inf at ${formatPoint(point)}`);
    expect(e.detail).toBe(
      `refinement 1 of 1 (fresh streams; threshold Bonferroni over the 1 planned): simulated at ` +
        `d = ${ds.join(', ')} (${same ? `${reps[0]} replicates each` : `${reps.join(', ')} replicates`}), ` +
        `seed ${pointSeed(5, 'refine 1')}, extrapolated with a+b/d+c/d^2 (Birge-scaled)`,
    );
  };

  it('the longest ladder whose minimum replicates take at most half the slot on the 2 reference cores; workers change nothing', async () => {
    expect(REFERENCE_WORKERS).toBe(2);
    expect(floor([24, 32, 48, 64, 96])).toBeGreaterThan(floor([24, 32, 48, 64]));
    // Default 45 s slot: the documented d = 24 ... 96, allocated for 2 cores whatever the workers.
    expectLadder(await refineDetail(2, 45), [24, 32, 48, 64, 96], 2, 45);
    clearEvidenceCache();
    expectLadder(await refineDetail(1, 45), [24, 32, 48, 64, 96], 2, 45);
    // A slot whose half on 2 cores equals the second ladder's floor exactly: that ladder still fits.
    const f2 = floor([24, 32, 48, 64]);
    expectLadder(await refineDetail(1, f2), [24, 32, 48, 64], 2, f2);
    clearEvidenceCache();
    expectLadder(await refineDetail(2, f2), [24, 32, 48, 64], 2, f2);
    const reps = allocate([24, 32, 48, 64], paramsOf(onePoint()), f2, 2, 'curved').replicates;
    expect(reps.every((r) => r === reps[0])).toBe(false);
  });

  it('no refinement where every refinement ladder meets the interpolation threshold n = d(d + 1) at lambda = 0', async () => {
    // tau = 49/48: n = tau d^2 = d(d + 1) at d = 48, in every refinement ladder but in no screening one.
    const v = await judge(eICL(`alpha = 1, kappa = 0.5, tau = ${49 / 48}, rho = 0.1, lambda = 0`), {
      seed: 5,
      budgetSeconds: BUDGET,
      ladder: 'full',
      workers: 2,
      refinements: 2,
    });
    expect(screenOf(v)).toHaveLength(1);
    expect(refineOf(v)).toHaveLength(0);
    expect(v.strength.refinementsPlanned).toBe(2);
    expect(v.strength.summary).not.toContain('refinement:');
  });

  it('with --exhaustive a decisive screening failure is refined but its screening result is not superseded', async () => {
    fakeClock(0);
    const { messages, onProgress } = progress();
    const v = await judge(eICL(ONE_POINT, '1.2'), {
      seed: 5,
      budgetSeconds: BUDGET,
      ladder: 'full',
      workers: 2,
      refinements: 1,
      exhaustive: true,
      onProgress,
    });
    expect(messages.slice(1)).toEqual(['screening 1/1: FAIL (0.0 s)', 'refinement 1/1: FAIL (0.0 s)']);
    const s = screenOf(v)[0]!;
    expect(excess(s)).toBeGreaterThan(MARGIN);
    expect(refineOf(v)).toHaveLength(1);
    expect(s.superseded).toBeUndefined();
    expect(v.verdict).toBe('reject');
    // Exact failures first, then statistical results by excess, then passing exact checks.
    const rank = (e: Evidence) => (e.superseded ? 3 : e.zCritical === undefined ? (e.pass ? 2 : 0) : 1);
    const ranks = v.evidence.map(rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });
});

describe('targets without finite-d simulation', () => {
  const M = (x: number, kappa: number) => {
    // Positive root of (x/kappa) M^2 + (x + 1 - 1/kappa) M - 1 = 0.
    const a = x / kappa;
    const b = x + 1 - 1 / kappa;
    return (-b + Math.sqrt(b * b + 4 * a)) / (2 * a);
  };

  it('M: one random-matrix point per (kappa, x), compared with the definition; texts and threshold', async () => {
    const { messages, onProgress } = progress();
    // tau free: two design points, the same (kappa, x = (1 + rho)/alpha = 0.55).
    const v = await judge(cand('M-closed.txt', 'alpha = 2, kappa = 0.5, rho = 0.1, lambda = 0.1'), {
      seed: 5,
      budgetSeconds: BUDGET,
      ladder: 'small',
      workers: 2,
      onProgress,
    });
    expect(v.design).toHaveLength(2);
    const rm = v.evidence.filter((e) => e.kind === 'simulation');
    expect(rm).toHaveLength(1);
    const e = rm[0]!;
    expect(e.name).toBe('random-matrix M_kappa(x) at kappa=0.5 x=0.5500');
    expect(e.detail).toMatch(
      /^\(1\/d\) tr \(R \+ x I\)\^-1 with k = kappa d tasks at d = 32, 48, 64, 96, 128 \(4 draws each, seed 5\), extrapolated with a\+b\/d\+c\/d\^2 .*; x = 0\.550000$/,
    );
    expect(e.candidate).toBeCloseTo(M(0.55, 0.5), 14);
    expect(Math.abs(e.expected! - M(0.55, 0.5))).toBeLessThan(5 * e.stderr!);
    expect(e.zCritical).toBe(bonferroniZ(1, FAMILY_ALPHA));
    expect(v.strength.zCritical).toEqual({ screen: bonferroniZ(1, FAMILY_ALPHA), refine: null });
    expect(v.verdict).toBe('accept');
    expect(v.strength.stopReason).toBe('no simulation');
    expect(v.strength.summary).toBe(
      `${exactPart(v)}; 1 random-matrix point(s) (finite kappa), median error ` +
        `bar ${pct(rel(e))}: a deviation above ~${pct(e.detectable!)} there would be caught`,
    );
    expect(messages.slice(1)).toEqual(['random-matrix M 1/1: pass']);
  });

  it('M: kappa = inf has no random-matrix point; every planned random-matrix point runs whatever the clock', async () => {
    fakeClock(0);
    const { messages, onProgress } = progress(10);
    const v = await judge(cand('M-closed.txt', 'alpha = 2, tau = 0.5, rho = 0.1, lambda = 0.1'), {
      seed: 5,
      budgetSeconds: 20,
      ladder: 'small',
      workers: 2,
      onProgress,
    });
    expect(v.design).toHaveLength(3);
    const rm = v.evidence.filter((e) => e.kind === 'simulation');
    expect(rm).toHaveLength(2);
    for (const e of rm) expect(Number.isFinite(e.point!.kappa)).toBe(true);
    expect(v.plan.resolventPoints).toBe(2);
    expect(messages.slice(1)).toEqual(['random-matrix M 1/2: pass', 'random-matrix M 2/2: pass']);
    expect(v.verdict).toBe('accept');
    // The threshold counts both planned random-matrix comparisons.
    expect(rm[0]!.zCritical).toBe(bonferroniZ(2, FAMILY_ALPHA));
  });

  it('M: at most four random-matrix points on the small ladder (an unrestricted domain has 32 finite-kappa points)', async () => {
    fakeClock(0);
    const { messages, onProgress } = progress(10);
    const v = await judge(cand('M-closed.txt'), {
      seed: 5,
      budgetSeconds: 20,
      ladder: 'small',
      workers: 2,
      onProgress,
    });
    expect(v.design.filter((p) => Number.isFinite(p.kappa))).toHaveLength(32);
    expect(messages.slice(1)).toEqual([1, 2, 3, 4].map((i) => `random-matrix M ${i}/4: pass`));
    expect(v.plan.resolventPoints).toBe(4);
  });

  it('M: an exact failure stops before any random-matrix check', async () => {
    // 1% high: the invariant (the defining quadratic) fails.
    const src = example('M-closed.txt').replace('expr = 2 /', 'expr = 2.02 /');
    const { messages, onProgress } = progress();
    const v = await judge(parseCandidate(src), {
      seed: 5,
      budgetSeconds: BUDGET,
      ladder: 'small',
      workers: 2,
      onProgress,
    });
    const passed = v.evidence.filter((e) => e.pass).length;
    expect(passed).toBeLessThan(v.evidence.length);
    expect(messages).toEqual([`exact checks: ${passed}/${v.evidence.length} pass`]);
    expect(v.verdict).toBe('reject');
    expect(v.evidence.some((e) => e.kind === 'simulation')).toBe(false);
    expect(v.strength.stopReason).toBe('decisive failure');
    expect(v.strength.summary).toBe(`${exactPart(v)}; no random-matrix simulation`);
    // --exhaustive runs the random-matrix check anyway, and it fails too.
    const { messages: m2, onProgress: p2 } = progress();
    await judge(cand('M-closed.txt', 'alpha = 2, kappa = 0.5, tau = 0.5, rho = 0.1, lambda = 0.1', '1.01'), {
      seed: 5,
      budgetSeconds: BUDGET,
      ladder: 'small',
      workers: 2,
      exhaustive: true,
      onProgress: p2,
    });
    expect(m2.slice(1)).toEqual(['random-matrix M 1/1: FAIL']);
  });

  it('epsilon: exact checks only, and the strength line says why', async () => {
    const v = await judge(cand('epsilon-kappa-inf.txt'), {
      seed: 5,
      budgetSeconds: BUDGET,
      ladder: 'small',
      workers: 2,
    });
    expect(v.verdict).toBe('accept');
    expect(v.evidence.every((e) => e.zCritical === undefined)).toBe(true);
    expect(v.strength.stopReason).toBe('no simulation');
    expect(v.strength.summary).toBe(
      `${exactPart(v)}; target epsilon has no direct simulation: it is checked by its defining equation and limits`,
    );
  });
});

describe('decisive failures', () => {
  it('a failed tau -> inf limit stops the run before the other limits and any simulation', async () => {
    const { messages, onProgress } = progress();
    const v = await judge(cand('mutant-dropped-kstar.txt'), screenOnly(1, { onProgress }));
    expect(messages.slice(1)).toEqual(['tau -> inf 1/4: FAIL']);
    expect(v.verdict).toBe('reject');
    expect(tauOf(v)).toHaveLength(1);
    expect(v.evidence[0]!.kind).toBe('tau-limit');
    expect(screenOf(v)).toHaveLength(0);
    expect(v.strength.stopReason).toBe('decisive failure');
    expect(v.strength.summary).toBe(
      [
        exactPart(v),
        tauPart(v),
        'no simulation (stopped after a decisive failure)',
        'stopped at a decisive failure',
      ].join('; '),
    );
  });
});

describe('statistical evidence', () => {
  const base: DesignPoint = { alpha: 1, kappa: 1, tau: 0.5, rho: 0.1, lambda: 0.1, regime: '' };
  it('simulable: l = alpha d >= 2 and k = kappa d >= 1 at the smallest d, n = tau d^2 within the cap at the largest', () => {
    const ok = (p: Partial<DesignPoint>, ds: number[], max = Infinity) => simulable({ ...base, ...p }, { ds }, max);
    expect(ok({ alpha: 0.125 }, [8, 32])).toBe(false);
    expect(ok({ alpha: 0.25 }, [8, 32])).toBe(true);
    expect(ok({ kappa: 0.05 }, [8, 32])).toBe(false);
    expect(ok({ kappa: 0.125 }, [8, 32])).toBe(true);
    expect(ok({ kappa: Infinity }, [8, 32])).toBe(true);
    expect(ok({ tau: 1 }, [8, 32], 1000)).toBe(false);
    expect(ok({ tau: 1 }, [8, 32], 1024)).toBe(true);
    expect(ok({ alpha: Infinity }, [8])).toBe(false);
    expect(ok({ tau: Infinity }, [8])).toBe(false);
  });
  it('simulable: not at the interpolation threshold n = d(d + 1) when lambda = 0', () => {
    const ok = (p: Partial<DesignPoint>, ds: number[]) => simulable({ ...base, ...p }, { ds }, Infinity);
    expect(ok({ tau: 17 / 16, lambda: 0 }, [16, 24])).toBe(false);
    expect(ok({ tau: 17 / 16, lambda: 0 }, [24, 16])).toBe(false);
    expect(ok({ tau: 17 / 16, lambda: 0 }, [24])).toBe(true);
    expect(ok({ tau: 17 / 16, lambda: 0.1 }, [16, 24])).toBe(true);
  });

  const ladder: SimLadder = { ds: [8, 16, 24], replicates: [4, 9, 4], model: 'linear', workers: 1 };
  // Built inside the tests (not at import): the mutation run switches mutants between tests.
  const PT: DesignPoint = {
    alpha: 1,
    kappa: 0.5,
    tau: 0.5,
    rho: 0.1,
    lambda: 0.1,
    regime: 'tau<1 kappa<1 lambda>0 rho:small alpha:small',
  };
  const pt = PT;
  const one = () => compile(eICL(ONE_POINT));

  it('a simulated point keeps each d: n = tau d^2 and mean ± stderr (the synthetic stderr REL |truth| / (d sqrt(r)))', async () => {
    const { evidence, sim } = await simulationEvidence('eICL', one(), pt, 1, ladder, 3, 'screen');
    const truth = theoryValues(paramsOf(pt)).eICL;
    expect(sim.rows.map((r) => [r.d, r.n])).toEqual([
      [8, 32],
      [16, 128],
      [24, 288],
    ]);
    expect(sim.rows[0]!.eICL[1]).toBeCloseTo((REL * Math.abs(truth)) / 8 / 2, 14);
    expect(sim.rows[1]!.eICL[1]).toBeCloseTo((REL * Math.abs(truth)) / 16 / 3, 14);
    expect(sim.rows[0]!.gTask[1]).toBeCloseTo(Math.hypot(sim.rows[0]!.eICL[1], sim.rows[0]!.eIDG[1]), 14);
    expect(evidence.detail).toMatch(/^simulated at d = 8, 16, 24 \(4, 9, 4 replicates\), seed 1, /);
    expect(evidence.stage).toBe('screen');
  });

  it('results are cached per (point, seed, ladder): judging again simulates nothing; a failed simulation is not cached', async () => {
    // Simulations of one d each, counted by the synthetic simulator's hook.
    let sims = 0;
    knobs.onSimulate = () => {
      sims++;
    };
    try {
      const opts = { seed: 5, budgetSeconds: BUDGET, ladder: 'small' as const, workers: 2, refinements: 0 };
      const a = await judge(eICL(ONE_POINT), opts);
      expect(sims).toBe(4);
      const b = await judge(eICL(ONE_POINT), opts);
      expect(sims).toBe(4);
      expect(b.evidence.map((e) => e.z)).toEqual(a.evidence.map((e) => e.z));
      knobs.onSimulate = () => {
        throw new Error('worker died');
      };
      await expect(simulationEvidence('eICL', one(), pt, 99, ladder, 3, 'screen')).rejects.toThrow('worker died');
      knobs.onSimulate = undefined;
      const again = await simulationEvidence('eICL', one(), pt, 99, ladder, 3, 'screen');
      expect(again.evidence.pass).toBe(true);
    } finally {
      knobs.onSimulate = undefined;
    }
  });

  it('a tau -> inf statistic exactly at its threshold passes ("fails beyond |z|")', () => {
    const first = tauLimitEvidence('eICL', compile(eICL(undefined, '1.01')), pt, 1, [32, 48, 64, 96], 4, 3);
    const z = Math.abs(first.z!);
    expect(z).toBeGreaterThan(3);
    const at = tauLimitEvidence('eICL', compile(eICL(undefined, '1.01')), pt, 1, [32, 48, 64, 96], 4, z);
    expect(at.pass).toBe(true);
    expect(at.z).toBe(first.z);
  });

  it("the tau -> inf value and error bar are the population fit's (above the 1e-10 (1 + rho) floor)", () => {
    // The synthetic population optimum is a deterministic function of its arguments: called here, it
    // gives what the evidence received.
    const p = { ...pt, rho: 0.5 };
    const lim = populationLimit(
      { alpha: p.alpha, kappa: p.kappa, rho: p.rho, lambda: p.lambda },
      1,
      [32, 48, 64, 96],
      4,
    );
    const e = tauLimitEvidence('eICL', one(), p, 1, [32, 48, 64, 96], 4, 3);
    expect(lim.eICL.stderr).toBeGreaterThan(1e-10 * 1.5);
    expect(e.stderr).toBe(lim.eICL.stderr);
    expect(e.expected).toBe(lim.eICL.value);
  });

  it('an exact tau -> inf limit (error bar 0, as at kappa = inf) gets the floor 1e-10 (1 + rho) as its error bar', () => {
    knobs.populationRelStderr = 0;
    try {
      const e = tauLimitEvidence('eICL', one(), { ...pt, rho: 0.5 }, 1, [32, 48, 64, 96], 4, 3);
      expect(e.stderr).toBe(1e-10 * 1.5);
    } finally {
      knobs.populationRelStderr = 1e-4;
    }
  });

  it('simulations take the candidate in float64, the tau -> inf limit at 50 digits', async () => {
    // sqrt(1 + 1e-17 rho) - 1 is 0 in float64 and 5e-18 rho at 50 digits: the factor is 1 in float64, 2 at 50 digits.
    const c = compile(eICL(undefined, '1 + (sqrt(1 + 1e-17*rho) - 1)*2e17/rho'));
    const { evidence } = await simulationEvidence('eICL', c, pt, 1, ladder, 3, 'screen');
    expect(evidence.candidate).toBe(one()(fp, paramsOf(pt)));
    const t = tauLimitEvidence('eICL', c, pt, 1, [32, 48, 64, 96], 4, 3);
    const plain = tauLimitEvidence('eICL', one(), pt, 1, [32, 48, 64, 96], 4, 3);
    expect(t.candidate! / plain.candidate!).toBeCloseTo(2, 12);
  });
});
