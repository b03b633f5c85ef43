// `icl-verify proofs` as a user runs it.
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';

describe('proofs command', () => {
  it('--json --only prints the documented object and exits 0 when every step passes', () => {
    const r = cli('proofs', '--only', 'tau-infinity', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { proofs: { name: string; claim: string; status: string; steps: { statement: string; method: string; status: string }[] }[] };
    expect(out.proofs.map((p) => p.name)).toEqual(['tau-infinity']);
    const [p] = out.proofs;
    expect(p!.status).toBe('pass');
    expect(p!.claim).toMatch(/tau -> inf/);
    for (const s of p!.steps) {
      expect(['symbolic', 'numeric-identity', 'numeric-limit']).toContain(s.method);
      expect(s.status).toBe('pass');
      expect(typeof s.statement).toBe('string');
    }
  });

  it('prints steps with status and method in text form', () => {
    const r = cli('proofs', '--only', 'tau-infinity');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^PASS tau-infinity:/m);
    expect(r.stdout).toMatch(/ok +1\. \[symbolic\]/);
    expect(r.stdout).toMatch(/1\/1 proofs pass/);
  });

  it('--seed replays the numeric steps at other points and is printed', () => {
    const r = cli('proofs', '--only', 'ridgeless-epsilon', '--seed', '99', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { seed: number; proofs: { steps: { method: string; detail: string }[] }[] };
    expect(out.seed).toBe(99);
    const numeric = out.proofs[0]!.steps.filter((s) => s.method === 'numeric-identity');
    expect(numeric.length).toBeGreaterThan(0);
    const text = cli('proofs', '--only', 'ridgeless-epsilon');
    const seedsAt = (s: string) => [...s.matchAll(/seed (\d+)/g)].map((m) => m[1]);
    expect(seedsAt(numeric.map((s) => s.detail).join(' '))).not.toEqual(seedsAt(text.stdout));
  });

  it('an unknown proof name is a one-line usage error, exit 2', () => {
    const r = cli('proofs', '--only', 'nope');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/known: resolvent/);
  });
});
