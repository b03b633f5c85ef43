// merge names the setting that differs between shards made with different settings (replicates,
// digits, a point's seed) instead of reporting a value mismatch.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeFiles, MergeError } from '../src/sweep/mergeShards.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const params = { alpha: '2', kappa: '0.5', tau: '1.5', rho: '0.1', lambda: '0.5', assignment: 'random' };
const simLine = (d: string, replicates: string, seed: string, mean: string) =>
  JSON.stringify({
    kind: 'simulate',
    params,
    d,
    ell: '12',
    k: '3',
    n: '54',
    replicates,
    seed,
    solver: 'direct',
    eICL: { mean, stderr: '0.01' },
    eIDG: { mean, stderr: '0.01' },
    gTask: { mean: '0', stderr: '0.01' },
    seconds: '0.1',
  });
const files = (...contents: string[]): string[] => {
  const dir = mkdtempSync(join(tmpdir(), 'icl-merge-'));
  dirs.push(dir);
  return contents.map((c, i) => {
    const f = join(dir, `s${i + 1}.jsonl`);
    writeFileSync(f, c + '\n');
    return f;
  });
};

describe('merge across settings', () => {
  it('different replicate counts are named, even for different points', () => {
    const [a, b] = files(simLine('6', '2', '11', '0.9'), simLine('8', '4', '12', '0.9'));
    expect(() => mergeFiles([a!, b!])).toThrow(MergeError);
    expect(() => mergeFiles([a!, b!])).toThrow(
      /s2\.jsonl:1 was made with different settings than .*s1\.jsonl:1: replicates "2" there, "4" here/,
    );
  });
  it('the same point with another seed names the seed, not the values', () => {
    const [a, b] = files(simLine('6', '2', '11', '0.9'), simLine('6', '2', '99', '0.95'));
    expect(() => mergeFiles([a!, b!])).toThrow(/different settings .*: seed "11" there, "99" here/);
  });
  it('the same settings with other values is still a value disagreement', () => {
    const [a, b] = files(simLine('6', '2', '11', '0.9'), simLine('6', '2', '11', '0.95'));
    expect(() => mergeFiles([a!, b!])).toThrow(/disagrees with .*eICL\.mean is "0\.9" there and "0\.95" here/);
  });
  it('theory lines at different digits are named', () => {
    const th = (digits: number | null) =>
      JSON.stringify({
        kind: 'theory',
        params: { alpha: '2', kappa: '0.5', tau: '1.5', rho: '0.1', lambda: '0.5' },
        digits,
        regime: 'finite',
        epsilon: '1',
        eICL: '1',
        eIDG: '1',
        gTask: '0',
      });
    const [a, b] = files(th(null), th(30));
    expect(() => mergeFiles([a!, b!])).toThrow(/digits null there, 30 here/);
  });
});
