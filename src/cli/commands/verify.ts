// `icl-verify verify`: run the registry of checks, print the summary table, write the report
// (default report/), optionally JSON on stdout and JUnit XML; exit 1 if any check fails or cannot finish.
import { MAX_REGISTRY_SEED, REGISTRY_SEED } from '../../numeric/seeds.js';
import { DEFAULT_WORKERS } from '../../sim/pool.js';
import { fig5FromChecks, readTrainedFiles } from '../../train/gridFiles.js';
import { join } from 'node:path';
import { intFlag, parseArgs, UsageError } from '../args.js';
import { checks as allChecks } from '../../checks/index.js';
import { assertUniqueIds, runChecks, runFailed, selectChecks, type CheckRecord } from '../../registry/run.js';
import { EvidenceStore, type StoreUse } from '../../sim/evidence.js';
import { EVIDENCE_SWITCHES, EVIDENCE_VALUES, evidenceDir, evidenceHelp, storeUse, useNote } from '../evidenceFlags.js';
import { DEFAULT_TIMEOUT_SECONDS, WALL_FACTOR, type Check } from '../../registry/registry.js';
import { computeFigures, type FigureScale } from '../../figures/reportFigures.js';
import { drawFigure } from '../../report/figures.js';
import { reportHtml } from '../../report/html.js';
import { junitXml } from '../../report/junit.js';
import { progressBar } from '../progress.js';
import { fmtSeconds, statusLabel, summaryTable } from '../../report/summary.js';
import { ensureWritableDir, ensureWritableFile, OutputError, reason, writeAtomic } from '../../io/files.js';

const DEFAULT_REPORT_DIR = 'report';

export const help = `usage: icl-verify verify [--quick] [--only PATTERN[,PATTERN...]] [--report DIR] [--json] [--junit FILE]
                         [--seed S] [--figures quick|full|none] [--check-timeout SECONDS]
                         [--evidence DIR | --no-evidence] [--all-held | --accumulate] [--trained FILE[,FILE...]]

Runs every check of the registry (theory, proofs, simulation, candidates), prints a summary table and
writes the HTML report. Each check ends PASS, FAIL, NOT RUN (the run could not test its claim, e.g. under
--quick; never counted as passed) or ERROR (it threw, hung past its limit or its worker died), and
states what it could have caught. Exit 1 if any check fails or errs, 2 for bad input.
  --quick            the smaller budget (about a minute) that CI runs
  --only PATTERNS    only the checks whose id matches a pattern ('*' is a wildcard)
  --report DIR       where index.html goes (default ${DEFAULT_REPORT_DIR})
  --json             the whole result as JSON on stdout
  --junit FILE       JUnit XML for CI systems
  --seed S           base seed of every statistical check (default ${REGISTRY_SEED})
  --figures F        the figures' simulation budget: quick, full or none (default: follows --quick)
  --check-timeout S  stop any check after S seconds of CPU time and record it as an error (default: each
                     check's own limit in the registry, ${DEFAULT_TIMEOUT_SECONDS.quick} s with --quick and ${DEFAULT_TIMEOUT_SECONDS.full} s otherwise unless a
                     check sets its own). CPU time, so a busy machine does not trigger it; a check that
                     waits without CPU is stopped after ${WALL_FACTOR} times the limit of wall-clock time
  --trained FILES    draw Figures 5 and 6 also from trained grids: fig5 --out and fig6 --out files, or a
                     sweep's output (its train lines); each row's caption names its file. A bad file exits 2
${evidenceHelp("each ladder check adds its design's replicates as fresh streams after those the store holds and judges on all")}`;

/** How many simulated replicates the checks used and how many of them the store gave back. */
function evidenceNote(records: readonly CheckRecord[], e: { dir: string; use: StoreUse }): string {
  let used = 0;
  let reused = 0;
  for (const r of records) {
    const ev = r.evidence.evidence as { replicatesUsed?: unknown; reused?: unknown } | null | undefined;
    if (typeof ev?.replicatesUsed === 'number' && typeof ev.reused === 'number') {
      used += ev.replicatesUsed;
      reused += ev.reused;
    }
  }
  return `evidence: ${e.dir}: the ladders used ${used} replicates, ${reused} read back, ${used - reused} computed${useNote(e.use)}`;
}

/** The module of the shipped registry: each check runs on a worker thread that imports it. */
const REGISTRY_MODULE = new URL('../../checks/index.js', import.meta.url).href;

export function run(argv: string[]): Promise<number> {
  return verifyWith(allChecks, argv, undefined, REGISTRY_MODULE);
}

/**
 * The command over a given registry (tests pass their own checks). With `registryModule` (the URL of
 * a module exporting the same `checks`), every check runs on a worker thread under its time limit.
 */
export async function verifyWith(
  registry: readonly Check[],
  argv: string[],
  figureScale?: FigureScale,
  registryModule?: string,
): Promise<number> {
  const args = parseArgs(argv, {
    values: ['only', 'report', 'junit', 'seed', 'figures', 'check-timeout', 'trained', ...EVIDENCE_VALUES],
    switches: ['quick', 'json', ...EVIDENCE_SWITCHES],
  });
  const evidenceAt = evidenceDir(args);
  const use = storeUse(args);
  const evidence = evidenceAt === undefined ? undefined : { dir: evidenceAt, use };
  const checkTimeout = args.values.has('check-timeout') ? intFlag(args, 'check-timeout', 1, 86_400, 0) : undefined;
  const quick = args.switches.has('quick');
  const json = args.switches.has('json');
  const seed = intFlag(args, 'seed', 0, MAX_REGISTRY_SEED, REGISTRY_SEED);
  const only = (args.values.get('only') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (args.values.has('only') && only.length === 0)
    throw new UsageError("--only needs at least one pattern (comma-separated, '*' as wildcard)");
  // Figures follow --quick unless asked otherwise (e.g. --only X --figures quick while iterating).
  const figuresFlag = args.values.get('figures') ?? (quick ? 'quick' : 'full');
  if (figuresFlag !== 'quick' && figuresFlag !== 'full' && figuresFlag !== 'none')
    throw new UsageError(`--figures must be quick, full or none, got '${figuresFlag}'`);
  const reportDir = args.values.get('report') ?? DEFAULT_REPORT_DIR;
  if (reportDir === '') throw new UsageError('--report needs a directory');
  const trainedFlag = args.values.get('trained');
  const trainedFiles = (trainedFlag ?? '').split(',').filter(Boolean);
  if (trainedFlag !== undefined && trainedFiles.length === 0) throw new UsageError('--trained needs at least one file');
  // Read before any check runs: a bad file exits 2 at once.
  const trainedFromFiles = readTrainedFiles(trainedFiles);
  const junitFile = args.values.get('junit');
  if (junitFile === '') throw new UsageError('--junit needs a file name');
  try {
    ensureWritableDir(reportDir, '--report directory');
    if (junitFile !== undefined) ensureWritableFile(junitFile, '--junit file');
    if (evidence !== undefined) ensureWritableDir(evidence.dir, '--evidence directory');
  } catch (err) {
    if (err instanceof OutputError) throw new UsageError(err.message);
    throw err;
  }

  assertUniqueIds(registry);
  const selected = selectChecks(registry, only);
  if (only.length > 0 && selected.length === 0)
    throw new UsageError(`--only '${only.join(',')}' matches none of the ${registry.length} checks`);

  const bar = progressBar();
  const isolate = registryModule === undefined ? undefined : { registry: registryModule, timeoutSeconds: checkTimeout };
  // Two checks at a time: most checks use one core, and the results do not depend on the order.
  let done = 0;
  let lastFigure = '';
  const result = await runChecks(
    selected,
    { quick, seed, evidence, only, isolate, concurrency: DEFAULT_WORKERS },
    {
      onStart: (c, _i, n) => bar.update(done, n + 1, c.id),
      onDone: (r, _i, n) => {
        done++;
        bar.finished(`[${done}/${n}] ${statusLabel(r.status)} ${r.id} (${fmtSeconds(r.seconds)}): ${r.keyFigure}`);
      },
    },
  );
  const { figures, failures: figureFailures } =
    figuresFlag === 'none'
      ? { figures: [], failures: [] }
      : await computeFigures({
          scale: figureScale ?? figuresFlag,
          seed,
          trained: { checks: fig5FromChecks(result.checks), files: trainedFromFiles },
          evidence: evidence === undefined ? undefined : new EvidenceStore(evidence.dir),
          onProgress: (label) => {
            bar.update(selected.length, selected.length + 1, `report: ${label}`);
            // One line per figure, not per simulated point.
            const figure = label.replace(/ \(\d+ simulated points\)$/, '');
            if (figure !== lastFigure) bar.finished(`report: computing ${(lastFigure = figure)}`);
          },
        }).then((set) => ({ ...set, figures: set.figures.map(drawFigure) }));
  bar.end();

  const indexFile = join(reportDir, 'index.html');
  const write = (file: string, content: string): void => {
    try {
      writeAtomic(file, content);
    } catch (err) {
      throw new UsageError(`cannot write '${file}': ${reason(err)}`);
    }
  };
  write(indexFile, reportHtml(result, figures, figureFailures));
  if (junitFile !== undefined) write(junitFile, junitXml(result));

  const table = summaryTable(result, process.stdout.columns ?? 120);
  const figureSeconds = figures.reduce((t, f) => t + f.seconds, 0);
  const notes = [
    `report: ${indexFile} (${figures.length} figures drawn in ${fmtSeconds(figureSeconds)})`,
    ...(trainedFiles.length
      ? [
          `trained: ${trainedFromFiles.fig5.length} Figure 5 row(s) (${trainedFromFiles.fig5.map((r) => `${r.spec.arch} ${r.preset}`).join(', ') || 'none'}) and ${trainedFromFiles.fig6.length} Figure 6 grid(s) from ${trainedFiles.join(', ')}`,
        ]
      : []),
    ...(junitFile ? [`junit: ${junitFile}`] : []),
    ...(evidence ? [evidenceNote(result.checks, evidence)] : []),
    ...figureFailures.map((f) => `${f.title} could not be drawn: ${f.error}`),
  ];
  if (json) {
    process.stderr.write(`${table}\n${notes.join('\n')}\n`);
    process.stdout.write(
      JSON.stringify(
        {
          ...result,
          report: indexFile,
          junit: junitFile ?? null,
          figures: figures.map(({ id, title, caption, details, seconds }) => ({
            id,
            title,
            caption,
            details,
            seconds,
          })),
          figureFailures,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    process.stdout.write(`${table}\n${notes.join('\n')}\n`);
  }
  return runFailed(result.counts) || figureFailures.length > 0 ? 1 : 0;
}
