// `icl-verify check-formula` as a user runs it: exit codes, FILE:LINE:COL errors, --json, --against-reference.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';

const ex = (name: string) => join(import.meta.dirname, '..', 'examples', 'candidates', name);
const dir = mkdtempSync(join(tmpdir(), 'icl-candidate-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('check-formula CLI', () => {
  it('a parse error exits 2 with FILE:LINE:COL: message on one line', () => {
    const bad = file('bad.txt', '# comment\ntarget: eICL\nexpr = (1 + x\n');
    const r = cli('check-formula', bad);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${bad}:3:14: expected ')' to close the parenthesis, found end of line\n`);
  });

  it('an empty domain exits 2 with its position', () => {
    const bad = file('empty.txt', 'target: eIDG\ndomain: lambda = 0, lambda > 1\nexpr = tau\n');
    const r = cli('check-formula', bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/empty\.txt:2:28: empty domain/);
  });

  it('a missing file and a bad flag exit 2 with one line', () => {
    const missing = cli('check-formula', join(dir, 'nope.txt'));
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const flag = cli('check-formula', ex('M-closed.txt'), '--budget-seconds', 'soon');
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/--budget-seconds must be an integer/);
  });

  it('accept exits 0 and --json has verdict, target and evidence', () => {
    const r = cli('check-formula', ex('M-closed.txt'), '--json', '--seed', '3');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as {
      verdict: string;
      target: string;
      seed: number;
      evidence: { pass: boolean; kind: string }[];
    };
    expect(j.verdict).toBe('accept');
    expect(j.target).toBe('M');
    expect(j.seed).toBe(3);
    expect(j.evidence.length).toBeGreaterThan(0);
    expect(j.evidence.every((e) => e.pass)).toBe(true);
  });

  it('reject exits 1 with the decisive evidence first', () => {
    const r = cli('check-formula', ex('mutant-dropped-tau.txt'), '--json', '--budget-seconds', '10');
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout) as { verdict: string; evidence: { pass: boolean; name: string }[] };
    expect(j.verdict).toBe('reject');
    expect(j.evidence[0]!.pass).toBe(false);
    const text = cli('check-formula', ex('mutant-dropped-tau.txt'), '--budget-seconds', '10');
    expect(text.status).toBe(1);
    expect(text.stdout.split('\n')[0]).toMatch(/: REJECT/);
    expect(text.stdout).toMatch(/decisive evidence:\nFAIL/);
    expect(text.stdout).toMatch(/--seed 1 replays it/);
  });

  it('--against-reference reports the shipped formula separately, labelled as not used for the verdict', () => {
    const r = cli('check-formula', ex('epsilon-ridgeless-below.txt'), '--against-reference');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /reference \(comparison with the shipped formula \(src\/theory\); NOT used for the verdict\)/,
    );
    const m = /max relative difference ([0-9.e+-]+)/.exec(r.stdout);
    expect(m).not.toBeNull();
    // Two algebraically equal closed forms of the same ε in float64.
    expect(Number(m![1])).toBeLessThan(1e-14);
  });
});
