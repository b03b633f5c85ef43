// The self-contained report page: a verdict banner, the figures (inline SVG), and every check with
// its evidence, failing ones first. No scripts and no external resources: it opens offline.
import type { CheckRecord, RunResult } from '../registry/run.js';
import type { Figure } from './figures.js';
import { byArea, countsText, failingFirst, fmtSeconds, statusLabel } from './summary.js';
import { esc } from './svg.js';

interface FigureFailure {
  title: string;
  error: string;
}

export function reportHtml(
  result: RunResult,
  figures: readonly Figure[],
  figureFailures: readonly FigureFailure[] = [],
): string {
  const { total, pass, fail, notRun, error } = result.counts;
  const ok = fail === 0 && error === 0 && figureFailures.length === 0;
  const drawn = figureFailures.length ? `; ${figureFailures.length} figure(s) could not be drawn` : '';
  const verdict = !ok
    ? `${fail + error} of ${total} checks failed or could not finish${drawn}`
    : pass === total
      ? `All ${total} checks passed`
      : `No check failed; ${notRun} of ${total} not run (not passed)`;
  const rows = failingFirst(result.checks).map(checkRow).join('\n');
  const figs = figures.map(figureBlock).join('\n');
  // The run's options, as shown and as the command line that replays them.
  const quickNote = result.quick ? ' · quick run' : '';
  const quickFlag = result.quick ? ' --quick' : '';
  const onlyNote = result.only.length ? ` · only ${esc(result.only.join(', '))}` : '';
  const onlyFlag = result.only.length ? ` --only ${esc(result.only.join(','))}` : '';
  const broken = figureFailures
    .map(
      (f) =>
        `<section class="figure broken"><h2>${esc(f.title)}</h2><p ` +
        `class="err">Could not be drawn: ${esc(f.error)}</p></section>`,
    )
    .join('\n');
  return (
    `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" ` +
    `content="width=device-width, initial-scale=1">
<title>icl-verify report</title>
<style>
body { ` +
    `font-family: Helvetica, Arial, sans-serif; margin: 24px; color: #222; max-width: 1900px; }
h1 { margin: ` +
    `0 0 8px; }
.meta { color: #555; margin-bottom: 12px; }
.banner { padding: 10px 14px; border-radius: 6px; ` +
    `font-weight: bold; margin: 12px 0 20px; }
.banner.ok { background: #e3f4e6; color: #145a22; }
.banner.bad ` +
    `{ background: #fbe4e1; color: #8a1c10; }
.figure { margin: 28px 0; }
.panels { display: flex; flex-wrap: ` +
    `wrap; gap: 8px; }
.caption { max-width: 1400px; color: #333; font-size: 14px; }
.fig-details { max-width: ` +
    `1400px; font-size: 12px; color: #444; }
.fig-details summary { cursor: pointer; color: #0b5394; ` +
    `}
.fig-details ul { max-height: 360px; overflow: auto; margin: 6px 0; }
table { border-collapse: collapse; ` +
    `width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #ddd; padding: 5px 8px; text-align: ` +
    `left; vertical-align: top; }
th { background: #f3f3f3; }
td.status { font-weight: bold; }
tr.fail ` +
    `td.status { color: #b00020; }
tr.pass td.status { color: #1b7a33; }
tr.fail { background: #fff4f2; ` +
    `}
tr.error td.status { color: #8a4b00; }
tr.not-run td.status { color: #666; }
.detects { color: #555; ` +
    `}
pre { margin: 4px 0; max-height: 420px; overflow: auto; background: #f7f7f7; padding: 6px; font-size: ` +
    `12px; }
.err { color: #b00020; }
code { font-size: 12px; }
</style>
</head>
<body>
<h1>icl-verify ` +
    `report</h1>
<div class="meta">Started ${esc(result.startedAt)} · ${fmtSeconds(result.seconds)} · ` +
    `seed ${result.seed}${quickNote}${onlyNote} ` +
    `· replay with <code>npx icl-verify verify ` +
    `--seed ${result.seed}${quickFlag}${onlyFlag}</code></div>
<div ` +
    `class="banner ${ok ? 'ok' : 'bad'}" id="verdict">${esc(verdict)} ` +
    `(${countsText(result.counts)}${total ? `; by area: ${esc(byArea(result.checks))}` : ''})</div>
<h2>Figures</h2>
${figs}
${broken}
<h2 ` +
    `id="checks">Checks (${total}): failed, could not finish, not run, ` +
    `passed</h2>
<table>
<thead><tr><th>status</th><th>check</th><th>claim</th><th>key ` +
    `figure</th><th>time</th><th>evidence</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`
  );
}

function figureBlock(f: Figure): string {
  return (
    `<section class="figure" id="${esc(f.id)}">
<h2>${esc(f.title)}</h2>
<div ` +
    `class="panels">${f.panels.map((p) => `<figure class="panel">${p}</figure>`).join('')}</div>
<p ` +
    `class="caption">${esc(f.caption)}</p>
<details class="fig-details"><summary>Details: ` +
    `per-point values, seeds, fit notes (drawn in ${fmtSeconds(f.seconds)}; hover a point for ` +
    `its values)</summary><ul>${f.details.map((d) => `<li>${esc(d)}</li>`).join('')}</ul></details>
</section>`
  );
}

function checkRow(r: CheckRecord): string {
  const why =
    r.why && r.status !== 'pass'
      ? `<br><small>${r.status === 'not-run' ? 'not run' : 'error'}: ${esc(r.why)}</small>`
      : '';
  const open = r.status === 'fail' || r.status === 'error' ? ' open' : '';
  return (
    `<tr class="${r.status}" id="check-${esc(r.id)}"><td ` +
    `class="status">${statusLabel(r.status)}</td>` +
    `<td><code>${esc(r.id)}</code><br><small>${esc(r.subject)}</small></td>` +
    `<td>${esc(r.claim)}<br><small class="detects">detects: ${esc(r.detects)}</small></td>` +
    `<td>${esc(r.keyFigure)}${why}</td><td>${fmtSeconds(r.seconds)}</td>` +
    `<td><details${open}><summary>evidence</summary>` +
    `<pre>${esc(JSON.stringify(r.evidence, null, 2))}</pre></details></td></tr>`
  );
}
