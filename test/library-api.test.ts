// The library entry point (src/index.ts, `import ... from 'icl-verify'`): the same numbers as the CLI,
// domain errors naming the parameter, limits equal to evaluate at infinity, candidates and checks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as lib from '../src/api/index.js';
import {
  checkFormula,
  checkFormulaFile,
  DomainError,
  evaluate,
  evaluateDigits,
  limits,
  listChecks,
  ParseError,
  runChecks,
} from '../src/api/index.js';
import { cli } from './support/cli.js';

const EX = join(import.meta.dirname, '..', 'examples', 'candidates');
const POINTS: (lib.ParamPoint & Record<string, string>)[] = [
  { alpha: '2', kappa: '0.5', tau: '1.5', rho: '0.1', lambda: '0.5' },
  { alpha: '0.7', kappa: '3', tau: '0.4', rho: '0', lambda: '0' },
  { alpha: 'inf', kappa: '0.5', tau: '3', rho: '0.5', lambda: '0' },
  { alpha: 'inf', kappa: '0.5', tau: 'inf', rho: '0.5', lambda: '0', tauPerAlpha: '0.2' },
];
const cliEval = (p: Record<string, string>, ...extra: string[]) => {
  const flags = Object.entries(p).flatMap(([k, v]) => [`--${k === 'tauPerAlpha' ? 'tau-per-alpha' : k}`, v]);
  const r = cli('eval', ...flags, ...extra, '--json');
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, string>;
};

describe('the library API', () => {
  it('exports only the documented entry points', () => {
    expect(Object.keys(lib).sort()).toEqual(
      [
        'REGISTRY_SEED',
        'DomainError',
        'ParseError',
        'checkFormula',
        'checkFormulaFile',
        'evaluate',
        'evaluateDigits',
        'extrapolate',
        'limits',
        'listChecks',
        'runChecks',
        'simulate',
        'simulateBaseline',
        'simulateLadder',
        'evaluateGrid',
        'derivative',
        'optimalLambda',
        'alphaStar',
        'evaluateGridCsv',
        'figure',
        'listSingleFigures',
        'simulateGrid',
        'extrapolateGrid',
      ].sort(),
    );
  });

  it('evaluate (float64) gives the numbers of `eval --json`, growth rates included', () => {
    for (const p of POINTS) {
      const c = cliEval(p);
      const e = evaluate(p);
      expect(e.regime).toBe(c.regime);
      for (const k of ['epsilon', 'eICL', 'eIDG', 'gTask'] as const) expect(e[k]).toBe(Number(c[k]));
      for (const [name, g] of Object.entries(e.growth))
        expect(g!.rate).toBe(Number(c[`${name}${g!.power === 1 ? 'PerAlpha' : 'PerSqrtAlpha'}`]));
    }
  });

  it('evaluateDigits gives the strings of `eval --digits N --json`', () => {
    for (const p of POINTS) {
      const { params: _p, digits: _d, ...c } = cliEval(p, '--digits', '30') as Record<string, unknown>;
      expect(evaluateDigits(p, 30)).toEqual(c);
    }
  });

  it('numbers and strings are the same point; a bad value is a DomainError naming the parameter', () => {
    expect(evaluate({ alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 })).toEqual(evaluate(POINTS[0]!));
    const bad = (p: lib.ParamPoint) => {
      try {
        evaluate(p);
      } catch (err) {
        return err instanceof DomainError ? err.parameter : `not a DomainError: ${String(err)}`;
      }
      return 'no error';
    };
    expect(bad({ alpha: 2, kappa: 0.5, tau: 1, rho: 0.1, lambda: 0 })).toBe('tau');
    expect(bad({ alpha: 2, kappa: -1, tau: 2, rho: 0.1, lambda: 0 })).toBe('kappa');
    expect(bad({ alpha: 'two', kappa: 0.5, tau: 2, rho: 0.1, lambda: 0 })).toBe('alpha');
    expect(bad({ alpha: 'inf', kappa: 0.5, tau: 'inf', rho: 0.1, lambda: 0 })).toBe('tau-per-alpha');
    expect(() => evaluateDigits(POINTS[0]!, 0)).toThrow(RangeError);
  });

  it('each limit equals evaluate at the corresponding infinity and checks its domain', () => {
    const a = evaluate({ alpha: 'inf', kappa: 0.5, tau: 3, rho: 0.5, lambda: 0 });
    expect(limits.alphaInfinity({ kappa: 0.5, tau: 3, rho: 0.5, lambda: 0 })).toMatchObject({
      epsilon: a.epsilon,
      eICL: a.eICL,
      eIDG: a.eIDG,
      growth: { eICL: a.growth.eICL },
    });
    const t = evaluate({ alpha: 2, kappa: 0.5, tau: 'inf', rho: 0.1, lambda: 0.2 });
    expect(limits.tauInfinity({ alpha: 2, kappa: 0.5, rho: 0.1, lambda: 0.2 })).toMatchObject({
      eICL: t.eICL,
      eIDG: t.eIDG,
    });
    const j = evaluate({ alpha: 'inf', tau: 'inf', tauPerAlpha: 0.2, kappa: 2, rho: 0.5, lambda: 0 });
    expect(limits.alphaTauInfinity({ kappa: 2, rho: 0.5, lambda: 0, tauPerAlpha: 0.2 })).toMatchObject({
      eICL: j.eICL,
      eIDG: j.eIDG,
    });
    const k = evaluate({ alpha: 2, kappa: 'inf', tau: 1.5, rho: 0.1, lambda: 0.5 });
    const kl = limits.kappaInfinity({ alpha: 2, tau: 1.5, rho: 0.1, lambda: 0.5 });
    expect(kl.e).toBeCloseTo(k.eICL, 14);
    expect(kl.epsilon).toBeCloseTo(k.epsilon, 14);
    expect(() => limits.kappaInfinity({ alpha: 2, tau: 1, rho: 0.1, lambda: 0 })).toThrow(DomainError);
    // A point of another regime is refused, naming tau, not evaluated by the wrong row of the table.
    expect(() => limits.alphaInfinity({ kappa: 0.5, tau: Infinity, rho: 0.5, lambda: 0 })).toThrow(
      'tau must be finite in this limit, got Infinity',
    );
  });

  it('checkFormula: the verdict object of `check-formula --json`; parse errors located', async () => {
    const file = join(EX, 'mutant-dropped-tau.txt');
    const v = await checkFormulaFile(file, { seed: 1, budgetSeconds: 10 });
    const c = JSON.parse(cli('check-formula', file, '--seed', '1', '--budget-seconds', '10', '--json').stdout) as {
      verdict: string;
      evidence: { name: string }[];
    };
    expect(v.verdict).toBe('reject');
    expect(c.verdict).toBe('reject');
    expect(v.evidence[0]!.name).toBe(c.evidence[0]!.name);
    const text = await checkFormula(readFileSync(join(EX, 'M-closed.txt'), 'utf8'), { seed: 3, budgetSeconds: 10 });
    expect(text.verdict).toBe('accept');
    await expect(checkFormula('target: eICL\nexpr = (1 + x\n')).rejects.toMatchObject({
      name: 'ParseError',
      line: 2,
      col: 14,
    });
    const err = await checkFormulaFile(join(EX, '..', '..', 'test', 'support', 'cli.ts')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as Error).message).toMatch(/cli\.ts:\d+:\d+: /);
  });

  it('listChecks and runChecks select the registry by pattern', async () => {
    const ids = (await listChecks(['theory.limit.*'])).map((c) => c.id);
    expect(ids).toEqual([
      'theory.limit.alpha-infinity',
      'theory.limit.tau-infinity',
      'theory.limit.alpha-tau-infinity',
    ]);
    const r = await runChecks(['theory.limit.tau-*'], { quick: true });
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([['theory.limit.tau-infinity', 'pass']]);
    await expect(runChecks(['no-such-check'])).rejects.toThrow(DomainError);
  });
});
