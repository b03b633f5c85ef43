// What a newcomer meets at the command line: exact messages for a fractional d, a warning beside a
// noisy simulated mean, one writer per sweep output, duplicate and conflicting resumed lines
// reported, and eval reading inputs as doubles to reproduce the docs/theory.md §9 table.
import { hostname, tmpdir } from 'node:os';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPOT_VALUES } from '../src/checks/theory.js';
import { cliIn, pointFlags } from './support/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'icl-friction-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sim = ['--alpha', '2', '--kappa', '1', '--rho', '0.1', '--lambda', '0', '--replicates', '4', '--workers', '1'];

describe('simulate and extrapolate messages', () => {
  it('--d 16.5 says it must be an integer >= 2', () => {
    const r = cliIn(dir, ['simulate', '--d', '16.5', '--tau', '2', ...sim]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("icl-verify simulate: --d must be an integer >= 2, got '16.5'\n");
    expect(cliIn(dir, ['extrapolate', '--ds', '1,4,8', '--tau', '2', ...sim]).stderr).toMatch(
      /--ds must be a comma-separated list of integers >= 2/,
    );
  });
  it('a noisy mean next to the interpolation threshold comes with a warning on stderr', () => {
    const r = cliIn(dir, ['simulate', '--d', '8', '--tau', '1.140625', ...sim]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: standard error \/ mean is e_ICL \d+%.*n = 73 is near the interpolation threshold n = d\(d\+1\) = 72/,
    );
    // Far from it, with a ridge, no warning.
    const calm = cliIn(dir, ['simulate', '--d', '8', '--tau', '4', ...sim.map((a) => (a === '0' ? '0.1' : a))]);
    expect(calm.stderr).toBe('');
  });
});

describe('sweep output: one writer, resumed files checked', () => {
  const spec = { theory: { alpha: [1, 10], kappa: [0.5], tau: [0.5, 2], rho: [0.01], lambda: [0] } };
  it('a second writer on the same --out is refused with exit 2, naming the holder', () => {
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    // This test process is alive: its lock is not stale.
    writeFileSync(join(dir, 'held.jsonl.lock'), JSON.stringify({ pid: process.pid, host: hostname(), started: 'now' }));
    const r = cliIn(dir, ['sweep', 'spec.json', '--out', 'held.jsonl']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`^icl-verify sweep: 'held\\.jsonl' is being written by another sweep \\(pid ${process.pid} on `),
    );
    expect(existsSync(join(dir, 'held.jsonl'))).toBe(false);
  });
  it('a finished run releases its lock; a stale lock of a dead run is taken over', () => {
    const ok = cliIn(dir, ['sweep', 'spec.json', '--out', 'r.jsonl']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(existsSync(join(dir, 'r.jsonl.lock'))).toBe(false);
    writeFileSync(
      join(dir, 'r.jsonl.lock'),
      JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), started: 'then' }),
    );
    const again = cliIn(dir, ['sweep', 'spec.json', '--out', 'r.jsonl']);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/took over the lock of pid 4206649, which is no longer running/);
  });
  it('a resumed file with a duplicate line is reported; with a conflicting one it is an error', () => {
    const text = readFileSync(join(dir, 'r.jsonl'), 'utf8');
    const first = text.split('\n')[0]!;
    writeFileSync(join(dir, 'dup.jsonl'), text + first + '\n');
    const dup = cliIn(dir, ['sweep', 'spec.json', '--out', 'dup.jsonl']);
    expect(dup.status).toBe(0);
    expect(dup.stderr).toMatch(/dup\.jsonl: 1 duplicate line\(s\), identical to earlier ones: line 5 \(= 1\)/);
    const other = JSON.stringify({ ...JSON.parse(first), eICL: '9.99' });
    writeFileSync(join(dir, 'bad.jsonl'), text);
    appendFileSync(join(dir, 'bad.jsonl'), other + '\n');
    const bad = cliIn(dir, ['sweep', 'spec.json', '--out', 'bad.jsonl']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.jsonl:5: a second, different result for the point of line 1/);
  });
});

describe('eval --inputs double', () => {
  it('reproduces every printed digit of the reference table; exact decimal inputs differ in every row', () => {
    let differ = 0;
    for (const [p, icl_, idg] of SPOT_VALUES) {
      const flags = [
        '--alpha',
        String(p.alpha),
        '--kappa',
        p.kappa === Infinity ? 'inf' : String(p.kappa),
        '--tau',
        String(p.tau),
        '--rho',
        String(p.rho),
        '--lambda',
        String(p.lambda),
        '--digits',
        '18',
        '--json',
      ];
      const asDouble = JSON.parse(cliIn(dir, ['eval', ...flags, '--inputs', 'double']).stdout);
      expect(asDouble.eICL).toBe(icl_);
      expect(asDouble.eIDG).toBe(idg);
      const exact = JSON.parse(cliIn(dir, ['eval', ...flags]).stdout);
      if (exact.eICL !== icl_ || exact.eIDG !== idg) differ++;
    }
    expect(differ).toBe(6);
    expect(
      cliIn(dir, ['eval', ...pointFlags({ alpha: 1, kappa: 1, tau: 2, rho: 0, lambda: 0 }), '--inputs', 'float'])
        .stderr,
    ).toMatch(/--inputs must be decimal or double/);
  });
});
