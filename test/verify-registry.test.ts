// The one registry: every area's src/checks/<area>.ts is gathered by src/checks/index.ts, ids are
// unique and dotted, and each check states its claim and subject.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../src/checks/index.js';
import { assertUniqueIds } from '../src/registry/run.js';

const CHECKS_DIR = join(import.meta.dirname, '..', 'src', 'checks');

describe('registry', () => {
  it('imports every src/checks/<area>.ts', () => {
    const index = readFileSync(join(CHECKS_DIR, 'index.ts'), 'utf8');
    const areas = readdirSync(CHECKS_DIR)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.slice(0, -3));
    for (const area of areas)
      expect(index, `src/checks/index.ts must import ./${area}.js`).toContain(`from './${area}.js'`);
  });
  it('has unique dotted ids, a claim, a subject and what it detects for every check', () => {
    expect(() => assertUniqueIds(checks)).not.toThrow();
    for (const c of checks) {
      expect(c.id).toMatch(/^[a-z][a-z0-9-]*(\.[A-Za-z0-9_-]+)+$/);
      expect(c.claim.trim().length, c.id).toBeGreaterThan(10);
      expect(c.detects.trim().length, c.id).toBeGreaterThan(20);
      expect(c.detects, c.id).not.toBe(c.claim);
      expect(c.subject.trim().length, c.id).toBeGreaterThan(0);
      expect(typeof c.run).toBe('function');
    }
  });
});
