// `simulate --estimator dmmse|ridge`: the report's baselines from the command line, same JSON conventions
// as `simulate --json` (numbers as decimal strings, {mean, stderr} estimates), same streams as the library.
import { describe, expect, it } from 'vitest';
import { contextRidgeErrorMC, dmmseErrors } from '../src/sim/baselineSimulation.js';
import { fp } from '../src/numeric/context.js';
import { contextRidgeError } from '../src/theory/baselines.js';
import { cli, pointFlags } from './support/cli.js';

const json = (...args: string[]) => {
  const r = cli('simulate', ...args, '--json');
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, any>;
};

describe('simulate --estimator', () => {
  it('dmmse: the sizes of the model (ell = round(alpha d), k = round(kappa d)) and the library numbers, as decimal strings', () => {
    const j = json(
      '--estimator',
      'dmmse',
      '--d',
      '10',
      '--alpha',
      '1.5',
      '--kappa',
      '0.5',
      '--rho',
      '0.2',
      '--replicates',
      '3',
      '--contexts',
      '50',
      '--seed',
      '7',
    );
    expect(j.estimator).toBe('dmmse');
    expect(j.params).toEqual({ alpha: '1.5', kappa: '0.5', rho: '0.2' });
    expect([j.d, j.ell, j.k, j.replicates, j.contexts, j.seed]).toEqual(['10', '15', '5', '3', '50', '7']);
    const lib = dmmseErrors({ d: 10, ell: 15, k: 5, rho: 0.2, replicates: 3, contexts: 50, seed: 7 });
    for (const key of ['eICL', 'eIDG', 'gTask'] as const) {
      expect(j[key]).toEqual({ mean: String(lib[key].mean), stderr: String(lib[key].stderr) });
    }
    expect(typeof j.seconds).toBe('string');
    // Both errors are at least the noise, and out-of-distribution is the harder task.
    expect(Number(j.eIDG.mean)).toBeGreaterThanOrEqual(0.2);
    expect(Number(j.eICL.mean)).toBeGreaterThan(Number(j.eIDG.mean));
  });

  it('ridge: e^ICL only, the library estimate, and near the asymptotic theory at moderate d', () => {
    const j = json(
      '--estimator',
      'ridge',
      '--d',
      '48',
      '--alpha',
      '2',
      '--rho',
      '0.5',
      '--replicates',
      '4',
      '--contexts',
      '40',
      '--seed',
      '3',
    );
    expect(j.estimator).toBe('ridge');
    expect(j.params).toEqual({ alpha: '2', rho: '0.5' });
    expect(j.k).toBeUndefined();
    expect(j.eIDG).toBeUndefined();
    const lib = contextRidgeErrorMC({ d: 48, ell: 96, rho: 0.5, replicates: 4, contexts: 40, seed: 3 });
    expect(j.eICL).toEqual({ mean: String(lib.mean), stderr: String(lib.stderr) });
    // O(1/d) finite-size bias: within 3% of the d = inf value at d = 48.
    const theory = contextRidgeError(fp, 2, 0.5);
    expect(Math.abs(Number(j.eICL.mean) / theory - 1)).toBeLessThan(0.03);
  });

  it('flags a baseline does not use, an infinite kappa for dmmse, an unknown estimator: exit 2, one line', () => {
    const cases: [string[], RegExp][] = [
      [
        ['--estimator', 'ridge', '--d', '8', '--alpha', '2', '--rho', '0.1', '--tau', '2'],
        /--tau is not used by --estimator ridge/,
      ],
      [
        ['--estimator', 'ridge', '--d', '8', '--alpha', '2', '--rho', '0.1', '--kappa', '1'],
        /--kappa is not used by --estimator ridge/,
      ],
      [
        ['--estimator', 'dmmse', '--d', '8', '--alpha', '2', '--rho', '0.1', '--kappa', 'inf'],
        /kappa must be a finite number/,
      ],
      [
        ['--estimator', 'dmmse', '--d', '8', '--alpha', '2', '--rho', '0', '--kappa', '1'],
        /rho must be a finite number > 0/,
      ],
      [
        ['--estimator', 'dmmse', '--d', '8', '--alpha', '2', '--rho', '0.1', '--kappa', '1', '--replicates', '1'],
        /--replicates/,
      ],
      [['--estimator', 'mle', '--d', '8'], /--estimator must be gamma, dmmse, ridge/],
      [
        ['--d', '8', ...pointFlags({ alpha: 2, kappa: 1, tau: 2, rho: 0.1, lambda: 0.1 }), '--contexts', '5'],
        /--contexts is used only by --estimator dmmse or ridge/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = cli('simulate', ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
