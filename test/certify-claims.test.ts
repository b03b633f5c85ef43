// The claims added for Figure 3 (non-monotonicity in α on a grid) and the κ = 1 transition of the joint
// α, τ → ∞ limit: decided cells agree with 100-digit point values, and a planted fault never yields a proof.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exactDecimal, mp } from '../src/numeric/context.js';
import { parseBox, type Box } from '../src/certify/box.js';
import { ALPHA_POINTS_PER_DECADE, claimNamed } from '../src/certify/claims.js';
import { certify } from '../src/certify/search.js';
import { evaluate } from '../src/theory/evaluate.js';
import { optimalLambda } from '../src/theory/optima.js';

const H = mp(100);
const D = (v: number) => H.num(exactDecimal(v));

/** The 100-digit error along the claim's α grid at one (κ, ρ, τ) point, and whether it falls and rises. */
function sequence(which: 'eICL' | 'eIDG', box: Box, kappa: number, rho: number): { falls: boolean; rises: boolean } {
  const { lo, hi } = box.alpha;
  const n = Math.ceil(ALPHA_POINTS_PER_DECADE * Math.log10(hi / lo));
  const grid = Array.from({ length: n + 1 }, (_, j) => (j === 0 ? lo : j === n ? hi : lo * (hi / lo) ** (j / n)));
  const v = grid.map(
    (alpha) => evaluate(H, { alpha: D(alpha), kappa: D(kappa), tau: D(box.tau.lo), rho: D(rho), lambda: D(0) })[which],
  );
  let falls = false;
  let rises = false;
  for (let j = 1; j < v.length; j++) {
    if (v[j]!.lt(v[j - 1]!)) falls = true;
    if (v[j]!.gt(v[j - 1]!)) rises = true;
  }
  return { falls, rises };
}

describe('alpha-nonmonotone (Figure 3 on an alpha grid)', () => {
  it('proves the dip at kappa, rho near 0.5 (tau = 20) and monotonicity at kappa near 2; 100-digit sequences agree', () => {
    const claim = claimNamed('alpha-nonmonotone-eICL');
    const dip = parseBox('alpha=0.01..1e5,kappa=0.5..0.6,tau=20,rho=0.5..0.6,lambda=0');
    const r = certify(claim, dip, { maxCells: 50, depth: 20 });
    expect(r.proved).toBeCloseTo(1, 12);
    const s = sequence('eICL', dip, 0.55, 0.57);
    expect(s.falls && s.rises).toBe(true);

    const flat = parseBox('alpha=0.01..1e5,kappa=2..2.4,tau=20,rho=0.5..0.6,lambda=0');
    const f = certify(claim, flat, { maxCells: 200, depth: 20 });
    expect(f.disproved).toBeCloseTo(1, 12);
    const t = sequence('eICL', flat, 2.3, 0.51);
    expect(t.falls && t.rises).toBe(false);
    // alpha is never split: every cell keeps the whole alpha range.
    for (const c of [...r.cells, ...f.cells]) expect(c.box.alpha).toEqual(dip.alpha);
  });
});

describe('kappa1-transition (joint alpha, tau -> inf limit)', () => {
  it('proved away from kappa = 1; the only cells left open contain kappa = 1', () => {
    const box = parseBox('alpha=100,kappa=0.1..10,tau=1000,rho=0.5,lambda=0');
    const r = certify(claimNamed('kappa1-transition'), box, { maxCells: 2000, depth: 40 });
    expect(r.disproved).toBe(0);
    expect(r.proved).toBeGreaterThan(1 - 1e-9);
    for (const c of r.cells.filter((x) => x.status !== 'proved')) {
      expect(c.box.kappa.lo).toBeLessThanOrEqual(1);
      expect(c.box.kappa.hi).toBeGreaterThanOrEqual(1);
    }
  });

  it('planted fault memorized-kappa-1.01: a proved cell just below kappa = 1 becomes disproved, never proved', () => {
    const run = (fault: string) =>
      spawnSync(
        process.execPath,
        [
          join(import.meta.dirname, '..', 'bin', 'icl-verify.js'),
          'certify',
          'kappa1-transition',
          '--box',
          'alpha=100,kappa=0.992..0.999,tau=10..1000,rho=0..1,lambda=0',
          '--json',
        ],
        { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ICL_VERIFY_FAULT: fault } },
      );
    const clean = run('');
    expect(clean.status, clean.stderr).toBe(0);
    expect(JSON.parse(clean.stdout).provedFraction).toBeCloseTo(1, 12);
    const faulted = run('memorized-kappa-1.01');
    expect(faulted.status).toBe(1);
    expect(JSON.parse(faulted.stdout).provedFraction).toBe(0);
    expect(JSON.parse(faulted.stdout).disprovedFraction).toBeCloseTo(1, 12);
  });
});

describe('eICL-increasing-in-lambda (the optimal ridge)', () => {
  it("proved above lambda* and disproved below it, lambda* from the toolbox's certified bracket", () => {
    const at = { alpha: '10', kappa: '0.5', tau: '2', rho: '0.1' };
    const star = optimalLambda(at, 12);
    expect(star.kind).toBe('interior');
    const s = Number(star.lo);
    const claim = claimNamed('eICL-increasing-in-lambda');
    const box = (lo: number, hi: number) => parseBox(`alpha=10,kappa=0.5,tau=2,rho=0.1,lambda=${lo}..${hi}`);
    const above = certify(claim, box(s * 1.05, 1), { maxCells: 3000, depth: 30 });
    expect(above.proved).toBeCloseTo(1, 12);
    const below = certify(claim, box(0.05, s * 0.95), { maxCells: 3000, depth: 30 });
    expect(below.disproved).toBeCloseTo(1, 12);
    // Across lambda*, every decided cell is on its own side of it.
    const across = certify(claim, box(s * 0.8, s * 1.25), { maxCells: 1000, depth: 30 });
    for (const c of across.cells) {
      if (c.status === 'proved') expect(c.box.lambda.lo).toBeGreaterThanOrEqual(s);
      if (c.status === 'disproved') expect(c.box.lambda.hi).toBeLessThanOrEqual(Number(star.hi));
    }
    expect(across.proved).toBeGreaterThan(0);
    expect(across.disproved).toBeGreaterThan(0);
  });
});
