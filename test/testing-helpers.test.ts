// icl-verify/testing: the arbitraries stay inside the domain (and reach its limits and boundaries),
// invalid points fail naming the right parameter, and expectFormula fails with a clear message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError, evaluate } from '../src/api/index.js';
import { expectFormula, FormulaVerdictError, invalidPoint, paramPoint } from '../src/api/testing.js';

const EX = join(import.meta.dirname, '..', 'examples', 'candidates');
const seed = Number(process.env.FC_SEED ?? 4242);

describe('arbitraries', () => {
  it('every paramPoint is in the domain: evaluate succeeds and every error is at least rho', () => {
    fc.assert(
      fc.property(paramPoint(), (p) => {
        const e = evaluate(p);
        for (const v of [e.eICL, e.eIDG]) expect(v).toBeGreaterThanOrEqual(p.rho * (1 - 1e-12));
      }),
      { numRuns: 400, seed },
    );
  });

  it('the limits and boundaries are reached, and can be switched off', () => {
    const all = fc.sample(paramPoint(), { numRuns: 3000, seed });
    const count = (f: (p: (typeof all)[number]) => boolean) => all.filter(f).length;
    expect(count((p) => p.alpha === Infinity)).toBeGreaterThan(100);
    expect(count((p) => p.kappa === Infinity)).toBeGreaterThan(100);
    expect(count((p) => p.tau === Infinity)).toBeGreaterThan(100);
    expect(count((p) => p.tauPerAlpha !== undefined)).toBeGreaterThan(10);
    expect(count((p) => p.tauPerAlpha !== undefined)).toBe(count((p) => p.alpha === Infinity && p.tau === Infinity));
    expect(count((p) => p.kappa === 1)).toBeGreaterThan(50);
    expect(count((p) => p.kappa === p.tau)).toBeGreaterThan(300);
    expect(count((p) => p.lambda === 0)).toBeGreaterThan(300);
    expect(count((p) => p.rho === 0)).toBeGreaterThan(100);
    expect(count((p) => p.tau === 0.999 || p.tau === 1.001)).toBeGreaterThan(50);
    const plain = fc.sample(paramPoint({ limits: false, boundaries: false, ridgeless: false }), {
      numRuns: 1000,
      seed,
    });
    expect(plain.every((p) => Number.isFinite(p.alpha + p.kappa + p.tau) && p.lambda > 1e-12 && p.rho > 0)).toBe(true);
    // 0.999 is also an ordinary three-digit draw (about 1 in 3600); injected, it would be 1 in 5.
    expect(plain.filter((p) => p.tau === 0.999 || p.tau === 1.001).length).toBeLessThanOrEqual(3);
    expect(fc.sample(paramPoint({ ridgeless: true }), { numRuns: 200, seed }).every((p) => p.lambda === 0)).toBe(true);
  });

  it('every invalidPoint is a DomainError naming its parameter', () => {
    fc.assert(
      fc.property(invalidPoint(), ({ point, parameter }) => {
        let named: string | undefined;
        try {
          evaluate(point);
        } catch (err) {
          if (err instanceof DomainError) named = err.parameter;
          else throw err;
        }
        expect(named).toBe(parameter);
      }),
      { numRuns: 300, seed },
    );
  });
});

describe('expectFormula', () => {
  it('resolves to the verdict when it is the expected one', async () => {
    const v = await expectFormula(join(EX, 'M-closed.txt'), { seed: 3, budgetSeconds: 10 });
    expect(v.verdict).toBe('accept');
    const r = await expectFormula(join(EX, 'mutant-dropped-tau.txt'), { verdict: 'reject', budgetSeconds: 10 });
    expect(r.verdict).toBe('reject');
  });

  it('a rejected formula fails the test with the decisive evidence and the replay command', async () => {
    const file = join(EX, 'mutant-dropped-tau.txt');
    const err = await expectFormula(file, { seed: 2, budgetSeconds: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormulaVerdictError);
    const lines = (err as Error).message.split('\n');
    expect(lines[0]).toBe(`icl-verify: ${file} (target eIDG) was REJECTED, expected accept`);
    expect(lines[1]).toMatch(/^decisive evidence: \[invariant\] error >= rho .* at alpha=/);
    expect(lines[2]).toBe(`replay: icl-verify check-formula ${file} --seed 2 --budget-seconds 10`);
    expect((err as FormulaVerdictError).verdict.verdict).toBe('reject');
  });

  it('a true formula on a budget below the coverage rule is not accepted: the message gives the budget that is', async () => {
    // tau = 6, kappa = inf: eight design points of about one reference second each, more than 5 s.
    const text = readFileSync(join(EX, 'eICL-unified.txt'), 'utf8').replace(
      'target: eICL',
      'target: eICL\ndomain: tau = 6, kappa = inf',
    );
    const err = await expectFormula({ text, name: 'tau6' }, { seed: 1, budgetSeconds: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormulaVerdictError);
    const v = (err as FormulaVerdictError).verdict;
    expect(v.verdict).toBe('inconclusive');
    expect(v.plan.simulable).toBe(8);
    expect(v.strength.screened).toBeLessThan(8);
    expect(v.evidence.every((e) => e.pass)).toBe(true);
    const lines = (err as Error).message.split('\n');
    expect(lines[0]).toBe('icl-verify: tau6 (target eICL) was INCONCLUSIVE, expected accept');
    expect(lines[1]).toMatch(
      new RegExp(
        `^inconclusive: budget too small: 5 s screens ${v.strength.screened} of 8 points; use at least \\d+ s$`,
      ),
    );
    const b = Number(/use at least (\d+) s$/.exec(lines[1]!)![1]);
    expect(b).toBeGreaterThan(5);
  }, 120_000);

  it('an accepted formula expected to be rejected fails too; a candidate text with a mistake is located', async () => {
    const err = await expectFormula(join(EX, 'M-closed.txt'), { verdict: 'reject', seed: 3, budgetSeconds: 10 }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(/was ACCEPTED, expected reject\nall \d+ pieces of evidence passed/);
    await expect(expectFormula({ text: 'target: M\nexpr = 1/(1 + nu\n', name: 'inline' })).rejects.toThrow(
      /^inline:2:17: expected '\)'/,
    );
  });
});
