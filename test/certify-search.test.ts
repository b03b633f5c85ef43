// Branch and bound, certificates and their checker, the CLI, and the planted faults: a fault must turn
// a proved claim into a certified counterexample or an undecided cell, never a proof.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exactDecimal, mp } from '../src/numeric/context.js';
import { DomainError } from '../src/numeric/domain.js';
import { parseBox } from '../src/certify/box.js';
import { fromJson, toJson } from '../src/certify/certificate.js';
import { checkCertificate } from '../src/certify/checkCertificate.js';
import { claimNamed } from '../src/certify/claims.js';
import { certify } from '../src/certify/search.js';
import { evaluate } from '../src/theory/evaluate.js';
import { cli } from './support/cli.js';

const BRIEF_BOX = 'alpha=1..10,kappa=0.1..0.9,tau=1.1..5,rho=0.01..1,lambda=0';
const H = mp(100);

describe('certify: boxes', () => {
  it('a side outside its domain is a DomainError naming the parameter', () => {
    const bad: [string, string][] = [
      ['alpha=0..1,kappa=1,tau=2,rho=0,lambda=0', 'alpha'],
      ['alpha=1,kappa=1,tau=2,rho=0,lambda=0..1', 'lambda'],
      ['alpha=1,kappa=1,tau=2,rho=-1..0,lambda=0', 'rho'],
      ['alpha=1,kappa=1,tau=2,rho=0', 'lambda'],
      ['alpha=1,kappa=2..1,tau=2,rho=0,lambda=0', 'kappa'],
      ['alpha=1,kappa=inf,tau=2,rho=0,lambda=0', 'kappa'],
    ];
    for (const [spec, param] of bad) {
      expect(() => parseBox(spec), spec).toThrow(DomainError);
      try {
        parseBox(spec);
      } catch (err) {
        expect((err as DomainError).parameter).toBe(param);
      }
    }
    // Ridgeless across tau = 1 is outside the claims' domain.
    expect(() => claimNamed('gtask-nonneg').admit(parseBox('alpha=1,kappa=1,tau=0.5..2,rho=0,lambda=0'))).toThrow(
      /tau/,
    );
  });
});

describe('certify: branch and bound and certificates', () => {
  it("proves e^ICL >= rho on the issue's box and the checker re-verifies the certificate", () => {
    const r = certify(claimNamed('eICL-ge-rho'), parseBox(BRIEF_BOX), { maxCells: 20000, depth: 40 });
    expect(r.proved).toBeCloseTo(1, 12);
    expect(r.undecided).toBe(0);
    const report = checkCertificate(fromJson(toJson(r)));
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.proved).toBeCloseTo(1, 12);
    expect(report.covered).toBeCloseTo(1, 12);
  });

  it('locates the failure of g_task >= 0 below tau = 1 with certified counterexamples (checked at 100 digits)', () => {
    const box = parseBox('alpha=30..100,kappa=0.05..1,tau=0.05..0.5,rho=0.5..1,lambda=0');
    const r = certify(claimNamed('gtask-nonneg'), box, { maxCells: 3000, depth: 40 });
    const bad = r.cells.filter((c) => c.status === 'disproved' || c.status === 'counterexample');
    expect(bad.length).toBeGreaterThan(0);
    for (const c of bad.slice(0, 20)) {
      const at = c.witness?.point ?? c.box;
      const p = Object.fromEntries(Object.entries(at).map(([k, s]) => [k, H.num(exactDecimal(s.lo))]));
      const v = evaluate(H, p as never);
      expect(v.gTask.isNegative(), JSON.stringify(at)).toBe(true);
    }
    expect(checkCertificate(fromJson(toJson(r))).ok).toBe(true);
  });

  it('the checker rejects a tampered certificate: a cell claimed proved that is not, overlapping cells, a cell outside the box', () => {
    const box = parseBox('alpha=30..100,kappa=0.05..1,tau=0.05..0.5,rho=0.5..1,lambda=0');
    const r = certify(claimNamed('gtask-nonneg'), box, { maxCells: 500, depth: 40 });
    const undecided = r.cells.findIndex((c) => c.status === 'undecided');
    expect(undecided).toBeGreaterThanOrEqual(0);
    const forged = fromJson(toJson(r));
    forged.cells[undecided] = { ...forged.cells[undecided]!, status: 'proved' };
    const a = checkCertificate(forged);
    expect(a.ok).toBe(false);
    expect(a.failures.join('\n')).toMatch(/re-evaluation says/);

    const doubled = fromJson(toJson(r));
    doubled.cells.push(doubled.cells[0]!);
    expect(checkCertificate(doubled).failures.join('\n')).toMatch(/overlap/);

    const outside = fromJson(toJson(r));
    const c0 = outside.cells[0]!;
    outside.cells[0] = { ...c0, box: { ...c0.box, alpha: { lo: c0.box.alpha.lo, hi: 1000 } } };
    expect(checkCertificate(outside).failures.join('\n')).toMatch(/not inside/);
  });
});

describe('icl-verify certify (CLI)', () => {
  it('--json, --certificate and --check round trip; exit codes 0 (proved), 3 (undecided), 2 (bad box)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icl-certify-'));
    const file = join(dir, 'cert.json');
    const r = cli('certify', 'eICL-ge-rho', '--box', BRIEF_BOX, '--certificate', file, '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.provedFraction).toBeCloseTo(1, 12);
    expect(out.undecidedCells).toEqual([]);
    const chk = cli('certify', '--check', file, '--json');
    expect(chk.status, chk.stderr).toBe(0);
    expect(JSON.parse(chk.stdout).ok).toBe(true);
    // A forged cell makes the check fail with exit 1.
    const cert = JSON.parse(readFileSync(file, 'utf8'));
    cert.cells[0].box.kappa = [0.01, 0.9];
    writeFileSync(file, JSON.stringify(cert));
    expect(cli('certify', '--check', file).status).toBe(1);
    const small = cli('certify', 'gtask-nonneg', '--box', BRIEF_BOX, '--max-cells', '50', '--json');
    expect(small.status).toBe(3);
    const bad = cli('certify', 'eICL-ge-rho', '--box', 'alpha=1..10,kappa=0,tau=2,rho=0,lambda=0');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/kappa must be/);
  });
});

describe('planted faults (ICL_VERIFY_FAULT)', () => {
  const run = (fault: string, claim: string, box: string) => {
    const r = spawnSync(
      process.execPath,
      [
        join(import.meta.dirname, '..', 'bin', 'icl-verify.js'),
        'certify',
        claim,
        '--box',
        box,
        '--max-cells',
        '3000',
        '--json',
      ],
      { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ICL_VERIFY_FAULT: fault } },
    );
    return { status: r.status, out: JSON.parse(r.stdout) };
  };
  const cases: [string, string, string][] = [
    ['numer-rho-sign', 'eIDG-ge-rho', 'alpha=5..10,kappa=0.5..0.9,tau=2..5,rho=0.5..1,lambda=0'],
    ['idg-0.99', 'eIDG-ge-rho', 'alpha=300..1000,kappa=0.5..2,tau=500,rho=0.5,lambda=0'],
  ];
  for (const [fault, claim, box] of cases) {
    it(`${fault}: ${claim} is proved without it, and not proved with it (a certified counterexample)`, () => {
      const clean = run('', claim, box);
      expect(clean.status).toBe(0);
      expect(clean.out.provedFraction).toBeCloseTo(1, 12);
      const faulted = run(fault, claim, box);
      expect(faulted.status).toBe(1);
      expect(faulted.out.provedFraction).toBeLessThan(1);
      expect(faulted.out.counterexamples.length).toBeGreaterThan(0);
    });
  }
});
