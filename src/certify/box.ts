// A parameter box: one closed interval per parameter of docs/theory.md §9 (α, κ, τ finite), read from
// "alpha=1..10,kappa=0.1..0.9,tau=1.1..5,rho=0.01..1,lambda=0", bisected along its widest relative side.
import { DomainError } from '../numeric/domain.js';
import { PARAM_NAMES, type ParamName } from '../theory/params.js';
import { fromDecimal, hull, iv, type Interval } from './interval.js';

export type Box = Readonly<Record<ParamName, Interval>>;

/** The sides of a box, in the order --box lists them. */
export const PARAM_BOX_NAMES = PARAM_NAMES;

/** What each side of a box may be: the theory's domain without ∞, and λ either 0 or bounded away from it. */
const ALLOWED: Record<ParamName, string> = {
  alpha: 'a finite range inside (0, inf), as lo..hi',
  kappa: 'a finite range inside (0, inf), as lo..hi',
  tau: 'a finite range inside (0, inf), as lo..hi',
  rho: 'a finite range inside [0, inf), as lo..hi',
  lambda: '0 (ridgeless) or a finite range lo..hi with lo > 0',
};

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parses the --box flag; every parameter exactly once; a side outside its domain is a DomainError. */
export function parseBox(spec: string): Box {
  const out: Partial<Record<ParamName, Interval>> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq < 0 ? part.length : eq).trim();
    if (!(PARAM_NAMES as readonly string[]).includes(name))
      throw new DomainError('box', `a list name=lo..hi over ${PARAM_NAMES.join(', ')}`, `'${part}'`);
    const key = name as ParamName;
    if (out[key] !== undefined) throw new DomainError(key, 'given once in --box', 'twice');
    const raw = eq < 0 ? '' : part.slice(eq + 1).trim();
    const ends = raw.split('..').map((s) => s.trim());
    if (ends.length > 2 || !ends.every((s) => DECIMAL.test(s))) throw new DomainError(key, ALLOWED[key], `'${raw}'`);
    const lo = fromDecimal(ends[0]!);
    const hi = fromDecimal(ends[ends.length - 1]!);
    if (Number(ends[0]) > Number(ends[ends.length - 1]))
      throw new DomainError(key, `${ALLOWED[key]} (lo <= hi)`, `'${raw}'`);
    out[key] = hull(lo, hi);
  }
  for (const k of PARAM_NAMES) if (out[k] === undefined) throw new DomainError(k, ALLOWED[k], 'missing from --box');
  const box = out as Box;
  checkBox(box);
  return box;
}

/** Throws a DomainError naming the first side of `box` outside its domain. */
export function checkBox(box: Box): void {
  for (const k of PARAM_NAMES) {
    const s = box[k];
    const ok =
      Number.isFinite(s.lo) &&
      Number.isFinite(s.hi) &&
      s.lo <= s.hi &&
      (k === 'rho' ? s.lo >= 0 : k === 'lambda' ? (s.lo === 0 && s.hi === 0) || s.lo > 0 : s.lo > 0);
    if (!ok) throw new DomainError(k, ALLOWED[k], `[${s.lo}, ${s.hi}]`);
  }
}

/**
 * Side length relative to its size (a zero side, as λ = 0, is never split). Ridgeless, τ is measured
 * from the pole at τ = 1 of the errors, where their scale is set: relative to its distance from 1.
 */
function relativeWidth(box: Box, k: ParamName): number {
  const s = box[k];
  if (s.hi === s.lo) return 0;
  const ridgelessTau = k === 'tau' && box.lambda.hi === 0;
  const scale = ridgelessTau
    ? Math.max(Math.abs(s.lo - 1), Math.abs(s.hi - 1))
    : Math.max(Math.abs(s.lo), Math.abs(s.hi));
  return (s.hi - s.lo) / scale;
}

/**
 * The two halves along the widest relative side, or undefined when every side is a point. Sides in
 * `fixed` are never split (a claim about a whole range of that parameter, as α in Figure 3's); `weight`
 * scales a side's relative width (a side the claim's quantity depends on only weakly is split later).
 */
export function bisect(
  box: Box,
  fixed: readonly ParamName[] = [],
  weight: Partial<Record<ParamName, number>> = {},
): [Box, Box] | undefined {
  let best: ParamName | undefined;
  let w = 0;
  for (const k of PARAM_NAMES) {
    if (fixed.includes(k)) continue;
    const r = relativeWidth(box, k) * (weight[k] ?? 1);
    if (r > w) [best, w] = [k, r];
  }
  if (best === undefined) return undefined;
  const s = box[best];
  const m = s.lo / 2 + s.hi / 2;
  if (!(s.lo < m && m < s.hi)) return undefined; // adjacent doubles: nothing left to split
  return [
    { ...box, [best]: iv(s.lo, m) },
    { ...box, [best]: iv(m, s.hi) },
  ];
}

/** The box's centre as a box of points (the sides in `fixed` kept whole). */
export const centre = (box: Box, fixed: readonly ParamName[] = []): Box =>
  Object.fromEntries(
    PARAM_NAMES.map((k) => [k, fixed.includes(k) ? box[k] : iv(box[k].lo / 2 + box[k].hi / 2)]),
  ) as Box;

/** Volume of `cell` relative to `root` over the sides of `root` that are not points (1 when all are). */
export function volumeFraction(cell: Box, root: Box): number {
  let f = 1;
  for (const k of PARAM_NAMES) {
    const w = root[k].hi - root[k].lo;
    if (w > 0) f *= (cell[k].hi - cell[k].lo) / w;
  }
  return f;
}
