// The claims added for Figure 3 (non-monotonicity in α, from the sign of ∂e/∂α) and the κ = 1 transition of the joint
// α, τ → ∞ limit: decided cells agree with 100-digit point values, and a planted fault never yields a proof.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exactDecimal, mp } from '../src/numeric/context.js';
import { parseBox, type Box } from '../src/certify/box.js';
import { claimNamed } from '../src/certify/claims.js';
import { certify } from '../src/certify/search.js';
import { derivatives } from '../src/theory/derivatives.js';
import { optimalLambda } from '../src/theory/optima.js';

const H = mp(100);
const D = (v: number) => H.num(exactDecimal(v));

/** Signs of the 100-digit ∂e/∂α (theory/derivatives.ts) at `n` log-spaced α of the box's range. */
function slopeSigns(which: 'eICL' | 'eIDG', box: Box, kappa: number, rho: number, n = 41): Set<number> {
  const { lo, hi } = box.alpha;
  const out = new Set<number>();
  for (let j = 0; j < n; j++) {
    const alpha = lo * (hi / lo) ** (j / (n - 1));
    const p = { alpha: D(alpha), kappa: D(kappa), tau: D(box.tau.lo), rho: D(rho), lambda: D(0) };
    out.add(Math.sign(H.toNumber(derivatives(H, p, 'alpha')[which])));
  }
  return out;
}

describe('alpha-nonmonotone (Figure 3: the sign of the slope in alpha)', () => {
  it('proves the dip at kappa, rho near 0.5 (tau = 20) and monotonicity at kappa near 2; 100-digit slopes agree', () => {
    const claim = claimNamed('alpha-nonmonotone-eICL');
    const dip = parseBox('alpha=1..1e4,kappa=0.5..0.51,tau=20,rho=0.5..0.51,lambda=0');
    expect(claim.decide(dip).verdict).toBe('proved');
    expect(slopeSigns('eICL', dip, 0.505, 0.507)).toEqual(new Set([-1, 1]));

    const flat = parseBox('alpha=1..1e4,kappa=2..2.2,tau=20,rho=0.5..0.55,lambda=0');
    expect(claim.decide(flat).verdict).toBe('disproved');
    expect(slopeSigns('eICL', flat, 2.19, 0.51)).toEqual(new Set([-1]));
  });

  it('never splits alpha: every cell keeps the whole alpha range', () => {
    const claim = claimNamed('alpha-nonmonotone-eICL');
    const r = certify(claim, parseBox('alpha=1..1e4,kappa=0.9..1.1,tau=20,rho=0.5..0.51,lambda=0'), {
      maxCells: 3,
      depth: 1,
    });
    for (const c of r.cells) expect(c.box.alpha).toEqual({ lo: 1, hi: 1e4 });
  });
});

describe('alpha-nonmonotone: planted fault numer-rho-0.99 moves the boundary', () => {
  it('a box just below the boundary kappa = 1.068 (tau = 0.5, rho = 0.5) is proved; with the fault it is never proved', () => {
    const run = (fault: string) =>
      spawnSync(
        process.execPath,
        [
          join(import.meta.dirname, '..', 'bin', 'icl-verify.js'),
          'certify',
          'alpha-nonmonotone-eICL',
          '--box',
          'alpha=1..1e4,kappa=1.065..1.066,tau=0.5,rho=0.5..0.5005,lambda=0',
          '--max-cells',
          '1',
          '--json',
        ],
        { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ICL_VERIFY_FAULT: fault } },
      );
    const clean = run('');
    expect(clean.status, clean.stderr).toBe(0);
    expect(JSON.parse(clean.stdout).provedFraction).toBeCloseTo(1, 12);
    // With the fault the boundary at rho = 0.5 moves to kappa = 1.064, below the box: no cell of it can be proved.
    const faulted = run('numer-rho-0.99');
    expect([1, 3]).toContain(faulted.status);
    expect(JSON.parse(faulted.stdout).provedFraction).toBe(0);
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
