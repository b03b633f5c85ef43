// check-formula's targets beyond the five quantities: λ*, α* and partial derivatives. The example
// files' verdicts (a true ∂ε/∂λ accepted, its planted mutant rejected; λ*, α* and ∂e^ICL/∂λ never
// accepted, since no independent evidence covers them, and their planted mutants rejected by the
// facts that do), and the independent ε and its difference quotient against the κ = ∞ quadratic of
// docs/theory.md §6, solved and differentiated by hand with decimal.js here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { parseCandidate } from '../src/candidate/parse.js';
import { judge } from '../src/candidate/verdict.js';
import { epsilonBySolve, epsilonDerivativeByDifference } from '../src/candidate/evidence/newTargets.js';
import { mp } from '../src/numeric/context.js';
import { ParseError } from '../src/symbolic/syntax.js';
import { checkFormula } from '../src/api/index.js';

const example = (name: string) => readFileSync(join(import.meta.dirname, '..', 'examples', 'candidates', name), 'utf8');
const verdictOf = (name: string) =>
  judge(parseCandidate(example(name)), { seed: 1, budgetSeconds: 5, workers: 1, exhaustive: true });

describe('example candidates of the new targets', () => {
  it('d epsilon/d lambda by implicit differentiation is accepted; with a term dropped it is rejected', async () => {
    const ok = await verdictOf('depsilon_dlambda-implicit.txt');
    expect(ok.verdict).toBe('accept');
    expect(ok.evidence.map((e) => e.name)).toContain(
      'd epsilon/d lambda: difference of epsilon solved from its equation (60 digits, step 1e-20)',
    );
    const bad = await verdictOf('mutant-depsilon_dlambda-dropped-term.txt');
    expect(bad.verdict).toBe('reject');
    expect(bad.evidence[0]!.name).toMatch(/^d epsilon\/d lambda/);
  });

  it('lambda* at kappa = inf is inconclusive (no independent evidence), never accepted; a negative lambda* is rejected', async () => {
    const v = await verdictOf('lambdaStar-kappa-inf.txt');
    expect(v.verdict).toBe('inconclusive');
    expect(v.reason).toMatch(/^no independent evidence for lambdaStar beyond its sign/);
    expect(v.evidence.every((e) => e.pass)).toBe(true);
    const bad = await verdictOf('mutant-lambdaStar-sign.txt');
    expect(bad.verdict).toBe('reject');
    expect(bad.evidence[0]!.name).toBe('lambda* >= 0 (a ridge strength)');
  });

  it('alpha* < 0 is rejected', async () => {
    const bad = await verdictOf('mutant-alphaStar-negative.txt');
    expect(bad.verdict).toBe('reject');
    expect(bad.evidence[0]!.name).toBe('alpha* > 0 (a context length)');
  });

  it('d eICL/d lambda with only the right lambda -> inf tail is inconclusive; the wrong tail is rejected', async () => {
    const v = await verdictOf('deICL_dlambda-large-lambda.txt');
    expect(v.verdict).toBe('inconclusive');
    expect(v.reason).toMatch(/^no independent evidence for deICL_dlambda away from lambda -> inf/);
    const bad = await verdictOf('mutant-deICL_dlambda-tail.txt');
    expect(bad.verdict).toBe('reject');
    expect(bad.evidence[0]!.detail).toMatch(
      /lambda\^2 \* d\/dlambda eICL -> 2; at lambda = 1e12 the candidate gives -2\.0000000/,
    );
  });

  it('the typed API judges the same targets', async () => {
    const v = await checkFormula(example('depsilon_dlambda-implicit.txt'), { budgetSeconds: 5, workers: 1 });
    expect(v.verdict).toBe('accept');
  });
});

describe('the independent epsilon and its difference quotient', () => {
  // kappa = inf: tau eps^2 - ((1 - tau)(1 + x) + tau lambda) eps - tau lambda (1 + x) = 0, positive root.
  const D = Decimal.clone({ precision: 80 });
  const quad = (alpha: string, tau: string, rho: string, lambda: string) => {
    const t = new D(tau);
    const l = new D(lambda);
    const x1 = new D(1).plus(new D(rho)).div(alpha).plus(1); // 1 + x
    const b = new D(1).minus(t).times(x1).plus(t.times(l));
    const eps = b.plus(b.pow(2).plus(t.times(4).times(t).times(l).times(x1)).sqrt()).div(t.times(2));
    // d/dlambda by implicit differentiation of the quadratic Q: -Q_lambda/Q_eps.
    const qEps = t.times(2).times(eps).minus(b);
    const qLambda = t.times(eps).plus(t.times(x1)).neg();
    return { eps, dLambda: qLambda.neg().div(qEps) };
  };
  const hp = mp(60);
  const at = (alpha: string, tau: string, rho: string, lambda: string) => ({
    alpha: hp.num(alpha),
    kappa: hp.num('inf'),
    tau: hp.num(tau),
    rho: hp.num(rho),
    lambda: hp.num(lambda),
  });

  // Binary fractions: the difference quotient reads the point as doubles, the hand solution as decimals.
  it.each([
    ['2', '1.5', '0.125', '0.5'],
    ['0.5', '0.25', '1', '0.0009765625'],
    ['10', '4', '0', '3'],
  ])('at alpha %s, tau %s, rho %s, lambda %s: eps to 50 digits, d eps/d lambda to 25', (alpha, tau, rho, lambda) => {
    const want = quad(alpha, tau, rho, lambda);
    const eps = epsilonBySolve(at(alpha, tau, rho, lambda));
    expect(new D(eps.toString()).minus(want.eps).abs().lte(want.eps.times('1e-50'))).toBe(true);
    const p = { alpha: Number(alpha), kappa: Infinity, tau: Number(tau), rho: Number(rho), lambda: Number(lambda) };
    const d = epsilonDerivativeByDifference(p, 'lambda');
    expect(new D(d.toString()).minus(want.dLambda).abs().lte(want.dLambda.abs().times('1e-25'))).toBe(true);
  });

  it('one-sided at lambda = 0, tau > 1: eps leaves 0 with slope tau/(tau - 1)', () => {
    const d = epsilonDerivativeByDifference({ alpha: 2, kappa: 0.5, tau: 3, rho: 0.1, lambda: 0 }, 'lambda');
    expect(new D(d.toString()).minus(new D(3).div(2)).abs().lte('1e-25')).toBe(true);
  });
});

describe('parsing the new targets', () => {
  const errorOf = (src: string) => {
    try {
      parseCandidate(src);
    } catch (err) {
      if (err instanceof ParseError) return err.message;
      throw err;
    }
    throw new Error('parsed');
  };
  it('names the forms a target may take, and what lambda* and alpha* may not use', () => {
    expect(errorOf('target: dM_dalpha\nexpr = 1\n')).toMatch(
      /^target must be one of eICL, eIDG, gTask, M, epsilon, lambdaStar, alphaStar or a derivative d<epsilon\|eICL\|eIDG\|gTask>_d<alpha\|kappa\|tau\|rho\|lambda> \(e\.g\. depsilon_dlambda\), found 'dM_dalpha'/,
    );
    expect(errorOf('target: lambdaStar\nexpr = lambda\n')).toBe(
      "target lambdaStar cannot use 'lambda': lambda* is a function " +
        'of alpha, kappa, tau, rho, and this name depends on lambda',
    );
    expect(errorOf('target: alphaStar\nexpr = x\n')).toMatch(/target alphaStar cannot use 'x'/);
    expect(parseCandidate('target: dgTask_dkappa\nexpr = eps*M\n').target).toBe('dgTask_dkappa');
  });
});
