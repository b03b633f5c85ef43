// `--against-reference`: the candidate next to the formulas this project ships, at the design points.
// Reported separately and never used for the verdict (that would only confirm what we already believe).
import { fp } from '../numeric/context.js';
import { evaluate } from '../theory/evaluate.js';
import { kappaTerms, xOf } from '../theory/params.js';
import { M } from '../theory/resolvent.js';
import { paramsOf, type DesignPoint } from './design.js';
import type { CandidateFn } from './compile.js';
import { derivativeOf, type Target } from './parse.js';
import { derivatives } from '../theory/derivatives.js';
import { alphaStar, optimalLambda } from '../theory/optima.js';

export interface ReferenceComparison {
  note: string;
  points: number;
  /** Largest |candidate − shipped| / max(1, |shipped|) and where it occurs. */
  maxRelDiff: number | null;
  worst?: { point: Omit<DesignPoint, 'regime'>; candidate: number; shipped: number };
}

const text = (v: number): string => (v === Infinity ? 'inf' : String(v));

function shipped(target: Target, p: Omit<DesignPoint, 'regime'>): number {
  if (target === 'M') return M(fp, kappaTerms(fp, p.kappa), xOf(fp, p));
  if (target === 'lambdaStar') {
    const o = optimalLambda({ alpha: text(p.alpha), kappa: text(p.kappa), tau: text(p.tau), rho: text(p.rho) });
    return o.kind === 'infinity' ? Infinity : Number(o.value);
  }
  if (target === 'alphaStar') {
    const o = alphaStar({ kappa: text(p.kappa), tau: text(p.tau), rho: text(p.rho), lambda: text(p.lambda) });
    return o.kind === 'interior' ? Number(o.value) : NaN;
  }
  const d = derivativeOf(target);
  if (d) return derivatives(fp, p, d.wrt)[d.of];
  return evaluate(fp, p)[target as 'eICL' | 'eIDG' | 'gTask' | 'epsilon'];
}

export function compareWithReference(
  target: Target,
  fn: CandidateFn,
  design: readonly DesignPoint[],
): ReferenceComparison {
  let worst: ReferenceComparison['worst'];
  let maxRel: number | null = null;
  let points = 0;
  for (const pt of design) {
    const p = paramsOf(pt);
    let cand: number;
    let ref: number;
    try {
      cand = fn(fp, p);
      ref = shipped(target, p);
    } catch {
      continue;
    }
    points++;
    const rel = Math.abs(cand - ref) / Math.max(1, Math.abs(ref));
    if (maxRel === null || !(rel <= maxRel)) {
      maxRel = Number.isNaN(rel) ? Infinity : rel;
      worst = { point: p, candidate: cand, shipped: ref };
    }
  }
  return {
    note: 'comparison with the shipped formula (src/theory); NOT used for the verdict',
    points,
    maxRelDiff: maxRel,
    worst,
  };
}
