// Figure 3's certified map (src/figures/certifiedMap.ts): each grid cell's colour is the claim's verdict
// on that whole cell, and the fractions count the cells.
import { describe, expect, it } from 'vitest';
import { parseBox } from '../src/certify/box.js';
import { claimNamed } from '../src/certify/claims.js';
import { CERTIFIED, certifiedMonotonicityMap, certifiedPanel } from '../src/figures/certifiedMap.js';

describe('certified Figure 3 map', () => {
  it('colours each log-spaced cell by the verdict on the whole cell', () => {
    // kappa 0.5..0.51 x rho 0.5..0.51 at tau = 20 (inside the dip of Figure 3c) in 2 x 2 log cells.
    const m = certifiedMonotonicityMap({
      which: 'eICL',
      tau: 20,
      kappa: [0.5, 0.51],
      rho: [0.5, 0.51],
      side: 2,
      alpha: [1, 1e4],
      cellsPerCell: 1,
    });
    const claim = claimNamed('alpha-nonmonotone-eICL');
    const ke = [0.5, Math.sqrt(0.5 * 0.51), 0.51];
    m.status.forEach((row, j) =>
      row.forEach((v, i) => {
        const box = parseBox(`alpha=1..1e4,kappa=${ke[i]}..${ke[i + 1]},tau=20,rho=${ke[j]}..${ke[j + 1]},lambda=0`);
        const want = claim.decide(box).verdict;
        expect(v).toBe(
          want === 'proved' ? CERTIFIED.nonMonotone : want === 'disproved' ? CERTIFIED.monotone : CERTIFIED.undecided,
        );
      }),
    );
    expect(m.status.flat()).toEqual([2, 2, 2, 2]);
    expect(m.fractions).toEqual({ nonMonotone: 1, monotone: 0, undecided: 0 });
    expect(m.kappas[0]).toBeCloseTo(Math.sqrt(0.5 * ke[1]!), 14);
    expect(m.cpuSeconds).toBeGreaterThan(0);
    const panel = certifiedPanel(m, 't');
    expect(panel.categories!.map((c) => c.value).sort()).toEqual([0, 1, 2]);
  });

  it('a monotone region comes out monotone, and a cell too wide to decide undecided', () => {
    const m = certifiedMonotonicityMap({
      which: 'eICL',
      tau: 20,
      kappa: [2, 2.2],
      rho: [0.5, 0.55],
      side: 1,
      alpha: [1, 1e4],
      cellsPerCell: 1,
    });
    expect(m.status).toEqual([[CERTIFIED.monotone]]);
    const wide = certifiedMonotonicityMap({
      which: 'eICL',
      tau: 20,
      kappa: [0.1, 10],
      rho: [0.01, 10],
      side: 1,
      alpha: [1, 1e4],
      cellsPerCell: 1,
    });
    expect(wide.status).toEqual([[CERTIFIED.undecided]]);
    expect(wide.fractions.undecided).toBe(1);
  });
});
