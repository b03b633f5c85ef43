// Proof 9: Proposition 1 from Lemma 1. The test token enters only through its first two moments (Wick,
// any d); the square is expanded over it with Γ, z and w symbolic at d = 2 (and d = 3); conditioning on
// w replaces z and z zᵀ by their Lemma 1 moments (the core's definitions); the result is the trace
// formula 1 + ρ − (2/d) tr(Γ A_w) + (1/d) tr(Γ B_w Γᵀ), and averaging over the test task turns
// (w, w wᵀ) into (m, R): exactly for k given tasks (IDG) and for the uniform sphere (ICL, whose first
// and second moments equal those of the 2d points ±√d e_a).
import { e, identity, region, R } from './helpers.js';
import type { Proof } from './proof.js';
import { add, div, mul, neg, pow, rat, sqrt, sub, substitute, variable, ZERO, type Expr } from '../symbolic/expr.js';
import { dataModel, label } from '../symbolic/dataModel.js';
import { expectIndependent, normal } from '../symbolic/laws.js';
import { fromExpr, Poly } from '../symbolic/poly.js';
import {
  bound,
  coefficientOf,
  expectation,
  field,
  type Field,
  type GivenOutcome,
  mat,
  type Model,
  plus,
  type RandomExpr,
  scalar,
  scale,
  sum,
  times,
  vec,
} from '../symbolic/wick.js';
import { hhIdentityCoef, hhTaskCoef, hsCoef, meanHCoef, meanS, ssMoment } from '../theory/lemma1.js';
import { D, ELL, symInt } from './lemma1.js';
import type { VarRange } from '../symbolic/random.js';

type Mat = Expr[][];
const v = variable;
const rho = v('rho');
const T = (m: Mat): Mat => m[0]!.map((_, j) => m.map((row) => row[j]!));
const mm = (a: Mat, b: Mat): Mat =>
  a.map((row) => b[0]!.map((_, j) => row.reduce<Expr>((s, x, k) => add(s, mul(x, b[k]![j]!)), ZERO)));
const trace = (m: Mat): Expr => m.reduce<Expr>((s, row, i) => add(s, row[i]!), ZERO);
export const outer = (a: Expr[], b: Expr[]): Mat => a.map((x) => b.map((y) => mul(x, y)));
const lin = (ca: Expr, a: Mat, cb: Expr, b: Mat): Mat =>
  a.map((row, i) => row.map((x, j) => add(mul(ca, x), mul(cb, b[i]![j]!))));
export const eye = (n: number): Mat =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => rat(i === j ? 1n : 0n)));

// Lemma 1 coefficients from the core (ℓ symbolic through the sentinel; d is concrete here).
const lemma = (d: number) => ({
  c1: hhIdentityCoef(symInt, d, ELL, rho),
  b: hhTaskCoef(symInt, ELL),
  u: hsCoef(symInt, ELL, rho),
  vv: ssMoment(symInt, ELL, rho),
});

/** docs/theory.md's A = [R; (1+ρ)mᵀ] and B (sizes (d+1)×d and (d+1)×(d+1)), from m and R. */
export function theoryAB(d: number, m: Expr[], Rm: Mat, bFactor?: Expr): { A: Mat; B: Mat } {
  const L = lemma(d);
  const b = bFactor ?? L.b;
  const onePlusRho = add(rat(1n), rho);
  const A = [...Rm, m.map((x) => mul(onePlusRho, x))];
  const top = lin(L.c1, eye(d), b, Rm).map((row, i) => [...row, mul(L.u, m[i]!)]);
  const B = [...top, [...m.map((x) => mul(L.u, x)), L.vv]];
  return { A, B };
}

/** e(Γ) = 1 + ρ − (2/d) tr(Γ A) + (1/d) tr(Γ B Γᵀ). */
export function proposition1(d: number, G: Mat, A: Mat, B: Mat): Expr {
  const dd = rat(BigInt(d));
  return add(sub(add(rat(1n), rho), div(mul(rat(2n), trace(mm(G, A))), dd)), div(trace(mm(mm(G, B), T(G))), dd));
}

/** The d-dimensional symbols: Γ (d × (d+1), last column multiplies s), w, z = [h; s]. */
export function symbols(d: number) {
  const G: Mat = Array.from({ length: d }, (_, a) => Array.from({ length: d + 1 }, (_, b) => v(`G${a}${b}`)));
  const w = Array.from({ length: d }, (_, a) => v(`w${a}`));
  return { G, w };
}

/** E over the test token x ~ N(0, I/d) and its noise, of (y − xᵀΓz)² (first: only the part without y²). */
function testTokenAverage(d: number, withLabelSquare: boolean): Poly {
  const x = Array.from({ length: d }, (_, a) => Poly.v(`x${a}`));
  const y = x.reduce((s, xa, a) => s.add(Poly.v(`w${a}`).mul(xa)), Poly.v('en'));
  const yhat = x.reduce(
    (s, xa, a) =>
      s.add(
        xa.mul(
          Array.from({ length: d + 1 }, (_, b) => Poly.v(`G${a}${b}`).mul(Poly.v(`z${b}`))).reduce((p, q) => p.add(q)),
        ),
      ),
    Poly.ZERO,
  );
  const sq = withLabelSquare ? y.sub(yhat).pow(2) : yhat.pow(2).sub(y.mul(yhat).mul(Poly.const(2)));
  const laws = Object.fromEntries([
    ...x.map((_, a) => [`x${a}`, normal(Poly.const(1, d))]),
    ['en', normal(Poly.v('rho'))],
  ]);
  return expectIndependent(sq, laws);
}

const monoExpr = (
  mono: Readonly<Record<string, number>>,
  p: bigint,
  q: bigint,
  skip: (name: string) => boolean,
): Expr =>
  Object.keys(mono)
    .sort()
    .filter((n) => !skip(n))
    .reduce<Expr>((acc, n) => mul(acc, pow(v(n), mono[n]!)), rat(p, q));

/** E over the context given w: z_b ↦ E[z_b | w], z_b z_c ↦ E[z_b z_c | w] (the polynomial is at most quadratic in z). */
function conditionOnW(p: Poly, mean: Expr[], second: Mat): Expr {
  let out: Expr = ZERO;
  for (const t of p.monomials()) {
    const zs = Object.keys(t.mono)
      .filter((n) => n.startsWith('z'))
      .flatMap((n) => Array<number>(t.mono[n]!).fill(Number(n.slice(1))));
    const moment =
      zs.length === 0
        ? rat(1n)
        : zs.length === 1
          ? mean[zs[0]!]!
          : zs.length === 2
            ? second[zs[0]!]![zs[1]!]!
            : undefined;
    if (!moment) throw new Error('the error is quadratic in z; a higher power appeared');
    out = add(
      out,
      mul(
        monoExpr(t.mono, t.p, t.q, (n) => n.startsWith('z')),
        moment,
      ),
    );
  }
  return out;
}

/** The conditional error e(Γ | w) derived from the data model and Lemma 1, and the trace formula at m = w, R = wwᵀ. */
function conditional(d: number) {
  const { G, w } = symbols(d);
  const { A, B } = theoryAB(d, w, outer(w, w));
  const derived = add(add(rat(1n), rho), conditionOnW(testTokenAverage(d, false), [...w, add(rat(1n), rho)], B));
  return { G, w, derived, formula: proposition1(d, G, A, B) };
}

const c2 = conditional(2);
const c3 = conditional(3);

const entryRanges = (d: number, extra: string[]): Record<string, VarRange> => ({
  ...Object.fromEntries(
    Array.from({ length: d }, (_, a) =>
      Array.from({ length: d + 1 }, (_, b) => [`G${a}${b}`, R.between(-2, 2)]),
    ).flat(),
  ),
  ...Object.fromEntries(extra.map((n) => [n, R.between(-2, 2)])),
  ell: R.between(1, 100),
  rho: R.between(0, 5),
});
const reg = (d: number, extra: string[], what: string) =>
  region(`d = ${d}: Gamma, ${what} in [-2, 2], ell >= 1, rho >= 0`, entryRanges(d, extra));
const ws = (d: number, name = 'w') => Array.from({ length: d }, (_, a) => `${name}${a}`);

const c1 = conditional(1);

/** The expanded square at fixed z: ‖w‖²/d + ρ − (2/d) wᵀΓz + (1/d)‖Γz‖². */
function expandedAtZ(d: number): Expr {
  const { G, w } = symbols(d);
  const Gz = mm(
    G,
    Array.from({ length: d + 1 }, (_, b) => [v(`z${b}`)]),
  ).map((r) => r[0]!);
  const dot = (a: Expr[], b: Expr[]) => a.reduce<Expr>((s, x, i) => add(s, mul(x, b[i]!)), ZERO);
  const dd = rat(BigInt(d));
  return add(sub(add(div(dot(w, w), dd), rho), div(mul(rat(2n), dot(w, Gz)), dd)), div(dot(Gz, Gz), dd));
}
const zNames = (d: number) => Array.from({ length: d + 1 }, (_, b) => `z${b}`);

// Test-task averages (d = 2).
const tasksIDG = [ws(2, 'p').map(v), ws(2, 'q').map(v)];
const atTask = (ex: Expr, task: Expr[]): Expr => substitute(ex, Object.fromEntries(task.map((t, a) => [`w${a}`, t])));
const idgAverage = div(add(atTask(c2.derived, tasksIDG[0]!), atTask(c2.derived, tasksIDG[1]!)), rat(2n));
const mIDG = tasksIDG[0]!.map((p, a) => div(add(p, tasksIDG[1]![a]!), rat(2n)));
const RIDG = lin(rat(1n, 2n), outer(tasksIDG[0]!, tasksIDG[0]!), rat(1n, 2n), outer(tasksIDG[1]!, tasksIDG[1]!));
const idgAB = theoryAB(2, mIDG, RIDG);
const r2 = sqrt(rat(2n));
const spherePoints = [
  [r2, ZERO],
  [neg(r2), ZERO],
  [ZERO, r2],
  [ZERO, neg(r2)],
];
const iclAverage = div(
  spherePoints.reduce<Expr>((s, pt) => add(s, atTask(c2.derived, pt)), ZERO),
  rat(4n),
);
const iclAB = theoryAB(2, [ZERO, ZERO], eye(2));

// General d (Wick with free indices): the test token's moments that the expansion uses.
const model = { ...dataModel(['a', 'b']), free: { a: 'd', b: 'd', n0: 'ell' } };
const yx = coefficientOf(expectation(model, times(label('n0'), field('x', 'n0', 'a'))), 'w_a').toExpr();
const xx = coefficientOf(expectation(model, times(field('x', 'n0', 'a'), field('x', 'n0', 'b'))), 'delta_a_b').toExpr();
const yy = coefficientOf(expectation(model, times(label('n0'), label('n0'))), '1').toExpr();
const anyD = region('d >= 1, rho >= 0', { d: R.between(1, 200), rho: R.between(0, 5) });

// ---- Any d, by the index calculus: Γ = [G | g] a fixed matrix and vector, (h, s) with the core's
// Lemma 1 moments given the task, the test token Gaussian. Each side becomes a combination of the
// invariants of (G, g, w) (traces and chains such as wᵀGw, gᵀGw, tr(GGᵀ)), compared coefficient by
// coefficient, exactly in d, ℓ, ρ.
const core = {
  mh: fromExpr(meanHCoef(symInt)),
  ms: fromExpr(meanS(symInt, rho)),
  c1: fromExpr(hhIdentityCoef(symInt, D, ELL, rho)),
  b: fromExpr(hhTaskCoef(symInt, ELL)),
  u: fromExpr(hsCoef(symInt, ELL, rho)),
  v: fromExpr(ssMoment(symInt, ELL, rho)),
};
type Task = (p: string) => { vecs: { name: string; idx: string }[]; fields: Field[] };
const fixedTask: Task = (p) => ({ vecs: [{ name: 'w', idx: p }], fields: [] });
/** ICL: the test task's first two moments (0 and I, those of the uniform sphere) are a N(0, I) field's. */
const sphereTask: Task = (p) => ({ vecs: [], fields: [{ family: 'W', idx: [p] }] });
const both = (a: ReturnType<Task>, b: ReturnType<Task>) => ({
  vecs: [...a.vecs, ...b.vecs],
  fields: [...a.fields, ...b.fields],
});

function lemmaGiven(task: Task): (fields: Field[]) => GivenOutcome[] {
  return (fields) => {
    const hs = fields.filter((f) => f.family === 'h').map((f) => f.idx[0]!);
    const ss = fields.filter((f) => f.family === 's').length;
    if (hs.length + ss !== fields.length) throw new Error('only h and s have given moments');
    if (hs.length === 1 && ss === 0) return [{ coef: core.mh, deltas: [], ...task(hs[0]!) }];
    if (hs.length === 0 && ss === 1) return [{ coef: core.ms, deltas: [], vecs: [] }];
    if (hs.length === 2 && ss === 0)
      return [
        { coef: core.c1, deltas: [[hs[0]!, hs[1]!]], vecs: [] },
        { coef: core.b, deltas: [], ...both(task(hs[0]!), task(hs[1]!)) },
      ];
    if (hs.length === 1 && ss === 1) return [{ coef: core.u, deltas: [], ...task(hs[0]!) }];
    if (hs.length === 0 && ss === 2) return [{ coef: core.v, deltas: [], vecs: [] }];
    throw new Error(`no Lemma 1 moment for ${hs.length} h and ${ss} s`);
  };
}

const families = {
  xt: { name: 'xt', slots: ['d'], scale: Poly.v('d', -1) },
  en: { name: 'en', slots: [], scale: Poly.v('rho') },
};
const condModel: Model = { families, norms: { w: Poly.v('d') }, free: {}, given: lemmaGiven(fixedTask) };
const iclModel: Model = {
  families: { ...families, W: { name: 'W', slots: ['d'], scale: Poly.ONE } },
  norms: {},
  free: {},
  given: lemmaGiven(sphereTask),
};

const minus = (q: RandomExpr): RandomExpr => scale(Poly.const(-1), q);
const sumD = (f: (i: string) => RandomExpr): RandomExpr => {
  const i = bound('a');
  return sum(i, 'd', f(i));
};
/** The test label: ⟨x, w⟩ + ε with the task a fixed vector or a field. */
const testLabel = (task: 'w' | 'W'): RandomExpr =>
  plus(
    sumD((c) => times(task === 'w' ? vec('w', c) : field('W', c), field('xt', c))),
    field('en'),
  );
/** The prediction xᵀΓz = Σ_a x_a (Σ_b G_ab h_b + g_a s). */
const prediction: RandomExpr = sumD((a) =>
  times(
    field('xt', a),
    plus(
      sumD((b) => times(mat('G', a, b), field('h', b))),
      times(vec('g', a), field('s')),
    ),
  ),
);
const squaredError = (task: 'w' | 'W'): RandomExpr => {
  const r = plus(testLabel(task), minus(prediction));
  return times(r, r);
};

// docs/theory.md's Proposition 1 in index form, its B as printed (not the core's Lemma 1).
const printed = {
  c1: fromExpr(e('(1 + rho)/alpha', { alpha: e('ell/d') })),
  b: fromExpr(e('1 + 1/ell')),
  u: fromExpr(e('(1 + rho)*(1 + 2/ell)')),
  v: fromExpr(e('(1 + rho)^2*(1 + 2/ell)')),
};
const onePlusRhoP = Poly.ONE.add(Poly.v('rho'));
const twoOverD = Poly.v('d', -1).mul(Poly.const(2));
const Gw = (a: string): RandomExpr => sumD((b) => times(mat('G', a, b), vec('w', b)));
/** m = w, R = wwᵀ: tr(ΓA) = wᵀGw + (1+ρ) gᵀw; tr(ΓBΓᵀ) = c₁ tr(GGᵀ) + b‖Gw‖² + 2u gᵀGw + v‖g‖². */
const formulaFixed: RandomExpr = plus(
  scalar(onePlusRhoP),
  scale(
    twoOverD.neg(),
    plus(
      sumD((a) => times(vec('w', a), Gw(a))),
      scale(
        onePlusRhoP,
        sumD((a) => times(vec('g', a), vec('w', a))),
      ),
    ),
  ),
  scale(
    Poly.v('d', -1),
    plus(
      scale(
        printed.c1,
        sumD((a) => sumD((b) => times(mat('G', a, b), mat('G', a, b)))),
      ),
      scale(
        printed.b,
        sumD((a) => times(Gw(a), Gw(a))),
      ),
      scale(
        printed.u.mul(Poly.const(2)),
        sumD((a) => times(vec('g', a), Gw(a))),
      ),
      scale(
        printed.v,
        sumD((a) => times(vec('g', a), vec('g', a))),
      ),
    ),
  ),
);
/** m = 0, R = I: tr(ΓA) = tr G; tr(ΓBΓᵀ) = (c₁ + b) tr(GGᵀ) + v‖g‖². */
const formulaICL: RandomExpr = plus(
  scalar(onePlusRhoP),
  scale(
    twoOverD.neg(),
    sumD((a) => mat('G', a, a)),
  ),
  scale(
    Poly.v('d', -1),
    plus(
      scale(
        printed.c1.add(printed.b),
        sumD((a) => sumD((b) => times(mat('G', a, b), mat('G', a, b)))),
      ),
      scale(
        printed.v,
        sumD((a) => times(vec('g', a), vec('g', a))),
      ),
    ),
  ),
);
const noFields: Model = { families: {}, norms: { w: Poly.v('d') }, free: {}, symmetric: ['R'] };

/** Both tensors as combinations of named invariants I0, I1, … (the legend goes into the statement). */
function invariantForm(derived: Map<string, Poly>, formula: Map<string, Poly>) {
  const keys = [...new Set([...derived.keys(), ...formula.keys()])].sort();
  const name = (k: string) => (k === '1' ? undefined : `I${keys.filter((x) => x !== '1').indexOf(k)}`);
  const form = (t: Map<string, Poly>): Expr =>
    keys.reduce<Expr>((acc, k) => {
      const n = name(k);
      const c = coefficientOf(t, k).toExpr();
      return add(acc, n ? mul(c, v(n)) : c);
    }, ZERO);
  const legend = keys
    .filter((k) => k !== '1')
    .map((k) => `${name(k)} = ${k}`)
    .join(', ');
  const vars = Object.fromEntries(keys.filter((k) => k !== '1').map((k) => [name(k)!, R.between(-3, 3)]));
  return {
    lhs: form(derived),
    rhs: form(formula),
    legend,
    region: region(`d >= 1, ell >= 1, rho >= 0, invariants in [-3, 3]`, {
      d: R.between(1, 200),
      ell: R.between(1, 200),
      rho: R.between(0, 5),
      ...vars,
    }),
  };
}
const anyDFixed = invariantForm(expectation(condModel, squaredError('w')), expectation(noFields, formulaFixed));
const anyDICL = invariantForm(expectation(iclModel, squaredError('W')), expectation(noFields, formulaICL));

// IDG (and any test law): the test task T has given moments E[T] = m, E[T Tᵀ] = R (for k tasks, their
// mean and mean outer product). The label's E[⟨x, T⟩²] = tr(R)/d is 1 because every test task has
// ‖w‖² = d (tr R = d): that substitution is the one hypothesis used.
const givenTask: Task = (p) => ({ vecs: [], fields: [{ family: 'T', idx: [p] }] });
function taskThenLemma(fields: Field[]): GivenOutcome[] {
  const ts = fields.filter((f) => f.family === 'T');
  const rest = fields.filter((f) => f.family !== 'T');
  if (rest.length) return lemmaGiven(givenTask)(rest).map((o) => ({ ...o, fields: [...ts, ...(o.fields ?? [])] }));
  if (ts.length === 1) return [{ coef: Poly.ONE, deltas: [], vecs: [{ name: 'm', idx: ts[0]!.idx[0]! }] }];
  if (ts.length === 2)
    return [{ coef: Poly.ONE, deltas: [], vecs: [], mats: [{ name: 'R', row: ts[0]!.idx[0]!, col: ts[1]!.idx[0]! }] }];
  throw new Error(`no given moment of order ${ts.length} for the test task`);
}
const idgModel: Model = { families, norms: {}, free: {}, given: taskThenLemma, symmetric: ['R'] };
const squaredErrorIDG: RandomExpr = (() => {
  const label = plus(
    sumD((c) => times(field('T', c), field('xt', c))),
    field('en'),
  );
  const r = plus(label, minus(prediction));
  return times(r, r);
})();
const Gm = (a: string): RandomExpr => sumD((b) => times(mat('G', a, b), vec('m', b)));
/** tr(ΓA) = tr(GR) + (1+ρ) gᵀm; tr(ΓBΓᵀ) = c₁ tr(GGᵀ) + b tr(G R Gᵀ) + 2u gᵀGm + v‖g‖². */
const formulaIDG: RandomExpr = plus(
  scalar(onePlusRhoP),
  scale(
    twoOverD.neg(),
    plus(
      sumD((a) => sumD((b) => times(mat('G', a, b), mat('R', b, a)))),
      scale(
        onePlusRhoP,
        sumD((a) => times(vec('g', a), vec('m', a))),
      ),
    ),
  ),
  scale(
    Poly.v('d', -1),
    plus(
      scale(
        printed.c1,
        sumD((a) => sumD((b) => times(mat('G', a, b), mat('G', a, b)))),
      ),
      scale(
        printed.b,
        sumD((a) => sumD((b) => sumD((c) => times(mat('G', a, b), mat('R', b, c), mat('G', a, c))))),
      ),
      scale(
        printed.u.mul(Poly.const(2)),
        sumD((a) => times(vec('g', a), Gm(a))),
      ),
      scale(
        printed.v,
        sumD((a) => times(vec('g', a), vec('g', a))),
      ),
    ),
  ),
);
/** tr R = d: moves the tr(R) coefficient (times d) to the constant term. */
function onSphere(t: Map<string, Poly>): Map<string, Poly> {
  const out = new Map(t);
  const c = out.get('tr(R)');
  if (c) {
    out.delete('tr(R)');
    out.set('1', coefficientOf(out, '1').add(c.mul(Poly.v('d'))));
  }
  return out;
}
const anyDIDG = invariantForm(onSphere(expectation(idgModel, squaredErrorIDG)), expectation(noFields, formulaIDG));

const bBroken = () => {
  const { A, B } = theoryAB(2, c2.w, outer(c2.w, c2.w), rat(1n));
  return proposition1(2, c2.G, A, B);
};

export const proposition1Proof: Proof = {
  name: 'proposition1',
  claim:
    'Proposition 1: e(Gamma) = 1 + rho - (2/d) tr(Gamma A) + (1/d) tr(Gamma B Gamma^T) ' +
    'with A = [R; (1+rho) m^T], B from Lemma 1, m = E_test[w], R = E_test[w w^T]',
  steps: [
    identity(
      `any d (index calculus): E[(y - x^T Gamma z)^2 | w], expanded over the test token and conditioned ` +
        `on w with the core's Lemma 1, equals 1 + rho - (2/d) tr(Gamma A_w) + (1/d) tr(Gamma B_w Gamma^T) ` +
        `with docs/theory.md's A, B at m = w, R = ww^T, invariant by invariant (${anyDFixed.legend})`,
      anyDFixed.lhs,
      anyDFixed.rhs,
      anyDFixed.region,
    ),
    identity(
      `any d, ICL: averaging also over the test task (first two moments ` +
        `0, I) gives the formula with m = 0, R = I (${anyDICL.legend})`,
      anyDICL.lhs,
      anyDICL.rhs,
      anyDICL.region,
    ),
    identity(
      `any d, any test law with E[w] = m, E[ww^T] = R, tr R = d (IDG: k tasks, m and R their ` +
        `means): the formula with docs/theory.md's A = [R; (1+rho)m^T] and B (${anyDIDG.legend})`,
      anyDIDG.lhs,
      anyDIDG.rhs,
      anyDIDG.region,
    ),
    identity('Wick, any d: the test label has E[y^2 | w] = 1 + rho', yy, e('1 + rho'), anyD),
    identity('Wick, any d: E[y x_a | w] = w_a/d (the cross term of the square)', yx, e('1/d'), anyD),
    identity(
      'Wick, any d: E[x_a x_b] = delta_ab/d (the quadratic term), x independent of the context (h, s)',
      xx,
      e('1/d'),
      anyD,
    ),
    identity(
      'expand the square over the test token (d = 1): E[(y - x^T Gamma ' +
        'z)^2 | w, z] = |w|^2/d + rho - (2/d) w^T Gamma z + (1/d)|Gamma z|^2',
      testTokenAverage(1, true).toExpr(),
      expandedAtZ(1),
      reg(1, [...ws(1), ...zNames(1)], 'w, z'),
    ),
    identity(
      'the same at d = 2',
      testTokenAverage(2, true).toExpr(),
      expandedAtZ(2),
      reg(2, [...ws(2), ...zNames(2)], 'w, z'),
    ),
    identity(
      'condition on w (d = 1): z -> E[z|w] = [w; 1 + rho], z z^T -> E[z z^T|w] (Lemma ' +
        '1, the core) gives 1 + rho - (2/d) tr(Gamma A_w) + (1/d) tr(Gamma B_w Gamma^T)',
      c1.derived,
      c1.formula,
      reg(1, ws(1), 'w'),
    ),
    identity('the same at d = 2', c2.derived, c2.formula, reg(2, ws(2), 'w')),
    identity('the same at d = 3', c3.derived, c3.formula, reg(3, ws(3), 'w')),
    identity(
      'IDG (k = 2 tasks, d = 2): the average of e(Gamma | w_j) is the formula with m = mean w_j, R = mean w_j w_j^T',
      idgAverage,
      proposition1(2, c2.G, idgAB.A, idgAB.B),
      reg(2, [...ws(2, 'p'), ...ws(2, 'q')], 'tasks'),
    ),
    identity(
      'ICL (d = 2): the sphere average (first and second moments 0 and I, ' +
        'those of the points +-sqrt(d) e_a) is the formula with m = 0, R = I',
      iclAverage,
      proposition1(2, c2.G, iclAB.A, iclAB.B),
      reg(2, [], 'nothing else'),
    ),
  ],
  mutant: () => ({
    step: 8,
    change: 'factor in B: R instead of (1 + 1/ell) R',
    broken: identity('broken: B with R instead of (1 + 1/ell) R', c2.derived, bBroken(), reg(2, ws(2), 'w')),
  }),
};
