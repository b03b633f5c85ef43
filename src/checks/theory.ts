// Registry checks of the theory core: the spot values, float64 against 60 digits over the
// whole domain, N-digit mode, the defining relations of M and ε, the paper's forms against ours, the
// ridgeless closed forms, and every limit against the general formula pushed toward it.
import type { Decimal } from 'decimal.js';
import { fp, mp } from '../numeric/context.js';
import { toDigits } from '../numeric/precision.js';
import { verdict, type Check, type CheckOptions } from '../registry/registry.js';
import { stream, type Rng } from '../sim/rng.js';
import { ridgelessClosedForm } from '../theory/closedForms.js';
import { paperUnifiedErrors, unifiedErrors } from '../theory/errors.js';
import { evaluate, type Evaluation } from '../theory/evaluate.js';
import { kappaTerms, liftDoubles, liftParams, xOf, type Params, type TypedParams } from '../theory/params.js';
import { M, resolventTerms } from '../theory/resolvent.js';
import { epsilon, solveBracketed } from '../theory/selfConsistency.js';

type Point = Params<number>;
const c60 = mp(60);
const e3 = (v: number): string => v.toExponential(2);
const rel = (a: Decimal, b: Decimal): number =>
  b.isZero() ? a.abs().toNumber() : a.minus(b).abs().div(b.abs()).toNumber();
const relFp = (a: number, b: Decimal): number => rel(c60.num(a), b);

/** A point of the theory's domain, log-uniform in α, κ, τ, λ, with κ = ∞, ρ = 0 and λ = 0 mixed in. */
function domainPoint(r: Rng): Point {
  const logU = (lo: number, hi: number) => Math.exp(Math.log(lo) + r.uniform() * Math.log(hi / lo));
  const nearOne = (closest: number) => 1 + (r.uniform() < 0.5 ? -1 : 1) * logU(closest, 0.1);
  for (;;) {
    const p: Point = {
      alpha: logU(1e-2, 1e12),
      kappa: r.uniform() < 0.1 ? Infinity : r.uniform() < 0.15 ? nearOne(1e-12) : logU(1e-3, 1e6),
      tau: r.uniform() < 0.15 ? nearOne(1e-6) : logU(1e-3, 1e6),
      rho: r.uniform() < 0.1 ? 0 : 10 * r.uniform(),
      lambda: r.uniform() < 0.4 ? 0 : logU(1e-12, 1e3),
    };
    if (!(p.lambda === 0 && Math.abs(p.tau - 1) < 1e-6)) return p;
  }
}

/** docs/theory.md §9: point (inputs as the doubles printed), e^ICL, e^IDG, ε at 60 digits. */
export const SPOT_VALUES: [Point, string, string, string][] = [
  [{ alpha: 10, kappa: 0.5, tau: 10, rho: 0.01, lambda: 0 }, '0.595696896814243013', '0.0624443907931200185', '0'],
  [
    { alpha: 1, kappa: 0.5, tau: 0.5, rho: 0.01, lambda: 0 },
    '1.26107689593427654',
    '0.801849166794355458',
    '1.62973330172090130',
  ],
  [
    { alpha: 10, kappa: Infinity, tau: 2, rho: 0.01, lambda: 0.1 },
    '0.189353228541223039',
    '0.189353228541223039',
    '0.175795586560929513',
  ],
  [
    { alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 },
    '0.936314793818202264',
    '0.427898462109602672',
    '0.799815521021707844',
  ],
  [
    { alpha: 100, kappa: 2, tau: 0.85, rho: 0.5, lambda: 0 },
    '5.59086305592244913',
    '3.86214897719006353',
    '0.105990729846833403',
  ],
  [
    { alpha: 0.5, kappa: 1.5, tau: 3, rho: 0.2, lambda: 1e-3 },
    '1.42599089845155922',
    '1.22356824006761878',
    '0.00149965191099904500',
  ],
];

const spotValues: Check = {
  id: 'theory.spot-values',
  claim: 'docs/theory.md §9: the 60-digit spot values of e^ICL, e^IDG and ε (inputs read as the doubles they print)',
  subject: 'errors',
  detects:
    'a digit-level change of the shipped e^ICL, e^IDG or epsilon at the tabulated points ' +
    '(transcription error, wrong branch, lost precision); not errors away from those points',
  run() {
    const rows = SPOT_VALUES.map(([p, icl, idg, eps]) => {
      const e = evaluate(c60, liftDoubles(c60, p));
      const f = evaluate(fp, p);
      const printed = (v: Decimal, s: string) => v.toSignificantDigits(Math.max(1, c60.num(s).sd())).eq(c60.num(s));
      return {
        point: p,
        digitsAgree: printed(e.eICL, icl) && printed(e.eIDG, idg) && printed(e.epsilon, eps),
        float64RelErr: Math.max(
          relFp(f.eICL, c60.num(icl)),
          relFp(f.eIDG, c60.num(idg)),
          relFp(f.epsilon, c60.num(eps)),
        ),
      };
    });
    const worst = Math.max(...rows.map((r) => r.float64RelErr));
    return verdict(
      rows.every((r) => r.digitsAgree) && worst <= 1e-15,
      `${rows.filter((r) => r.digitsAgree).length}/6 rows to every printed digit; float64 max rel err ${e3(worst)}`,
      { rows, tolerance: 1e-15 },
    );
  },
};

const float64: Check = {
  id: 'theory.float64-vs-60-digits',
  claim:
    'float64 evaluation agrees with a 60-digit evaluation to 1e-12 ' +
    'over the whole domain (g_task to 1e-12 of the larger error)',
  subject: 'numerics',
  detects:
    'float64 cancellation, overflow or NaN above 1e-12 relative at random ' +
    'domain points; not an error shared by both precisions (the formula itself)',
  run({ quick, seed }: CheckOptions) {
    const n = quick ? 2000 : 20000;
    const r = stream(seed, 0, 'theory/float64-domain');
    let worst = { err: 0, field: '', point: null as Point | null };
    for (let i = 0; i < n; i++) {
      const p = domainPoint(r);
      const a = evaluate(fp, p);
      const b = evaluate(c60, liftDoubles(c60, p));
      const errs: [string, number][] = [
        ['eICL', relFp(a.eICL, b.eICL)],
        ['eIDG', relFp(a.eIDG, b.eIDG)],
        ['epsilon', relFp(a.epsilon, b.epsilon)],
        ['gTask', c60.num(a.gTask).minus(b.gTask).abs().toNumber() / Math.max(a.eICL, a.eIDG)],
      ];
      for (const [field, err] of errs) if (!(err <= worst.err)) worst = { err, field, point: p };
    }
    return verdict(worst.err <= 1e-12, `max rel err ${e3(worst.err)} (${worst.field || 'none'}) over ${n} points`, {
      points: n,
      seed,
      stream: 'theory/float64-domain',
      tolerance: 1e-12,
      worst,
    });
  },
};

const digits: Check = {
  id: 'theory.n-digit-mode',
  claim: 'N-digit mode prints N correct significant digits (checked against an evaluation at 2N + 20 digits)',
  subject: 'numerics',
  detects:
    'N-digit output with fewer than N correct digits (precision ' +
    'not raised enough, wrong rounding); not an error of the formula',
  run({ quick, seed }: CheckOptions) {
    const r = stream(seed, 0, 'theory/n-digits');
    const cases = quick ? 15 : 100;
    const bad: unknown[] = [];
    for (let i = 0; i < cases; i++) {
      const p = domainPoint(r);
      const n = 1 + Math.floor(r.uniform() * 100);
      const got = toDigits(n, (c) => pick(evaluate(c, liftDoubles(c, p))));
      const hp = mp(2 * n + 20);
      const ref = pick(evaluate(hp, liftDoubles(hp, p)));
      const wrong = Object.entries(ref).filter(
        ([k, v]) => !hp.num(got[k as keyof typeof got]).eq(v.isZero() ? v : v.toSignificantDigits(n)),
      );
      if (wrong.length)
        bad.push({
          point: p,
          digits: n,
          fields: wrong.map(([k, v]) => ({ field: k, got: got[k as keyof typeof got], want: hp.toString(v, n) })),
        });
    }
    return verdict(bad.length === 0, `${cases - bad.length}/${cases} points right to every digit (N in 1..100)`, {
      cases,
      seed,
      stream: 'theory/n-digits',
      failures: bad,
    });
  },
};
const pick = (e: Evaluation<Decimal>) => ({ eICL: e.eICL, eIDG: e.eIDG, epsilon: e.epsilon, gTask: e.gTask });

/** At 60 digits: M solves its quadratic, ε its self-consistency, and our errors equal the paper's form. */
const relations: Check = {
  id: 'theory.defining-relations',
  claim:
    'M_κ solves (x/κ)M² + (x + 1 − 1/κ)M − 1 = 0, ε solves 1 − τ + τλ/ε = εM_κ(x ' +
    '+ ε), and the cancellation-free errors equal docs/theory.md §5 verbatim',
  subject: 'resolvent',
  detects:
    'a resolvent or epsilon that does not solve its defining equation, and a rearranged error ' +
    'formula that differs from docs/theory.md §5; not an error copied into docs/theory.md',
  run({ quick, seed }: CheckOptions) {
    const r = stream(seed, 0, 'theory/relations');
    const n = quick ? 300 : 3000;
    let worst = { quadratic: 0, selfConsistency: 0, paperForm: 0 };
    for (let i = 0; i < n; i++) {
      const p = liftDoubles(c60, domainPoint(r));
      const kt = kappaTerms(c60, p.kappa);
      const x = xOf(c60, p);
      const eps = epsilon(c60, p.kappa, { kt, x, tau: p.tau, lambda: p.lambda });
      const nu = x.plus(eps);
      const m = M(c60, kt, nu);
      const quad = kt.ik
        .times(nu)
        .times(m)
        .times(m)
        .plus(nu.plus(kt.omk).times(m))
        .minus(1)
        .abs()
        .div(Math.max(1, m.toNumber()));
      const sc = eps.isZero()
        ? 0
        : c60
            .num(1)
            .minus(p.tau)
            .plus(p.tau.times(p.lambda).div(eps))
            .minus(eps.times(m))
            .abs()
            .div(p.tau.plus(1))
            .toNumber();
      const inputs = { kt, x, tau: p.tau, rho: p.rho, lambda: p.lambda };
      const ours = unifiedErrors(c60, inputs, eps, m);
      const paper = paperUnifiedErrors(c60, inputs, eps, m, resolventTerms(c60, kt, nu, m).mp);
      worst = {
        quadratic: Math.max(worst.quadratic, quad.toNumber()),
        selfConsistency: Math.max(worst.selfConsistency, sc),
        paperForm: Math.max(worst.paperForm, rel(ours.eICL, paper.eICL), rel(ours.eIDG, paper.eIDG)),
      };
    }
    // The paper's form cancels (up to ~25 digits where x is tiny), so it is held to 1e-30 at 60 digits.
    const ok = worst.quadratic < 1e-55 && worst.selfConsistency < 1e-50 && worst.paperForm < 1e-30;
    return verdict(
      ok,
      `quadratic ${e3(worst.quadratic)}, self-consistency ${e3(worst.selfConsistency)}, ` +
        `paper form ${e3(worst.paperForm)} over ${n} points`,
      { points: n, seed, worst, tolerances: { quadratic: 1e-55, selfConsistency: 1e-50, paperForm: 1e-30 } },
    );
  },
};

const ridgeless: Check = {
  id: 'theory.ridgeless-closed-forms',
  claim:
    "At λ = 0 the unified errors equal the paper's ridgeless closed " +
    'forms on both sides of τ = 1, and λ → 0⁺ converges to them (like λ)',
  subject: 'closed-forms',
  detects:
    "a unified formula that disagrees with the paper's independent ridgeless " +
    'closed forms at lambda = 0 or converges to them at the wrong rate',
  run() {
    let worstEqual = 0;
    let worstOrder = 0;
    for (const tau of [1e-3, 0.3, 0.99, 0.999999, 1.000001, 1.01, 2, 1e5])
      for (const kappa of [0.1, 0.9, 1, 2.5, Infinity])
        for (const alpha of [0.05, 1, 30]) {
          const q = liftDoubles(c60, { alpha, kappa, tau, rho: 0.3, lambda: 0 });
          const cf = ridgelessClosedForm(c60, { kappa: q.kappa, x: xOf(c60, q), tau: q.tau, rho: q.rho });
          const e = evaluate(c60, q);
          worstEqual = Math.max(worstEqual, rel(e.eICL, cf.eICL), rel(e.eIDG, cf.eIDG));
          if (Math.abs(tau - 1) > 0.01) {
            const at = (l: string) => rel(evaluate(c60, { ...q, lambda: c60.num(l) }).eICL, cf.eICL);
            worstOrder = Math.max(worstOrder, Math.abs(Math.log10(at('1e-20') / at('1e-30')) - 10));
          }
        }
    return verdict(
      worstEqual < 1e-40 && worstOrder < 0.5,
      `closed forms to ${e3(worstEqual)}; λ → 0⁺ order off by ${worstOrder.toFixed(3)} decades per 10`,
      { worstEqual, worstOrder, tolerance: { equal: 1e-40, order: 0.5 } },
    );
  },
};

const kappaInf: Check = {
  id: 'theory.kappa-infinity-equal',
  claim: 'At κ = ∞ (a fresh task per context) e^ICL = e^IDG for all τ, α, ρ, λ',
  subject: 'limits.kappa',
  detects: 'an e^ICL/e^IDG asymmetry that survives kappa = inf (e.g. a task-count term applied to only one error)',
  run({ seed }: CheckOptions) {
    const r = stream(seed, 0, 'theory/kappa-inf');
    let worst = 0;
    for (let i = 0; i < 300; i++) {
      const e = evaluate(c60, liftDoubles(c60, { ...domainPoint(r), kappa: Infinity }));
      worst = Math.max(worst, rel(e.eICL, e.eIDG));
    }
    return verdict(worst < 1e-50, `max |e^ICL − e^IDG|/e^IDG ${e3(worst)} over 300 points`, {
      worst,
      seed,
      tolerance: 1e-50,
    });
  },
};

type S = TypedParams;
const c80 = mp(80);
const ev80 = (s: S): Evaluation<Decimal> => evaluate(c80, liftParams(c80, s));

/** Distance of the general formula at `size` from the limit: relative, or (divergent) ratio to rate·size^power − 1. */
function gapTo(limit: Evaluation<Decimal>, near: Evaluation<Decimal>, size: string, name: 'eICL' | 'eIDG'): number {
  const g = limit.growth[name];
  const s = c80.num(size);
  if (g)
    return near[name]
      .div(g.rate.times(g.power === 1 ? s : s.sqrt()))
      .minus(1)
      .abs()
      .toNumber();
  return rel(near[name], limit[name]);
}

function limitCheck(id: string, claim: string, cases: { limit: S; near: (size: string) => S }[]): Check {
  return {
    id,
    claim,
    subject: 'limits',
    detects:
      'an encoded limit that differs from the general formula pushed toward it ' +
      '(wrong limiting form, missing term, wrong regime at the boundary), at 80 digits',
    run() {
      const rows = cases.map(({ limit, near }) => {
        const l = ev80(limit);
        const far = ev80(near('1e30'));
        const gaps = { eICL: gapTo(l, far, '1e30', 'eICL'), eIDG: gapTo(l, far, '1e30', 'eIDG') };
        return {
          limit,
          eICL: c80.toString(l.eICL, 12),
          eIDG: c80.toString(l.eIDG, 12),
          growth: l.growth,
          gapAt1e30: gaps,
        };
      });
      const worst = Math.max(...rows.flatMap((r) => [r.gapAt1e30.eICL, r.gapAt1e30.eIDG]));
      // every limit is approached at least like size^(-1/2)
      return verdict(worst < 1e-13, `${rows.length} cases; general formula at 1e30 within ${e3(worst)} of the limit`, {
        rows,
        tolerance: 1e-13,
      });
    },
  };
}

const alphaCases = [
  ['2', '3', '0.5'],
  ['0.5', '3', '0.5'],
  ['1', '3', '0.5'],
  ['0.5', '3', '0'],
  ['0.8', '0.5', '0.5'],
  ['0.3', '0.5', '0.5'],
  ['0.5', '0.5', '0.5'],
  ['0.3', '0.5', '0'],
  ['inf', '0.5', '0.5'],
];
const limitAlpha = limitCheck(
  'theory.limit.alpha-infinity',
  'α → ∞ at fixed τ (ridgeless, ρ > 0): e^ICL is finite when κ > min(τ, 1) and ' +
    'grows linearly in α (like √α at κ = min(τ, 1)) below, at the derived rates',
  [
    ...alphaCases.map(([kappa, tau, rho]) => ({
      limit: { alpha: 'inf', kappa: kappa!, tau: tau!, rho: rho!, lambda: '0' },
      near: (a: string) => ({ alpha: a, kappa: kappa!, tau: tau!, rho: rho!, lambda: '0' }),
    })),
    {
      limit: { alpha: 'inf', kappa: '2', tau: '0.5', rho: '0.2', lambda: '0.1' },
      near: (a: string) => ({ alpha: a, kappa: '2', tau: '0.5', rho: '0.2', lambda: '0.1' }),
    },
  ],
);
const limitTau = limitCheck(
  'theory.limit.tau-infinity',
  'τ → ∞ at fixed α: ε → λ and the errors tend to the τ = ∞ forms (ρ + x/(1 + x) ridgeless at κ = ∞)',
  [
    ['2', '0.5', '0.5', '0'],
    ['2', 'inf', '0.5', '0'],
    ['2', '0.5', '0.5', '0.3'],
    ['0.3', '3', '0', '0'],
    ['50', '0.01', '1', '2'],
  ].map(([alpha, kappa, rho, lambda]) => ({
    limit: { alpha: alpha!, kappa: kappa!, tau: 'inf', rho: rho!, lambda: lambda! },
    near: (t: string) => ({ alpha: alpha!, kappa: kappa!, tau: t, rho: rho!, lambda: lambda! }),
  })),
);
const limitJoint = limitCheck(
  'theory.limit.alpha-tau-infinity',
  'α, τ → ∞ with τ/α = c: g_task → (1 − κ)₊(1 + ρ/(c(1 + ρ))), ' +
    'a transition at κ = 1 from memorization to in-context learning',
  [
    ['0.5', '0.5', '0'],
    ['2', '0.5', '0'],
    ['1', '0.5', '0'],
    ['0.5', '0', '0'],
    ['0.5', '0.3', '0.2'],
  ].map(([kappa, rho, lambda]) => ({
    limit: { alpha: 'inf', kappa: kappa!, tau: 'inf', rho: rho!, lambda: lambda!, tauPerAlpha: '0.2' },
    near: (a: string) => ({
      alpha: a,
      kappa: kappa!,
      tau: c80.toString(c80.num(a).times('0.2')),
      rho: rho!,
      lambda: lambda!,
    }),
  })),
);

const ridgeSolver: Check = {
  id: 'theory.self-consistency.tiny-lambda',
  claim: 'The bracketed solve finds the unique positive ε for λ from 1e-300 up, in float64 and at 60 digits',
  subject: 'self-consistency',
  detects:
    'the epsilon solve losing or mis-bracketing the positive root at tiny ridge (NaN, a negative root, a wrong branch)',
  run() {
    const rows = [1e-300, 1e-200, 1e-100, 1e-30, 1e-12, 1, 1e3].flatMap((lambda) =>
      [0.3, 3].map((tau) => {
        const p: Point = { alpha: 2, kappa: 0.5, tau, rho: 0.1, lambda };
        const kt = kappaTerms(fp, p.kappa);
        const x = (1 + p.rho) / p.alpha;
        const ef = solveBracketed(fp, { kt, x, tau, lambda });
        const P = liftDoubles(c60, p);
        const em = solveBracketed(c60, { kt: kappaTerms(c60, P.kappa), x: xOf(c60, P), tau: P.tau, lambda: P.lambda });
        return { lambda, tau, epsilon: c60.toString(em, 20), float64RelErr: relFp(ef, em) };
      }),
    );
    const worst = Math.max(...rows.map((r) => r.float64RelErr));
    return verdict(worst < 1e-14, `float64 ε within ${e3(worst)} of 60 digits for λ in [1e-300, 1e3]`, {
      rows,
      tolerance: 1e-14,
    });
  },
};

export const checks: Check[] = [
  spotValues,
  float64,
  digits,
  relations,
  ridgeless,
  kappaInf,
  ridgeSolver,
  limitAlpha,
  limitTau,
  limitJoint,
];
