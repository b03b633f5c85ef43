// The runner: selects checks by --only patterns, runs them one at a time, times each, and turns a
// throw (or a malformed result) into an error carrying it, so one broken check never hides the
// others. With `isolate`, each check runs on a worker thread under its time limit, so one hung check
// becomes an error naming it instead of hanging the run. The limit is CPU time, not wall time: a
// machine busy with other work slows a check without making it use more CPU, so load never turns a
// pass into an error.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { timeoutOf, WALL_FACTOR, type Check, type CheckOptions, type Status } from './registry.js';
import { jsonSafe } from './jsonSafe.js';
import type { CheckReply, CheckRequest } from './checkWorker.js';

/** The outcome of one registry check: status, key figure, JSON-safe evidence, time. */
export interface CheckRecord {
  id: string;
  claim: string;
  subject: string;
  status: Status;
  /** Why the claim was not tested (`not-run`) or the check could not finish (`error`). */
  why?: string;
  /** What the check could have caught (its `detects`). */
  detects: string;
  keyFigure: string;
  /** JSON-safe: non-finite numbers, bigints and decimals become strings. */
  evidence: Record<string, unknown>;
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds charged to the check on its worker (see CpuShares); absent when run in process. */
  cpuSeconds?: number;
}

/** The result of a run of registry checks, as `verify --json` prints it (without the report). */
export interface RunResult {
  quick: boolean;
  seed: number;
  only: string[];
  startedAt: string;
  seconds: number;
  counts: Counts;
  checks: CheckRecord[];
}

/** How many checks ended in each status; `total` is their sum. */
export interface Counts {
  total: number;
  pass: number;
  fail: number;
  notRun: number;
  error: number;
}

export function countStatuses(records: readonly { status: Status }[]): Counts {
  const n = (s: Status) => records.filter((r) => r.status === s).length;
  return { total: records.length, pass: n('pass'), fail: n('fail'), notRun: n('not-run'), error: n('error') };
}

/** The exit status of a run: 1 when a check failed or could not finish; not-run alone is 0. */
export const runFailed = (counts: Counts): boolean => counts.fail > 0 || counts.error > 0;

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

/** The fields of a record that come from the check itself. */
export const recordBase = (check: Check) => ({
  id: check.id,
  claim: check.claim,
  subject: check.subject,
  detects: check.detects,
});

/** The record of a check that could not finish: status `error`, the reason as `why` and in the evidence. */
export function errorRecord(
  check: Check,
  keyFigure: string,
  error: string,
  seconds: number,
  evidence: Record<string, unknown> = {},
): CheckRecord {
  return { ...recordBase(check), status: 'error', why: error, keyFigure, evidence: { error, ...evidence }, seconds };
}

export async function runCheck(check: Check, opts: CheckOptions): Promise<CheckRecord> {
  const t0 = performance.now();
  try {
    const r = await check.run(opts);
    const seconds = (performance.now() - t0) / 1000;
    if (
      r === null ||
      typeof r !== 'object' ||
      (r.status !== 'pass' && r.status !== 'fail' && r.status !== 'not-run') ||
      typeof r.keyFigure !== 'string' ||
      (r.status === 'not-run' && (typeof r.why !== 'string' || r.why.trim() === ''))
    ) {
      return errorRecord(
        check,
        'malformed result',
        'check returned no {status, keyFigure, evidence} (why for not-run)',
        seconds,
        {
          returned: jsonSafe(r),
        },
      );
    }
    const evidence = jsonSafe(r.evidence ?? {});
    return {
      ...recordBase(check),
      status: r.status,
      ...(r.status === 'not-run' ? { why: r.why } : {}),
      keyFigure: r.keyFigure,
      evidence: isRecord(evidence) ? evidence : { value: evidence },
      seconds,
    };
  } catch (err) {
    const seconds = (performance.now() - t0) / 1000;
    const e = err instanceof Error ? err : new Error(String(err));
    return errorRecord(check, `threw ${e.name}: ${firstLine(e.message)}`, `${e.name}: ${e.message}`, seconds, {
      stack: e.stack ?? '',
    });
  }
}

/**
 * Run each check on a worker thread under its time limit. Without the compiled worker (under vitest
 * from the TypeScript sources) checks run in process, where a synchronous hang cannot be stopped.
 */
interface Isolation {
  /** URL of the module whose `checks` export holds the checks being run (the worker imports it). */
  registry: string;
  /** Overrides every check's own CPU-time limit (seconds). */
  timeoutSeconds?: number;
  /** The wall-clock backstop as a multiple of the CPU limit (default WALL_FACTOR). */
  wallFactor?: number;
}

/**
 * CPU time charged to the checks running at once. Node 20 has no per-thread CPU clock and a check's
 * work may run on its own worker pool, so the process's CPU time (every thread) is read every tick and
 * its growth shared equally among the checks running during the tick. A check is charged at least its
 * fair share of what the process did while it ran: one that spins is stopped after at most `lanes` times
 * its limit, and other processes on the machine charge it nothing.
 */
class CpuShares {
  private readonly running = new Map<number, { cpu: number }>();
  private last = cpuNow();
  private timer: ReturnType<typeof setInterval> | undefined;
  private key = 0;

  /** Starts charging a check; the returned function reads its CPU seconds so far. */
  start(): { cpu: () => number; stop: () => void } {
    this.tick();
    const key = this.key++;
    const entry = { cpu: 0 };
    this.running.set(key, entry);
    this.timer ??= setInterval(() => this.tick(), CPU_TICK_MS);
    this.timer.unref?.();
    return {
      cpu: () => (this.tick(), entry.cpu),
      stop: () => {
        this.tick();
        this.running.delete(key);
        if (this.running.size === 0 && this.timer !== undefined) {
          clearInterval(this.timer);
          this.timer = undefined;
        }
      },
    };
  }

  private tick(): void {
    const now = cpuNow();
    const share = this.running.size === 0 ? 0 : (now - this.last) / this.running.size;
    this.last = now;
    for (const e of this.running.values()) e.cpu += share;
  }
}

const CPU_TICK_MS = 100;
/** User + system CPU seconds of the whole process (all threads). */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

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
  const shares = new CpuShares();
  const lane = async (): Promise<void> => {
    const runner = isolated ? new IsolatedRunner(opts.isolate!, shares) : undefined;
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
  return {
    quick: opts.quick,
    seed: opts.seed,
    only: opts.only ?? [],
    startedAt,
    seconds: (performance.now() - t0) / 1000,
    counts: countStatuses(records),
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

  constructor(
    private readonly iso: Isolation,
    private readonly shares: CpuShares,
  ) {}

  async run(check: Check, opts: CheckOptions): Promise<CheckRecord> {
    const limit = this.iso.timeoutSeconds ?? timeoutOf(check, opts.quick);
    if (this.worker === undefined) {
      const started = await startWorker(this.iso.registry);
      if (typeof started === 'string') return errorRecord(check, `worker died: ${firstLine(started)}`, started, 0);
      this.worker = started;
    }
    const worker = this.worker;
    const job = this.job++;
    const wallLimit = limit * (this.iso.wallFactor ?? WALL_FACTOR);
    const t0 = performance.now();
    const clock = this.shares.start();
    type Outcome =
      | { kind: 'record'; record: CheckRecord }
      | { kind: 'timeout' }
      | { kind: 'stalled' }
      | { kind: 'died'; error: string };
    const outcome = await new Promise<Outcome>((resolve) => {
      const timer = setInterval(() => {
        if (clock.cpu() > limit) settle({ kind: 'timeout' });
        else if ((performance.now() - t0) / 1000 > wallLimit) settle({ kind: 'stalled' });
      }, CPU_TICK_MS);
      const onMessage = (m: CheckReply) => {
        if ('job' in m && m.job === job) settle({ kind: 'record', record: m.record });
      };
      const onError = (err: Error) => settle({ kind: 'died', error: `${err.name}: ${err.message}` });
      const onExit = (code: number) => settle({ kind: 'died', error: `check worker exited with code ${code}` });
      function settle(o: Outcome): void {
        clearInterval(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        resolve(o);
      }
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({ job, id: check.id, opts } satisfies CheckRequest);
    });
    const seconds = (performance.now() - t0) / 1000;
    const cpuSeconds = clock.cpu();
    clock.stop();
    if (outcome.kind === 'record') return { ...outcome.record, cpuSeconds };
    // The worker is stopped (or gone): the next check starts on a fresh one.
    this.worker = undefined;
    await worker.terminate();
    const times = { timeoutSeconds: limit, cpuSeconds, wallSeconds: seconds };
    if (outcome.kind === 'timeout')
      return {
        ...errorRecord(
          check,
          `timed out after ${limit} CPU s`,
          `check '${check.id}' used more than its CPU-time limit of ${limit} s and was stopped`,
          seconds,
          times,
        ),
        cpuSeconds,
      };
    if (outcome.kind === 'stalled')
      return {
        ...errorRecord(
          check,
          `stalled: ${wallLimit} s wall-clock with ${cpuSeconds.toFixed(1)} CPU s`,
          `check '${check.id}' ran ${wallLimit} s of wall-clock time ` +
            `(${this.iso.wallFactor ?? WALL_FACTOR} × its CPU limit of ${limit} s) ` +
            `without exceeding its CPU limit, as a check waiting forever does, and was stopped`,
          seconds,
          times,
        ),
        cpuSeconds,
      };
    return { ...errorRecord(check, `worker died: ${firstLine(outcome.error)}`, outcome.error, seconds), cpuSeconds };
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
