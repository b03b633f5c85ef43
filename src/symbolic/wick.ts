// Isserlis/Wick over index-labelled Gaussian fields (x_{i,a}, ε_i, ...) with Kronecker deltas: a sum
// over tokens i, j is never split by hand, the pairings produce δ_ij (the i = j terms) and the
// unrestricted sum keeps the i ≠ j ones, so the result is exact for every d and ℓ. Fixed vectors and
// matrices (w, Γ, R) contract into invariants (chains uᵀM…v, traces tr(M…)) read canonically; fields
// with known moments but no Gaussian law ((h, s) given w, a test task) are averaged first. The
// derivations of proofs/ (lemma1, proposition1, sampler, ridgeBaseline) are built on it.
import { pairings } from './laws.js';
import { Poly } from './poly.js';
/**
 * A family of centred jointly Gaussian fields with index slots, e.g. x_{i,a} (token, coordinate) or
 * ε_i: Cov(f_{I}, f_{J}) = scale · Π_slots δ_{I_s J_s}; different families are independent.
 */
export interface Family {
  name: string;
  /** Range variable of each slot ('ell', 'd', ...). */
  slots: readonly string[];
  scale: Poly;
}

export interface Field {
  family: string;
  idx: string[];
}
interface Vec {
  name: string;
  idx: string;
}
/** A fixed matrix M_{row,col}. */
export interface Mat {
  name: string;
  row: string;
  col: string;
}
interface Term {
  coef: Poly;
  fields: Field[];
  vecs: Vec[];
  mats: Mat[];
  /** Summed (bound) index → its range variable. */
  sums: Record<string, string>;
}

/** A random quantity: a sum of terms, each a product of fields and fixed vectors, summed over bound indices. */
export type RandomExpr = Term[];

/** One outcome of averaging non-Gaussian fields: a coefficient, Kronecker deltas and fixed vectors. */
export interface GivenOutcome {
  coef: Poly;
  deltas: [string, string][];
  vecs: Vec[];
  /** Fields the outcome brings in (e.g. a test task averaged over later: Gaussian, or given in turn). */
  fields?: Field[];
  mats?: Mat[];
}

/**
 * A model: Gaussian families, fixed vectors with known squared norms, the range of each free index,
 * and optionally the known moments of fields of other families (independent of the Gaussian ones),
 * e.g. the Lemma 1 moments of (h, s) given w: `given` receives those fields of a term.
 */
export interface Model {
  families: Readonly<Record<string, Family>>;
  norms: Readonly<Record<string, Poly>>;
  free: Readonly<Record<string, string>>;
  given?: (fields: Field[]) => GivenOutcome[];
  /** Fixed matrices known to be symmetric (a second-moment matrix): Mᵀ is read as M. */
  symmetric?: readonly string[];
}

let fresh = 0;
/** A bound index name no user-written index can collide with. */
export const bound = (hint: string): string => `${hint}#${++fresh}`;

export const field = (family: string, ...idx: string[]): RandomExpr => [
  { coef: Poly.ONE, fields: [{ family, idx }], vecs: [], mats: [], sums: {} },
];
export const vec = (name: string, idx: string): RandomExpr => [
  { coef: Poly.ONE, fields: [], vecs: [{ name, idx }], mats: [], sums: {} },
];
export const mat = (name: string, row: string, col: string): RandomExpr => [
  { coef: Poly.ONE, fields: [], vecs: [], mats: [{ name, row, col }], sums: {} },
];
export const scalar = (c: Poly): RandomExpr => [{ coef: c, fields: [], vecs: [], mats: [], sums: {} }];

export const plus = (...qs: RandomExpr[]): RandomExpr => qs.flat();

function renameTerm(t: Term): Term {
  const map: Record<string, string> = {};
  for (const i of Object.keys(t.sums)) map[i] = bound(i.split('#')[0]!);
  const r = (i: string): string => map[i] ?? i;
  return {
    coef: t.coef,
    fields: t.fields.map((f) => ({ family: f.family, idx: f.idx.map(r) })),
    vecs: t.vecs.map((v) => ({ name: v.name, idx: r(v.idx) })),
    mats: t.mats.map((m) => ({ name: m.name, row: r(m.row), col: r(m.col) })),
    sums: Object.fromEntries(Object.entries(t.sums).map(([i, range]) => [r(i), range])),
  };
}

/** Product of quantities; the bound indices of each factor are renamed apart. */
export function times(...qs: RandomExpr[]): RandomExpr {
  return qs.reduce<RandomExpr>(
    (acc, b) =>
      acc.flatMap((x) =>
        b.map((y) => {
          const u = renameTerm(x);
          const v = renameTerm(y);
          return {
            coef: u.coef.mul(v.coef),
            fields: [...u.fields, ...v.fields],
            vecs: [...u.vecs, ...v.vecs],
            mats: [...u.mats, ...v.mats],
            sums: { ...u.sums, ...v.sums },
          };
        }),
      ),
    scalar(Poly.ONE),
  );
}

/** Σ_{index ∈ range} q (index must occur free in q). */
export const sum = (index: string, range: string, q: RandomExpr): RandomExpr =>
  q.map((t) => ({ ...t, sums: { ...t.sums, [index]: range } }));

export const scale = (c: Poly, q: RandomExpr): RandomExpr => q.map((t) => ({ ...t, coef: t.coef.mul(c) }));

/**
 * E[q] as a tensor in the free indices: structure key → coefficient, where a key is a product of
 * fixed vectors and deltas in free indices ('w_a*w_b', 'delta_a_b', '1') and of invariants of the
 * fixed vectors and matrices ('(g.G.w)', 'tr(G'.G)').
 */
export function expectation(model: Model, q: RandomExpr): Map<string, Poly> {
  const out = new Map<string, Poly>();
  const put = (key: string, c: Poly): void => {
    const s = (out.get(key) ?? Poly.ZERO).add(c);
    if (s.isZero()) out.delete(key);
    else out.set(key, s);
  };
  const visit = (t: Term, deltas0: [string, string][]): void => {
    const gaussian = t.fields.filter((f) => f.family in model.families);
    const others = t.fields.filter((f) => !(f.family in model.families));
    if (others.length > 0) {
      if (!model.given) throw new Error(`unknown family '${others[0]!.family}' (no Gaussian law, no given moments)`);
      // Given moments may bring in new fields (given in turn, or Gaussian): average until none is left.
      for (const o of model.given(others)) {
        visit(
          {
            ...t,
            coef: t.coef.mul(o.coef),
            fields: [...gaussian, ...(o.fields ?? [])],
            vecs: [...t.vecs, ...o.vecs],
            mats: [...t.mats, ...(o.mats ?? [])],
          },
          [...deltas0, ...o.deltas],
        );
      }
      return;
    }
    for (const pairing of pairings(gaussian.length)) {
      let coef = t.coef;
      const deltas: [string, string][] = [...deltas0];
      let vanishes = false;
      for (const [i, j] of pairing) {
        const a = gaussian[i]!;
        const b = gaussian[j]!;
        if (a.family !== b.family) {
          vanishes = true;
          break;
        }
        const fam = model.families[a.family]!;
        if (a.idx.length !== fam.slots.length || b.idx.length !== fam.slots.length)
          throw new Error(`field of '${fam.name}' needs ${fam.slots.length} index(es)`);
        coef = coef.mul(fam.scale);
        a.idx.forEach((ia, s) => deltas.push([ia, b.idx[s]!]));
      }
      if (vanishes) continue;
      const r = contract(model, t, deltas);
      put(r.key, coef.mul(r.factor));
    }
  };
  for (const t of q) visit(t, []);
  return out;
}

type Port = { factor: number; slot: 'vec' | 'row' | 'col' };

function contract(model: Model, t: Term, deltas: [string, string][]): { key: string; factor: Poly } {
  const sums: Record<string, string> = { ...t.sums };
  const rep = new Map<string, string>();
  const find = (i: string): string => {
    let r = i;
    while (rep.has(r)) r = rep.get(r)!;
    return r;
  };
  const rangeOf = (i: string): string => {
    const r = sums[i] ?? model.free[i];
    if (!r) throw new Error(`index '${i}' is neither bound nor a declared free index`);
    return r;
  };
  const structural: string[] = [];
  for (const [p0, q0] of deltas) {
    const p = find(p0);
    const qq = find(q0);
    if (p === qq) continue;
    if (rangeOf(p) !== rangeOf(qq)) throw new Error(`delta between indices of different ranges (${p}, ${qq})`);
    if (qq in sums) {
      rep.set(qq, p);
      delete sums[qq];
    } else if (p in sums) {
      rep.set(p, qq);
      delete sums[p];
    } else structural.push([p, qq].sort().join('_'));
  }
  // Factors: vectors first (one port each), then matrices (row and column ports).
  const vecs = t.vecs.map((v) => ({ name: v.name, idx: find(v.idx) }));
  const mats = t.mats.map((m) => ({ name: m.name, row: find(m.row), col: find(m.col) }));
  const idxOf = (p: Port): string =>
    p.slot === 'vec' ? vecs[p.factor]!.idx : p.slot === 'row' ? mats[p.factor]!.row : mats[p.factor]!.col;
  const ports: Port[] = [
    ...vecs.map((_, k) => ({ factor: k, slot: 'vec' as const })),
    ...mats.flatMap((_, k) => [
      { factor: k, slot: 'row' as const },
      { factor: k, slot: 'col' as const },
    ]),
  ];
  const at = new Map<string, Port[]>();
  for (const p of ports) at.set(idxOf(p), [...(at.get(idxOf(p)) ?? []), p]);
  let factor = Poly.ONE;
  for (const [i, range] of Object.entries(sums)) {
    const n = at.get(i)?.length ?? 0;
    if (n === 0) factor = factor.mul(Poly.v(range));
    else if (n !== 2) throw new Error(`moment not determined by the model: index ${i} is shared by ${n} factor(s)`);
  }
  for (const m of mats)
    if (!(m.row in sums) || !(m.col in sums)) throw new Error(`matrix ${m.name} with a free index: not supported`);
  const other = (p: Port): Port => at.get(idxOf(p))!.find((q) => q.factor !== p.factor || q.slot !== p.slot)!;
  const symmetric = new Set(model.symmetric);
  /** A matrix entered by its row reads M, by its column Mᵀ (M again when symmetric). */
  const token = (p: Port): string => {
    const name = mats[p.factor]!.name;
    return p.slot === 'row' || symmetric.has(name) ? name : `${name}'`;
  };
  const parts: string[] = [];
  const seenVec = new Set<number>();
  const seenMat = new Set<number>();
  // Chains: vector · M · M' · … · vector.
  vecs.forEach((v, k) => {
    if (seenVec.has(k)) return;
    seenVec.add(k);
    if (!(v.idx in sums)) {
      parts.push(`${v.name}_${v.idx}`);
      return;
    }
    const tokens = [v.name];
    let p = other({ factor: k, slot: 'vec' });
    while (p.slot !== 'vec') {
      seenMat.add(p.factor);
      tokens.push(token(p));
      p = other({ factor: p.factor, slot: p.slot === 'row' ? 'col' : 'row' });
    }
    seenVec.add(p.factor);
    tokens.push(vecs[p.factor]!.name);
    const norm = model.norms[v.name];
    if (tokens.length === 2 && tokens[1] === v.name && norm) factor = factor.mul(norm);
    else parts.push(`(${canonicalChain(tokens, symmetric)})`);
  });
  // Cycles: tr(M · M' · …).
  mats.forEach((_, k) => {
    if (seenMat.has(k)) return;
    const tokens: string[] = [];
    let p: Port = { factor: k, slot: 'row' };
    do {
      seenMat.add(p.factor);
      tokens.push(token(p));
      p = other({ factor: p.factor, slot: p.slot === 'row' ? 'col' : 'row' });
    } while (!(
      p.factor === k &&
      // Stryker disable next-line ConditionalExpression: returns to k only by its row port (docs/equivalent-mutants.md)
      p.slot === 'row'
    ));
    parts.push(`tr(${canonicalCycle(tokens, symmetric)})`);
  });
  const key = [...parts.sort(), ...structural.sort().map((s) => `delta_${s}`)].join('*') || '1';
  return { key, factor };
}

const transposed = (tok: string, symmetric: ReadonlySet<string>): string =>
  tok.endsWith("'") ? tok.slice(0, -1) : symmetric.has(tok) ? tok : `${tok}'`;
const reversed = (tokens: string[], ends: boolean, symmetric: ReadonlySet<string>): string[] =>
  tokens
    .slice()
    .reverse()
    .map((t, i, all) => (ends && (i === 0 || i === all.length - 1) ? t : transposed(t, symmetric)));
/** A chain read from either end: the smaller reading (uᵀ M v = vᵀ Mᵀ u). */
const canonicalChain = (tokens: string[], symmetric: ReadonlySet<string>): string =>
  [tokens.join('.'), reversed(tokens, true, symmetric).join('.')].sort()[0]!;
/** A trace under rotation and transposition: the smallest reading. */
function canonicalCycle(tokens: string[], symmetric: ReadonlySet<string>): string {
  const readings: string[] = [];
  for (const seq of [tokens, reversed(tokens, false, symmetric)])
    // Stryker disable next-line EqualityOperator: r = seq.length repeats rotation 0 (docs/equivalent-mutants.md)
    for (let r = 0; r < seq.length; r++) readings.push([...seq.slice(r), ...seq.slice(0, r)].join('.'));
  return readings.sort()[0]!;
}

/** The coefficient of one structure in a tensor result (0 when absent). */
export const coefficientOf = (t: Map<string, Poly>, key: string): Poly => t.get(key) ?? Poly.ZERO;
