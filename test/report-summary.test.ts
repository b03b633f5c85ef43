// verify's plain-text table: a key figure longer than its column wraps onto continuation lines and is
// never cut, and the lines keep to the terminal width.
import { describe, expect, it } from 'vitest';
import { fail, notRun, pass, type Check } from '../src/registry/registry.js';
import { runChecks } from '../src/registry/run.js';
import { summaryTable, wrap } from '../src/report/summary.js';

describe('verify summary table', () => {
  it('wraps words, splitting only a word longer than the column', () => {
    expect(wrap('a bb ccc dddd', 6)).toEqual(['a bb', 'ccc', 'dddd']);
    expect(wrap('abcdefghij k', 4)).toEqual(['abcd', 'efgh', 'ij k']);
    expect(wrap('', 5)).toEqual(['']);
  });

  it('prints every word of a long key figure, in order, within the width', async () => {
    const key = Array.from({ length: 30 }, (_, i) => `z${i}=${(i / 7).toFixed(4)}`).join(', ');
    const checks: Check[] = [{ id: 'sim.long', claim: 'c', subject: 's', detects: 'd', run: () => pass(key, {}) }];
    const table = summaryTable(await runChecks(checks, { quick: true, seed: 1 }), 80);
    const lines = table.split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    const body = lines
      .slice(
        2,
        lines.findIndex((l) => l.trim().startsWith('detects:')),
      )
      .join(' ');
    expect(body).not.toContain('…');
    const words = key.split(' ');
    let at = 0;
    for (const w of words) {
      const i = body.indexOf(w, at);
      expect(i, w).toBeGreaterThanOrEqual(0);
      at = i + w.length;
    }
  });
});

describe('statuses in the table', () => {
  it('orders fail, error, not run, pass; counts each; prints why a check did not run and what each detects', async () => {
    const mk = (id: string, run: Check['run']): Check => ({
      id,
      claim: 'c',
      subject: 's',
      detects: `errors of kind ${id}`,
      run,
    });
    const checks: Check[] = [
      mk('a.pass', () => pass('fine')),
      mk('a.skip', () => notRun('needs the long run', 'smoke only')),
      mk('a.err', () => {
        throw new Error('broken');
      }),
      mk('a.fail', () => fail('z 9')),
    ];
    const table = summaryTable(await runChecks(checks, { quick: true, seed: 1 }), 100);
    const rows = table.split('\n').filter((l) => /^a\./.test(l));
    expect(rows.map((l) => l.split(/\s{2,}/).slice(0, 2))).toEqual([
      ['a.fail', 'FAIL'],
      ['a.err', 'ERROR'],
      ['a.skip', 'NOT RUN'],
      ['a.pass', 'PASS'],
    ]);
    expect(table).toMatch(
      /a\.skip\s+NOT RUN\s+smoke only\s+\S+ s\n\s+not run: needs the long run\n\s+detects: errors of kind a\.skip/,
    );
    expect(table).toContain('4 checks: 1 passed, 1 failed, 1 not run, 1 error in');
  });
});

describe('progress bar (verify, sweep)', () => {
  it('draws the label on a terminal that reports 0 or no columns, and nothing when not a terminal', async () => {
    const { progressBar } = await import('../src/cli/progress.js');
    for (const columns of [0, undefined]) {
      const out: string[] = [];
      const bar = progressBar({
        isTTY: true,
        columns,
        write: (s: string) => out.push(s),
      } as unknown as NodeJS.WriteStream);
      bar.update(1, 4, 'simulate d=8, alpha=2');
      expect(out.join('')).toContain('] 1/4 simulate d=8, alpha=2');
    }
    const quiet: string[] = [];
    progressBar({ isTTY: false, write: (s: string) => quiet.push(s) } as unknown as NodeJS.WriteStream).update(
      1,
      4,
      'x',
    );
    expect(quiet).toEqual([]);
  });
});
