// Property 5: a failure shrinks to a readable point and says how to replay it. Checked on properties
// that are false on purpose (test-only), so that fast-check has something to shrink.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fp } from '../src/numeric/context.js';
import { evaluate } from '../src/theory/evaluate.js';
import { fullPoint, params, point, SEED, within } from './support/domain.js';

/** At most three significant digits (or ±∞): what the arbitraries' mantissa × 10^e shrinks to. */
const round = (v: number | undefined): boolean =>
  v === undefined || !Number.isFinite(v) || Number(v.toPrecision(3)) === v;

describe('property 5: shrinking lands on round numbers and the message replays it', () => {
  it('a false claim (e^ICL <= 1 + rho) shrinks to a point of round numbers, with point, values, tolerance units and the replay command in the message', () => {
    const wrong = fc.property(fullPoint, (p) => {
      const e = evaluate(fp, p);
      within('e^ICL <= 1 + rho (false on purpose)', p, e.eICL, 1 + p.rho, Math.max(0, e.eICL - (1 + p.rho)), 1e-12);
    });
    const r = fc.check(wrong, params(2000));
    expect(r.failed).toBe(true);
    const [p] = r.counterexample!;
    for (const k of ['alpha', 'kappa', 'tau', 'rho', 'lambda', 'tauPerAlpha'] as const)
      expect(round(p[k]), `${k} = ${p[k]}`).toBe(true);
    const msg = String((r.errorInstance as Error).message);
    expect(msg).toMatch(
      /at \{alpha=.*\}: got .*, want .*; \|difference\| = .* × tolerance 1\.00e-12\. Replay: FC_SEED=\d+ npx vitest run properties\/shrinking\.test\.ts -t /,
    );
    expect(msg).toContain(`FC_SEED=${SEED}`);
  });

  it('a false bound on the finite domain (g_task <= 0.5) shrinks to round numbers too', () => {
    const r = fc.check(
      fc.property(point, (p) => evaluate(fp, p).gTask <= 0.5),
      params(2000),
    );
    expect(r.failed).toBe(true);
    const [p] = r.counterexample!;
    for (const k of ['alpha', 'kappa', 'tau', 'rho', 'lambda'] as const)
      expect(round(p[k]), `${k} = ${p[k]}`).toBe(true);
  });
});
