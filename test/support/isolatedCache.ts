// Every test file gets a cache directory of its own (XDG_CACHE_HOME, inherited by the CLI processes it
// spawns), so no test reads the default evidence store of the user or of another test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'icl-verify-cache-'));
process.env.XDG_CACHE_HOME = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
