// The runner: selects checks by --only patterns, runs them one at a time, times each, and turns a
// throw (or a malformed result) into a failure carrying the error, so one broken check never hides
// the others.
import type { Check, CheckOptions, Status } from './registry.js';
import { jsonSafe } from './jsonSafe.js';

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

export interface RunResult {
  quick: boolean;
  seed: number;
  only: string[];
  startedAt: string;
  seconds: number;
  counts: { total: number; pass: number; fail: number };
  checks: CheckRecord[];
}

export interface RunHooks {
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
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
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
    if (r === null || typeof r !== 'object' || (r.status !== 'pass' && r.status !== 'fail') || typeof r.keyFigure !== 'string') {
      return { ...base, status: 'fail', keyFigure: 'malformed result', evidence: { error: 'check returned no {status, keyFigure, evidence}', returned: jsonSafe(r) }, seconds };
    }
    const evidence = jsonSafe(r.evidence ?? {});
    return { ...base, status: r.status, keyFigure: r.keyFigure, evidence: isRecord(evidence) ? evidence : { value: evidence }, seconds };
  } catch (err) {
    const seconds = (performance.now() - t0) / 1000;
    const e = err instanceof Error ? err : new Error(String(err));
    return { ...base, status: 'fail', keyFigure: `threw ${e.name}: ${firstLine(e.message)}`, evidence: { error: `${e.name}: ${e.message}`, stack: e.stack ?? '' }, seconds };
  }
}

export async function runChecks(checks: readonly Check[], opts: CheckOptions & { only?: string[] }, hooks: RunHooks = {}): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const records: CheckRecord[] = [];
  for (const [i, check] of checks.entries()) {
    hooks.onStart?.(check, i, checks.length);
    const rec = await runCheck(check, { quick: opts.quick, seed: opts.seed });
    records.push(rec);
    hooks.onDone?.(rec, i, checks.length);
  }
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

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const firstLine = (s: string): string => s.split('\n')[0]!.slice(0, 200);
