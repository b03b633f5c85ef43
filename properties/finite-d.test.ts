// Property 3: the exact finite-d statements of THEORY.md §3 against Monte Carlo of the model at random
// (d, ℓ, k, ρ, λ, Γ, task set): Lemma 1's moments, Proposition 1 for random Γ and for a fitted Γ*, and
// the O(d) sampler against drawing every token. Each property's false-alarm level is its Bonferroni
// share of the suite's 1e-3 (support/stats.ts); each is shown to fail on a planted fault.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lemma1Case, samplerEquivalence, testSetError } from '../src/sim/experiments.js';
import { fitGamma } from '../src/sim/fit/fit.js';
import { stream } from '../src/sim/rng.js';
import { sampleContexts } from '../src/sim/samplers.js';
import { normalTwoSidedP } from '../src/numeric/stats.js';
import { sampleTasks } from '../src/sim/tasks.js';
import { predictionError, type TestDistribution } from '../src/theory/proposition1.js';
import { holds, params, runsOf } from './support/domain.js';
import { testLevel } from './support/stats.js';

const seed = fc.integer({ min: 0, max: 1_000_000 });
const rhoSmall = fc.integer({ min: 0, max: 300 }).map((i) => i / 100);

/** A test-only fault: a wrong value of the statement under test, to show the property can fail. */
type Fault = (value: number) => number;
const none: Fault = (v) => v;

// ---- Lemma 1 ----
const LEMMA1_RUNS = 12;
const LEMMA1_SAMPLES = 40_000;
const lemma1Point = fc.record({
  d: fc.integer({ min: 1, max: 5 }),
  ell: fc.integer({ min: 1, max: 10 }),
  rho: rhoSmall,
  seed,
});

function lemma1Property(fault: Fault, wrongMoment = 'E[s^2]') {
  const runs = runsOf(LEMMA1_RUNS);
  return fc.property(lemma1Point, (p) => {
    const rows = lemma1Case(p.seed, p.d, p.ell, p.rho, LEMMA1_SAMPLES);
    const level = testLevel('lemma1', runs, rows.length);
    for (const r of rows) {
      const theory = r.moment === wrongMoment ? fault(r.theory) : r.theory;
      const z = (r.statistic - theory) / r.stderr;
      const pv = normalTwoSidedP(z);
      holds(
        pv >= level,
        `Lemma 1 ${r.moment} = ${theory}`,
        p,
        `Monte Carlo ${r.statistic} ± ${r.stderr} (${LEMMA1_SAMPLES} direct draws), z = ${z.toFixed(2)}, p = ${pv.toExponential(2)} < level ${level.toExponential(2)}`,
      );
    }
  });
}

// ---- Proposition 1 ----
const P1_SAMPLES = 40_000;
const p1Point = fc.record({
  d: fc.integer({ min: 1, max: 6 }),
  ell: fc.integer({ min: 1, max: 12 }),
  k: fc.integer({ min: 1, max: 8 }),
  rho: rhoSmall,
  seed,
});

function proposition1Property(kind: 'random' | 'fitted', fault: Fault) {
  const runs = runsOf(kind === 'random' ? 10 : 6);
  const lam = fc.integer({ min: 1, max: 1000 }).map((i) => i / 100);
  const tauArb = fc.constantFrom(0.5, 1, 2, 4);
  return fc.property(p1Point, lam, tauArb, (p, lambda, tau) => {
    const rng = stream(p.seed, 0, 'props/p1/setup');
    const tasks = sampleTasks(rng, p.k, p.d);
    let gamma: Float64Array;
    if (kind === 'random') gamma = Float64Array.from({ length: p.d * (p.d + 1) }, () => rng.normal() / p.d);
    else {
      const n = Math.max(1, Math.round(tau * p.d * p.d));
      const assignment = Uint32Array.from({ length: n }, () => rng.int(p.k));
      gamma = fitGamma(sampleContexts(stream(p.seed, 0, 'props/p1/train'), tasks, assignment, p.d, p.ell, p.rho), {
        lambda,
      }).gamma;
    }
    const level = testLevel(kind === 'random' ? 'proposition1.random' : 'proposition1.fitted', runs, 2);
    for (const test of [{ kind: 'icl' }, { kind: 'tasks', tasks, k: p.k }] as TestDistribution[]) {
      const formula = fault(predictionError(gamma, p.d, p.ell, p.rho, test));
      const mc = testSetError(
        gamma,
        p.d,
        p.ell,
        p.rho,
        test,
        P1_SAMPLES,
        stream(p.seed, 0, `props/p1/test/${test.kind}`),
      );
      const z = (mc.mean - formula) / mc.stderr;
      const pv = normalTwoSidedP(z);
      const where = { ...p, ...(kind === 'fitted' ? { lambda, tau } : {}), test: test.kind };
      holds(
        pv >= level,
        `Proposition 1 (${kind} Γ): e(Γ) = ${formula}`,
        where,
        `test-set Monte Carlo ${mc.mean} ± ${mc.stderr} (${P1_SAMPLES} contexts), z = ${z.toFixed(2)}, p = ${pv.toExponential(2)} < level ${level.toExponential(2)}`,
      );
    }
  });
}

// ---- the O(d) sampler ----
const SAMPLER_DRAWS = 5000;
// d >= 2: one of the views is h along a direction orthogonal to w, which d = 1 does not have.
const samplerPoint = fc.record({
  d: fc.integer({ min: 2, max: 12 }),
  ell: fc.integer({ min: 1, max: 20 }),
  rho: rhoSmall,
  seed,
});

function samplerProperty(rhoDirect: (rho: number) => number) {
  const runs = runsOf(8);
  return fc.property(samplerPoint, (p) => {
    const tests = samplerEquivalence(p.seed, SAMPLER_DRAWS, [
      { d: p.d, ell: p.ell, rho: p.rho, rhoDirect: rhoDirect(p.rho) },
    ]);
    const level = testLevel('sampler', runs, tests.length);
    for (const t of tests)
      holds(
        t.p >= level,
        `fast and direct samplers agree in law (${t.view})`,
        p,
        `two-sample KS D = ${t.D.toFixed(4)}, p = ${t.p.toExponential(2)} < level ${level.toExponential(2)} (${SAMPLER_DRAWS} draws each)`,
      );
  });
}

describe('property 3: exact finite-d statements against Monte Carlo (family-wise false-alarm level 1e-3, Bonferroni)', () => {
  it(`Lemma 1: every conditional moment of (h, s) given w at random d <= 5, l <= 10, rho (${LEMMA1_SAMPLES} direct draws per point)`, () => {
    fc.assert(lemma1Property(none), params(LEMMA1_RUNS));
  });

  it('Lemma 1 can fail: E[s^2] stated as (1+rho)^2 (1 + 2.5/l) instead of (1 + 2/l) is rejected', () => {
    const wrong = lemma1Property((v) => v * 1.05);
    const r = fc.check(wrong, { ...params(LEMMA1_RUNS), endOnFailure: true });
    expect(r.failed).toBe(true);
  });

  it(`Proposition 1 for a random Γ (ICL and IDG test tasks) equals a test-set Monte Carlo (${P1_SAMPLES} contexts each)`, () => {
    fc.assert(proposition1Property('random', none), params(10));
  });

  it('Proposition 1 for a fitted Γ* (n = τ d² contexts, λ ∈ [0.01, 10]) equals a test-set Monte Carlo', () => {
    fc.assert(proposition1Property('fitted', none), params(6));
  });

  it('Proposition 1 can fail: the error stated 3% too high is rejected (random and fitted Γ)', () => {
    expect(
      fc.check(
        proposition1Property('random', (v) => v * 1.03),
        { ...params(10), endOnFailure: true },
      ).failed,
    ).toBe(true);
    expect(
      fc.check(
        proposition1Property('fitted', (v) => v * 1.03),
        { ...params(6), endOnFailure: true },
      ).failed,
    ).toBe(true);
  });

  it(`the O(d) sampler has the law of the direct one (two-sample KS on six views, ${SAMPLER_DRAWS} draws each)`, () => {
    fc.assert(
      samplerProperty((r) => r),
      params(8),
    );
  });

  it('the sampler comparison can fail: a direct sampler with noise rho + 0.5 is rejected', () => {
    expect(
      fc.check(
        samplerProperty((r) => r + 0.5),
        { ...params(8), endOnFailure: true },
      ).failed,
    ).toBe(true);
  });
});
