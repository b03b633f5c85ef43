// Evidence that needs no simulation: facts the target must obey whatever its formula, evaluated at
// 50 significant digits so that a candidate's own cancellations cannot blur them.
// - defined: the target is finite on its whole domain (the ridgeless divergence at τ = 1 is
//   kept out of the design), so NaN, ±∞ or an undefined building block there is an error.
// - errors >= ρ: the label noise is independent of everything the predictor sees (§1), so no
//   predictor, at any d, has error below ρ.
// - g_task = 0 at κ = ∞: IDG test tasks are then fresh draws like ICL's (docs/theory.md §5).
// - λ → ∞, to first order in 1/λ: the penalty (n/d)λ‖Γ‖² gives Γ* = (1/λ)·(the mean of y H_Z over
//   the training contexts) + O(1/λ²) = Aᵀ/λ + O(1/λ²) with A of Proposition 1 for the training tasks
//   (by Lemma 1, E[y x zᵀ | w] = w [wᵀ, 1 + ρ]/d). Proposition 1 then gives, whatever τ, α, ρ:
//   e^ICL = 1 + ρ − 2/λ + O(1/λ²) (tr R̂/d = 1) and e^IDG = 1 + ρ − 2(1 + 1/κ)/λ + O(1/λ²)
//   (tr R̂²/d → 1 + 1/κ, ‖m‖²/d → 0), so g_task = 2/(κλ) + O(1/λ²).
// - τ → 0: n = τd² contexts fix a vanishing fraction of Γ's d(d + 1) entries, so e → e(0) = 1 + ρ.
// - λ → 0⁺: the ridge path has a limit (the min-norm or least-squares fit) for τ ≠ 1, so the
//   target is continuous at λ = 0 (and has a limit there when λ = 0 is outside the domain).
// - target epsilon: the defining equation of §4; target M: the quadratic of §4, positive root.
// - targets λ*, α* and derivatives: newTargets.ts.
import { mp } from '../../numeric/context.js';
import { kappaTerms, liftParams, xOf, type Params } from '../../theory/params.js';
import { M } from '../../theory/resolvent.js';
import { paramsOf, type DesignPoint } from '../design.js';
import type { CandidateFn } from '../compile.js';
import type { Candidate } from '../parse.js';
import type { Evidence } from './evidence.js';
import { newTargetEvidence } from './newTargets.js';

const HP = mp(50);
type D = ReturnType<typeof HP.num>;

/** Exact facts hold to 30 of the 50 digits (20 digits of cancellation inside a candidate are tolerated). */
const EXACT_REL = 1e-30;
/** Pushed limits: the neglected terms are 1e-12 times an O(1) constant; 1e-6 leaves a factor 1e6. */
const LAMBDA_BIG = 1e12;
const LAMBDA_BIG_TOL = 1e-6;
const TAU_SMALL = 1e-12;
const TAU_SMALL_TOL = 1e-6;
/** λ → 0⁺: the true difference is O(λ) = 1e-10 times a constant bounded away from τ = 1. */
const LAMBDA_SMALL = 1e-10;
const LAMBDA_SMALL_TOL = 1e-6;

type Outcome = { ok: true; value: D } | { ok: false; why: string };

function at(fn: CandidateFn, p: Params<number>): Outcome {
  try {
    const v = fn(HP, toHP(p));
    if (!HP.isFinite(v)) return { ok: false, why: `the candidate is ${HP.toString(v, 6)} there` };
    return { ok: true, value: v };
  } catch (err) {
    return { ok: false, why: `the candidate is undefined there (${(err as Error).message})` };
  }
}

const toHP = (p: Params<number>): Params<D> => liftParams(HP, p);

const num = (v: D): number => HP.toNumber(v);

interface Violation {
  point: Params<number> & { regime?: string };
  candidate: number | null;
  expected?: number;
  tolerance?: number;
  why: string;
}

/** One evidence item for a fact checked at many points: the first violation, or a pass over all. */
function summarize(
  kind: Evidence['kind'],
  name: string,
  checked: number,
  v: Violation | undefined,
  passDetail: string,
): Evidence {
  if (!v) return { kind, name, pass: true, candidate: null, detail: `${passDetail} at ${checked} point(s)` };
  return {
    kind,
    name,
    pass: false,
    point: v.point,
    candidate: v.candidate,
    expected: v.expected,
    tolerance: v.tolerance,
    detail: v.why,
  };
}

const isError = (cand: Candidate) => cand.target === 'eICL' || cand.target === 'eIDG';

export function exactChecks(cand: Candidate, fn: CandidateFn, design: readonly DesignPoint[]): Evidence[] {
  const out: Evidence[] = [];
  const pts = design.map((p) => ({ ...paramsOf(p), regime: p.regime }));

  let undefinedAt: Violation | undefined;
  const values = new Map<number, D>();
  pts.forEach((p, i) => {
    const r = at(fn, p);
    if (r.ok) values.set(i, r.value);
    else undefinedAt ??= { point: p, candidate: null, why: r.why };
  });
  out.push(summarize('invariant', 'defined and finite on the domain', pts.length, undefinedAt, 'finite'));
  const defined = pts
    .map((p, i) => ({ p, v: values.get(i) }))
    .filter((e): e is { p: (typeof pts)[number]; v: D } => e.v !== undefined);

  if (isError(cand)) {
    const below = defined.find(({ p, v }) =>
      HP.lt(v, HP.sub(HP.num(p.rho), HP.mul(HP.num(EXACT_REL), HP.num(1 + p.rho)))),
    );
    out.push(
      summarize(
        'invariant',
        'error >= rho (the noise floor)',
        defined.length,
        below && {
          point: below.p,
          candidate: num(below.v),
          expected: below.p.rho,
          why: `the candidate ${num(below.v).toPrecision(6)} is below the noise level rho = ${below.p.rho}`,
        },
        'error >= rho',
      ),
    );
  }

  if (cand.target === 'gTask') {
    const infPts = defined.filter(({ p }) => p.kappa === Infinity);
    const tol = (p: Params<number>) => EXACT_REL * (1 + p.rho);
    const bad = infPts.find(({ p, v }) => HP.lt(HP.num(tol(p)), HP.abs(v)));
    if (infPts.length > 0) {
      out.push(
        summarize(
          'invariant',
          'g_task = 0 at kappa = inf',
          infPts.length,
          bad && {
            point: bad.p,
            candidate: num(bad.v),
            expected: 0,
            tolerance: tol(bad.p),
            why: `at kappa = inf the gap must vanish; the candidate gives ${num(bad.v).toPrecision(6)}`,
          },
          'g_task = 0',
        ),
      );
    }
  }

  if (cand.target === 'eICL' || cand.target === 'eIDG' || cand.target === 'gTask') {
    if (cand.intervals.lambda.hi === Infinity) out.push(lambdaInfinity(cand, fn, pts));
    if (cand.intervals.tau.lo === 0) out.push(tauZero(cand, fn, pts));
  }
  if (cand.target === 'eICL' || cand.target === 'eIDG' || cand.target === 'gTask' || cand.target === 'epsilon') {
    const small = lambdaZero(cand, fn, pts);
    if (small) out.push(small);
  }
  out.push(...newTargetEvidence(cand, fn, design));
  if (cand.target === 'epsilon') out.push(epsilonEquation(defined));
  if (cand.target === 'M') out.push(resolventQuadratic(defined));
  return out;
}

/** The 1/λ slope of the target as λ → ∞ (see the header): −2 (ICL), −2(1 + 1/κ) (IDG), 2/κ (gap). */
function lambdaSlope(target: Candidate['target'], kappa: number): number {
  const ik = 1 / kappa; // 0 at kappa = Infinity
  return target === 'eICL' ? -2 : target === 'eIDG' ? -2 * (1 + ik) : 2 * ik;
}

function lambdaInfinity(cand: Candidate, fn: CandidateFn, pts: (Params<number> & { regime: string })[]): Evidence {
  let bad: Violation | undefined;
  for (const p0 of pts) {
    const p = { ...p0, lambda: LAMBDA_BIG };
    const limit = cand.target === 'gTask' ? 0 : 1 + p.rho;
    const slope = lambdaSlope(cand.target, p.kappa);
    const r = at(fn, p);
    if (!r.ok) bad = { point: p, candidate: null, expected: limit, why: `lambda -> inf: ${r.why}` };
    else {
      // The limit in 50 digits: 1 + ρ rounded to float64 would shift the slope by 1e-16·λ.
      const exactLimit = cand.target === 'gTask' ? HP.num(0) : HP.add(HP.num(1), HP.num(p.rho));
      const got = num(HP.mul(HP.sub(r.value, exactLimit), HP.num(LAMBDA_BIG)));
      const tol = LAMBDA_BIG_TOL * Math.max(2, Math.abs(slope));
      if (!(Math.abs(got - slope) <= tol)) {
        bad = {
          point: p,
          candidate: num(r.value),
          expected: limit + slope / LAMBDA_BIG,
          tolerance: tol / LAMBDA_BIG,
          why:
            `as lambda -> inf, ${cand.target} ` +
            `= ${limit === 0 ? '' : `${limit.toPrecision(6)} `}${slope < 0 ? '-' : '+'} ${Math.abs(slope).toPrecision(6)}/lambda ` +
            `+ O(1/lambda^2); at lambda = 1e12 the candidate gives lambda*(value - ${limit.toPrecision(6)}) ` +
            `= ${got.toPrecision(8)}`,
        };
      }
    }
    if (bad) break;
  }
  const tail =
    cand.target === 'gTask'
      ? 'g_task = 2/(kappa lambda)'
      : cand.target === 'eICL'
        ? 'e = 1 + rho - 2/lambda'
        : 'e = 1 + rho - 2(1 + 1/kappa)/lambda';
  return summarize(
    'limit',
    `lambda -> inf: ${tail} + O(1/lambda^2)`,
    pts.length,
    bad,
    'slope within 1e-6 at lambda = 1e12',
  );
}

function tauZero(cand: Candidate, fn: CandidateFn, pts: (Params<number> & { regime: string })[]): Evidence {
  let bad: Violation | undefined;
  for (const p0 of pts) {
    const p = { ...p0, tau: TAU_SMALL };
    const expected = cand.target === 'gTask' ? 0 : 1 + p.rho;
    const tol = TAU_SMALL_TOL * (1 + p.rho);
    const r = at(fn, p);
    if (!r.ok) bad = { point: p, candidate: null, expected, why: `tau -> 0: ${r.why}` };
    else if (!(Math.abs(num(r.value) - expected) <= tol)) {
      bad = {
        point: p,
        candidate: num(r.value),
        expected,
        tolerance: tol,
        why:
          `with n/d^2 -> 0 contexts the fit learns nothing and ` +
          `the ${cand.target === 'gTask' ? 'gap tends to 0' : 'error tends to 1 + rho'}; at tau = 1e-12 the ` +
          `candidate gives ${num(r.value).toPrecision(8)}`,
      };
    }
    if (bad) break;
  }
  return summarize(
    'limit',
    `tau -> 0: ${cand.target === 'gTask' ? 'g_task -> 0' : 'error -> 1 + rho'}`,
    pts.length,
    bad,
    'within 1e-6 at tau = 1e-12',
  );
}

/** Continuity at λ = 0 (λ = 0 in the domain) or existence of the limit λ → 0⁺ (only λ > 0 allowed). */
function lambdaZero(
  cand: Candidate,
  fn: CandidateFn,
  pts: (Params<number> & { regime: string })[],
): Evidence | undefined {
  const iv = cand.intervals.lambda;
  if (iv.lo !== 0 || iv.hi <= LAMBDA_SMALL) return undefined;
  const withZero = !iv.loOpen;
  const anchor = withZero ? 0 : LAMBDA_SMALL / 100;
  let bad: Violation | undefined;
  let checked = 0;
  for (const p0 of pts) {
    if (Math.abs(p0.tau - 1) < 0.25) continue;
    const a = at(fn, { ...p0, lambda: anchor });
    const b = at(fn, { ...p0, lambda: LAMBDA_SMALL });
    if (!a.ok || !b.ok) continue;
    checked++;
    const va = num(a.value);
    const vb = num(b.value);
    const tol = LAMBDA_SMALL_TOL * Math.max(1, Math.abs(va));
    if (Math.abs(va - vb) > tol) {
      bad = {
        point: { ...p0, lambda: LAMBDA_SMALL },
        candidate: vb,
        expected: va,
        tolerance: tol,
        why:
          `the ridge path has a limit as lambda -> 0+, but the candidate jumps from ${va.toPrecision(8)} ` +
          `(lambda = ${anchor}) to ${vb.toPrecision(8)} (lambda = ${LAMBDA_SMALL})`,
      };
      break;
    }
  }
  return summarize(
    'limit',
    withZero ? 'continuous at lambda = 0' : 'limit lambda -> 0+ exists',
    checked,
    bad,
    'within 1e-6 between lambda = 0 and 1e-10',
  );
}

/** ε solves 1 − τ + τλ/ε = ε M_κ(x + ε) (λ > 0), ε M_κ(x + ε) = 1 − τ (λ = 0, τ < 1), ε = 0 (λ = 0, τ > 1). */
function epsilonEquation(defined: { p: Params<number> & { regime: string }; v: D }[]): Evidence {
  let bad: Violation | undefined;
  const one = HP.num(1);
  for (const { p, v: eps } of defined) {
    const q = toHP(p);
    // Stryker disable next-line EqualityOperator: no design point has tau = 1 exactly (docs/equivalent-mutants.md)
    const aboveOne = p.tau > 1;
    const ridgelessAbove = p.lambda === 0 && aboveOne;
    if (ridgelessAbove) {
      if (!HP.isZero(eps))
        bad = {
          point: p,
          candidate: num(eps),
          expected: 0,
          why: 'ridgeless with tau > 1 the fit interpolates nothing away: epsilon must be 0',
        };
    } else if (!HP.lt(HP.num(0), eps)) {
      bad = { point: p, candidate: num(eps), why: 'epsilon must be positive here (lambda > 0 or tau < 1)' };
    } else {
      const rhs = HP.mul(eps, M(HP, kappaTerms(HP, q.kappa), HP.add(xOf(HP, q), eps)));
      const tl = HP.div(HP.mul(q.tau, q.lambda), eps);
      const lhs = HP.add(HP.sub(one, q.tau), tl);
      const scale = HP.add(HP.add(one, q.tau), HP.add(tl, rhs));
      const r = HP.sub(lhs, rhs);
      if (HP.lt(HP.mul(HP.num(EXACT_REL), scale), HP.abs(r))) {
        bad = {
          point: p,
          candidate: num(eps),
          why:
            `epsilon must solve 1 - tau + tau*lambda/eps = eps*M_kappa(x + eps); ` +
            `residual ${num(r).toExponential(3)} (relative ${num(HP.div(r, scale)).toExponential(3)})`,
        };
      }
    }
    if (bad) break;
  }
  return summarize('invariant', 'self-consistency equation of epsilon', defined.length, bad, 'residual below 1e-30');
}

/** M solves (x/κ)M² + (x + 1 − 1/κ)M − 1 = 0 and is its positive root (the trace of a positive resolvent). */
function resolventQuadratic(defined: { p: Params<number> & { regime: string }; v: D }[]): Evidence {
  let bad: Violation | undefined;
  const one = HP.num(1);
  for (const { p, v: m } of defined) {
    const q = toHP(p);
    const x = xOf(HP, q);
    const ik = kappaTerms(HP, q.kappa).ik;
    if (!HP.lt(HP.num(0), m)) {
      bad = { point: p, candidate: num(m), why: 'M_kappa(x) = lim (1/d) tr (R + x I)^-1 is positive' };
      break;
    }
    const a = HP.mul(HP.mul(ik, x), HP.mul(m, m));
    const b = HP.mul(HP.add(HP.add(x, one), HP.neg(ik)), m);
    const r = HP.sub(HP.add(a, b), one);
    const scale = HP.add(HP.add(HP.abs(a), HP.abs(b)), one);
    if (HP.lt(HP.mul(HP.num(EXACT_REL), scale), HP.abs(r))) {
      bad = {
        point: p,
        candidate: num(m),
        why: `M must solve (x/kappa) M^2 + (x + 1 - 1/kappa) M - 1 = 0; residual ${num(r).toExponential(3)}`,
      };
      break;
    }
  }
  return summarize('invariant', 'quadratic of M_kappa (positive root)', defined.length, bad, 'residual below 1e-30');
}
