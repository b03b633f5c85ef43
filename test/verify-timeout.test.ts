// verify's per-check time limit: each check runs on a worker thread that the runner terminates when the
// check has used its limit of CPU time, so a hung check is an error naming it and the run goes on; a check
// that only takes long in wall-clock time (a slow machine) is not stopped until a wide backstop. Uses the built runner (dist/):
// worker threads need the compiled worker (`npm test` builds first).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCheck as runCheckSrc, selectChecks as selectSrc } from '../src/registry/run.js';
import { checks as srcChecks } from '../src/checks/index.js';

const ROOT = join(import.meta.dirname, '..');
const dist = (p: string) => import(pathToFileURL(join(ROOT, 'dist', p)).href);
const PLANTED = pathToFileURL(join(import.meta.dirname, 'support', 'planted-checks.mjs')).href;
const SLEEPERS = pathToFileURL(join(import.meta.dirname, 'support', 'planted-sleepers.mjs')).href;
const REGISTRY = pathToFileURL(join(ROOT, 'dist', 'src', 'checks', 'index.js')).href;

type Record_ = {
  id: string;
  status: string;
  keyFigure: string;
  evidence: Record<string, unknown>;
  seconds: number;
  cpuSeconds?: number;
};
type RunChecks = (
  checks: unknown[],
  opts: object,
) => Promise<{ checks: Record_[]; counts: { fail: number; error: number } }>;

const dir = mkdtempSync(join(tmpdir(), 'icl-timeout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('per-check time limit', () => {
  it('a hanging check is an error, "timed out", naming it; the checks around it run and pass', async () => {
    const { runChecks, isolationAvailable } = (await dist('src/registry/run.js')) as {
      runChecks: RunChecks;
      isolationAvailable: () => boolean;
    };
    expect(isolationAvailable()).toBe(true);
    const { checks } = (await import(PLANTED)) as { checks: { id: string }[] };
    const t0 = performance.now();
    const r = await runChecks(checks, { quick: true, seed: 5, isolate: { registry: PLANTED } });
    const seconds = (performance.now() - t0) / 1000;
    const byId = Object.fromEntries(r.checks.map((c) => [c.id, c]));
    expect(byId['planted.before']).toMatchObject({ status: 'pass', keyFigure: 'seed 5', evidence: { seed: 5 } });
    expect(byId['planted.hang']).toMatchObject({ status: 'error', keyFigure: 'timed out after 1 CPU s' });
    expect(byId['planted.hang']!.evidence.error).toBe(
      "check 'planted.hang' used more than its CPU-time limit of 1 s and was stopped",
    );
    expect(byId['planted.hang']!.cpuSeconds).toBeGreaterThan(1);
    // Its own limit per budget: 1 CPU s with --quick (exceeded by a check that needs 1.5 CPU s).
    expect(byId['planted.slow']).toMatchObject({ status: 'error', keyFigure: 'timed out after 1 CPU s' });
    expect(byId['planted.after']).toMatchObject({ status: 'pass', keyFigure: 'quick true' });
    expect(r.counts).toMatchObject({ fail: 0, error: 2 });
    expect(seconds).toBeLessThan(30); // not a speed test: a hang that was not stopped would never get here
  });

  it('a check that sleeps past its CPU limit passes; one that waits forever is stopped by the wall-clock backstop', async () => {
    const { runChecks } = (await dist('src/registry/run.js')) as { runChecks: RunChecks };
    const { checks } = (await import(SLEEPERS)) as { checks: { id: string }[] };
    const r = await runChecks(checks, { quick: true, seed: 1, isolate: { registry: SLEEPERS, wallFactor: 4 } });
    const [sleep, forever] = r.checks;
    // 2.5 s of wall-clock time against a limit of 1 s: what a slow machine does to a check, not a hang.
    expect(sleep).toMatchObject({ id: 'planted.sleep', status: 'pass', keyFigure: 'slept' });
    expect(sleep!.seconds).toBeGreaterThan(2.4);
    expect(sleep!.cpuSeconds).toBeLessThan(1);
    expect(forever).toMatchObject({ id: 'planted.wait-forever', status: 'error' });
    expect(forever!.keyFigure).toMatch(/^stalled: 4 s wall-clock with 0\.\d CPU s$/);
    expect(forever!.seconds).toBeGreaterThanOrEqual(4);
    expect(forever!.evidence).toMatchObject({ timeoutSeconds: 1 });
  });

  it("the full budget uses the full limit, and an override replaces every check's own", async () => {
    const { runChecks } = (await dist('src/registry/run.js')) as { runChecks: RunChecks };
    const { checks } = (await import(PLANTED)) as { checks: { id: string }[] };
    const slow = checks.filter((c) => c.id === 'planted.slow');
    const full = await runChecks(slow, { quick: false, seed: 1, isolate: { registry: PLANTED } });
    expect(full.checks[0]).toMatchObject({ status: 'pass', keyFigure: 'slow but done' });
    const longer = await runChecks(slow, { quick: true, seed: 1, isolate: { registry: PLANTED, timeoutSeconds: 10 } });
    expect(longer.checks[0]).toMatchObject({ status: 'pass' });
    const shorter = await runChecks(slow, { quick: false, seed: 1, isolate: { registry: PLANTED, timeoutSeconds: 1 } });
    expect(shorter.checks[0]).toMatchObject({ status: 'error', keyFigure: 'timed out after 1 CPU s' });
  });

  it('a registry module that fails to load is an error of each check, not a hang', async () => {
    const { runChecks } = (await dist('src/registry/run.js')) as { runChecks: RunChecks };
    const { checks } = (await import(PLANTED)) as { checks: { id: string }[] };
    const broken = pathToFileURL(join(import.meta.dirname, 'support', 'broken-registry.mjs')).href;
    const r = await runChecks(checks.slice(0, 2), { quick: true, seed: 1, isolate: { registry: broken } });
    expect(r.checks.map((c) => c.status)).toEqual(['error', 'error']);
    for (const c of r.checks)
      expect(c.keyFigure).toMatch(/^worker died: Error: planted: this registry does not load \(loading file:/);
  });

  it('a check on its worker gives the same record as in process (real registry checks)', async () => {
    const { runChecks } = (await dist('src/registry/run.js')) as { runChecks: RunChecks };
    const { checks } = (await dist('src/checks/index.js')) as { checks: { id: string }[] };
    const only = ['theory.n-digit-mode', 'theory.kappa-infinity-equal', 'theory.limit.alpha-infinity'];
    const isolated = await runChecks(
      checks.filter((c) => only.includes(c.id)),
      { quick: true, seed: 11, isolate: { registry: REGISTRY } },
    );
    expect(isolated.checks.map((c) => c.id)).toEqual(only);
    for (const rec of isolated.checks) {
      const [check] = selectSrc(srcChecks, [rec.id]).filter((c) => c.id === rec.id);
      const local = await runCheckSrc(check!, { quick: true, seed: 11 });
      expect({ status: rec.status, keyFigure: rec.keyFigure, evidence: rec.evidence }).toEqual({
        status: local.status,
        keyFigure: local.keyFigure,
        evidence: local.evidence,
      });
    }
  });

  it('two checks at a time: records in registry order, equal to one at a time; a hang still stops only itself', async () => {
    const { runChecks } = (await dist('src/registry/run.js')) as { runChecks: RunChecks };
    const { checks } = (await dist('src/checks/index.js')) as { checks: { id: string }[] };
    const only = [
      'theory.n-digit-mode',
      'theory.kappa-infinity-equal',
      'theory.limit.alpha-infinity',
      'sim.lemma1.moments',
    ];
    const picked = checks.filter((c) => only.includes(c.id));
    const strip = (r: { checks: Record_[] }) =>
      r.checks.map(({ id, status, keyFigure, evidence }) => ({ id, status, keyFigure, evidence }));
    const one = await runChecks(picked, { quick: true, seed: 11, isolate: { registry: REGISTRY } });
    const two = await runChecks(picked, { quick: true, seed: 11, isolate: { registry: REGISTRY }, concurrency: 2 });
    expect(two.checks.map((c) => c.id)).toEqual(picked.map((c) => c.id));
    expect(strip(two)).toEqual(strip(one));
    const { checks: planted } = (await import(PLANTED)) as { checks: { id: string }[] };
    const r = await runChecks(planted, { quick: true, seed: 5, isolate: { registry: PLANTED }, concurrency: 2 });
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([
      ['planted.before', 'pass'],
      ['planted.hang', 'error'],
      ['planted.slow', 'error'],
      ['planted.after', 'pass'],
    ]);
  });

  it('verify --check-timeout: exit 1, the timeout in the JSON result and the table', async () => {
    const { verifyWith } = (await dist('src/cli/commands/verify.js')) as {
      verifyWith: (r: unknown[], argv: string[], f?: string, m?: string) => Promise<number>;
    };
    const { checks } = (await import(PLANTED)) as { checks: unknown[] };
    let out = '';
    let err = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    let code: number;
    try {
      code = await verifyWith(
        checks,
        [
          '--only',
          'planted.hang,planted.after',
          '--check-timeout',
          '2',
          '--json',
          '--figures',
          'none',
          '--report',
          join(dir, 'r'),
        ],
        undefined,
        PLANTED,
      );
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
    expect(code).toBe(1);
    const j = JSON.parse(out) as { checks: Record_[] };
    expect(j.checks.map((c) => [c.id, c.status, c.keyFigure])).toEqual([
      ['planted.hang', 'error', 'timed out after 2 CPU s'],
      ['planted.after', 'pass', 'quick false'],
    ]);
    expect(err).toMatch(/planted\.hang\s+ERROR\s+timed out after 2 CPU s/);
  });
});
