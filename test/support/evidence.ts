// What tests of the evidence store share: its entry files, and a scratch directory per test.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** Entry files of a store (one per replicate), any code hash. */
export function storeEntries(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /[0-9a-f]{64}\.json$/.test(f))
    .map((f) => join(dir, f));
}

/** A fresh directory for each test of the calling file, removed after it; read `.path` inside a test. */
export function scratchDir(prefix: string): { path: string } {
  const d = { path: '' };
  beforeEach(() => {
    d.path = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(d.path, { recursive: true, force: true }));
  return d;
}
