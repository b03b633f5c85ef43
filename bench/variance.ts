// `npm run variance [-- --json]`: where the Monte Carlo error of one replicate comes from, at the two
// points of the precision target (README, "extrapolationRelHalfWidth120s"), and whether control
// variates with exact finite-d means can remove it.
// 1. The spread of e^ICL and e^IDG over replicates at d = 16…48, split into its task-set and context
//    parts (T task sets, C context draws on each: a one-way random-effects analysis), with the cost of
//    a replicate. relative sd × d constant means the spread falls like 1/d.
// 2. Control variates: the empirical pretraining loss of a fixed reference Γ (a fit on an independent
//    stream), split into its five quadratic pieces plus the mean squared label. Each has an exact mean
//    at finite d by Proposition 1 (the loss of a fixed Γ averaged over task sets and contexts is its
//    e^ICL), so subtracting them costs no bias. The figure is the out-of-sample variance ratio
//    (coefficients fitted on one half of the replicates, applied to the other, both ways).
import { mean, sampleVariance } from '../src/numeric/stats.js';
import { Matrix, solve } from 'ml-matrix';
import { fitGamma } from '../src/sim/fit/fit.js';
import { fitReplicate, sizes, type SimSpec } from '../src/sim/replicate.js';
import { stream } from '../src/sim/rng.js';
import { sampleContexts } from '../src/sim/samplers.js';
import { parseArgs } from '../src/cli/args.js';
import { makeTaskSet } from '../src/sim/tasks.js';
import { predictionError } from '../src/theory/proposition1.js';

interface Point {
  name: string;
  alpha: number;
  kappa: number;
  tau: number;
  rho: number;
  lambda: number;
}

const POINTS: Point[] = [
  { name: 'alpha=2 kappa=0.5 tau=2 rho=0.1 lambda=0.01', alpha: 2, kappa: 0.5, tau: 2, rho: 0.1, lambda: 0.01 },
  {
    name: 'Figure 1: alpha=10 kappa=0.5 tau=0.5 rho=0.01 lambda=1e-4',
    alpha: 10,
    kappa: 0.5,
    tau: 0.5,
    rho: 0.01,
    lambda: 1e-4,
  },
];
const SEED = 20251201;
const DS = [16, 24, 32, 48];
const TASK_SETS = 12;
const CONTEXT_DRAWS = 4;
const CV_D = 32;
const CV_REPLICATES = 120;

function errors(
  gamma: Float64Array,
  d: number,
  ell: number,
  rho: number,
  tasks: Float64Array,
  k: number,
): [number, number] {
  return [
    predictionError(gamma, d, ell, rho, { kind: 'icl' }),
    predictionError(gamma, d, ell, rho, { kind: 'tasks', tasks, k }),
  ];
}

/** Task-set share of the variance and relative sd per replicate, from T × C fits at dimension d. */
function decompose(p: Point, d: number) {
  const { ell, k, n } = sizes(d, p.alpha, p.kappa, p.tau);
  const t0 = performance.now();
  const groups: [number, number][][] = [];
  for (let t = 0; t < TASK_SETS; t++) {
    const g: [number, number][] = [];
    for (let c = 0; c < CONTEXT_DRAWS; c++) {
      const r = t * CONTEXT_DRAWS + c;
      const ts = makeTaskSet(stream(SEED, t, `tasks/d=${d}`), stream(SEED, r, `assignment/d=${d}`), n, k, d, 'random');
      const batch = sampleContexts(stream(SEED, r, `contexts/d=${d}`), ts.tasks, ts.assignment, d, ell, p.rho);
      g.push(errors(fitGamma(batch, { lambda: p.lambda }).gamma, d, ell, p.rho, ts.tasks, ts.k));
    }
    groups.push(g);
  }
  const secondsPerReplicate = (performance.now() - t0) / 1000 / (TASK_SETS * CONTEXT_DRAWS);
  const out = (['eICL', 'eIDG'] as const).map((name, y) => {
    const means = groups.map((g) => mean(g.map((r) => r[y])));
    const within = mean(groups.map((g) => sampleVariance(g.map((r) => r[y]))));
    const between = Math.max(0, sampleVariance(means) - within / CONTEXT_DRAWS);
    const m = mean(means);
    const relSd = Math.sqrt(between + within) / m;
    return { name, mean: m, relSd, relSdTimesD: relSd * d, taskShare: between / (between + within) };
  });
  return { d, n, secondsPerReplicate, errors: out };
}

/** Out-of-sample variance ratio of e^ICL and e^IDG after the exact-mean control variates. */
function controlVariates(p: Point) {
  const d = CV_D;
  const q = d + 1;
  const { ell, k, n } = sizes(d, p.alpha, p.kappa, p.tau);
  const spec: SimSpec = {
    d,
    ell,
    k,
    n,
    rho: p.rho,
    lambda: p.lambda,
    seed: SEED,
    assignment: 'random',
    solver: 'auto',
    sampler: 'fast',
  };
  const ref = fitReplicate({ ...spec, seed: SEED + 1 }, 0).fit.gamma;
  // Γ = s·A + t·v: A the d × d block of the reference, v its last column.
  const part = (s: number, t: number) => ref.map((g, i) => g * (i % q === d ? t : s));
  const e = (s: number, t: number) => predictionError(part(s, t), d, ell, p.rho, { kind: 'icl' });
  // e(sA + tv) = E y² − 2s·bA − 2t·bv + s²·cAA + 2st·cAv + t²·cvv, read off by polarization.
  const e0 = e(0, 0);
  const bA = (e(-1, 0) - e(1, 0)) / 4;
  const bv = (e(0, -1) - e(0, 1)) / 4;
  const cAA = (e(1, 0) + e(-1, 0)) / 2 - e0;
  const cvv = (e(0, 1) + e(0, -1)) / 2 - e0;
  const cAv = (e(1, 1) - e0 + 2 * bA + 2 * bv - cAA - cvv) / 2;
  const exact = [bA, bv, cAA, cAv, cvv, e0];
  const rows: number[][] = [];
  for (let r = 0; r < CV_REPLICATES; r++) {
    const { ts, batch, fit } = fitReplicate(spec, r);
    const s = [0, 0, 0, 0, 0, 0];
    for (let mu = 0; mu < n; mu++) {
      let pA = 0;
      let pv = 0;
      const zv = batch.z[mu * q + d]!;
      for (let i = 0; i < d; i++) {
        let acc = 0;
        for (let j = 0; j < d; j++) acc += ref[i * q + j]! * batch.z[mu * q + j]!;
        const xi = batch.x[mu * d + i]!;
        pA += xi * acc;
        pv += xi * ref[i * q + d]! * zv;
      }
      const y = batch.y[mu]!;
      s[0] += y * pA;
      s[1] += y * pv;
      s[2] += pA * pA;
      s[3] += pA * pv;
      s[4] += pv * pv;
      s[5] += y * y;
    }
    rows.push([...errors(fit.gamma, d, ell, p.rho, ts.tasks, ts.k), ...s.map((v, i) => v / n - exact[i]!)]);
  }
  const cvMeansInSe = [2, 3, 4, 5, 6, 7].map((c) => {
    const v = rows.map((r) => r[c]!);
    return mean(v) / Math.sqrt(sampleVariance(v) / v.length);
  });
  const ratio = (y: number) => {
    let residual = 0;
    for (const half of [0, 1]) {
      const fitRows = rows.filter((_, i) => i % 2 === half);
      const evalRows = rows.filter((_, i) => i % 2 !== half);
      const design = (rs: number[][]) => new Matrix(rs.map((r) => [1, ...r.slice(2)]));
      const beta = solve(design(fitRows), Matrix.columnVector(fitRows.map((r) => r[y]!)), true).to1DArray();
      residual +=
        sampleVariance(evalRows.map((r) => r[y]! - r.slice(2).reduce((a, c, i) => a + beta[i + 1]! * c, 0))) / 2;
    }
    return residual / sampleVariance(rows.map((r) => r[y]!));
  };
  return { d, replicates: CV_REPLICATES, varianceRatio: { eICL: ratio(0), eIDG: ratio(1) }, cvMeansInSe };
}

function main(argv: string[]): void {
  const json = parseArgs(argv, { switches: ['json'] }).switches.has('json');
  const results = POINTS.map((p) => {
    process.stderr.write(`${p.name}\n`);
    const ladder = DS.map((d) => decompose(p, d));
    for (const l of ladder) {
      const f = (i: number) =>
        `${l.errors[i]!.name} sd ${(100 * l.errors[i]!.relSd).toFixed(1)}% ` +
        `(×d ${l.errors[i]!.relSdTimesD.toFixed(2)}, tasks ${(100 * l.errors[i]!.taskShare).toFixed(0)}%)`;
      process.stdout.write(
        `${p.name} | d=${l.d} n=${l.n} | ${f(0)} | ${f(1)} | ${l.secondsPerReplicate.toFixed(3)} s/replicate\n`,
      );
    }
    const cv = controlVariates(p);
    process.stdout.write(
      `${p.name} | control variates at d=${cv.d}, ${cv.replicates} replicates: variance ratio ` +
        `eICL ${cv.varianceRatio.eICL.toFixed(2)}, eIDG ${cv.varianceRatio.eIDG.toFixed(2)} (means ` +
        `of the variates in standard errors: ${cv.cvMeansInSe.map((z) => z.toFixed(1)).join(' ')})\n`,
    );
    return { point: p, seed: SEED, ladder, controlVariates: cv };
  });
  if (json) process.stdout.write(JSON.stringify(results) + '\n');
}

try {
  main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`variance: ${(err as Error).message}\n`);
  process.exitCode = 2;
}
