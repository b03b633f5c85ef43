// The runner: selects checks by --only patterns, runs them one at a time, times each, and turns a
// throw (or a malformed result) into a failure carrying the error, so one broken check never hides
// the others. With `isolate`, each check runs on a worker thread under its time limit, so one hung
// check becomes a failure naming it instead of hanging the run.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { timeoutOf, type Check, type CheckOptions, type Status } from './registry.js';
import { jsonSafe } from './jsonSafe.js';
import type { CheckReply, CheckRequest } from './checkWorker.js';

/** The outcome of one registry check: status, key figure, JSON-safe evidence, time. */
export interface CheckRecord {
  id: string;
  claim: string;
  subject: string;
  status: Status;
  keyFigure: string;
  /** JSON-safe: non-finite numbers, bigints and decimals become strings. */
  evidence: Record<string, unknown>;
  seconds: number;
}

/** The result of a run of registry checks, as `verify --json` prints it (without the report). */
export interface RunResult {
  quick: boolean;
  seed: number;
  only: string[];
  startedAt: string;
  seconds: number;
  counts: { total: number; pass: number; fail: number };
  checks: CheckRecord[];
}

interface RunHooks {
  /** Called before check `index` (0-based) of `total` starts. */
  onStart?(check: Check, index: number, total: number): void;
  onDone?(record: CheckRecord, index: number, total: number): void;
}

/**
 * An `--only` pattern: with `*` it is a glob over the whole id; otherwise it matches an id that
 * contains it (so `resolvent` and `theory.` both work).
 */
export function matchesPattern(id: string, pattern: string): boolean {
  if (!pattern.includes('*')) return id.includes(pattern);
  const re = new RegExp(
    '^' +
      pattern
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
  );
  return re.test(id);
}

export function selectChecks(checks: readonly Check[], only: readonly string[]): Check[] {
  if (only.length === 0) return [...checks];
  return checks.filter((c) => only.some((p) => matchesPattern(c.id, p)));
}

/** Throws if two checks share an id: ids key the report, --only and JUnit. */
export function assertUniqueIds(checks: readonly Check[]): void {
  const seen = new Set<string>();
  for (const c of checks) {
    if (seen.has(c.id)) throw new Error(`duplicate check id '${c.id}'`);
    seen.add(c.id);
  }
}

export async function runCheck(check: Check, opts: CheckOptions): Promise<CheckRecord> {
  const base = { id: check.id, claim: check.claim, subject: check.subject };
  const t0 = performance.now();
  try {
    const r = await check.run(opts);
    const seconds = (performance.now() - t0) / 1000;
    if (
      r === null ||
      typeof r !== 'object' ||
      (r.status !== 'pass' && r.status !== 'fail') ||
      typeof r.keyFigure !== 'string'
    ) {
      return {
        ...base,
        status: 'fail',
        keyFigure: 'malformed result',
        evidence: { error: 'check returned no {status, keyFigure, evidence}', returned: jsonSafe(r) },
        seconds,
      };
    }
    const evidence = jsonSafe(r.evidence ?? {});
    return {
      ...base,
      status: r.status,
      keyFigure: r.keyFigure,
      evidence: isRecord(evidence) ? evidence : { value: evidence },
      seconds,
    };
  } catch (err) {
    const seconds = (performance.now() - t0) / 1000;
    const e = err instanceof Error ? err : new Error(String(err));
    return {
      ...base,
      status: 'fail',
      keyFigure: `threw ${e.name}: ${firstLine(e.message)}`,
      evidence: { error: `${e.name}: ${e.message}`, stack: e.stack ?? '' },
      seconds,
    };
  }
}

/**
 * Run each check on a worker thread under its time limit. Without the compiled worker (under vitest
 * from the TypeScript sources) checks run in process, where a synchronous hang cannot be stopped.
 */
interface Isolation {
  /** URL of the module whose `checks` export holds the checks being run (the worker imports it). */
  registry: string;
  /** Overrides every check's own time limit (seconds). */
  timeoutSeconds?: number;
}

export async function runChecks(
  checks: readonly Check[],
  opts: CheckOptions & { only?: string[]; isolate?: Isolation; concurrency?: number },
  hooks: RunHooks = {},
): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const records: CheckRecord[] = new Array(checks.length);
  const checkOpts: CheckOptions = { quick: opts.quick, seed: opts.seed, evidence: opts.evidence };
  const isolated = opts.isolate && isolationAvailable();
  // Each check derives its streams from the seed alone, so running several at once changes only the
  // times: checks go to the free worker in registry order, a sharing group as one unit.
  const lanes = isolated ? Math.max(1, Math.min(opts.concurrency ?? 1, checks.length)) : 1;
  const groups = groupsOf(checks);
  let next = 0;
  const lane = async (): Promise<void> => {
    const runner = isolated ? new IsolatedRunner(opts.isolate!) : undefined;
    try {
      while (next < groups.length) {
        for (const i of groups[next++]!) {
          const check = checks[i]!;
          hooks.onStart?.(check, i, checks.length);
          records[i] = runner ? await runner.run(check, checkOpts) : await runCheck(check, checkOpts);
          hooks.onDone?.(records[i]!, i, checks.length);
        }
      }
    } finally {
      await runner?.close();
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  const fail = records.filter((r) => r.status === 'fail').length;
  return {
    quick: opts.quick,
    seed: opts.seed,
    only: opts.only ?? [],
    startedAt,
    seconds: (performance.now() - t0) / 1000,
    counts: { total: records.length, pass: records.length - fail, fail },
    checks: records,
  };
}

/** Indices of the checks in registry order, those with one `sharesWith` key gathered at its first. */
function groupsOf(checks: readonly Check[]): number[][] {
  const groups: number[][] = [];
  const byKey = new Map<string, number[]>();
  for (const [i, c] of checks.entries()) {
    const g = c.sharesWith === undefined ? undefined : byKey.get(c.sharesWith);
    if (g) g.push(i);
    else {
      const fresh = [i];
      groups.push(fresh);
      if (c.sharesWith !== undefined) byKey.set(c.sharesWith, fresh);
    }
  }
  return groups;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const firstLine = (s: string): string => s.split('\n')[0]!.slice(0, 200);

const workerUrl = new URL('./checkWorker.js', import.meta.url);

/** True when checks can run on worker threads (the compiled worker exists; not under TypeScript sources). */
export const isolationAvailable = (): boolean =>
  workerUrl.protocol === 'file:' && import.meta.url.endsWith('.js') && existsSync(fileURLToPath(workerUrl));

/**
 * One worker thread that runs checks one after another (it loads the registry once); after a
 * timeout or a crash it is discarded and the next check gets a fresh one.
 */
class IsolatedRunner {
  private worker: Worker | undefined;
  private job = 0;

  constructor(private readonly iso: Isolation) {}

  async run(check: Check, opts: CheckOptions): Promise<CheckRecord> {
    const limit = this.iso.timeoutSeconds ?? timeoutOf(check, opts.quick);
    const base = { id: check.id, claim: check.claim, subject: check.subject };
    if (this.worker === undefined) {
      const started = await startWorker(this.iso.registry);
      if (typeof started === 'string')
        return {
          ...base,
          status: 'fail',
          keyFigure: `worker died: ${firstLine(started)}`,
          evidence: { error: started },
          seconds: 0,
        };
      this.worker = started;
    }
    const worker = this.worker;
    const job = this.job++;
    const t0 = performance.now();
    type Outcome = { kind: 'record'; record: CheckRecord } | { kind: 'timeout' } | { kind: 'died'; error: string };
    const outcome = await new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => settle({ kind: 'timeout' }), limit * 1000);
      const onMessage = (m: CheckReply) => {
        if ('job' in m && m.job === job) settle({ kind: 'record', record: m.record });
      };
      const onError = (err: Error) => settle({ kind: 'died', error: `${err.name}: ${err.message}` });
      const onExit = (code: number) => settle({ kind: 'died', error: `check worker exited with code ${code}` });
      function settle(o: Outcome): void {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        resolve(o);
      }
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({ job, id: check.id, opts } satisfies CheckRequest);
    });
    const seconds = (performance.now() - t0) / 1000;
    if (outcome.kind === 'record') return outcome.record;
    // The worker is stopped (or gone): the next check starts on a fresh one.
    this.worker = undefined;
    await worker.terminate();
    if (outcome.kind === 'timeout') {
      return {
        ...base,
        status: 'fail',
        keyFigure: `timed out after ${limit} s`,
        evidence: {
          error: `check '${check.id}' exceeded its time limit of ${limit} s and was stopped`,
          timeoutSeconds: limit,
        },
        seconds,
      };
    }
    return {
      ...base,
      status: 'fail',
      keyFigure: `worker died: ${firstLine(outcome.error)}`,
      evidence: { error: outcome.error },
      seconds,
    };
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

/** A worker that has loaded the registry, or why it could not (the registry module failed to load). */
function startWorker(registry: string): Promise<Worker | string> {
  const worker = new Worker(workerUrl, { workerData: { registry } });
  return new Promise((resolve) => {
    const done = (r: Worker | string) => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      resolve(r);
    };
    const onMessage = (m: CheckReply) => {
      if ('ready' in m) done(worker);
    };
    const onError = (err: Error) => done(`${err.name}: ${err.message} (loading ${registry})`);
    const onExit = (code: number) => done(`check worker exited with code ${code} while loading ${registry}`);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}
