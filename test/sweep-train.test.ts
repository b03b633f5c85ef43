// A sweep's train part: each line is what `icl-verify train --json` prints for the point (the spec's seed),
// without its CPU seconds; a killed run resumes to the same bytes; a journal of other settings is refused.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliIn } from './support/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'icl-sweep-train-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Tiny runs (d = 6, 150 fixed steps): the mechanics, not the science.
const spec = {
  train: {
    arch: ['linear-reduced', 'softmax-head'],
    d: [6],
    tau: [1, 2],
    kappa: [1, 'inf'],
    runs: 2,
    seed: 5,
    steps: 150,
    fixed: true,
  },
};

describe('sweep: train part', () => {
  it('one line per point, equal to train --json for that point minus its CPU seconds; a killed run resumes to the same bytes', () => {
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    const r = cliIn(dir, ['sweep', 'spec.json', '--out', 'all.jsonl']);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(join(dir, 'all.jsonl'), 'utf8');
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(8);
    expect(new Set(lines.map((l) => `${l.arch} ${l.tau} ${l.kappa}`)).size).toBe(8);
    for (const l of lines) {
      expect(l.kind).toBe('train');
      expect(JSON.stringify(l)).not.toMatch(/cpu/i);
    }
    // Two points checked against the command (each spawn trains again).
    for (const [arch, tau, kappa] of [
      ['softmax-head', '2', 'inf'],
      ['linear-reduced', '1', '1'],
    ] as const) {
      const one = cliIn(dir, [
        'train',
        '--arch',
        arch,
        '--d',
        '6',
        '--tau',
        tau,
        '--kappa',
        kappa,
        '--runs',
        '2',
        '--seed',
        '5',
        '--steps',
        '150',
        '--fixed',
        '--json',
      ]);
      expect(one.status, one.stderr).toBe(0);
      const want = JSON.parse(one.stdout) as {
        summary: Record<string, unknown>;
        perRun: Array<Record<string, unknown>>;
      };
      delete want.summary.cpuSecondsPerRun;
      for (const p of want.perRun) delete p.cpuSeconds;
      const { kind: _, ...line } = lines.find((l) => l.arch === arch && l.tau === tau && l.kappa === kappa)!;
      expect(line).toEqual(want);
    }
    // Killed after three lines, in the middle of the fourth: the rerun finishes the rest, same bytes.
    const cut = text.split('\n').slice(0, 3).join('\n') + '\n' + text.split('\n')[3]!.slice(0, 40);
    writeFileSync(join(dir, 'part.jsonl'), cut);
    const again = cliIn(dir, ['sweep', 'spec.json', '--out', 'part.jsonl']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/3 already in part\.jsonl, 5 computed/);
    expect(readFileSync(join(dir, 'part.jsonl'), 'utf8')).toBe(text);
    // The same journal under another seed or stop rule is another experiment: refused, one line.
    for (const [change, re] of [
      [{ seed: 6 }, /seed "5", the spec asks for 6/],
      [{ fixed: false }, /stopRule "fixed", the spec asks for converged/],
    ] as const) {
      writeFileSync(join(dir, 'other.json'), JSON.stringify({ train: { ...spec.train, ...change } }));
      const bad = cliIn(dir, ['sweep', 'other.json', '--out', 'all.jsonl']);
      expect(bad.status).toBe(2);
      expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(bad.stderr).toMatch(re);
    }
  });

  it('shards merge to the bytes of one run (train lines sort after theory and simulate)', () => {
    const both = {
      train: { ...spec.train, tau: [1], kappa: ['inf'] },
      simulate: { d: [6], alpha: [2], kappa: [0.5], tau: [1.5], rho: [0.1], lambda: [0.5], replicates: 2, seed: 3 },
    };
    writeFileSync(join(dir, 'both.json'), JSON.stringify(both));
    expect(cliIn(dir, ['sweep', 'both.json', '--out', 'whole.jsonl']).status).toBe(0);
    for (const i of [1, 2, 3])
      expect(cliIn(dir, ['sweep', 'both.json', '--shard', `${i}/3`, '--out', `s${i}.jsonl`]).status).toBe(0);
    const merged = cliIn(dir, [
      'merge',
      's3.jsonl',
      's1.jsonl',
      's2.jsonl',
      '--spec',
      'both.json',
      '--out',
      'merged.jsonl',
    ]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(cliIn(dir, ['merge', 'whole.jsonl', '--out', 'whole-sorted.jsonl']).status).toBe(0);
    const text = readFileSync(join(dir, 'merged.jsonl'), 'utf8');
    expect(text).toBe(readFileSync(join(dir, 'whole-sorted.jsonl'), 'utf8'));
    const kinds = text
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { kind: string }).kind);
    expect(kinds).toEqual(['simulate', 'train', 'train']);
  });
});
