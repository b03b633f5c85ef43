// The evidence store is a cache: a seed gives the same numbers with and without it, a change of the
// replicate code (its hash) reads nothing back, accumulating adds fresh streams. The processes that
// share a store (concurrent writers, a kill mid-write) are in sim-evidence-cli.test.ts.
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  codeHash,
  codeHashOf,
  defaultEvidenceDir,
  EvidenceStore,
  mergeStores,
  pruneStore,
  storeStats,
} from '../src/sim/evidence.js';
import { runLadder } from '../src/sim/ladder/ladder.js';
import { simSpec, simulate, type SimulateOptions, type SimulateResult } from '../src/sim/simulate.js';
import { ROOT } from './support/cli.js';
import { scratchDir, storeEntries } from './support/evidence.js';

const POINT = { alpha: 2, kappa: 0.5, tau: 2, rho: 0.1, lambda: 0.01 };
const base = (replicates: number): SimulateOptions => ({ ...POINT, d: 6, replicates, seed: 7, workers: 1 });

/** Everything of a result that is a number of the simulation (not its time or the store's counts). */
const numbers = (r: SimulateResult) => ({
  replicates: r.replicates,
  solver: r.solver,
  eICL: r.eICL,
  eIDG: r.eIDG,
  gTask: r.gTask,
  perReplicate: r.perReplicate,
});

const scratch = scratchDir('icl-evidence-');

describe('evidence store in process', () => {
  it('same seed: identical numbers without the store, writing it and reading it back', async () => {
    const plain = await simulate(base(5));
    const store = new EvidenceStore(join(scratch.path, 'ev'));
    const first = await simulate({ ...base(5), evidence: store });
    expect(first.reused).toBe(0);
    expect(storeEntries(store.dir)).toHaveLength(5);
    const second = await simulate({ ...base(5), evidence: store });
    expect(second.reused).toBe(5);
    expect(store.use).toEqual({ reused: 5, written: 5 });
    expect(numbers(first)).toEqual(numbers(plain));
    expect(numbers(second)).toEqual(numbers(plain));
    // Fewer replicates than held: the first ones, read back.
    const fewer = await simulate({ ...base(3), evidence: store });
    expect(fewer.reused).toBe(3);
    expect(numbers(fewer)).toEqual(numbers(await simulate(base(3))));
  });

  it('accumulate: fresh streams after those held, judged on the union', async () => {
    const store = new EvidenceStore(join(scratch.path, 'ev'));
    await simulate({ ...base(4), evidence: store });
    const spec = simSpec(base(4)).spec;
    expect(store.held(spec)).toBe(4);
    const acc = await simulate({ ...base(3), evidence: store, use: 'accumulate' });
    expect(acc.replicates).toBe(7);
    expect(acc.reused).toBe(4);
    expect(store.held(spec)).toBe(7);
    // The union is exactly streams 0…6, as one run of 7 replicates draws them.
    expect(numbers(acc)).toEqual(numbers(await simulate(base(7))));
    await expect(simulate({ ...base(3), use: 'accumulate' })).rejects.toThrow(/accumulate/);
  });

  it('all held: every stream the store holds and at least the design, computing only the missing ones', async () => {
    const store = new EvidenceStore(join(scratch.path, 'ev'));
    await simulate({ ...base(5), evidence: store });
    const spec = simSpec(base(5)).spec;
    // More held than the design: all five read back, none computed, as one run of 5 draws them.
    const more = await simulate({ ...base(2), evidence: store, use: 'held' });
    expect([more.replicates, more.reused]).toEqual([5, 5]);
    expect(numbers(more)).toEqual(numbers(await simulate(base(5))));
    expect(store.held(spec)).toBe(5);
    // Fewer held than the design: the design's count, the missing streams 5…7 computed and written.
    const fewer = await simulate({ ...base(8), evidence: store, use: 'held' });
    expect([fewer.replicates, fewer.reused]).toEqual([8, 5]);
    expect(store.held(spec)).toBe(8);
    expect(numbers(fewer)).toEqual(numbers(await simulate(base(8))));
    await expect(simulate({ ...base(3), use: 'held' })).rejects.toThrow(/held/);
  });

  it('a ladder accumulates per d and judges on the union, as one run of the summed design would', async () => {
    const store = new EvidenceStore(join(scratch.path, 'ev'));
    const ds = [6, 8, 10, 12];
    const theory = { eICL: 1.5, eIDG: 0.7, gTask: 0.8 };
    const o = { ...POINT, seed: 3, workers: 1, evidence: store };
    await runLadder({ ds, replicates: [3, 3, 2, 2] }, o, 'curved', 0.0027, theory);
    const acc = await runLadder(
      { ds, replicates: [3, 3, 2, 2] },
      { ...o, use: 'accumulate' as const },
      'curved',
      0.0027,
      theory,
    );
    expect(acc.runs.map((r) => [r.replicates, r.reused])).toEqual([
      [6, 3],
      [6, 3],
      [4, 2],
      [4, 2],
    ]);
    const union = await runLadder(
      { ds, replicates: [6, 6, 4, 4] },
      { ...POINT, seed: 3, workers: 1 },
      'curved',
      0.0027,
      theory,
    );
    expect(acc.comparisons).toEqual(union.comparisons);
    expect(acc.runs.map(numbers)).toEqual(union.runs.map(numbers));
  });

  it('a torn or foreign entry is absent: recomputed and rewritten whole', async () => {
    const store = new EvidenceStore(join(scratch.path, 'ev'));
    const ref = await simulate({ ...base(3), evidence: store });
    const files = storeEntries(store.dir).sort();
    const text = readFileSync(files[0]!, 'utf8');
    writeFileSync(files[0]!, text.slice(0, text.length >> 1));
    // An entry whose recorded key is another replicate's (a hash collision, or a file moved by hand).
    writeFileSync(files[1]!, readFileSync(files[2]!, 'utf8'));
    const again = await simulate({ ...base(3), evidence: store });
    expect(again.reused).toBe(1);
    expect(numbers(again)).toEqual(numbers(ref));
    expect(readFileSync(files[0]!, 'utf8')).toBe(text);
  });

  it('the code hash covers everything a replicate imports, and a planted change reads nothing back', async () => {
    const copy = join(scratch.path, 'src');
    cpSync(join(ROOT, 'src'), copy, { recursive: true });
    const entry = join(copy, 'sim/replicate.ts');
    const original = codeHashOf(entry);
    // The hash depends on the contents, not on where the tree lies.
    expect(original).toBe(codeHash());
    appendFileSync(join(copy, 'cli/main.ts'), '\n// not imported by a replicate\n');
    expect(codeHashOf(entry)).toBe(original);
    for (const planted of [
      'sim/fit/kernels.ts',
      'sim/fit/opWorker.ts',
      'theory/proposition1.ts',
      'numeric/faults.ts',
    ]) {
      const file = join(copy, planted);
      const before = readFileSync(file, 'utf8');
      appendFileSync(file, '\n// planted change\n');
      expect(codeHashOf(entry), planted).not.toBe(original);
      writeFileSync(file, before);
    }
    expect(codeHashOf(entry)).toBe(original);

    const ev = join(scratch.path, 'ev');
    const ref = await simulate({ ...base(3), evidence: new EvidenceStore(ev) });
    appendFileSync(join(copy, 'sim/samplers.ts'), '\n// planted change\n');
    const changed = new EvidenceStore(ev, codeHashOf(entry));
    const spec = simSpec(base(3)).spec;
    expect([0, 1, 2].map((r) => changed.get(spec, r))).toEqual([undefined, undefined, undefined]);
    const rerun = await simulate({ ...base(3), evidence: changed });
    expect(rerun.reused).toBe(0);
    expect(numbers(rerun)).toEqual(numbers(ref));
    const stats = storeStats(ev, changed.code);
    expect(stats.map((s) => [s.code, s.entries, s.current])).toEqual(
      [
        [codeHash(), 3, false],
        [changed.code, 3, true],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(pruneStore(ev, { stale: true, current: changed.code }).entries).toBe(3);
    expect(storeStats(ev, changed.code).map((s) => s.code)).toEqual([changed.code]);
  });

  it('merge copies what the target lacks and refuses two different texts for one replicate', async () => {
    const a = new EvidenceStore(join(scratch.path, 'a'));
    const b = new EvidenceStore(join(scratch.path, 'b'));
    await simulate({ ...base(3), evidence: a });
    await simulate({ ...base(5), evidence: b });
    expect(mergeStores(a.dir, [b.dir])).toEqual({ copied: 2, present: 3, skipped: 0 });
    expect(new EvidenceStore(a.dir).held(simSpec(base(5)).spec)).toBe(5);
    const victim = storeEntries(b.dir).sort()[0]!;
    writeFileSync(victim, readFileSync(victim, 'utf8').replace(/"eICL":\d/, '"eICL":9'));
    expect(() => mergeStores(a.dir, [b.dir])).toThrow(/differs from/);
  });

  it('the default directory follows XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultEvidenceDir({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/icl-verify/evidence');
    expect(defaultEvidenceDir({ XDG_CACHE_HOME: '' })).toMatch(/\/\.cache\/icl-verify\/evidence$/);
  });
});
