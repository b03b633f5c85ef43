// `icl-verify verify` end to end: exit statuses, JSON, JUnit, the report file, and bad input
// (exit 2, one line saying what and where). In-process runs use a small registry of their own; the
// spawned runs use the real CLI.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyWith } from '../src/cli/commands/verify.js';
import { pass, fail, notRun, type Check } from '../src/registry/registry.js';
import { checks as realChecks } from '../src/checks/index.js';
import { cliWith, ROOT } from './support/cli.js';

// The real verify command; the time limit makes a hang fail one test instead of the suite.
const verifyCli = (args: string[]) => cliWith({ cwd: ROOT, timeoutMs: 60_000 }, 'verify', ...args);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'icl-verify-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const registry: Check[] = [
  { id: 't.ok', claim: 'holds', subject: 's', detects: 'd', run: () => pass('fine', { v: 1 }) },
  { id: 't.bad', claim: 'does not hold', subject: 's', detects: 'd', run: () => fail('z = 7', { z: 7 }) },
  {
    id: 't.short',
    claim: 'needs a long run',
    subject: 's',
    detects: 'd',
    run: ({ quick }) => (quick ? notRun('quick cannot test it', 'smoke') : pass('long run done')),
  },
];

async function capture(run: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await run(), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
afterEach(() => vi.restoreAllMocks());

describe('verify over a registry', () => {
  it('exits 1 when a check fails, writes report, JUnit and the whole result as JSON', async () => {
    const report = join(dir, 'r1');
    const junit = join(dir, 'j', 'junit.xml');
    mkdirSync(join(dir, 'j'));
    const r = await capture(() =>
      verifyWith(registry, ['--report', report, '--junit', junit, '--json', '--seed', '42'], 'tiny'),
    );
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.seed).toBe(42);
    expect(json.counts).toEqual({ total: 3, pass: 2, fail: 1, notRun: 0, error: 0 });
    expect(json.checks.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ['t.ok', 'pass'],
      ['t.bad', 'fail'],
      ['t.short', 'pass'],
    ]);
    expect(json.checks[1].evidence).toEqual({ z: 7 });
    expect(json.figures.map((f: { id: string }) => f.id)).toEqual([
      'figure-1',
      'figure-2',
      'figure-3',
      'figure-4',
      'figure-5',
      'figure-6',
    ]);
    // The fold-out's per-point lines travel with the JSON too.
    for (const f of json.figures) expect(f.details.length, f.id).toBeGreaterThan(0);
    // stderr is not a terminal here: one progress line per finished check, then the report's figures.
    expect(r.err).toMatch(
      /^\[1\/3\] PASS t\.ok \(\S+ s\): fine\n\[2\/3\] FAIL t\.bad \(\S+ s\): z = 7\n\[3\/3\] PASS t\.short/,
    );
    expect(r.err).toContain('report: computing Figure 1\n');
    // The table goes to stderr when stdout carries JSON; failing checks first.
    const lines = r.err.slice(r.err.indexOf('check ')).split('\n');
    expect(lines[2]).toMatch(/^t\.bad\s+FAIL\s+z = 7/);
    expect(lines[3]).toMatch(/^\s+detects: d$/);
    expect(lines[4]).toMatch(/^t\.ok\s+PASS\s+fine/);
    expect(readFileSync(join(report, 'index.html'), 'utf8')).toContain('1 of 3 checks failed or could not finish');
    expect(readFileSync(junit, 'utf8')).toContain(
      '<testsuites name="icl-verify" tests="3" failures="1" errors="0" skipped="0"',
    );
  });

  it('exits 0 when every selected check passes (--only) and prints the table on stdout', async () => {
    const r = await capture(() =>
      verifyWith(registry, ['--only', 't.ok', '--report', join(dir, 'r2'), '--quick', '--figures', 'none'], 'tiny'),
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('(0 figures drawn');
    expect(r.out).toMatch(/^t\.ok\s+PASS\s+fine/m);
    expect(r.out).not.toContain('t.bad');
    expect(r.out).toContain('1 checks: 1 passed, 0 failed, 0 not run, 0 errors');
  });

  it('a check not run is not a pass: counted apart, exit 0, JUnit skipped with the reason', async () => {
    const junit = join(dir, 'j-short.xml');
    const r = await capture(() =>
      verifyWith(
        registry,
        [
          '--only',
          't.ok,t.short',
          '--quick',
          '--json',
          '--junit',
          junit,
          '--report',
          join(dir, 'r6'),
          '--figures',
          'none',
        ],
        'tiny',
      ),
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.counts).toEqual({ total: 2, pass: 1, fail: 0, notRun: 1, error: 0 });
    expect(json.checks[1]).toMatchObject({
      id: 't.short',
      status: 'not-run',
      why: 'quick cannot test it',
      detects: 'd',
    });
    expect(r.err).toMatch(/^t\.short\s+NOT RUN\s+smoke\s+\S+ s\n\s+not run: quick cannot test it$/m);
    expect(r.err).toContain('2 checks: 1 passed, 0 failed, 1 not run, 0 errors');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('tests="2" failures="0" errors="0" skipped="1"');
    expect(xml).toContain('<skipped message="not run: quick cannot test it"/>');
    expect(readFileSync(join(dir, 'r6', 'index.html'), 'utf8')).toContain(
      'No check failed; 1 of 2 not run (not passed)',
    );
  });

  it('rejects an --only that matches nothing, naming the pattern', async () => {
    await expect(verifyWith(registry, ['--only', 'nothing*', '--report', join(dir, 'r3')], 'tiny')).rejects.toThrow(
      "--only 'nothing*' matches none of the 3 checks",
    );
  });
});

describe('verify bad input (spawned CLI): exit 2, one line', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['unknown flag', ['--fast'], /unknown flag --fast/],
    ['seed not an integer', ['--seed', 'x1'], /--seed must be an integer in \[0, 4294967295\], got 'x1'/],
    ['negative seed', ['--seed', '-3'], /--seed must be an integer/],
    ['empty --only', ['--only', ','], /--only needs at least one pattern/],
    ['positional', ['extra'], /unexpected argument 'extra'/],
    ['bad --figures', ['--figures', 'some'], /--figures must be quick, full or none, got 'some'/],
    [
      'report dir under a file',
      ['--report', 'package.json/sub'],
      /--report directory 'package.json\/sub' cannot be written: ENOTDIR: a parent is not a directory/,
    ],
    [
      'junit file is a directory',
      ['--junit', 'src', '--report', '__DIR__/r4'],
      /--junit file 'src' cannot be written: it is a directory/,
    ],
    [
      'report dir the kernel refuses (/proc, where a recursive mkdir of Node 20 loops)',
      ['--report', '/proc/icl-verify-report'],
      /--report directory '\/proc\/icl-verify-report' cannot be written: ENOENT/,
    ],
    [
      'junit under a file',
      ['--junit', 'package.json/j.xml', '--report', '__DIR__/r5'],
      /--junit file 'package.json\/j.xml' cannot be written: its directory '.*package.json' cannot be written: EEXIST: exists and is not a directory/,
    ],
  ];
  for (const [name, args, re] of cases) {
    it(name, () => {
      const r = verifyCli(args.map((a) => a.replace('__DIR__', dir)));
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines.length, r.stderr).toBe(1);
      expect(lines[0]).toMatch(/^icl-verify verify: /);
      expect(lines[0]).toMatch(re);
    });
  }
  it('no report is left behind by a rejected run', () => {
    expect(existsSync(join(dir, 'r4', 'index.html'))).toBe(false);
  });
});

describe('the real registry through the CLI', () => {
  it('--quick --json --only (its first check) writes a report and JSON whose counts match the exit status', () => {
    const report = join(dir, 'real');
    expect(realChecks.length).toBeGreaterThan(0);
    const first = realChecks[0]!.id;
    const r = verifyCli(['--quick', '--json', '--only', `${first}*`, '--report', report]);
    expect([0, 1]).toContain(r.status);
    const json = JSON.parse(r.stdout);
    expect(json.quick).toBe(true);
    expect(json.counts.total).toBe(json.checks.length);
    expect(json.checks[0].id).toBe(first);
    expect(r.status).toBe(json.counts.fail + json.counts.error > 0 || json.figureFailures.length > 0 ? 1 : 0);
    expect(existsSync(join(report, 'index.html'))).toBe(true);
  });
});
