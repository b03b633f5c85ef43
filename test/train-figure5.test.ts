// The Figure 5 analysis on synthetic curves with a planted answer: threshold estimators, the exponent
// fit and its interval, the collapse exponent; and the train command's arguments.
import { describe, expect, it } from 'vitest';
import { stream } from '../src/sim/rng.js';
import { DomainError } from '../src/numeric/domain.js';
import type { GridPoint, GridSpec } from '../src/train/fig5Grid.js';
import { collapseExponent, fitExponent } from '../src/train/fits.js';
import { mergeGrids } from '../src/train/gridFiles.js';
import { halfMaxCrossing, transitions, type Fig6Point } from '../src/train/fig6Grid.js';
import { peakThreshold, riseThreshold, trainThreshold, ZERO_LEVEL } from '../src/train/thresholds.js';
import { FIG5_DEFAULTS } from '../src/train/protocol.js';
import { collapseVerdict, exponentVerdict } from '../src/checks/train.js';
import { countSlope } from '../src/train/fits.js';
import { ARCHITECTURES } from '../src/train/models.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './support/cli.js';

const TAUS = [0.25, 0.5, 0.7, 0.85, 1, 1.15, 1.3, 1.5, 2, 3, 5];

/**
 * Curves whose training error crosses the zero level at n* = 1.1 d^a and whose test error peaks there; jitter
 * per run and point (sd in log n), plus optionally a shift of each run's whole curve (sd runShift) and test
 * errors scaled by exp(noise · N(0, 1)) per point. runs: per d when an array.
 */
function planted(
  a: number,
  ds: number[],
  runs: number | number[],
  jitter: number,
  seed: number,
  runShift = 0,
  noise = 0,
): GridPoint[] {
  const rng = stream(seed, 0, 'planted');
  const out: GridPoint[] = [];
  for (const [i, d] of ds.entries()) {
    const tauStar = (1.1 * d ** a) / d ** 2;
    const R = typeof runs === 'number' ? runs : runs[i]!;
    const shifts = Array.from({ length: R }, () => (runShift > 0 ? runShift * rng.normal() : 0));
    for (const tau of TAUS) {
      const n = tau * d * d;
      const p: GridPoint = { d, tau, n, trainError: [], eICL: [], eIDG: [], cpuSeconds: [], steps: [], stopReason: [] };
      for (let r = 0; r < R; r++) {
        const shift = Math.log(tau / tauStar) + shifts[r]! + jitter * rng.normal();
        p.trainError.push(ZERO_LEVEL * 10 ** (4 * shift));
        p.eICL.push(
          (1 + 2 * Math.exp(-4 * shift * shift) + 0.5 / (1 + Math.exp(-3 * shift))) *
            (noise > 0 ? Math.exp(noise * rng.normal()) : 1),
        );
        p.eIDG.push(0);
        p.cpuSeconds.push(0);
        p.steps.push(0);
        p.stopReason.push('converged');
      }
      out.push(p);
    }
  }
  return out;
}

describe('Figure 5 analysis', () => {
  it('threshold estimators: the zero-level crossing interpolates in log tau; the peak is refined by a parabola', () => {
    const L = Math.log10(ZERO_LEVEL);
    expect(trainThreshold([1, 4], [L - 1, L + 1])).toBeCloseTo(2, 12);
    expect(trainThreshold([1, 2, 4], [L - 2, L - 1, L - 0.5])).toBeNull();
    const taus = [0.5, 0.8, 1.2, 2];
    const e = taus.map((t) => 3 - (Math.log(t) - Math.log(1.05)) ** 2);
    expect(peakThreshold(taus, e)).toBeCloseTo(1.05, 10);
    expect(peakThreshold([1, 1.15], [9.7, 9.9])).toBeNull();
    expect(
      peakThreshold(
        taus,
        taus.map((t) => -t),
      ),
    ).toBeNull();
  });

  it('recovers a planted exponent; the interval covers it and excludes 2 when a = 2.3', () => {
    const exact = fitExponent(planted(1.8, [10, 14, 20, 28], 3, 0, 1), 'train')!;
    expect(exact.a).toBeCloseTo(1.8, 9);
    const noisy = fitExponent(planted(2.3, [10, 14, 20, 28], 4, 0.05, 2), 'train')!;
    expect(noisy.lo).toBeLessThan(2.3);
    expect(noisy.hi).toBeGreaterThan(2.3);
    expect(noisy.lo).toBeGreaterThan(2);
    const peak = fitExponent(planted(1.8, [10, 14, 20, 28], 3, 0, 1), 'peak')!;
    expect(Math.abs(peak.a - 1.8)).toBeLessThan(0.05);
  });

  it('between-run intervals cover the planted exponent about 95% of the time (t with R - 1 dof; z would under-cover)', () => {
    const seeds = 200;
    let coverA = 0;
    let coverC = 0;
    let coverZ = 0;
    for (let s = 0; s < seeds; s++) {
      const pts = planted(1.8, [8, 10, 12, 14], 4, 0.08, 100 + s);
      const f = fitExponent(pts, 'train')!;
      if (f.lo <= 1.8 && 1.8 <= f.hi) coverA++;
      const half = (f.hi - f.lo) / 2;
      const mid = (f.hi + f.lo) / 2;
      if (Math.abs(mid - 1.8) <= (half * 1.96) / 3.182) coverZ++;
      const c = collapseExponent(pts);
      if (c.lo <= 1.8 && 1.8 <= c.hi) coverC++;
    }
    expect(coverA / seeds).toBeGreaterThan(0.9);
    expect(coverA / seeds).toBeLessThan(0.99);
    expect(coverC / seeds).toBeGreaterThan(0.88);
    expect(coverZ / seeds).toBeLessThan(0.9);
  });

  it('unequal runs per d (one run at the largest d): pooled intervals cover the planted exponents about 95% of the time', () => {
    // The design of the larger runs: several runs at the small d, one at the largest (where a run set costs most).
    const seeds = 200;
    const ds = [8, 12, 20, 40];
    let coverA = 0;
    let coverC = 0;
    let dofOne = 0;
    for (let s = 0; s < seeds; s++) {
      const pts = planted(1.8, ds, [4, 4, 4, 1], 0.03, 500 + s, 0.05, 0.03);
      const f = fitExponent(pts, 'train')!;
      expect(f.method).toBe('pooled');
      if (f.lo <= 1.8 && 1.8 <= f.hi) coverA++;
      const c = collapseExponent(pts);
      expect(c.method).toBe('pooled');
      if (c.lo <= 1.8 && 1.8 <= c.hi) coverC++;
      // A planted fault: the single-run d's mean taken as exact (its variance left out of the interval).
      const x = ds.map(Math.log);
      const mx = x.reduce((a, b) => a + b, 0) / x.length;
      const sxx = x.reduce((a, v) => a + (v - mx) ** 2, 0);
      const full = ds.reduce((a, _, i) => a + ((x[i]! - mx) / sxx) ** 2 / [4, 4, 4, 1][i]!, 0);
      const without = ds.slice(0, 3).reduce((a, _, i) => a + ((x[i]! - mx) / sxx) ** 2 / 4, 0);
      const half = ((f.hi - f.lo) / 2) * Math.sqrt(without / full);
      if (Math.abs(f.a - 1.8) <= half) dofOne++;
    }
    expect(coverA / seeds).toBeGreaterThan(0.9);
    expect(coverA / seeds).toBeLessThan(0.99);
    expect(coverC / seeds).toBeGreaterThan(0.9);
    expect(coverC / seeds).toBeLessThan(0.99);
    expect(dofOne / seeds).toBeLessThan(0.85);
  });

  it('pooling grid files: replicates added later join their (d, tau); a different protocol or a repeated replicate is refused', () => {
    const spec: GridSpec = { ...FIG5_DEFAULTS['linear-reduced'], ds: [8, 12, 20], taus: TAUS, runs: 4 };
    const all = planted(1.8, [8, 12, 20], 4, 0.05, 7);
    const part = (reps: number[]): GridPoint[] =>
      all.map((p) => ({
        ...p,
        trainError: reps.map((r) => p.trainError[r]!),
        eICL: reps.map((r) => p.eICL[r]!),
        eIDG: reps.map((r) => p.eIDG[r]!),
        cpuSeconds: reps.map((r) => p.cpuSeconds[r]!),
        steps: reps.map((r) => p.steps[r]!),
        stopReason: reps.map((r) => p.stopReason[r]!),
        replicates: reps,
      }));
    // Files in any order: one with replicates 2, 3 (a later --first-run 2), one with 0, 1 split by tau.
    const low = part([0, 1]);
    const merged = mergeGrids([
      { spec: { ...spec, runs: 2, firstRun: 2 }, points: part([2, 3]) },
      { spec: { ...spec, runs: 2 }, points: low.filter((p) => p.tau >= 1) },
      { spec: { ...spec, runs: 2 }, points: low.filter((p) => p.tau < 1) },
    ]);
    expect(merged.spec.runs).toBe(4);
    expect(merged.spec.ds).toEqual([8, 12, 20]);
    expect(merged.points).toHaveLength(all.length);
    const whole = fitExponent(all, 'train')!;
    const pooled = fitExponent(merged.points, 'train')!;
    expect(pooled.method).toBe('runs');
    expect(pooled.a).toBeCloseTo(whole.a, 12);
    expect(pooled.perRun).toEqual(whole.perRun);
    expect(collapseExponent(merged.points).perRun).toEqual(collapseExponent(all).perRun);
    expect(() =>
      mergeGrids([
        { spec, points: part([0, 1]) },
        { spec: { ...spec, seed: 2 }, points: part([2, 3]) },
      ]),
    ).toThrow(/spec.seed must be the same/);
    expect(() =>
      mergeGrids([
        { spec, points: part([0, 1]) },
        { spec, points: part([1, 2]) },
      ]),
    ).toThrow(DomainError);
    // A design with one run fewer at one d is unbalanced: the pooled interval, not the per-run one.
    const uneven = mergeGrids([
      { spec, points: part([0, 1, 2]) },
      { spec, points: part([3]).filter((p) => p.d !== 20) },
    ]);
    expect(fitExponent(uneven.points, 'train')!.method).toBe('pooled');
    // A d whose tau come from different replicates (no run has a whole curve there) still counts with its
    // runs per point; the scatter comes from the other d.
    const patched = mergeGrids([
      { spec, points: part([0, 1, 2]).filter((p) => p.d !== 20) },
      { spec, points: part([0]).filter((p) => p.d === 20 && p.tau < 1) },
      { spec, points: part([1]).filter((p) => p.d === 20 && p.tau >= 1) },
    ]);
    const fp = fitExponent(patched.points, 'train')!;
    expect(fp.perRunTau[2]).toEqual([]);
    expect(Number.isFinite(fp.lo) && Number.isFinite(fp.hi) && fp.lo < fp.a && fp.a < fp.hi).toBe(true);
    const cp = collapseExponent(patched.points);
    expect(Number.isFinite(cp.lo) && Number.isFinite(cp.hi)).toBe(true);
  });

  it('fig5 --from pools files (one run at the largest d) and --html draws the curves per d and the thresholds with the fit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fig5-'));
    const spec: GridSpec = { ...FIG5_DEFAULTS['linear-reduced'], taus: TAUS };
    const pts = planted(1.8, [8, 12, 20, 40], [3, 3, 3, 1], 0.03, 11, 0.03);
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(
      a,
      JSON.stringify({ spec: { ...spec, ds: [8, 12, 20], runs: 3 }, points: pts.filter((p) => p.d < 40) }),
    );
    writeFileSync(b, JSON.stringify({ spec: { ...spec, ds: [40], runs: 1 }, points: pts.filter((p) => p.d === 40) }));
    const html = join(dir, 'f.html');
    const out = join(dir, 'all.json');
    const r = cli('fig5', '--arch', 'linear-reduced', '--from', `${a},${b}`, '--html', html, '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/d=40 \(runs 1\)/);
    expect(r.stdout).toMatch(/train\s*: .*\(pooled\)/);
    expect(r.stdout).toMatch(/parameter-count slope over these d: 1\.8\d\d; paper a: 1\.87/);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j.spec.ds).toEqual([8, 12, 20, 40]);
    expect(Math.abs(j.fits[0].a - 1.8)).toBeLessThan(0.05);
    const page = readFileSync(html, 'utf8');
    expect(page.match(/<svg/g)).toHaveLength(3);
    for (const d of [8, 12, 20, 40]) expect(page).toContain(`d=${d} mean`);
    expect(page).toMatch(/fit a=1\.[78]\d \[/);
    expect(page).toContain('n = its parameter count (slope 1.89 over these d)');
    expect(page).toContain('paper a = 1.87 (slope only)');
    expect(page).toContain(`from ${a} + ${b}, preset converged, d ∈ {8, 12, 20, 40}, 1-3 runs per point`);
    expect(page).toContain('d=40 (1 runs;');
    const bad = cli('fig5', '--from', `${a},${a}`);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/replicate must be in one file only/);
  });

  it("the trained checks' reference slope is the grid architecture's own parameter count", () => {
    // At d = 2, 3, 4 the counts' slopes differ: linear-reduced (d^2 + 2d) 1.58, linear 1.51, blocks2 1.64.
    const ds = [2, 3, 4];
    const slope = (arch: 'linear-reduced' | 'linear' | 'blocks2') => countSlope(ds, ARCHITECTURES[arch].count);
    expect(slope('linear-reduced') - slope('linear')).toBeGreaterThan(0.05);
    expect(slope('blocks2') - slope('linear-reduced')).toBeGreaterThan(0.05);
    const points = planted(slope('linear-reduced'), ds, 4, 0.005, 21);
    const spec = (arch: 'linear-reduced' | 'linear' | 'blocks2'): GridSpec => ({
      ...FIG5_DEFAULTS[arch],
      ds,
      taus: TAUS,
      runs: 4,
    });
    const own = exponentVerdict(spec('linear-reduced'), points);
    expect(own.status).toBe('pass');
    expect(own.evidence.expected).toBeCloseTo(slope('linear-reduced'), 12);
    for (const other of ['linear', 'blocks2'] as const) {
      const r = exponentVerdict(spec(other), points);
      expect(r.status).toBe('fail');
      expect(r.evidence.expected).toBeCloseTo(slope(other), 12);
      expect(r.evidence.paperA).toBe(ARCHITECTURES[other].paperA);
    }
    expect(collapseVerdict(spec('linear-reduced'), points).status).toBe('pass');
    expect(collapseVerdict(spec('linear'), points).status).toBe('fail');
    // Planted at the linear model's slope, the verdicts turn around.
    const lin = planted(slope('linear'), ds, 4, 0.005, 22);
    expect(exponentVerdict(spec('linear'), lin).status).toBe('pass');
    expect(exponentVerdict(spec('linear-reduced'), lin).status).toBe('fail');
  });

  it('collapse exponent: 2 for curves that are functions of n/d^2, not for curves in n/d^1.5', () => {
    const two = collapseExponent(planted(2, [10, 14, 20], 3, 0.03, 3));
    expect(two.lo).toBeLessThanOrEqual(2);
    expect(two.hi).toBeGreaterThanOrEqual(2);
    const other = collapseExponent(planted(1.5, [10, 14, 20], 3, 0.03, 3));
    expect(other.hi).toBeLessThan(2);
    expect(Math.abs(other.c - 1.5)).toBeLessThan(0.1);
  });

  it('train command: bad arguments exit 2 with one line; --json gives the run, Gamma* and the CPU cost', () => {
    const bad = cli('train', '--arch', 'mlp', '--d', '8', '--tau', '1');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(
      /--arch must be linear \| linear-reduced \| softmax \| softmax-head \| blocks2 \| blocks3/,
    );
    expect(cli('train', '--arch', 'linear', '--d', '8', '--tau', '0.1').stderr).toMatch(/n must be an integer >= 10/);
    const r = cli('train', '--arch', 'linear-reduced', '--d', '6', '--tau', '1', '--steps', '200', '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.n).toBe('36');
    expect(j.batch).toBe('4');
    expect(Number(j.perRun[0].gammaStar.eICL)).toBeGreaterThan(0);
    expect(Number(j.perRun[0].cpuSeconds)).toBeGreaterThan(0);
  });
});

describe("the paper's rise rule and Figure 6's transition", () => {
  it('rise: the geometric midpoint of the largest increase; null when the curve never rises', () => {
    expect(riseThreshold([0.5, 1, 2, 4], [-5, -4.8, -2, -1.9])).toBeCloseTo(Math.SQRT2, 14);
    expect(riseThreshold([0.5, 1, 2], [-1, -2, -3])).toBeNull();
  });

  it('transition: where g_task falls through half its maximum (linear in log kappa), each run its own', () => {
    expect(halfMaxCrossing([0.25, 0.5, 1, 2, 4], [0.8, 1, 0.6, 0.2, 0.1])).toBeCloseTo(2 ** 0.25, 14);
    expect(halfMaxCrossing([0.5, 1, 2], [0.1, 0.2, 0.3])).toBeNull();
    // Three runs whose curves cross half their maximum at planted kappa* 0.8, 1, 1.25 (a step in log kappa).
    const kappas = [0.25, 0.5, 0.7, 1, 1.4, 2, 4];
    const star = [0.8, 1, 1.25];
    const g = (k: number, r: number) => 1 / (1 + (k / star[r]!) ** 6);
    const points: Fig6Point[] = kappas.map((kappa) => ({
      d: 4,
      k: kappa * 4,
      kappa,
      trainError: [0, 0, 0],
      eIDG: [0.1, 0.1, 0.1],
      eICL: star.map((_, r) => 0.1 + g(kappa, r)),
      cpuSeconds: [1, 1, 1],
      steps: [1, 1, 1],
      stopReason: ['budget', 'budget', 'budget'],
    }));
    const [t] = transitions(points);
    t!.perRun.forEach((v, r) => expect(Math.abs(Math.log(v! / star[r]!))).toBeLessThan(0.08));
    expect(t!.lo).toBeLessThan(1);
    expect(t!.hi).toBeGreaterThan(1);
    expect(t!.oneInInterval).toBe(true);
  });
});

describe('fig6 command', () => {
  it('--from prints g_task and the transition per d and --html draws the panel; bad flags exit 2 with one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fig6-'));
    const kappas = [0.25, 0.5, 1, 2, 4];
    const points = [4, 8].flatMap((d) =>
      kappas.map((kappa) => ({
        d,
        k: kappa * d,
        kappa,
        trainError: [0, 0, 0],
        eIDG: [0.2, 0.2, 0.2],
        eICL: [0.9, 1, 1.1].map((s) => 0.2 + 1 / (1 + (kappa / s) ** 4)),
        cpuSeconds: [1, 1, 1],
        steps: [10, 10, 10],
        stopReason: ['budget', 'budget', 'budget'],
      })),
    );
    const spec = {
      arch: 'blocks2',
      ds: [4, 8],
      kappas,
      tau: 10,
      runs: 3,
      seed: 1,
      preset: 'converged',
      alpha: 1,
      rho: 0.01,
    };
    const file = join(dir, 'f6.json');
    writeFileSync(file, JSON.stringify({ spec, points }));
    const html = join(dir, 'f6.html');
    const r = cli('fig6', '--from', file, '--html', html);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/d=4: kappa 0\.25 0\.50 1\.00 2\.00 4\.00/);
    expect(r.stdout.match(/kappa = 1 inside/g)).toHaveLength(2);
    const page = readFileSync(html, 'utf8');
    expect(page.match(/<svg/g)).toHaveLength(1);
    expect(page).toContain('d=8 mean');
    const bad = cli('fig6', '--kappas', '1,x');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--kappas must be a comma-separated list of numbers/);
    expect(cli('fig5', '--arch', 'mlp').stderr).toMatch(/--arch must be linear \| linear-reduced/);
  });
});
