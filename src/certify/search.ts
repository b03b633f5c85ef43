// Branch and bound over a box: each cell is decided by the claim from its enclosures, or bisected
// along its widest relative side, breadth first, until the depth limit or the cell budget; a cell left
// undecided is probed at its centre for a certified counterexample.
import { bisect, centre, checkBox, volumeFraction, type Box } from './box.js';
import { CERTIFICATE_FORMAT, type Cell, type Certificate } from './certificate.js';
import type { Claim } from './claims.js';

export interface SearchOptions {
  /** Most cells evaluated (the root counts). */
  maxCells: number;
  /** Most bisections from the root to a cell. */
  depth: number;
  onProgress?: (evaluated: number, maxCells: number, provedFraction: number) => void;
}

export interface SearchResult extends Certificate {
  evaluated: number;
  undecided: number;
}

export function certify(claim: Claim, root: Box, o: SearchOptions): SearchResult {
  checkBox(root);
  claim.admit(root);
  const cells: Cell[] = [];
  let queue: { box: Box; depth: number }[] = [{ box: root, depth: 0 }];
  let evaluated = 0;
  let proved = 0;
  let disproved = 0;
  const leaveUndecided = (box: Box, value: Cell['value']): void => {
    const point = centre(box, claim.fixed);
    const at = claim.decide(point);
    cells.push(
      at.verdict === 'disproved'
        ? { box, status: 'counterexample', value, witness: { point, value: at.value } }
        : { box, status: 'undecided', value },
    );
  };
  while (queue.length > 0) {
    const next: typeof queue = [];
    for (const { box, depth } of queue) {
      if (evaluated >= o.maxCells) {
        leaveUndecided(box, claim.decide(box).value);
        continue;
      }
      const v = claim.decide(box);
      evaluated++;
      if (v.verdict === 'proved' || v.verdict === 'disproved') {
        cells.push({ box, status: v.verdict, value: v.value });
        if (v.verdict === 'proved') proved += volumeFraction(box, root);
        else disproved += volumeFraction(box, root);
      } else {
        const halves = depth < o.depth ? bisect(box, claim.fixed, claim.splitWeight) : undefined;
        if (halves === undefined) leaveUndecided(box, v.value);
        else for (const h of halves) next.push({ box: h, depth: depth + 1 });
      }
      if (evaluated % 16 === 0) o.onProgress?.(evaluated, o.maxCells, proved);
    }
    queue = next;
  }
  o.onProgress?.(evaluated, o.maxCells, proved);
  return {
    format: CERTIFICATE_FORMAT,
    claim: claim.name,
    box: root,
    cells,
    proved,
    disproved,
    evaluated,
    undecided: cells.filter((c) => c.status === 'undecided' || c.status === 'counterexample').length,
  };
}
