// The certificate checker: re-verifies a certificate cell by cell without the search. It checks that
// the cells lie in the root box and do not overlap, re-decides every proved and disproved cell from
// its own enclosure, re-decides every counterexample at its witness point, and recomputes the volume
// fractions; it trusts nothing the certificate says about itself.
import { PARAM_NAMES } from '../theory/params.js';
import { checkBox, volumeFraction, type Box } from './box.js';
import type { Certificate } from './certificate.js';
import { claimNamed } from './claims.js';

export interface CheckReport {
  ok: boolean;
  claim: string;
  cells: number;
  /** Volume fractions recomputed from the cells that re-verified. */
  proved: number;
  disproved: number;
  /** Fraction of the root box the cells cover (1 for a complete subdivision). */
  covered: number;
  counterexamples: number;
  failures: string[];
}

const within = (a: Box, b: Box): boolean => PARAM_NAMES.every((k) => b[k].lo <= a[k].lo && a[k].hi <= b[k].hi);

/** Whether the interiors of a and b meet (a side that is a point in both counts as shared). */
function overlap(a: Box, b: Box): boolean {
  return PARAM_NAMES.every((k) =>
    a[k].lo === a[k].hi && b[k].lo === b[k].hi ? a[k].lo === b[k].lo : a[k].lo < b[k].hi && b[k].lo < a[k].hi,
  );
}

export function checkCertificate(cert: Certificate): CheckReport {
  const failures: string[] = [];
  const claim = claimNamed(cert.claim);
  checkBox(cert.box);
  claim.admit(cert.box);
  const cells = cert.cells;
  cells.forEach((c, i) => {
    if (!within(c.box, cert.box)) failures.push(`cell ${i} is not inside the box`);
  });
  // Sweep along the box's first side that is not a point: only cells whose ranges there overlap can overlap.
  const k = PARAM_NAMES.find((n) => cert.box[n].lo < cert.box[n].hi) ?? 'alpha';
  const order = cells.map((_, i) => i).sort((i, j) => cells[i]!.box[k].lo - cells[j]!.box[k].lo);
  for (let a = 0; a < order.length; a++) {
    const A = cells[order[a]!]!.box;
    for (let b = a + 1; b < order.length; b++) {
      const B = cells[order[b]!]!.box;
      if (B[k].lo >= A[k].hi && A[k].hi > A[k].lo) break;
      if (overlap(A, B)) failures.push(`cells ${order[a]} and ${order[b]} overlap`);
    }
  }
  let proved = 0;
  let disproved = 0;
  let covered = 0;
  let counterexamples = 0;
  cells.forEach((c, i) => {
    const f = volumeFraction(c.box, cert.box);
    covered += f;
    if (c.status === 'proved' || c.status === 'disproved') {
      const v = claim.decide(c.box).verdict;
      if (v !== c.status) failures.push(`cell ${i}: certificate says ${c.status}, re-evaluation says ${v}`);
      else if (v === 'proved') proved += f;
      else disproved += f;
    } else if (c.status === 'counterexample') {
      const w = c.witness;
      if (w === undefined || !within(w.point, c.box))
        failures.push(`cell ${i}: counterexample without a point in the cell`);
      else if (claim.decide(w.point).verdict !== 'disproved')
        failures.push(`cell ${i}: the witness is not a certified counterexample`);
      else counterexamples++;
    }
  });
  return {
    ok: failures.length === 0,
    claim: claim.name,
    cells: cells.length,
    proved,
    disproved,
    covered,
    counterexamples,
    failures,
  };
}
