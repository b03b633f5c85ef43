// Figure 5 of the paper on trained full linear attention (src/train/): the test-error curves against
// τ = n/d² collapse across d, and the interpolation threshold grows like n* ∝ d^a with a ≈ 2. Full
// verify trains VERIFY_GRID (every run until converged by one stopping rule), shared by both checks;
// --quick runs a tiny version (below). Intervals: each run's own estimate, mean ± t(R − 1) s/√R.
import { failOrNotRun, verdict, type Check, type CheckOptions, type CheckResult } from '../registry/registry.js';
import { VERIFY_ORIGIN, type Fig5Data } from '../train/gridFiles.js';
import { runGrid, type GridPoint, type GridSpec } from '../train/fig5Grid.js';
import { collapseExponent, countSlope, fitExponent } from '../train/fits.js';
import { ZERO_LEVEL } from '../train/thresholds.js';
import { VERIFY_GRID } from '../train/protocol.js';
import { stream } from '../sim/rng.js';
import { makeTaskSet } from '../sim/tasks.js';
import { sampleTokenContexts, sequences, type TokenContexts } from '../train/tokenContexts.js';
import { ARCHITECTURES, ARCHS, architecture, gradientGap } from '../train/models.js';

/** A tiny training set (d = 3, ℓ = 4, 24 contexts on 5 tasks) from the check's seed. */
function tinySet(seed: number): TokenContexts {
  const key = (p: string) => stream(seed, 0, `train-check/${p}`);
  const ts = makeTaskSet(key('tasks'), key('assignment'), 24, 5, 3, 'random');
  return sampleTokenContexts(key('contexts'), ts.tasks, ts.assignment, 3, 4, 0.01);
}

/**
 * Central differences at steps h and h/2 combined by Richardson extrapolation (error O(h⁴)), h = 1e-4: rounding
 * ~1e-12 |f| / h²-free, truncation ~1e-16 |f⁽⁵⁾|, both far below the tolerance, which a wrong gradient (a missing
 * term, a factor) exceeds by orders of magnitude. (A plain central difference at 1e-5 is off by 7e-7 through
 * the LayerNorms of blocks3: its truncation error.)
 */
const FD_STEP = 1e-4;
const GRAD_TOL = 1e-6;

/**
 * Every architecture's gradient (the tape's, or the reduced models' hand-derived one) against central finite
 * differences of its own loss, every parameter, on a minibatch of a tiny set; parameters moved off their
 * initialisation (biases and LayerNorm parameters away from 0 and 1) so that every one of them matters.
 */
function gradientCheck(seed: number) {
  const c = tinySet(seed);
  const idx = Uint32Array.from({ length: 15 }, (_, i) => (i * 5) % c.n);
  const rows = ARCHS.map((name) => {
    const a = architecture(name, c.d);
    const r = stream(seed, 0, `train-check/theta/${name}`);
    const theta = a.init(r).map((t) => t + 0.1 * r.normal());
    const p = a.prepare(c);
    const { worst, at } = gradientGap(p, theta, idx, FD_STEP);
    return { arch: name, parameters: a.nParams, worstRelativeGap: worst, atParameter: at };
  });
  return rows;
}

const trainGrid = ({ seed }: CheckOptions): GridSpec => ({ ...VERIFY_GRID, seed });

/**
 * --quick cannot train the grid (about 2 CPU minutes). Its tiny version checks what both claims rest on,
 * at d = 8 with the full protocol: training error below the zero level at tau = 0.25 and above it at
 * tau = 2 (one run each, well under 1 CPU s). One d and two tau cannot show a collapse across d or an
 * exponent, so the claim is reported not run unless the tiny case itself fails.
 */
function quickThreshold(id: string, seed: number): CheckResult {
  return failOrNotRun(
    tinyThreshold(id, seed),
    'quick mode trains one d and two tau; the claim needs the verify grid of several d (run verify without --quick)',
  );
}

function tinyThreshold(id: string, seed: number): CheckResult {
  const points = runGrid({ ...VERIFY_GRID, ds: [8], taus: [0.25, 2], runs: 1, seed });
  const [below, above] = points.map((p) => p.trainError[0]!) as [number, number];
  const ok = below < ZERO_LEVEL && above > ZERO_LEVEL;
  return verdict(
    ok,
    `claim NOT tested in --quick (needs the full grid); tested instead: d=8 train error ${below.toExponential(1)} at tau 0.25, ${above.toExponential(1)} at tau 2 (zero level ${ZERO_LEVEL})`,
    {
      quick: true,
      check: id,
      d: 8,
      taus: [0.25, 2],
      trainError: [below, above],
      zeroLevel: ZERO_LEVEL,
      stepCap: VERIFY_GRID.steps,
      stop: VERIFY_GRID.stop,
      lr: VERIFY_GRID.lr,
      seed,
      note: 'the collapse and exponent claims are checked by the full verify only; this is a smoke test of the threshold',
    },
  );
}

/**
 * The verify grid as Figure 5's typed row (`Fig5Data`), carried in both grid checks' evidence as `figure5`:
 * verify hands it to the report, which then draws it instead of training it again.
 */
function figure5Row(g: GridSpec, points: GridPoint[]): Fig5Data {
  const cpuSeconds = points.reduce((a, q) => a + q.cpuSeconds.reduce((x, y) => x + y, 0), 0);
  return { kind: 'fig5', spec: g, preset: 'converged', points, source: { origin: VERIFY_ORIGIN, cpuSeconds } };
}

/**
 * The collapse verdict of a trained grid: the best c of n/d^c inside its between-run interval, the reference
 * being the local slope of the grid architecture's own parameter count over the grid's d (ARCHITECTURES);
 * the interval must also exclude 1 and 3 (power).
 */
export function collapseVerdict(g: GridSpec, points: GridPoint[]): CheckResult {
  const f = collapseExponent(points);
  const arch = ARCHITECTURES[g.arch];
  const expected = countSlope(g.ds, arch.count);
  const capped = points.flatMap((p) =>
    p.stopReason
      .map((r, i) => (r === 'cap' ? { d: p.d, tau: p.tau, run: i, trainError: p.trainError[i] } : null))
      .filter((x) => x !== null),
  );
  const ok = f.lo <= expected && expected <= f.hi && f.lo > 1 && f.hi < 3;
  const total = points.reduce((a, p) => a + p.stopReason.length, 0);
  return verdict(
    ok,
    `best collapse n/d^c: c ${f.c.toFixed(2)} [${f.lo.toFixed(2)}, ${f.hi.toFixed(2)}], expected ${expected.toFixed(2)} (${g.arch} parameter count); ${capped.length}/${total} runs at the step cap`,
    {
      arch: g.arch,
      expected,
      twoInInterval: f.lo <= 2 && 2 <= f.hi,
      ds: g.ds,
      taus: g.taus,
      runs: g.runs,
      stepCap: g.steps,
      stop: g.stop,
      lr: g.lr,
      seed: g.seed,
      c: f.c,
      perRun: f.perRun,
      interval: [f.lo, f.hi],
      mismatchAt2: f.mismatchAt2,
      mismatchBest: f.mismatchBest,
      method: `c minimizing the mean squared difference of log e_ICL (fresh test contexts) between the d curves plotted against log n - c log d (linear interpolation), c in [1, 3]; c of the mean curves, and of each run's curves; 95% interval mean ± t(R-1) s/sqrt(R) of the per-run c. Every run trains until converged (stop rule) or the step cap. Passes if the interval contains the local exponent of the ${g.arch} parameter count over these d and excludes 1 and 3.`,
      capped,
      curves: g.ds.map((d) => ({
        d,
        points: points
          .filter((p) => p.d === d)
          .map((p) => ({
            tau: p.tau,
            trainError: p.trainError,
            eICL: p.eICL,
            steps: p.steps,
            stopReason: p.stopReason,
          })),
      })),
      cpuSeconds: points.reduce((a, q) => a + q.cpuSeconds.reduce((x, y) => x + y, 0), 0),
      figure5: figure5Row(g, points),
    },
  );
}

/**
 * The threshold-exponent verdict of a trained grid: the exponent a of n* ~ d^a (training error leaving the
 * zero level) with its between-run interval must contain the local slope of the grid architecture's own
 * parameter count over the fitted d (ARCHITECTURES); the paper's a of that row is reported beside it.
 */
export function exponentVerdict(g: GridSpec, points: GridPoint[]): CheckResult {
  const fit = fitExponent(points, 'train');
  const peak = fitExponent(points, 'peak');
  if (!fit) return verdict(false, 'a threshold is off the tau grid', { arch: g.arch, ds: g.ds, taus: g.taus });
  const arch = ARCHITECTURES[g.arch];
  const expected = countSlope(fit.ds, arch.count);
  const paperA = arch.paperA;
  const ok = fit.lo <= expected && expected <= fit.hi;
  const peakText = peak ? `; test-peak a ${peak.a.toFixed(2)} [${peak.lo.toFixed(2)}, ${peak.hi.toFixed(2)}]` : '';
  return verdict(
    ok,
    `a ${fit.a.toFixed(2)} [${fit.lo.toFixed(2)}, ${fit.hi.toFixed(2)}], expected ${expected.toFixed(2)} (${g.arch} parameter count), paper ${paperA ?? 'not a row'}${peakText}`,
    {
      arch: g.arch,
      expected,
      twoInInterval: fit.lo <= 2 && 2 <= fit.hi,
      estimator: `training error crossing ${ZERO_LEVEL}`,
      ds: fit.ds,
      tauStar: fit.tauStar,
      nStar: fit.nStar,
      a: fit.a,
      b: fit.b,
      perRun: fit.perRun,
      interval: [fit.lo, fit.hi],
      intervalMethod: "mean ± t(R-1) s/sqrt(R) of the runs' own slopes",
      residualTInterval: fit.tInterval,
      peak: peak && { tauStar: peak.tauStar, a: peak.a, perRun: peak.perRun, interval: [peak.lo, peak.hi] },
      paperA,
      paperInInterval: paperA !== null && fit.lo <= paperA && paperA <= fit.hi,
      runs: g.runs,
      stepCap: g.steps,
      stop: g.stop,
      lr: g.lr,
      seed: g.seed,
      runsAtCap: points.reduce((a, p) => a + p.stopReason.filter((r) => r === 'cap').length, 0),
      figure5: figure5Row(g, points),
      note: 'the interval is the run-to-run sampling error at this step cap; runs at the grid point next to the parameter count slow critically and still move with the cap (icl-verify fig5: doubling the cap to 120 000 raises every tau* by 0.01-0.04 toward 1 + 2/d; a moved 1.85 -> 1.85 at seed 20250711 (the default), 1.83 -> 1.88 at seed 1)',
    },
  );
}

export const checks: Check[] = [
  {
    id: 'train.gradients',
    claim:
      "every trained architecture's gradient (the tape's for the authors' models, the hand-derived one for the reduced models) equals the derivative of its loss",
    subject: 'trained.engine',
    detects:
      'a gradient of any architecture off from its finite-difference derivative by more than 1e-6 relative (planted: grad-linear-v0-1.1)',
    run({ seed }) {
      const rows = gradientCheck(seed);
      const worst = rows.reduce((a, r) => (r.worstRelativeGap > a.worstRelativeGap ? r : a));
      return verdict(
        worst.worstRelativeGap < GRAD_TOL,
        `worst relative gap to central differences ${worst.worstRelativeGap.toExponential(1)} (${worst.arch}, parameter ${worst.atParameter}) over ${rows.length} architectures, tolerance ${GRAD_TOL}`,
        {
          rows,
          tolerance: GRAD_TOL,
          method:
            'd = 3, l = 4, 24 contexts on 5 tasks, a minibatch of 15; parameters at their initialisation plus N(0, 0.01); central differences at steps 1e-4 and 5e-5 combined by Richardson extrapolation, every parameter; gap |fd - g| / max(1e-3, |fd|)',
          seed,
        },
      );
    },
  },
  {
    id: 'train.authors.sequence',
    claim:
      "the authors' models read l + 1 tokens of width d + 1 per context: the l context tokens [x_i; y_i] in order, then the query [x_q; 0] last",
    subject: 'trained.data',
    detects: 'a sequence of the wrong length, width, order or query row (planted: train-ell-plus-1)',
    run({ seed }) {
      const c = tinySet(seed);
      const { d, ell } = c;
      const D = d + 1;
      const out = new Float64Array(c.n * (ell + 1) * D);
      const T = sequences(c, null, 0, c.n, out);
      let mismatches = 0;
      if (T === ell + 1)
        for (let mu = 0; mu < c.n; mu++) {
          const so = mu * T * D;
          for (let i = 0; i < ell * D; i++) if (out[so + i] !== c.tokens[mu * ell * D + i]) mismatches++;
          for (let j = 0; j < d; j++) if (out[so + ell * D + j] !== c.x[mu * d + j]) mismatches++;
          if (out[so + ell * D + d] !== 0) mismatches++;
        }
      return verdict(
        T === ell + 1 && mismatches === 0,
        `${T} rows per sequence (l + 1 = ${ell + 1}), ${mismatches} entries off over ${c.n} contexts`,
        { rows: T, expectedRows: ell + 1, width: D, contexts: c.n, mismatches, seed },
      );
    },
  },
  {
    id: 'train.linear.collapse',
    claim:
      'Fig. 5: the test-error curves of trained reduced linear attention (linear-reduced) collapse across d when n is counted as tau = n/d^2 (at finite d: as n over its parameter count d^2 + 2d)',
    subject: 'trained.linear',
    detects:
      'trained models whose error curves collapse under a count other than about n/d^2 (n/d or n/d^3 are excluded by the interval)',
    sharesWith: 'train.linear.grid',
    run(opts) {
      if (opts.quick) return quickThreshold('train.linear.collapse', opts.seed);
      const g = trainGrid(opts);
      return collapseVerdict(g, runGrid(g));
    },
  },
  {
    id: 'train.linear.threshold-exponent',
    claim:
      'Fig. 5: the interpolation threshold of trained reduced linear attention (linear-reduced) grows like its parameter count d^2 + 2d, n* ~ d^a with a -> 2 (paper: 1.87 at d = 20-80)',
    subject: 'trained.linear',
    detects:
      "an interpolation threshold that grows with an exponent outside the run-to-run interval around the parameter count's (about 2)",
    sharesWith: 'train.linear.grid',
    run(opts) {
      if (opts.quick) return quickThreshold('train.linear.threshold-exponent', opts.seed);
      const g = trainGrid(opts);
      return exponentVerdict(g, runGrid(g));
    },
  },
];
