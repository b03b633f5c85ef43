// Pathological nesting is bad input, not a crash: a located ParseError (exit 2), never a stack overflow.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fp } from '../src/numeric/context.js';
import { compile } from '../src/candidate/compile.js';
import { parseCandidate } from '../src/candidate/parse.js';
import { MAX_NESTING, ParseError } from '../src/symbolic/syntax.js';
import { cli } from './support/cli.js';

const parseError = (source: string): ParseError => {
  try {
    parseCandidate(source);
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('parsed without error');
};

const PREFIX = 'expr = ';
const dir = mkdtempSync(join(tmpdir(), 'icl-depth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const point = { alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.25, lambda: 0.5 };

describe('nesting depth', () => {
  it('5,000 nested parentheses: located error at the first level beyond the limit', () => {
    const e = parseError(`target: eICL\n${PREFIX}${'('.repeat(5000)}rho${')'.repeat(5000)}\n`);
    expect(e.line).toBe(2);
    expect(e.col).toBe(PREFIX.length + MAX_NESTING + 1);
    expect(e.message).toMatch(/nested more than 250 levels deep/);
  });

  it('5,000 signs, 5,000 calls and a 5,000-term sum are located errors too', () => {
    for (const expr of [
      '-'.repeat(5000) + 'rho',
      'sqrt('.repeat(5000) + 'rho' + ')'.repeat(5000),
      'rho' + ' + rho'.repeat(5000),
    ]) {
      const e = parseError(`target: eICL\n${PREFIX}${expr}\n`);
      expect(e.line).toBe(2);
      expect(e.message).toMatch(/nested more than/);
    }
  });

  it('just under the limit parses and evaluates, also with helpers stacking depth', () => {
    const n = MAX_NESTING - 10;
    const src = [
      'target: eICL',
      `h = ${'('.repeat(n)}rho${')'.repeat(n)}`,
      `g = ${'('.repeat(n)}h${')'.repeat(n)}`,
      `${PREFIX}g${' + rho'.repeat(n)}`,
    ].join('\n');
    const f = compile(parseCandidate(src));
    expect(f(fp, point)).toBeCloseTo(point.rho * (n + 1), 12);
  });

  it('check-formula on the 5,000-deep file exits 2 with FILE:LINE:COL, not an internal error', () => {
    const file = join(dir, 'deep.txt');
    writeFileSync(file, `target: eICL\n${PREFIX}${'('.repeat(5000)}rho${')'.repeat(5000)}\n`);
    const r = cli('check-formula', file);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `${file}:2:${PREFIX.length + MAX_NESTING + 1}: expression nested more than ${MAX_NESTING} levels deep ` +
        `(parentheses, calls, signs, exponents or a chain of operators); split it into helper statements\n`,
    );
  });
});
