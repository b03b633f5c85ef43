// `icl-verify proofs` as a user runs it (four runs: each spawn loads every proof definition).
import { describe, expect, it } from 'vitest';
import { cli, cliIntoClosedPipe } from './support/cli.js';

interface Out {
  seed: number;
  proofs: {
    name: string;
    claim: string;
    status: string;
    steps: { statement: string; method: string; status: string; detail: string }[];
  }[];
}

const seedsIn = (s: string) => [...s.matchAll(/seed (\d+)/g)].map((m) => m[1]);

describe('proofs command', () => {
  const json = cli('proofs', '--only', 'tau-infinity', '--seed', '99', '--json');
  const text = cli('proofs', '--only', 'tau-infinity');

  it('--json --only prints the documented object and exits 0 when every step passes', () => {
    expect(json.status).toBe(0);
    const out = JSON.parse(json.stdout) as Out;
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

  it('stops quietly when its reader has gone (`proofs | head`), no stack trace', () => {
    const piped = cliIntoClosedPipe('proofs', '--only', 'tau-infinity');
    expect(piped.stderr).toBe('');
  });

  it('prints steps with status and method in text form', () => {
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^PASS tau-infinity:/m);
    expect(text.stdout).toMatch(/ok +1\. \[symbolic\]/);
    expect(text.stdout).toMatch(/1\/1 proofs pass \(base seed 20250711\)/);
  });

  it('--seed replays the numeric steps at other points and is printed', () => {
    const out = JSON.parse(json.stdout) as Out;
    expect(out.seed).toBe(99);
    const numericSeeds = seedsIn(
      out.proofs[0]!.steps.filter((s) => s.method !== 'symbolic')
        .map((s) => s.detail)
        .join(' '),
    );
    expect(numericSeeds.length).toBeGreaterThan(0);
    expect(numericSeeds).not.toEqual(seedsIn(text.stdout));
  });

  it('an unknown proof name is a one-line usage error, exit 2', () => {
    const r = cli('proofs', '--only', 'nope');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/known: resolvent/);
  });
});
