// The finite-d experiments behind the Monte Carlo checks of the registry (src/checks/sim.ts): Lemma 1
// moments from direct draws, the two samplers' laws side by side, and Proposition 1 against test-set
// Monte Carlo. Each is a pure function of its seed.
import { fp } from '../numeric/context.js';
import { hhIdentityCoef, hhTaskCoef, hsCoef, meanHCoef, meanS, ssMoment } from '../theory/lemma1.js';
import { predictionError, type TestDistribution } from '../theory/proposition1.js';
import { fitGamma } from './fit/fit.js';
import { stream, type Rng } from './rng.js';
import { directSampler, fastSampler, sampleContexts, type ContextSampler } from './samplers.js';
import { ksTwoSample, meanAndStderr, MomentAccumulator } from '../numeric/stats.js';
import { sampleTasks } from './tasks.js';

/** Every moment of Lemma 1 at (d, ℓ, ρ) for one task w, from `samples` direct draws of the context. */
export function lemma1Case(seed: number, d: number, ell: number, rho: number, samples: number) {
  const rng = stream(seed, 0, `lemma1/d=${d}/ell=${ell}`);
  const w = sampleTasks(rng, 1, d);
  const acc = new MomentAccumulator(d + 1);
  const x = new Float64Array(d);
  const z = new Float64Array(d + 1);
  for (let t = 0; t < samples; t++) {
    directSampler(rng, w, 0, d, ell, rho, x, 0, z, 0);
    acc.add(z);
  }
  const rows: { moment: string; statistic: number; stderr: number; theory: number; z: number }[] = [];
  const add = (moment: string, est: { mean: number; stderr: number }, theory: number): void => {
    rows.push({ moment, statistic: est.mean, stderr: est.stderr, theory, z: (est.mean - theory) / est.stderr });
  };
  const idc = hhIdentityCoef(fp, d, ell, rho);
  const wwc = hhTaskCoef(fp, ell);
  for (let i = 0; i < d; i++) {
    add(`E[h_${i}]`, acc.first(i), meanHCoef(fp) * w[i]!);
    add(`E[h_${i} s]`, acc.second(i, d), hsCoef(fp, ell, rho) * w[i]!);
    for (let j = i; j < d; j++) add(`E[h_${i} h_${j}]`, acc.second(i, j), (i === j ? idc : 0) + wwc * w[i]! * w[j]!);
  }
  add('E[s]', acc.first(d), meanS(fp, rho));
  add('E[s^2]', acc.second(d, d), ssMoment(fp, ell, rho));
  return rows;
}

/** Scalar views of (x, y, z) whose laws must agree between the samplers. */
function samplerViews(
  sample: ContextSampler,
  rng: Rng,
  w: Float64Array,
  d: number,
  ell: number,
  rho: number,
  count: number,
) {
  const names = ['s', '<h,e>', 'h_orthogonal_0', '|h|^2', 'y_query', 'x_query_0'] as const;
  const out = names.map(() => new Float64Array(count));
  const x = new Float64Array(d);
  const z = new Float64Array(d + 1);
  const e = w.map((v) => v / Math.sqrt(d));
  // A fixed unit vector orthogonal to e.
  const u = new Float64Array(d);
  u[0] = 1;
  const ue = e[0]!;
  let un = 0;
  for (let i = 0; i < d; i++) {
    u[i] = u[i]! - ue * e[i]!;
    un += u[i]! ** 2;
  }
  for (let i = 0; i < d; i++) u[i] = u[i]! / Math.sqrt(un);
  for (let t = 0; t < count; t++) {
    const y = sample(rng, w, 0, d, ell, rho, x, 0, z, 0);
    let he = 0;
    let hu = 0;
    let hh = 0;
    for (let i = 0; i < d; i++) {
      he += z[i]! * e[i]!;
      hu += z[i]! * u[i]!;
      hh += z[i]! ** 2;
    }
    out[0]![t] = z[d]!;
    out[1]![t] = he;
    out[2]![t] = hu;
    out[3]![t] = hh;
    out[4]![t] = y;
    out[5]![t] = x[0]!;
  }
  return names.map((name, i) => ({ name, values: out[i]! }));
}

/** KS tests of every view, fast against direct sampler; `rhoDirect` (tests only) perturbs the direct side. */
export function samplerEquivalence(
  seed: number,
  count: number,
  settings: readonly { d: number; ell: number; rho: number; rhoDirect?: number }[],
) {
  return settings.flatMap(({ d, ell, rho, rhoDirect }) => {
    const w = sampleTasks(stream(seed, 0, `sampler-eq/task/d=${d}`), 1, d);
    const fast = samplerViews(fastSampler, stream(seed, 0, `sampler-eq/fast/d=${d}/ell=${ell}`), w, d, ell, rho, count);
    const direct = samplerViews(
      directSampler,
      stream(seed, 0, `sampler-eq/direct/d=${d}/ell=${ell}`),
      w,
      d,
      ell,
      rhoDirect ?? rho,
      count,
    );
    return fast.map((f, i) => ({ d, ell, rho, view: f.name, ...ksTwoSample(f.values, direct[i]!.values) }));
  });
}

/** Direct test-set Monte Carlo of E[(y − xᵀΓz)²] under a test distribution: tasks fresh (ICL) or drawn from the k given (IDG). */
export function testSetError(
  gamma: Float64Array,
  d: number,
  ell: number,
  rho: number,
  test: TestDistribution,
  samples: number,
  rng: Rng,
) {
  const p = d + 1;
  const x = new Float64Array(d);
  const z = new Float64Array(p);
  let s = 0;
  let s2 = 0;
  for (let t = 0; t < samples; t++) {
    let w: Float64Array;
    let wo = 0;
    if (test.kind === 'icl') w = sampleTasks(rng, 1, d);
    else {
      w = test.tasks;
      wo = rng.int(test.k) * d;
    }
    const y = directSampler(rng, w, wo, d, ell, rho, x, 0, z, 0);
    let pred = 0;
    for (let i = 0; i < d; i++) {
      let acc = 0;
      for (let a = 0; a < p; a++) acc += gamma[i * p + a]! * z[a]!;
      pred += x[i]! * acc;
    }
    const e2 = (y - pred) ** 2;
    s += e2;
    s2 += e2 * e2;
  }
  return meanAndStderr(s, s2, samples);
}

export function proposition1Cases(seed: number, samples: number) {
  const d = 6;
  const ell = 9;
  const k = 3;
  const rho = 0.2;
  const rng = stream(seed, 0, 'prop1/setup');
  const tasks = sampleTasks(rng, k, d);
  const random = new Float64Array(d * (d + 1)).map(() => rng.normal() / d);
  const train = sampleContexts(
    stream(seed, 0, 'prop1/train'),
    tasks,
    Uint32Array.from({ length: 2 * d * d }, (_, i) => i % k),
    d,
    ell,
    rho,
  );
  const fitted = fitGamma(train, { lambda: 0.1 }).gamma;
  const out: { gamma: string; test: string; formula: number; monteCarlo: number; stderr: number; z: number }[] = [];
  for (const [gname, gamma] of [
    ['random', random],
    ['fitted Γ* (n=2d², λ=0.1)', fitted],
  ] as const) {
    for (const [tname, test] of [
      ['ICL', { kind: 'icl' }],
      ['IDG', { kind: 'tasks', tasks, k }],
    ] as const) {
      const formula = predictionError(gamma, d, ell, rho, test);
      const mc = testSetError(gamma, d, ell, rho, test, samples, stream(seed, 0, `prop1/test/${gname}/${tname}`));
      out.push({
        gamma: gname,
        test: tname,
        formula,
        monteCarlo: mc.mean,
        stderr: mc.stderr,
        z: (mc.mean - formula) / mc.stderr,
      });
    }
  }
  return { d, ell, k, rho, samples, cases: out };
}

/**
 * The gradient of the pretraining objective of THEORY.md §2 at Γ, written from its definition
 * (independently of the fit's normal equations): ∇ = −2 Σ_μ (y_μ − x_μᵀΓz_μ) x_μ z_μᵀ + 2(n/d)λΓ,
 * relative to ‖2 Σ_μ y_μ x_μ z_μᵀ‖. Zero at the minimizer Γ*, up to the solver's tolerance.
 */
export function objectiveGradient(
  b: { n: number; d: number; x: Float64Array; z: Float64Array; y: Float64Array },
  gamma: Float64Array,
  lambda: number,
): number {
  const { n, d, x, z, y } = b;
  const p = d + 1;
  const grad = new Float64Array(d * p);
  const scale = new Float64Array(d * p);
  for (let mu = 0; mu < n; mu++) {
    let pred = 0;
    for (let i = 0; i < d; i++) {
      let acc = 0;
      for (let a = 0; a < p; a++) acc += gamma[i * p + a]! * z[mu * p + a]!;
      pred += x[mu * d + i]! * acc;
    }
    const r = y[mu]! - pred;
    for (let i = 0; i < d; i++) {
      for (let a = 0; a < p; a++) {
        const xz = x[mu * d + i]! * z[mu * p + a]!;
        grad[i * p + a] = grad[i * p + a]! - 2 * r * xz;
        scale[i * p + a] = scale[i * p + a]! + 2 * y[mu]! * xz;
      }
    }
  }
  let num = 0;
  let den = 0;
  for (let j = 0; j < d * p; j++) {
    num += (grad[j]! + 2 * (n / d) * lambda * gamma[j]!) ** 2;
    den += scale[j]! ** 2;
  }
  return Math.sqrt(num / den);
}
