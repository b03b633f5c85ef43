// The plain-text summary table printed at the end of a verify run: failures first, then errors,
// checks not run and passes; under each check, what it could have caught (and why it did not run).
import type { Status } from '../registry/registry.js';
import type { CheckRecord, Counts, RunResult } from '../registry/run.js';

const ORDER: Record<Status, number> = { fail: 0, error: 1, 'not-run': 2, pass: 3 };

/** The label of a status in tables: PASS, FAIL, ERROR, NOT RUN. */
export const statusLabel = (s: Status): string => (s === 'not-run' ? 'NOT RUN' : s.toUpperCase());

/** Failures first, then errors, then checks not run, then passes; stable within each. */
export function failingFirst(records: readonly CheckRecord[]): CheckRecord[] {
  return [...records].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
}

/** "3 passed, 1 failed, 2 not run, 0 errors": every status counted, none folded into another. */
export const countsText = (c: Counts): string =>
  `${c.pass} passed, ${c.fail} failed, ${c.notRun} not run, ${c.error} error${c.error === 1 ? '' : 's'}`;

export function summaryTable(result: RunResult, width = 120): string {
  const ordered = failingFirst(result.checks);
  const rows = ordered.map((r) => [r.id, statusLabel(r.status), r.keyFigure, fmtSeconds(r.seconds)]);
  const head = ['check', 'status', 'key figure', 'time'];
  const idW = Math.max(head[0]!.length, ...rows.map((r) => r[0]!.length));
  const timeW = Math.max(head[3]!.length, ...rows.map((r) => r[3]!.length));
  const statusW = 7;
  const figW = Math.max(24, width - idW - statusW - timeW - 6);
  // A key figure longer than its column wraps onto continuation lines: it is never cut.
  const line = (c: string[]): string[] =>
    wrap(c[2]!, figW).map((part, i) =>
      (i === 0
        ? [c[0]!.padEnd(idW), c[1]!.padEnd(statusW), part.padEnd(figW), c[3]!.padStart(timeW)]
        : [''.padEnd(idW), ''.padEnd(statusW), part]
      )
        .join('  ')
        .trimEnd(),
    );
  // What the check could have caught, and why it did not run, as continuation lines of its key figure.
  const notes = (r: CheckRecord): string[] =>
    [...(r.status === 'not-run' && r.why ? [`not run: ${r.why}`] : []), `detects: ${r.detects}`].flatMap((t) =>
      wrap(t, figW).map((part) => [''.padEnd(idW), ''.padEnd(statusW), part].join('  ')),
    );
  const out = [
    ...line(head),
    ...line(['-'.repeat(idW), '-'.repeat(statusW), '-'.repeat(figW), '-'.repeat(timeW)]),
    ...ordered.flatMap((r, i) => [...line(rows[i]!), ...notes(r)]),
  ];
  const { total } = result.counts;
  out.push(
    '',
    ...wrap(
      `${total} checks: ${countsText(result.counts)} in ${fmtSeconds(result.seconds)} ` +
        `(seed ${result.seed}${result.quick ? ', quick' : ''})${total ? `; passed by area: ${byArea(result.checks)}` : ''}`,
      width,
    ),
  );
  return out.join('\n');
}

/** "theory 10/10, sim 11/12": passed/total per area (the id's first segment), in first-seen order. */
export function byArea(records: readonly CheckRecord[]): string {
  const areas = new Map<string, { pass: number; total: number }>();
  for (const r of records) {
    const a = r.id.split('.')[0]!;
    const e = areas.get(a) ?? { pass: 0, total: 0 };
    e.total++;
    if (r.status === 'pass') e.pass++;
    areas.set(a, e);
  }
  return [...areas].map(([a, e]) => `${a} ${e.pass}/${e.total}`).join(', ');
}

export const fmtSeconds = (s: number): string =>
  s < 10 ? `${s.toFixed(2)} s` : s < 600 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`;

/** Words of `s` in lines of at most `w` characters (a longer word is split). */
export function wrap(s: string, w: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (let word of s.split(/\s+/).filter(Boolean)) {
    while (word.length > w) {
      if (cur) (lines.push(cur), (cur = ''));
      lines.push(word.slice(0, w));
      word = word.slice(w);
    }
    if (!cur) cur = word;
    else if (cur.length + 1 + word.length <= w) cur += ' ' + word;
    else (lines.push(cur), (cur = word));
  }
  lines.push(cur);
  return lines;
}
