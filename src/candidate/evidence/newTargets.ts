// Evidence for the targets beyond the five quantities (check-formula's λ*, α* and partial derivatives),
// none of it from the shipped formulas:
// - d epsilon/d p: ε solved here from its defining equation (docs/theory.md §4) by bisection at 60
//   digits, differentiated by a central difference with step 1e-20 (one-sided, second order, at the
//   domain's edge ρ = 0 or λ = 0): truncation ~1e-40, rounding ~1e-35, so the candidate must agree to
//   1e-25 relative. This is complete evidence: the target can be accepted on it.
// - d e/d p of the errors: only the λ → ∞ limit is independent (exactChecks.ts derives
//   e = L + s/λ + O(1/λ²) with L = 1 + ρ (0 for g_task) and s = −2, −2(1 + 1/κ), 2/κ), so at λ = 1e12:
//   λ²·∂e/∂λ → −s, ∂e/∂ρ → ∂L/∂ρ, and λ·∂e/∂θ → ∂s/∂θ for θ = α, κ, τ.
// - λ* and α*: a ridge strength is >= 0 and a context length > 0.
// The last two kinds can reject but not accept: the verdict says that no independent evidence exists
// away from those facts (prose.ts, `partialEvidence`).
import { mp } from '../../numeric/context.js';
import { kappaTerms, liftParams, xOf, type ParamName, type Params } from '../../theory/params.js';
import { M } from '../../theory/resolvent.js';
import { paramsOf, type DesignPoint } from '../design.js';
import type { CandidateFn } from '../compile.js';
import { derivativeOf, type Candidate } from '../parse.js';
import type { Evidence } from './evidence.js';

const HP = mp(60);
type D = ReturnType<typeof HP.num>;
const CAND = mp(50);
const STEP = '1e-20';
const DERIVATIVE_REL = 1e-25;
const LAMBDA_BIG = 1e12;
const LIMIT_TOL = 1e-6;

/** ε from 1 − τ + τλ/ε = ε M_κ(x + ε) (λ > 0 or τ < 1), 0 when λ = 0 and τ > 1; bisection to 55 digits. */
export function epsilonBySolve(p: Params<D>): D {
  const zero = HP.num(0);
  const one = HP.num(1);
  const kt = kappaTerms(HP, p.kappa);
  const x = xOf(HP, p);
  if (HP.isZero(p.lambda) && HP.lt(one, p.tau)) return zero;
  // g(ε) = ε M(x + ε) − (1 − τ) − τλ/ε rises from below 0 (ε → 0+) to τ > 0 (ε → ∞).
  const g = (e: D): D =>
    HP.sub(HP.sub(HP.mul(e, M(HP, kt, HP.add(x, e))), HP.sub(one, p.tau)), HP.div(HP.mul(p.tau, p.lambda), e));
  let lo = one;
  let hi = one;
  while (!HP.lt(g(lo), zero)) lo = HP.div(lo, HP.num(16));
  while (HP.lt(g(hi), zero)) hi = HP.mul(hi, HP.num(16));
  const tol = HP.num('1e-55');
  while (HP.lt(HP.mul(tol, hi), HP.sub(hi, lo))) {
    const mid = HP.div(HP.add(lo, hi), HP.num(2));
    if (HP.lt(g(mid), zero)) lo = mid;
    else hi = mid;
  }
  return HP.div(HP.add(lo, hi), HP.num(2));
}

/** ∂ε/∂p at a point by a difference of independently solved ε: central, or one-sided at p = 0 (ρ, λ). */
export function epsilonDerivativeByDifference(pt: Params<number>, wrt: ParamName): D {
  const base = liftParams(HP, pt);
  const h = HP.num(STEP);
  const at = (k: number) => epsilonBySolve({ ...base, [wrt]: HP.add(base[wrt], HP.mul(HP.num(k), h)) });
  if (pt[wrt] === 0) {
    // (−3f(0) + 4f(h) − f(2h))/(2h): second order, inside the domain.
    const num = HP.sub(HP.sub(HP.mul(HP.num(4), at(1)), HP.mul(HP.num(3), at(0))), at(2));
    return HP.div(num, HP.mul(HP.num(2), h));
  }
  return HP.div(HP.sub(at(1), at(-1)), HP.mul(HP.num(2), h));
}

function candidateAt(fn: CandidateFn, p: Params<number>): { value?: D; why?: string } {
  try {
    const v = fn(CAND, liftParams(CAND, p));
    return CAND.isFinite(v)
      ? { value: HP.num(CAND.toString(v)) }
      : { why: `the candidate is ${CAND.toString(v, 6)} there` };
  } catch (err) {
    return { why: `the candidate is undefined there (${(err as Error).message})` };
  }
}

const fail = (
  name: string,
  kind: Evidence['kind'],
  p: Params<number>,
  detail: string,
  candidate: number | null,
  expected?: number,
  tolerance?: number,
): Evidence => ({
  kind,
  name,
  pass: false,
  point: p,
  candidate,
  ...(expected === undefined ? {} : { expected }),
  ...(tolerance === undefined ? {} : { tolerance }),
  detail,
});

/** The evidence for a target beyond the five quantities; [] for the others. */
export function newTargetEvidence(cand: Candidate, fn: CandidateFn, design: readonly DesignPoint[]): Evidence[] {
  const d = derivativeOf(cand.target);
  if (cand.target === 'lambdaStar' || cand.target === 'alphaStar') return [positivity(cand, fn, design)];
  if (!d) return [];
  if (d.of === 'epsilon') return [epsilonDerivative(fn, design, d.wrt)];
  return cand.intervals.lambda.hi === Infinity ? [errorDerivativeAtLargeLambda(fn, design, d.of, d.wrt)] : [];
}

function positivity(cand: Candidate, fn: CandidateFn, design: readonly DesignPoint[]): Evidence {
  const name = cand.target === 'lambdaStar' ? 'lambda* >= 0 (a ridge strength)' : 'alpha* > 0 (a context length)';
  for (const pt of design) {
    const p = paramsOf(pt);
    const r = candidateAt(fn, p);
    if (r.value === undefined) continue; // 'defined and finite' reports it
    const ok = cand.target === 'lambdaStar' ? !HP.lt(r.value, HP.num(0)) : HP.lt(HP.num(0), r.value);
    if (!ok)
      return fail(name, 'invariant', p, `the candidate gives ${HP.toString(r.value, 8)}`, HP.toNumber(r.value), 0);
  }
  return { kind: 'invariant', name, pass: true, candidate: null, detail: `holds at ${design.length} point(s)` };
}

function epsilonDerivative(fn: CandidateFn, design: readonly DesignPoint[], wrt: ParamName): Evidence {
  const name = `d epsilon/d ${wrt}: difference of epsilon solved from its equation (60 digits, step ${STEP})`;
  let checked = 0;
  for (const pt of design) {
    if (wrt === 'kappa' && pt.kappa === Infinity) continue;
    const p = paramsOf(pt);
    const r = candidateAt(fn, p);
    if (r.value === undefined) return fail(name, 'invariant', p, r.why!, null);
    const want = epsilonDerivativeByDifference(p, wrt);
    const tol = HP.mul(HP.num(DERIVATIVE_REL), HP.add(HP.abs(want), HP.num(1e-30)));
    checked++;
    if (HP.lt(tol, HP.abs(HP.sub(r.value, want))))
      return fail(
        name,
        'invariant',
        p,
        `the candidate gives ${HP.toString(r.value, 12)}, the difference quotient ${HP.toString(want, 12)}`,
        HP.toNumber(r.value),
        HP.toNumber(want),
        HP.toNumber(tol),
      );
  }
  return {
    kind: 'invariant',
    name,
    pass: true,
    candidate: null,
    detail: `agrees to ${DERIVATIVE_REL} relative at ${checked} point(s)`,
  };
}

/** The λ → ∞ behaviour of ∂e/∂θ (header), checked at λ = 1e12. */
function errorDerivativeAtLargeLambda(
  fn: CandidateFn,
  design: readonly DesignPoint[],
  of: 'eICL' | 'eIDG' | 'gTask',
  wrt: ParamName,
): Evidence {
  const scale = wrt === 'lambda' ? LAMBDA_BIG * LAMBDA_BIG : wrt === 'rho' ? 1 : LAMBDA_BIG;
  const what = wrt === 'lambda' ? 'lambda^2 * d/dlambda' : wrt === 'rho' ? 'd/drho' : `lambda * d/d${wrt}`;
  const name = `lambda -> inf: ${what} of ${of} tends to its limit`;
  let checked = 0;
  for (const pt of design) {
    if (wrt === 'kappa' && pt.kappa === Infinity) continue;
    const p = { ...paramsOf(pt), lambda: LAMBDA_BIG };
    const ik = 1 / p.kappa;
    const limit =
      wrt === 'lambda'
        ? of === 'eICL'
          ? 2
          : of === 'eIDG'
            ? 2 * (1 + ik)
            : -2 * ik
        : wrt === 'rho'
          ? of === 'gTask'
            ? 0
            : 1
          : wrt === 'kappa'
            ? of === 'eICL'
              ? 0
              : of === 'eIDG'
                ? 2 * ik * ik
                : -2 * ik * ik
            : 0;
    const r = candidateAt(fn, p);
    if (r.value === undefined) return fail(name, 'limit', p, `at lambda = 1e12: ${r.why!}`, null, limit);
    const got = HP.toNumber(HP.mul(r.value, HP.num(scale)));
    const tol = LIMIT_TOL * Math.max(1, Math.abs(limit));
    checked++;
    if (!(Math.abs(got - limit) <= tol))
      return fail(
        name,
        'limit',
        p,
        `from e = L + s/lambda + O(1/lambda^2) (L = 1 + rho, or 0 for g_task; s = -2, -2(1 + 1/kappa), ` +
          `2/kappa), ${what} ${of} -> ${limit}; at lambda = 1e12 the candidate gives ${got.toPrecision(8)}`,
        HP.toNumber(r.value),
        limit / scale,
        tol / scale,
      );
  }
  return { kind: 'limit', name, pass: true, candidate: null, detail: `within ${LIMIT_TOL} at ${checked} point(s)` };
}
