// The runner: selection by --only, failures from throws and malformed results, JSON-safe evidence.
import { describe, expect, it } from 'vitest';
import { fail, failOrNotRun, notRun, pass, verdict, type Check } from '../src/registry/registry.js';
import { assertUniqueIds, matchesPattern, runCheck, runChecks, runFailed, selectChecks } from '../src/registry/run.js';
import { jsonSafe } from '../src/registry/jsonSafe.js';
import { progressBar } from '../src/cli/progress.js';
import { Decimal } from 'decimal.js';

const mk = (id: string, run: Check['run']): Check => ({
  id,
  claim: `claim of ${id}`,
  subject: id.split('.')[1] ?? id,
  detects: `what ${id} catches`,
  run,
});

describe('selection', () => {
  const ids = ['theory.resolvent.quadratic', 'theory.limits.alpha', 'sim.lemma1.d4', 'proofs.resolvent'];
  const checks = ids.map((id) => mk(id, () => pass('ok')));
  it('matches substrings without a wildcard and whole ids with one', () => {
    expect(selectChecks(checks, ['resolvent']).map((c) => c.id)).toEqual([
      'theory.resolvent.quadratic',
      'proofs.resolvent',
    ]);
    expect(selectChecks(checks, ['theory.*']).map((c) => c.id)).toEqual([
      'theory.resolvent.quadratic',
      'theory.limits.alpha',
    ]);
    expect(selectChecks(checks, ['*.d4', 'limits']).map((c) => c.id)).toEqual(['theory.limits.alpha', 'sim.lemma1.d4']);
    expect(selectChecks(checks, ['theory']).length).toBe(2);
    expect(selectChecks(checks, []).length).toBe(4);
  });
  it('treats regex characters in a pattern literally', () => {
    expect(matchesPattern('theory.limits.alpha', 'theory.limits.alph*')).toBe(true);
    expect(matchesPattern('theoryXlimits.alpha', 'theory.limits*')).toBe(false);
    expect(matchesPattern('a(b)', 'a(b)*')).toBe(true);
  });
  it('rejects duplicate ids', () => {
    expect(() => assertUniqueIds([...checks, mk('sim.lemma1.d4', () => pass('x'))])).toThrow(
      /duplicate check id 'sim.lemma1.d4'/,
    );
  });
});

describe('running', () => {
  const opts = { quick: true, seed: 3 };
  it('a throw is an error (not a failure) carrying the error and its stack', async () => {
    const r = await runCheck(
      mk('a.b', () => {
        throw new TypeError('bad thing\nsecond line');
      }),
      opts,
    );
    expect(r.status).toBe('error');
    expect(r.why).toBe('TypeError: bad thing\nsecond line');
    expect(r.detects).toBe('what a.b catches');
    expect(r.keyFigure).toBe('threw TypeError: bad thing');
    expect(r.evidence.error).toBe('TypeError: bad thing\nsecond line');
    expect(String(r.evidence.stack)).toContain('verify-runner.test');
  });
  it('a rejected promise and a non-Error throw are errors too', async () => {
    expect(
      (
        await runCheck(
          mk('a.c', async () => Promise.reject(new Error('late'))),
          opts,
        )
      ).keyFigure,
    ).toBe('threw Error: late');
    expect(
      (
        await runCheck(
          mk('a.d', () => {
            throw 'a string';
          }),
          opts,
        )
      ).evidence.error,
    ).toBe('Error: a string');
  });
  it('a malformed result is an error; so is not-run without why', async () => {
    const noWhy = await runCheck(
      mk('a.f', () => ({ status: 'not-run', keyFigure: 'x', evidence: {} }) as never),
      opts,
    );
    expect(noWhy).toMatchObject({ status: 'error', keyFigure: 'malformed result' });
    const r = await runCheck(
      mk('a.e', () => ({ status: 'ok', keyFigure: 'x', evidence: {} }) as never),
      opts,
    );
    expect(r.status).toBe('error');
    expect(r.keyFigure).toBe('malformed result');
    expect(r.evidence.returned).toEqual({ status: 'ok', keyFigure: 'x', evidence: {} });
  });
  it('passes the options through, counts, and keeps the order', async () => {
    const seen: unknown[] = [];
    const res = await runChecks(
      [
        mk('x.1', (o) => (seen.push(o), pass('p'))),
        mk('x.2', () => verdict(false, 'f')),
        mk('x.3', async () => pass('q')),
        mk('x.4', () => notRun('too short', 'smoke')),
        mk('x.5', () => failOrNotRun(fail('smoke failed'), 'too short')),
        mk('x.6', () => failOrNotRun(pass('smoke passed'), 'too short')),
      ],
      { quick: false, seed: 99, only: ['x'] },
    );
    expect(seen).toEqual([{ quick: false, seed: 99 }]);
    expect(res.counts).toEqual({ total: 6, pass: 2, fail: 2, notRun: 2, error: 0 });
    expect(res.checks.map((c) => [c.id, c.status, c.keyFigure, c.why])).toEqual([
      ['x.1', 'pass', 'p', undefined],
      ['x.2', 'fail', 'f', undefined],
      ['x.3', 'pass', 'q', undefined],
      ['x.4', 'not-run', 'smoke', 'too short'],
      ['x.5', 'fail', 'smoke failed', undefined],
      ['x.6', 'not-run', 'smoke passed', 'too short'],
    ]);
    expect(runFailed(res.counts)).toBe(true);
    expect(runFailed({ total: 2, pass: 1, fail: 0, notRun: 1, error: 0 })).toBe(false);
    expect(runFailed({ total: 2, pass: 1, fail: 0, notRun: 0, error: 1 })).toBe(true);
    expect(res.only).toEqual(['x']);
    for (const c of res.checks) expect(c.seconds).toBeGreaterThanOrEqual(0);
  });
});

describe('jsonSafe', () => {
  it('keeps non-finite numbers, bigints and decimals readable and survives cycles', () => {
    const cyc: Record<string, unknown> = { a: 1 };
    cyc.self = cyc;
    const out = jsonSafe({
      inf: Infinity,
      ninf: -Infinity,
      nan: NaN,
      big: 12345678901234567890n,
      dec: new Decimal('1.2345678901234567890123'),
      arr: new Float64Array([1, Infinity]),
      cyc,
      f: () => 1,
      u: undefined,
      m: new Map([[1, 'x']]),
    });
    expect(out).toEqual({
      inf: 'Infinity',
      ninf: '-Infinity',
      nan: 'NaN',
      big: '12345678901234567890',
      dec: '1.2345678901234567890123',
      arr: [1, 'Infinity'],
      cyc: { a: 1, self: '[circular]' },
      m: { 1: 'x' },
    });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });
  it('a shared (non-cyclic) object is written twice, not marked circular', () => {
    const shared = { v: 1 };
    expect(jsonSafe({ a: shared, b: shared })).toEqual({ a: { v: 1 }, b: { v: 1 } });
  });
});

describe('progress bar', () => {
  const fake = (isTTY: boolean) => {
    let written = '';
    const stream = {
      isTTY,
      columns: 60,
      write: (s: string) => ((written += s), true),
    } as unknown as NodeJS.WriteStream;
    return { stream, text: () => written };
  };
  it('draws on a terminal, within its width, and clears at the end', () => {
    const t = fake(true);
    const bar = progressBar(t.stream);
    bar.update(3, 12, 'theory.a-very-long-check-name-that-does-not-fit-on-one-narrow-line');
    bar.end();
    const frames = t.text().split('\r\x1b[2K').filter(Boolean);
    expect(frames[0]).toMatch(/^\[######------------------\] 3\/12 theory\.a-very/);
    expect(frames[0]!.length).toBeLessThan(60);
    expect(t.text().endsWith('\r\x1b[2K')).toBe(true);
  });
  it('when not a terminal (piped, CI): no bar, one plain line per finished piece of work', () => {
    const t = fake(false);
    const bar = progressBar(t.stream);
    bar.update(1, 2, 'x');
    bar.finished('[1/2] PASS a.b (0.10 s): fine');
    bar.update(2, 2, 'y');
    bar.finished('[2/2] FAIL a.c (0.20 s): z 9');
    bar.end();
    expect(t.text()).toBe('[1/2] PASS a.b (0.10 s): fine\n[2/2] FAIL a.c (0.20 s): z 9\n');
  });
  it('on a terminal the bar alone shows progress (finished lines are not written)', () => {
    const t = fake(true);
    const bar = progressBar(t.stream);
    bar.finished('[1/2] PASS a.b');
    expect(t.text()).toBe('');
  });
});
