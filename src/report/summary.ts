// The plain-text summary table printed at the end of a verify run: failures first, then by id.
import type { CheckRecord, RunResult } from '../registry/run.js';

export function failingFirst(records: readonly CheckRecord[]): CheckRecord[] {
  return [...records].sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1));
}

export function summaryTable(result: RunResult, width = 120): string {
  const rows = failingFirst(result.checks).map((r) => [
    r.id,
    r.status === 'pass' ? 'PASS' : 'FAIL',
    r.keyFigure,
    fmtSeconds(r.seconds),
  ]);
  const head = ['check', 'status', 'key figure', 'time'];
  const idW = Math.max(head[0]!.length, ...rows.map((r) => r[0]!.length));
  const timeW = Math.max(head[3]!.length, ...rows.map((r) => r[3]!.length));
  const figW = Math.max(24, width - idW - 6 - timeW - 6);
  // A key figure longer than its column wraps onto continuation lines: it is never cut.
  const line = (c: string[]): string[] =>
    wrap(c[2]!, figW).map((part, i) =>
      (i === 0
        ? [c[0]!.padEnd(idW), c[1]!.padEnd(6), part.padEnd(figW), c[3]!.padStart(timeW)]
        : [''.padEnd(idW), ''.padEnd(6), part]
      )
        .join('  ')
        .trimEnd(),
    );
  const out = [
    ...line(head),
    ...line(['-'.repeat(idW), '------', '-'.repeat(figW), '-'.repeat(timeW)]),
    ...rows.flatMap(line),
  ];
  const { total, pass, fail } = result.counts;
  out.push(
    '',
    `${total} checks: ${pass} passed, ${fail} failed in ${fmtSeconds(result.seconds)} (seed ${result.seed}${result.quick ? ', quick' : ''})${total ? `; passed by area: ${byArea(result.checks)}` : ''}`,
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
