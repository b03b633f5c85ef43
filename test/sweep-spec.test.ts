// Bad sweep and merge input: exit 2 with one line that says what and where.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSpec, SpecError } from '../src/sweep/spec.js';
import { cliIn } from './support/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'icl-sweep-spec-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const theory = { alpha: [1, 'inf'], kappa: [0.5], tau: [0.5, 2], rho: [0.01], lambda: [0] };
const simulate = { d: [6], alpha: [2], kappa: [0.5], tau: [1.5], rho: [0.1], lambda: [0.5], replicates: 2, seed: 3 };
const train = { arch: ['linear'], d: [6], tau: [1], runs: 1, seed: 3, steps: 100, fixed: true };

describe('spec validation (exit 2, one line, what and where)', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['invalid JSON: trailing comma', '{"theory": {"alpha": [1,]}}', /spec\.json:1:25: invalid JSON: unexpected "\]"/],
    ['invalid JSON: second line', '{"theory":\n  {"alpha" [1]}}', /spec\.json:2:12: invalid JSON: unexpected "\["/],
    ['invalid JSON: cut short', '{"theory": {"alpha": [1', /spec\.json:1:24: invalid JSON: unexpected end of input/],
    ['top level not an object', '[1, 2]', /spec\.json: \(top level\) must be an object, got a list/],
    [
      'no part',
      '{}',
      /spec\.json: needs at least one part: "theory", "simulate", "train", "ladders" or "checkFormula"$/,
    ],
    [
      'unknown top-level key',
      JSON.stringify({ theory, extra: 1 }),
      /spec\.json: unknown key "extra" \(allowed in the top level: theory, simulate, train, ladders, checkFormula\)/,
    ],
    [
      'unknown preset',
      JSON.stringify({ train: { ...train, preset: 'fast' } }),
      /spec\.json: train\.preset must be "authors" or "converged", got the string "fast"/,
    ],
    [
      'the authors preset with a step budget',
      JSON.stringify({ train: { ...train, preset: 'authors' } }),
      /spec\.json: train\.preset "authors" takes "iterations", not "steps" or "fixed"/,
    ],
    [
      'unknown architecture',
      JSON.stringify({ train: { ...train, arch: ['linear', 'mlp'] } }),
      /spec\.json: train\.arch\[1\] must be "linear" or "linear-reduced" or "softmax" or "softmax-head" or "blocks2" or "blocks3", got the string "mlp"/,
    ],
    [
      'train without runs',
      JSON.stringify({ train: { ...train, runs: undefined } }),
      /spec\.json: train\.runs is missing/,
    ],
    [
      'train: fixed not a boolean',
      JSON.stringify({ train: { ...train, fixed: 'yes' } }),
      /spec\.json: train\.fixed must be true or false, got the string "yes"/,
    ],
    [
      'train: unknown key',
      JSON.stringify({ train: { ...train, replicates: 2 } }),
      /spec\.json: unknown key "train\.replicates" \(allowed in train: arch, d, alpha, kappa, tau, rho, runs, seed, steps, fixed, lr, preset, iterations\)/,
    ],
    [
      'train point outside the trainer domain',
      JSON.stringify({ train: { ...train, tau: [1, 0.1] } }),
      /spec\.json: train point #2 \(arch=linear, d=6, alpha=1, kappa=inf, tau=0\.1, rho=0\.01\): n must be an integer >= 10/,
    ],
    [
      'unknown axis (typo)',
      JSON.stringify({ theory: { ...theory, alpah: [1] } }),
      /spec\.json: unknown key "theory\.alpah" \(allowed in theory: alpha, kappa, tau, rho, lambda, tauPerAlpha, digits\)/,
    ],
    [
      'unknown simulate key',
      JSON.stringify({ simulate: { ...simulate, workers: 4 } }),
      /unknown key "simulate\.workers"/,
    ],
    [
      'wrong type in an axis',
      JSON.stringify({ theory: { ...theory, tau: [0.5, true] } }),
      /spec\.json: theory\.tau\[1\] must be a number or "inf", got boolean true/,
    ],
    [
      'inf where not allowed',
      JSON.stringify({ theory: { ...theory, rho: ['inf'] } }),
      /spec\.json: theory\.rho\[0\] must be a number, got the string "inf"/,
    ],
    [
      'axis not a list',
      JSON.stringify({ theory: { ...theory, kappa: 0.5 } }),
      /spec\.json: theory\.kappa must be a list of numbers or "inf", got number 0\.5/,
    ],
    [
      'empty axis',
      JSON.stringify({ theory: { ...theory, lambda: [] } }),
      /spec\.json: theory\.lambda is an empty list: every axis needs at least one value/,
    ],
    [
      'missing axis',
      JSON.stringify({ theory: { alpha: [1], kappa: [1], tau: [2], rho: [0] } }),
      /spec\.json: theory\.lambda is missing/,
    ],
    [
      'repeated value',
      JSON.stringify({ theory: { ...theory, alpha: [1, 1.0] } }),
      /spec\.json: theory\.alpha\[1\] repeats 1 \(same as \[0\]\)/,
    ],
    [
      'bad digits',
      JSON.stringify({ theory: { ...theory, digits: 0 } }),
      /spec\.json: theory\.digits must be an integer in \[1, 100\], got number 0/,
    ],
    [
      'missing seed',
      JSON.stringify({ simulate: { ...simulate, seed: undefined } }),
      /spec\.json: simulate\.seed is missing/,
    ],
    [
      'fractional replicates',
      JSON.stringify({ simulate: { ...simulate, replicates: 2.5 } }),
      /spec\.json: simulate\.replicates must be an integer in \[1, 1000000\], got number 2\.5/,
    ],
    [
      'bad assignment',
      JSON.stringify({ simulate: { ...simulate, assignment: ['random', 'sorted'] } }),
      /spec\.json: simulate\.assignment\[1\] must be "random" or "balanced", got the string "sorted"/,
    ],
    [
      'point outside the theory domain',
      JSON.stringify({ theory: { ...theory, tau: [0.5, 1] } }),
      /spec\.json: theory point #2 \(alpha=1, kappa=0\.5, tau=1, rho=0\.01, lambda=0\): tau must be != 1 when lambda = 0/,
    ],
    [
      'simulation too small',
      JSON.stringify({ simulate: { ...simulate, alpha: [0.1] } }),
      /spec\.json: simulate point #1 \(d=6, alpha=0\.1, .*\): ell must be an integer >= 2/,
    ],
    [
      'alpha = tau = inf needs the ratio',
      JSON.stringify({ theory: { ...theory, tau: ['inf'] } }),
      /theory point #2 \(alpha=inf, .*\): tau-per-alpha must be a finite number > 0 when alpha = tau = inf, got nothing \(in a spec: theory\.tauPerAlpha\)/,
    ],
    [
      'the ratio only at alpha = tau = inf',
      JSON.stringify({ theory: { ...theory, tauPerAlpha: [0.2] } }),
      /spec\.json: theory\.tauPerAlpha is the ratio tau\/alpha .*: theory\.alpha and theory\.tau must then both be \["inf"\]/,
    ],
    [
      'a ratio must be a number',
      JSON.stringify({ theory: { ...theory, alpha: ['inf'], tau: ['inf'], tauPerAlpha: ['inf'] } }),
      /spec\.json: theory\.tauPerAlpha\[0\] must be a number, got the string "inf"/,
    ],
    [
      'grid too large',
      JSON.stringify({
        theory: { alpha: range(100), kappa: range(100), tau: range(100), rho: range(11), lambda: range(100) },
      }),
      /the grid has 1100000000 points, more than the 2000000/,
    ],
  ];
  for (const [name, text, re] of cases) {
    it(name, () => {
      writeFileSync(join(dir, 'spec.json'), text);
      const r = cliIn(dir, ['sweep', 'spec.json', '--out', 'out.jsonl']);
      expect(r.status, r.stderr).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines.length, r.stderr).toBe(1);
      expect(lines[0]).toMatch(/^icl-verify sweep: /);
      expect(lines[0]).toMatch(re);
      expect(r.stdout).toBe('');
    });
  }

  it('the limit alpha, tau -> inf sweeps over tauPerAlpha: each line is what eval --json prints, and a rerun resumes', () => {
    const spec = {
      theory: { alpha: ['inf'], kappa: [0.5, 2], tau: ['inf'], rho: [0.5], lambda: [0], tauPerAlpha: [0.2, '1'] },
    };
    writeFileSync(join(dir, 'ratio.json'), JSON.stringify(spec));
    const r = cliIn(dir, ['sweep', 'ratio.json', '--out', 'ratio.jsonl']);
    expect(r.status, r.stderr).toBe(0);
    const again = cliIn(dir, ['sweep', 'ratio.json', '--out', 'ratio.jsonl']);
    expect(again.stderr).toContain('4 already in ratio.jsonl, 0 computed');
    const lines = readFileSync(join(dir, 'ratio.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    for (const { kind, ...line } of lines) {
      expect(kind).toBe('theory');
      const q = line.params;
      const single = cliIn(dir, [
        'eval',
        '--alpha',
        'inf',
        '--tau',
        'inf',
        '--tau-per-alpha',
        q.tauPerAlpha,
        '--kappa',
        q.kappa,
        '--rho',
        q.rho,
        '--lambda',
        q.lambda,
        '--json',
      ]);
      expect(line).toEqual(JSON.parse(single.stdout));
    }
    // g_task at alpha, tau -> inf: memorization below kappa = 1 (grows with tau/alpha), none above.
    const g = (kappa: string, c: string) =>
      Number(lines.find((l) => l.params.kappa === kappa && l.params.tauPerAlpha === c)!.gTask);
    expect(g('0.5', '0.2')).toBeGreaterThan(g('0.5', '1'));
    expect([g('2', '0.2'), g('2', '1')]).toEqual([0, 0]);
  });

  it('an unreadable spec file names the file and the reason', () => {
    const r = cliIn(dir, ['sweep', 'missing.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "icl-verify sweep: cannot read 'missing.json': ENOENT: no such file or directory (open missing.json)\n",
    );
  });

  it('bad flags', () => {
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ theory }));
    for (const [args, msg] of [
      [['ok.json', '--shard', '0/3'], "--shard i/N needs 1 <= i <= N, got '0/3'"],
      [['ok.json', '--shard', '4/3'], "--shard i/N needs 1 <= i <= N, got '4/3'"],
      [['ok.json', '--shard', 'two'], "--shard must be i/N (e.g. 3/8), got 'two'"],
      [[], 'missing SPEC.json (usage: icl-verify sweep SPEC.json [--shard i/N] [--out FILE])'],
      [['ok.json', 'more.json'], "unexpected argument 'more.json'"],
      [
        ['ok.json', '--out', 'ok.json/x.jsonl'],
        "cannot open 'ok.json/x.jsonl' for writing: ENOTDIR: a parent is not a directory",
      ],
    ] as const) {
      const r = cliIn(dir, ['sweep', ...args]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.split('\n').length).toBe(2);
      expect(r.stderr).toContain(msg);
    }
  });

  it('an output file from another spec is refused, naming its line', () => {
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ theory }));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ theory: { ...theory, rho: [0.2] } }));
    expect(cliIn(dir, ['sweep', 'a.json', '--out', 'ab.jsonl']).status).toBe(0);
    const r = cliIn(dir, ['sweep', 'b.json', '--out', 'ab.jsonl']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'icl-verify sweep: ab.jsonl:1: a result for a point that is not in ' +
        'this spec (was the file written for another spec? use another --out)\n',
    );
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ theory: { ...theory, digits: 20 } }));
    const c = cliIn(dir, ['sweep', 'c.json', '--out', 'ab.jsonl']);
    expect(c.status).toBe(2);
    expect(c.stderr).toBe(
      'icl-verify sweep: ab.jsonl:1: computed with digits null, ' +
        'the spec asks for 20 (use another --out for a changed spec)\n',
    );
  });
});

describe('spec parsing', () => {
  it('keeps theory values as given and canonicalises simulation values to float64 strings', () => {
    const s = parseSpec(
      JSON.stringify({ theory: { ...theory, alpha: ['1.50', 'INF', 1e-7] }, simulate: { ...simulate, tau: ['1.50'] } }),
      'x',
    );
    expect(s.theory!.axes.alpha).toEqual(['1.50', 'inf', '1e-7']);
    expect(s.theory!.digits).toBeNull();
    expect(s.simulate!.axes.tau).toEqual(['1.5']);
    expect(s.simulate!.axes.assignment).toEqual(['random']);
  });
  it('throws SpecError (not a crash) for every bad shape', () => {
    for (const bad of ['null', '"x"', '{"theory": null}', '{"theory": []}', '{"simulate": 3}'])
      expect(() => parseSpec(bad, 'f')).toThrow(SpecError);
  });
});

describe('merge bad input', () => {
  it('names the file and line of a disagreeing duplicate, a torn line, a foreign line, a missing file', () => {
    const line = (eICL: string) =>
      JSON.stringify({
        kind: 'theory',
        params: { alpha: '1', kappa: '0.5', tau: '2', rho: '0', lambda: '0' },
        digits: null,
        eICL,
      });
    writeFileSync(join(dir, 'm1.jsonl'), line('0.5') + '\n');
    writeFileSync(join(dir, 'm2.jsonl'), line('0.5') + '\n' + line('0.6') + '\n');
    writeFileSync(join(dir, 'torn.jsonl'), line('0.5') + '\n{"kind":"th');
    writeFileSync(join(dir, 'foreign.jsonl'), '{"hello": 1}\n');
    const cases: Array<[string[], string]> = [
      [
        ['m1.jsonl', 'm2.jsonl'],
        'm2.jsonl:2: theory point (alpha=1, kappa=0.5, tau=2, rho=0, lambda=0) ' +
          'disagrees with m1.jsonl:1: eICL is "0.5" there and "0.6" here',
      ],
      [
        ['torn.jsonl'],
        'torn.jsonl: the last line is incomplete (11 bytes, a run ' +
          'was killed); rerun its sweep with the same --out to finish it',
      ],
      [['foreign.jsonl'], 'foreign.jsonl:1: not a sweep result line: no "kind" of "theory", "simulate" or "train"'],
      [['nope.jsonl'], "cannot read 'nope.jsonl': ENOENT: no such file or directory"],
      [[], 'no input files'],
    ];
    for (const [files, msg] of cases) {
      const r = cliIn(dir, ['merge', ...files, '--out', 'merged.jsonl']);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.split('\n').length).toBe(2);
      expect(r.stderr).toContain(`icl-verify merge: ${msg}`);
    }
    const noOut = cliIn(dir, ['merge', 'm1.jsonl']);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toContain('missing --out');
    const unwritable = cliIn(dir, ['merge', 'm1.jsonl', 'm1.jsonl', '--out', 'm1.jsonl/m.jsonl']);
    expect(unwritable.status).toBe(2);
    expect(unwritable.stderr).toContain("cannot write 'm1.jsonl/m.jsonl': ENOTDIR");
  });
});

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 2);
}

describe('a point that fails while computing', () => {
  it('is recorded with its error (reproducibly), not a crash that would stop the shard forever', async () => {
    const { computePoint } = await import('../src/sweep/compute.js');
    const { gridPoints } = await import('../src/sweep/points.js');
    const { DomainError } = await import('../src/numeric/domain.js');
    const s = parseSpec(JSON.stringify({ simulate }), 'x');
    const [p] = gridPoints(s);
    const failing = async () => {
      throw new DomainError('n/(d(d+1))', 'far enough from 1', '0.99');
    };
    const line = await computePoint(p!, s, 1, failing);
    expect(line).toEqual({
      kind: 'simulate',
      params: { alpha: '2', kappa: '0.5', tau: '1.5', rho: '0.1', lambda: '0.5', assignment: 'random' },
      d: '6',
      replicates: '2',
      seed: String(p!.seed),
      error: 'n/(d(d+1)) must be far enough from 1, got 0.99',
    });
    // Any other error is a bug and propagates.
    await expect(
      computePoint(p!, s, 1, async () => {
        throw new TypeError('bug');
      }),
    ).rejects.toThrow('bug');
  });
});
