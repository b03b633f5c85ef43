// Trained architectures: same data as the Γ* fits, forward passes against the attention formula written
// token by token, gradients against central finite differences, reproducibility, and that training trains.
import { describe, expect, it } from 'vitest';
import { stream } from '../src/sim/rng.js';
import { sampleContexts } from '../src/sim/samplers.js';
import { makeTaskSet } from '../src/sim/tasks.js';
import { reducedBatch, sampleTokenContexts, type TokenContexts } from '../src/train/tokenContexts.js';
import { architecture, type ArchName } from '../src/train/models.js';
import { stopDecision, trainRun, type StopRule } from '../src/train/train.js';

function smallSet(d: number, ell: number, n: number, seed: number): TokenContexts {
  const ts = makeTaskSet(stream(seed, 0, 'tasks'), stream(seed, 0, 'assignment'), n, 3, d, 'random');
  return sampleTokenContexts(stream(seed, 0, 'contexts'), ts.tasks, ts.assignment, d, ell, 0.2);
}

/** The query's prediction computed token by token from the definition of each attention. */
function naivePrediction(arch: ArchName, theta: Float64Array, c: TokenContexts, mu: number): number {
  const { d, ell } = c;
  const D = d + 1;
  const h = d;
  const v = (i: number) => theta[i]!;
  const K = (k: number, j: number) => theta[D + k * D + j]!;
  const Q = (k: number, j: number) => theta[D + h * D + k * d + j]!;
  const eq = [...c.x.subarray(mu * d, mu * d + d), 0];
  const tok = (t: number) => Array.from(c.tokens.subarray((mu * ell + t) * D, (mu * ell + t + 1) * D));
  const key = (e: number[]) => Array.from({ length: h }, (_, k) => e.reduce((s, ej, j) => s + K(k, j) * ej, 0));
  const qry = Array.from({ length: h }, (_, k) => eq.reduce((s, ej, j) => s + (j < d ? Q(k, j) * ej : 0), 0));
  const score = (e: number[]) => key(e).reduce((s, kk, k) => s + kk * qry[k]!, 0);
  const value = (e: number[]) => e.reduce((s, ej, j) => s + v(j) * ej, 0);
  const toks = Array.from({ length: ell }, (_, t) => tok(t));
  if (arch === 'linear-reduced') return toks.reduce((s, e) => s + value(e) * score(e), 0) / ell;
  const sc = toks.map(score);
  const mx = Math.max(...sc);
  const w = sc.map((s) => Math.exp(s - mx));
  const z = w.reduce((a, b) => a + b, 0);
  return toks.reduce((s, e, t) => s + (w[t]! / z) * value(e), 0);
}

/** A 1500-step run at d = 6, τ = 1, κ = ∞ (architecture added by each test). */
const SHORT_RUN = {
  d: 6,
  alpha: 1,
  kappa: Infinity,
  tau: 1,
  rho: 0.01,
  seed: 4,
  replicate: 0,
  steps: 1500,
  lr: 3e-3,
  nTest: 50,
};

describe('trained architectures', () => {
  it('token contexts are the direct sampler’s draws: their (h, s) equal its z bit for bit', () => {
    const d = 5;
    const ell = 4;
    const ts = makeTaskSet(stream(3, 1, 'tasks'), stream(3, 1, 'assignment'), 30, 4, d, 'random');
    const direct = sampleContexts(stream(3, 1, 'contexts'), ts.tasks, ts.assignment, d, ell, 0.3, 'direct');
    const tok = sampleTokenContexts(stream(3, 1, 'contexts'), ts.tasks, ts.assignment, d, ell, 0.3);
    const red = reducedBatch(tok);
    expect(Array.from(red.z)).toEqual(Array.from(direct.z));
    expect(Array.from(tok.x)).toEqual(Array.from(direct.x));
    expect(Array.from(tok.y)).toEqual(Array.from(direct.y));
  });

  for (const name of ['linear-reduced', 'softmax-head'] as const) {
    it(`${name}: forward pass equals the attention formula token by token`, () => {
      const c = smallSet(4, 5, 6, 11);
      const arch = architecture(name, 4);
      const theta = arch.init(stream(2, 0, 'init'));
      const p = arch.prepare(c);
      const one = new Uint32Array(1);
      for (let mu = 0; mu < c.n; mu++) {
        one[0] = mu;
        const yhat = naivePrediction(name, theta, c, mu);
        const err = p.lossGrad(theta, one, 1, null);
        expect(Math.sqrt(err)).toBeCloseTo(Math.abs(yhat - c.y[mu]!), 12);
      }
    });

    it(`${name}: gradient equals central finite differences (relative 1e-6)`, () => {
      const c = smallSet(4, 5, 12, 7);
      const arch = architecture(name, 4);
      // Larger weights than the initialization so that the softmax is far from uniform.
      const theta = arch.init(stream(5, 0, 'init')).map((t) => 2 * t);
      const p = arch.prepare(c);
      const idx = new Uint32Array([1, 4, 5, 9, 11]);
      const grad = new Float64Array(arch.nParams);
      p.lossGrad(theta, idx, idx.length, grad);
      const hstep = 1e-6;
      let worst = 0;
      for (let i = 0; i < arch.nParams; i++) {
        const t0 = theta[i]!;
        theta[i] = t0 + hstep;
        const up = p.lossGrad(theta, idx, idx.length, null);
        theta[i] = t0 - hstep;
        const down = p.lossGrad(theta, idx, idx.length, null);
        theta[i] = t0;
        const fd = (up - down) / (2 * hstep);
        worst = Math.max(worst, Math.abs(fd - grad[i]!) / Math.max(1e-3, Math.abs(fd)));
      }
      expect(worst).toBeLessThan(1e-6);
      expect(Math.max(...grad.map(Math.abs))).toBeGreaterThan(1e-3);
    });
  }

  it('training is reproducible bit for bit, depends on the seed, and reduces the training error', () => {
    const o = { ...SHORT_RUN, arch: 'linear-reduced' as const };
    const a = trainRun(o).result;
    const b = trainRun(o).result;
    const c = trainRun({ ...o, seed: 5 }).result;
    expect(Array.from(a.theta)).toEqual(Array.from(b.theta));
    expect(a.eICL.mean).toBe(b.eICL.mean);
    expect(Array.from(a.theta)).not.toEqual(Array.from(c.theta));
    expect(a.trainError).toBeLessThan(0.25 * a.trainCurve[0]![1]);
    expect(a.steps).toBe(1500);
    expect(a.stopReason).toBe('budget');
  });

  it('softmax attention also trains (training error at most 60% of its initial value)', () => {
    const r = trainRun({ ...SHORT_RUN, arch: 'softmax-head' }).result;
    expect(r.trainError).toBeLessThan(0.6 * r.trainCurve[0]![1]);
  });

  it('stopping rule: floor, plateau and cap; a loss still falling like a power law is not stopped', () => {
    const rule: StopRule = { checkEvery: 100, minSteps: 1000, windowFraction: 0.25, relTol: 0.02, floor: 1e-5 };
    const hist = (f: (t: number) => number, T: number) =>
      Array.from({ length: T / 100 + 1 }, (_, i) => [i * 100, f(i * 100)] as const);
    // Below the floor: stop at once, even before minSteps.
    expect(
      stopDecision(
        hist((t) => (t < 300 ? 1 : 5e-6), 300),
        rule,
      ),
    ).toBe('floor');
    // A plateau (exponential approach to 0.1): converged once the last quarter improves < 2%.
    const plateau = (t: number) => 0.1 + Math.exp(-t / 200);
    expect(stopDecision(hist(plateau, 900), rule)).toBeNull(); // before minSteps
    expect(stopDecision(hist(plateau, 2000), rule)).toBe('converged');
    // t^-0.5 improves by 13% over any last quarter: never converged.
    for (const T of [2000, 20000, 200000])
      expect(
        stopDecision(
          hist((t) => 1 / Math.sqrt(t + 1), T),
          rule,
        ),
      ).toBeNull();
    // Minibatch noise that lowers the last value but not the window's best over the earlier best still counts as a plateau.
    expect(
      stopDecision(
        hist((t) => 0.2 + 0.001 * Math.sin(t), 4000),
        rule,
      ),
    ).toBe('converged');
    // In training: a plateau stops before the cap; a tiny cap is reported as the reason.
    const o = {
      arch: 'linear-reduced' as const,
      d: 6,
      alpha: 1,
      kappa: Infinity,
      tau: 4,
      rho: 0.01,
      seed: 4,
      replicate: 0,
      lr: 3e-3,
      nTest: 50,
    };
    const conv = trainRun({ ...o, steps: 200_000, stop: rule }).result;
    expect(conv.stopReason).toBe('converged');
    expect(conv.steps).toBeLessThan(200_000);
    expect(conv.steps % rule.checkEvery).toBe(0);
    const capped = trainRun({ ...o, steps: 500, stop: rule }).result;
    expect(capped.stopReason).toBe('cap');
    expect(capped.steps).toBe(500);
    const interp = trainRun({ ...o, tau: 0.5, steps: 200_000, stop: rule }).result;
    expect(interp.stopReason).toBe('floor');
    expect(interp.trainError).toBeLessThan(rule.floor);
  });
});
