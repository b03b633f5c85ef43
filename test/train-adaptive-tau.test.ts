// The adaptive tau search on synthetic curves with a planted threshold: a sharp logistic rise of the log10
// training error in log tau, centred at tau* (where it crosses the zero level), with a per-run shift.
import { describe, expect, it } from 'vitest';
import { stream } from '../src/sim/rng.js';
import { DomainError } from '../src/numeric/domain.js';
import type { GridPoint } from '../src/train/fig5Grid.js';
import { fitExponent } from '../src/train/fits.js';
import { adaptiveRow, coarseGrid, midpoint, type AdaptiveRule } from '../src/train/adaptiveTau.js';
import { threshold, ZERO_LEVEL } from '../src/train/thresholds.js';
import { cli } from './support/cli.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The fixed grid of the reduced linear model (12 tau). */
const FIXED = [0.25, 0.5, 0.7, 0.85, 1, 1.15, 1.3, 1.5, 1.75, 2, 3, 5];

/** Trains (synthetically) R runs at tau for a planted tau*: each run's curve shifted by runShift · N(0, 1) in log tau. */
function plantedMeasure(d: number, tauStar: number, R: number, runShift: number, seed: number) {
  const rng = stream(seed, 0, `adaptive/${d}`);
  const shifts = Array.from({ length: R }, () => runShift * rng.normal());
  let calls = 0;
  const measure = (tau: number): GridPoint => {
    calls++;
    const L = Math.log10(ZERO_LEVEL);
    const trainError = shifts.map((s) => 10 ** (L - 2 + 4 / (1 + Math.exp(-(Math.log(tau / tauStar) - s) / 0.03))));
    const zeros = shifts.map(() => 0);
    return {
      d,
      tau,
      n: Math.round(tau * d * d),
      trainError,
      eICL: trainError.map((e) => 1 + e),
      eIDG: zeros,
      cpuSeconds: zeros,
      steps: zeros,
      stopReason: shifts.map(() => 'converged' as const),
    };
  };
  return { measure, calls: () => calls };
}

const coarse = coarseGrid(0.25, 5, 5);
const opts = (rule: AdaptiveRule, d: number) => ({
  coarse,
  rule,
  resolution: 0.1,
  maxPoints: 12,
  nOf: (t: number) => Math.round(t * d * d),
});

describe('adaptive tau search', () => {
  it('locates a planted threshold within the resolution with fewer runs than the fixed grid, by either rule', () => {
    for (const rule of ['train', 'rise'] as const)
      for (const tauStar of [0.37, 0.93, 1.21, 2.6, 3.3]) {
        const fixed = plantedMeasure(40, tauStar, 1, 0, 1);
        const fixedRow = FIXED.map(fixed.measure);
        const m = plantedMeasure(40, tauStar, 1, 0, 1);
        const row = adaptiveRow(opts(rule, 40), m.measure);
        expect(row.stop).toBe('resolution');
        const [lo, hi] = row.bracket!;
        // train: the bracket holds the crossing; rise: the largest step of a sampled steep rise may sit beside it.
        const slack = rule === 'train' ? 1 : 1.1;
        expect(lo).toBeLessThan(tauStar * slack);
        expect(hi).toBeGreaterThan(tauStar / slack);
        expect(hi / lo).toBeLessThanOrEqual(1.1);
        const est = threshold(row.points, rule)!;
        expect(Math.abs(Math.log(est / tauStar))).toBeLessThan(Math.log(1.1));
        expect(m.calls()).toBeLessThan(FIXED.length);
        expect(row.chosen.slice(0, 5)).toEqual(coarse);
        expect(row.points.map((p) => p.tau)).toEqual([...row.chosen].sort((a, b) => a - b));
        // The same estimator on the fixed grid (the power of the comparison): off by more where its spacing is wide.
        if (tauStar === 3.3) expect(Math.abs(Math.log(threshold(fixedRow, rule)! / tauStar))).toBeGreaterThan(0.14);
      }
  });

  it('the exponent from adaptive rows with run-to-run scatter recovers the planted one, as a fixed grid would', () => {
    const a = 1.7;
    const ds = [10, 14, 20];
    const points = ds.flatMap((d, i) => {
      const m = plantedMeasure(d, (1.1 * d ** a) / d ** 2, 3, 0.02, 30 + i);
      return adaptiveRow(opts('train', d), m.measure).points;
    });
    const f = fitExponent(points, 'train')!;
    expect(f.method).toBe('runs');
    expect(Math.abs(f.a - a)).toBeLessThan(0.05);
    expect(f.lo).toBeLessThan(a);
    expect(f.hi).toBeGreaterThan(a);
  });

  it('stops where no n lies between the bracket ends, and when the rule finds no bracket', () => {
    const m = plantedMeasure(4, 1.21, 1, 0, 2);
    const row = adaptiveRow({ ...opts('train', 4), coarse: [0.7, 1.4, 2.8], resolution: 0.01 }, m.measure);
    expect(row.stop).toBe('n-resolution');
    const [lo, hi] = row.bracket!;
    expect(lo).toBeLessThan(1.21);
    expect(hi).toBeGreaterThan(1.21);
    const n = (t: number) => Math.round(t * 16);
    expect([n(lo), n(hi)]).toContain(n(midpoint(lo, hi)));
    expect(n(hi) - n(lo)).toBeLessThanOrEqual(2);
    const flat = adaptiveRow({ ...opts('train', 40), coarse: [0.25, 0.3] }, plantedMeasure(40, 3, 1, 0, 3).measure);
    expect(flat.stop).toBe('no-bracket');
    expect(flat.chosen).toEqual([0.25, 0.3]);
    const capped = adaptiveRow({ ...opts('train', 40), maxPoints: 6 }, plantedMeasure(40, 1.21, 1, 0, 4).measure);
    expect(capped.stop).toBe('max-points');
    expect(capped.points).toHaveLength(6);
  });

  it('bad options are DomainErrors naming the parameter; the CLI refuses --rule without --adaptive', () => {
    const m = plantedMeasure(40, 1, 1, 0, 5).measure;
    expect(() => adaptiveRow({ ...opts('train', 40), resolution: 0 }, m)).toThrow(DomainError);
    expect(() => adaptiveRow({ ...opts('train', 40), resolution: 0 }, m)).toThrow(/resolution/);
    expect(() => adaptiveRow({ ...opts('train', 40), coarse: [1, 0.5] }, m)).toThrow(/coarse/);
    expect(() => adaptiveRow({ ...opts('train', 40), maxPoints: 3 }, m)).toThrow(/maxPoints/);
    const bad = cli('fig5', '--rule', 'rise');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--rule and --resolution belong to --adaptive/);
  });

  it('fig5 --adaptive trains the tau it chooses, lists them per d, and its file pools back with --from', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'adaptive-')), 'a.json');
    const args = ['--arch', 'linear-reduced', '--ds', '6,8', '--runs', '1', '--steps', '300', '--adaptive'];
    const r = cli('fig5', ...args, '--taus', '0.5,2,8', '--resolution', '0.5', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j.adaptive.rule).toBe('train');
    expect(j.adaptive.resolution).toBe(0.5);
    for (const row of j.adaptive.rows) {
      expect(row.chosen.slice(0, 3)).toEqual([0.5, 2, 8]);
      const taus = j.points.filter((p: { d: number }) => p.d === row.d).map((p: { tau: number }) => p.tau);
      expect(taus).toEqual([...row.chosen].sort((a: number, b: number) => a - b));
      expect(r.stdout).toContain(`d=${row.d}: tau chosen ${row.chosen.join(' ')}`);
    }
    expect(j.spec.taus).toEqual(
      [...new Set(j.points.map((p: { tau: number }) => p.tau))].sort((a, b) => (a as number) - (b as number)),
    );
    const back = cli('fig5', '--from', out, '--json');
    expect(back.status, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout).fits).toEqual(j.fits);
  });
});
