// The design of parameter points (src/candidate/design.ts), checked against what docs/check-formula.md
// says of it: one point per regime combination the domain allows, drawn in documented ranges (uniform
// or log-uniform), α, κ, τ multiples of 1/8, moved to the domain's own edges when it excludes the
// default ranges, ordered greedily for pairwise coverage, and replayed bit for bit from the seed.
// Imports neither the verdict nor the statistical evidence: no simulator mocks are needed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { designPoints, formatPoint, satisfies, type DesignPoint } from '../src/candidate/design.js';
import { parseCandidate, type Comparison, type ParamName } from '../src/candidate/parse.js';
import { ParseError } from '../src/symbolic/syntax.js';

const ROOT = join(import.meta.dirname, '..');
const example = (name: string) => readFileSync(join(ROOT, 'examples', 'candidates', name), 'utf8');
const UNIFIED = example('eICL-unified.txt');
const withDomain = (domain: string) =>
  parseCandidate(UNIFIED.replace('target: eICL', `target: eICL\ndomain: ${domain}`));
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const unrestricted = parseCandidate(UNIFIED);
/** Computed inside each test (not at import): the mutation run switches mutants between tests. */
const allPointsOf = (seeds = 5) => SEEDS.slice(0, seeds).flatMap((s) => designPoints(unrestricted, s));
const isEighth = (v: number) => Number.isInteger(v * 8);

/** The regions of docs/check-formula.md's design (small ρ below 0.25, small α below 2). */
const REGION: Record<string, (v: number) => boolean> = {
  'tau<1': (v) => v > 0 && v < 1,
  'tau>1': (v) => v > 1 && Number.isFinite(v),
  'kappa<1': (v) => v > 0 && v <= 1,
  'kappa>1': (v) => v > 1 && Number.isFinite(v),
  'kappa=inf': (v) => v === Infinity,
  'lambda=0': (v) => v === 0,
  'lambda>0': (v) => v > 0 && Number.isFinite(v),
  'rho:small': (v) => v >= 0 && v < 0.25,
  'rho:large': (v) => v >= 0.25 && Number.isFinite(v),
  'alpha:small': (v) => v > 0 && v < 2,
  'alpha:large': (v) => v >= 2 && Number.isFinite(v),
};
const PARAM_OF_LEVEL = (label: string): ParamName => label.split(/[<>=:]/)[0] as ParamName;
const inOwnRegimes = (pt: DesignPoint) => pt.regime.split(' ').every((l) => REGION[l]!(pt[PARAM_OF_LEVEL(l)]));

describe('design: regimes, ranges and the 1/8 grid', () => {
  it('an unrestricted domain has all 48 regime combinations, each point inside its own regimes', () => {
    const allPoints = allPointsOf();
    for (const s of [1, 2, 3]) {
      const pts = designPoints(unrestricted, s);
      expect(pts).toHaveLength(48);
      expect(new Set(pts.map((p) => p.regime)).size).toBe(48);
    }
    for (const pt of allPoints) expect(inOwnRegimes(pt), pt.regime + ' ' + formatPoint(pt)).toBe(true);
  });

  it('draws within the documented ranges: tau up to 6, alpha up to 32, kappa up to 6, lambda up to 4', () => {
    const allPoints = allPointsOf();
    const within = (label: string, lo: number, hi: number) => {
      const vs = allPoints.filter((p) => p.regime.includes(label)).map((p) => p[PARAM_OF_LEVEL(label)]);
      expect(vs.length).toBeGreaterThan(0);
      for (const v of vs) expect(v >= lo && v <= hi, `${label} ${v}`).toBe(true);
    };
    within('tau<1', 0.25, 0.75);
    within('tau>1', 1.5, 6);
    within('kappa<1', 0.25, 0.75);
    within('kappa>1', 1.5, 6);
    within('lambda>0', 0.01, 4);
    within('rho:small', 0.01, 0.1);
    within('rho:large', 0.5, 1.5);
    within('alpha:small', 0.5, 1.5);
    within('alpha:large', 3, 32);
  });

  it('reaches large alpha, tau, kappa and lambda in every unrestricted design', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const pts = designPoints(unrestricted, seed);
      const max = (k: 'alpha' | 'tau' | 'lambda' | 'kappa') =>
        Math.max(...pts.map((p) => p[k]).filter(Number.isFinite));
      expect(max('alpha'), `seed ${seed}`).toBeGreaterThan(16);
      expect(max('tau'), `seed ${seed}`).toBeGreaterThan(4);
      expect(max('kappa'), `seed ${seed}`).toBeGreaterThan(4);
      expect(max('lambda'), `seed ${seed}`).toBeGreaterThan(1);
    }
  });

  it('alpha, kappa and tau are multiples of 1/8 (exact l, k, n on the ladder); rho and lambda are not rounded', () => {
    const allPoints = allPointsOf();
    for (const pt of allPoints) {
      expect(isEighth(pt.alpha), formatPoint(pt)).toBe(true);
      expect(isEighth(pt.tau), formatPoint(pt)).toBe(true);
      if (Number.isFinite(pt.kappa)) expect(isEighth(pt.kappa), formatPoint(pt)).toBe(true);
    }
    const rhos = allPoints.map((p) => p.rho);
    const lambdas = allPoints.filter((p) => p.lambda > 0).map((p) => p.lambda);
    expect(rhos.filter((v) => !isEighth(v)).length).toBe(rhos.length);
    expect(lambdas.filter((v) => !isEighth(v)).length).toBe(lambdas.length);
  });

  it('uniform ranges: tau < 1 is uniform on [0.25, 0.75] rounded to the 1/8 grid (ends at half weight)', () => {
    const allPoints = allPointsOf(20);
    // 20 designs x 24 points; each share within 3 standard errors of its exact value.
    for (const [label, grid] of [
      ['tau<1', [0.25, 0.375, 0.5, 0.625, 0.75]],
      ['kappa<1', [0.25, 0.375, 0.5, 0.625, 0.75]],
      ['alpha:small', [0.5, 0.625, 0.75, 0.875, 1, 1.125, 1.25, 1.375, 1.5]],
    ] as const) {
      const vs = allPoints.filter((p) => p.regime.includes(label)).map((p) => p[PARAM_OF_LEVEL(label)]);
      const steps = grid.length - 1;
      grid.forEach((g, i) => {
        const p = (i === 0 || i === steps ? 0.5 : 1) / steps;
        const share = vs.filter((v) => v === g).length / vs.length;
        expect(Math.abs(share - p), `${label} = ${g}: share ${share}, expected ${p}`).toBeLessThan(
          3 * Math.sqrt((p * (1 - p)) / vs.length),
        );
      });
    }
  });

  it('scale ranges are log-uniform: lambda > 0 on [0.01, 4] has median 0.2, rho small and large likewise', () => {
    const allPoints = allPointsOf(20);
    for (const [label, lo, hi] of [
      ['lambda>0', 0.01, 4],
      ['rho:small', 0.01, 0.1],
      ['rho:large', 0.5, 1.5],
    ] as const) {
      const vs = allPoints.filter((p) => p.regime.includes(label)).map((p) => p[PARAM_OF_LEVEL(label)]);
      const median = Math.sqrt(lo * hi);
      const below = vs.filter((v) => v < median).length / vs.length;
      expect(Math.abs(below - 0.5), `${label}: share below ${median} is ${below}`).toBeLessThan(
        3 * Math.sqrt(0.25 / vs.length),
      );
      // log v uniform on [log lo, log hi]: its mean is log of the geometric midpoint.
      const meanLog = vs.reduce((a, v) => a + Math.log(v), 0) / vs.length;
      const sd = Math.log(hi / lo) / Math.sqrt(12);
      expect(Math.abs(meanLog - Math.log(median)), label).toBeLessThan((3 * sd) / Math.sqrt(vs.length));
    }
  });

  it('replays the design of the documented example bit for bit (docs/check-formula.md, seed 5)', () => {
    const pts = designPoints(parseCandidate(example('planted-tau-window.txt')), 5).map(formatPoint);
    expect(pts).toHaveLength(48);
    expect(pts).toContain('alpha=1.125 kappa=5.625 tau=1.875 rho=0.051872649633783505 lambda=0.11126957573650026');
    expect(pts).toContain('alpha=8.625 kappa=4.5 tau=4 rho=0.8131274343718158 lambda=0');
  });
});

describe('design: domains that exclude the default ranges', () => {
  it('tau >= 7: the points move to the domain edge, tau in [7, 14] (up to twice the edge)', () => {
    const tau = SEEDS.slice(0, 5)
      .flatMap((s) => designPoints(withDomain('tau >= 7'), s))
      .map((p) => p.tau);
    expect(tau).toHaveLength(5 * 24);
    for (const v of tau) expect(v >= 7 && v <= 14 && isEighth(v), `tau ${v}`).toBe(true);
    expect(Math.max(...tau)).toBeGreaterThan(9);
  });

  it('rho >= 1.6: rho in [1.6, 3.6] (the edge plus 2, more than twice the edge)', () => {
    const rho = SEEDS.flatMap((s) => designPoints(withDomain('rho >= 1.6'), s)).map((p) => p.rho);
    for (const v of rho) expect(v >= 1.6 && v <= 3.6, `rho ${v}`).toBe(true);
    expect(Math.max(...rho)).toBeGreaterThan(3.2);
  });

  it('lambda <= 0.005: lambda > 0 points spread over (0, 0.005] (uniformly: log-uniform cannot start at 0)', () => {
    const pts = designPoints(withDomain('lambda <= 0.005'), 1).filter((p) => p.lambda > 0);
    expect(pts).toHaveLength(24);
    for (const p of pts) expect(p.lambda > 0 && p.lambda <= 0.005).toBe(true);
    expect(new Set(pts.map((p) => p.lambda)).size).toBe(24);
  });

  it('tau < 0.001: only tau < 1 points, all inside the domain', () => {
    const pts = designPoints(withDomain('tau < 0.001'), 1);
    expect(pts).toHaveLength(24);
    for (const p of pts) expect(p.tau > 0 && p.tau < 0.001).toBe(true);
  });

  it('0.8 <= tau <= 1: tau < 1 points stay below 1 although 1 is on the 1/8 grid and in the domain', () => {
    const pts = SEEDS.slice(0, 5).flatMap((s) => designPoints(withDomain('tau >= 0.8, tau <= 1'), s));
    expect(pts).toHaveLength(5 * 24);
    for (const p of pts) expect(p.tau >= 0.8 && p.tau < 1 && p.regime.includes('tau<1'), formatPoint(p)).toBe(true);
  });

  it('open domain edges on the 1/8 grid are never drawn: 3 < alpha < 3.0625, 5.9375 < tau < 6', () => {
    for (const [domain, p, lo, hi] of [
      ['alpha > 3, alpha < 3.0625', 'alpha', 3, 3.0625],
      ['tau > 5.9375, tau < 6', 'tau', 5.9375, 6],
    ] as const) {
      const pts = designPoints(withDomain(domain), 1);
      expect(pts).toHaveLength(24);
      for (const pt of pts) expect(pt[p] > lo && pt[p] < hi, `${domain}: ${formatPoint(pt)}`).toBe(true);
      // Spread over the interval: the rounding to the grid is skipped (its value is outside), not replaced by a fixed point.
      expect(new Set(pts.map((pt) => pt[p])).size, domain).toBe(24);
    }
  });

  it('an empty domain is reported at the comparison between two parameters, with its position', () => {
    const src = UNIFIED.replace('target: eICL', 'target: eICL\ndomain: 1 < alpha, tau < 0.5, alpha < tau');
    const lines = src.split('\n');
    const line = lines.findIndex((l) => l.startsWith('domain:')) + 1;
    const col = lines[line - 1]!.indexOf('alpha < tau') + 'alpha '.length + 1;
    let err: unknown;
    try {
      designPoints(parseCandidate(src), 1);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).message).toBe('empty domain: no parameter point satisfies every comparison');
    expect([(err as ParseError).line, (err as ParseError).col]).toEqual([line, col]);
  });
});

describe('satisfies: the comparisons between parameters', () => {
  const pt = { alpha: 1, kappa: 2, tau: 1, rho: 0.5, lambda: 0 };
  const cmp = (left: ParamName | number, op: Comparison['op'], right: ParamName | number): Comparison => ({
    left,
    op,
    right,
    pos: { line: 1, col: 1 },
  });
  it.each([
    ['<', 'alpha', 'tau', false],
    ['<', 'alpha', 'kappa', true],
    ['<=', 'alpha', 'tau', true],
    ['<=', 'kappa', 'alpha', false],
    ['>', 'alpha', 'tau', false],
    ['>', 'kappa', 'alpha', true],
    ['>', 'alpha', 'kappa', false],
    ['>=', 'alpha', 'tau', true],
    ['>=', 'alpha', 'kappa', false],
    ['>=', 'kappa', 'alpha', true],
    ['=', 'alpha', 'tau', true],
    ['=', 'alpha', 'kappa', false],
    ['=', 'kappa', 'alpha', false],
  ] as const)('%s: %s vs %s', (op, l, r, want) => {
    expect(satisfies(pt, [cmp(l, op, r)])).toBe(want);
  });
  it('numbers on either side, and every comparison must hold', () => {
    expect(satisfies(pt, [cmp(0.25, '<', 'rho'), cmp('lambda', '=', 0)])).toBe(true);
    expect(satisfies(pt, [cmp(0.25, '<', 'rho'), cmp('lambda', '>', 0)])).toBe(false);
  });
});

describe('design: coverage order', () => {
  const pairsOf = (pt: DesignPoint): string[] => {
    const ls = pt.regime.split(' ');
    return ls.flatMap((a, i) => ls.slice(i + 1).map((b) => `${a}|${b}`));
  };
  it('each next point covers the most pairs of regime levels not yet covered (greedy), until all 48 pairs are', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const pts = designPoints(unrestricted, seed);
      const covered = new Set<string>();
      pts.forEach((pt, i) => {
        const gain = (q: DesignPoint) => pairsOf(q).filter((p) => !covered.has(p)).length;
        const best = Math.max(...pts.slice(i).map(gain));
        expect(gain(pt), `seed ${seed}, point ${i}`).toBe(best);
        pairsOf(pt).forEach((p) => covered.add(p));
      });
      // Every pair of levels of two different parameters (2, 3, 2, 2, 2 levels): 48 pairs.
      const levels = [2, 3, 2, 2, 2];
      const allPairs = levels.flatMap((a, i) => levels.slice(i + 1).map((b) => a * b)).reduce((x, y) => x + y, 0);
      expect(allPairs).toBe(48);
      expect(covered.size).toBe(allPairs);
    }
  });
  it('ties are broken by the seed: once every pair is covered the rest is not in enumeration order', () => {
    const LEVELS = [
      ['tau<1', 'tau>1'],
      ['kappa<1', 'kappa>1', 'kappa=inf'],
      ['lambda=0', 'lambda>0'],
      ['rho:small', 'rho:large'],
      ['alpha:small', 'alpha:large'],
    ];
    const regimes = LEVELS.reduce<string[]>(
      (acc, ls) => acc.flatMap((a) => ls.map((l) => (a ? `${a} ${l}` : l))),
      [''],
    );
    const enumeration = new Map(regimes.map((r, i) => [r, i]));
    for (let seed = 1; seed <= 3; seed++) {
      const tail = designPoints(unrestricted, seed)
        .slice(-20)
        .map((p) => enumeration.get(p.regime)!);
      const ascending = tail.every((v, i) => i === 0 || v > tail[i - 1]!);
      expect(ascending).toBe(false);
    }
  });
});
