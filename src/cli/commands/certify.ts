// `icl-verify certify`: a claim proved over a whole parameter box by branch and bound on interval
// enclosures, with a certificate that `certify --check FILE` re-verifies without the search.
import { readFileSync } from 'node:fs';
import { cpuUsage } from 'node:process';
import { parseBox, PARAM_BOX_NAMES } from '../../certify/box.js';
import { fromJson, toJson, type Cell } from '../../certify/certificate.js';
import { checkCertificate } from '../../certify/checkCertificate.js';
import { CLAIMS, claimNamed } from '../../certify/claims.js';
import { hull, show } from '../../certify/interval.js';
import { certify } from '../../certify/search.js';
import { ensureWritableFile, OutputError, reason, writeAtomic } from '../../io/files.js';
import { intFlag, parseArgs, required, UsageError } from '../args.js';
import { progressBar } from '../progress.js';

const claimList = CLAIMS.map((c) => `  ${c.name.padEnd(18)}${c.statement}\n${' '.repeat(20)}domain: ${c.domain}`).join(
  '\n',
);

export const help = `usage: icl-verify certify CLAIM --box SPEC [--max-cells N] [--depth D] [--certificate FILE] [--json]
       icl-verify certify --check FILE [--json]

Proves CLAIM at every point of a parameter box (docs/certify.md): interval enclosures of the theory on
each cell, bisected along the widest relative side until each cell is proved, disproved (false on the
whole cell), or left undecided at the depth limit or the cell budget (then probed at its centre for a
certified counterexample).
  --box SPEC          ${PARAM_BOX_NAMES.map((k) => `${k}=lo..hi`).join(',')} (a single number for a point side);
                      alpha, kappa, tau finite and > 0, rho >= 0, lambda 0 or a range with lo > 0
  --max-cells N       most cells evaluated (default 20000)
  --depth D           most bisections from the box to a cell (default 40)
  --certificate FILE  write every leaf cell with its status and enclosure (JSON) for --check
  --check FILE        re-verify a certificate cell by cell, without the search
  --json              one JSON object: the summary, undecided cells and counterexamples
Claims:
${claimList}
Exit 0 when proved on the whole box (--check: the certificate re-verifies), 1 when a disproved cell or
counterexample was found (--check: a cell fails), 3 when cells remain undecided; 2 on bad input.`;

const fmtBox = (cell: Cell['box']): string =>
  PARAM_BOX_NAMES.map((k) =>
    cell[k].lo === cell[k].hi ? `${k}=${cell[k].lo}` : `${k}=${cell[k].lo}..${cell[k].hi}`,
  ).join(',');

const cpuSeconds = (start: NodeJS.CpuUsage): number => {
  const u = cpuUsage(start);
  return (u.user + u.system) / 1e6;
};

export function run(argv: string[]): number {
  const args = parseArgs(argv, {
    values: ['box', 'max-cells', 'depth', 'certificate', 'check'],
    switches: ['json'],
    maxPositionals: 1,
  });
  const json = args.switches.has('json');
  const start = cpuUsage();
  const checkFile = args.values.get('check');
  if (checkFile !== undefined) {
    if (args.positionals.length > 0 || args.values.size > 1)
      throw new UsageError('--check FILE takes no CLAIM and no other flag but --json');
    let text: string;
    try {
      text = readFileSync(checkFile, 'utf8');
    } catch (err) {
      throw new UsageError(`--check '${checkFile}' cannot be read: ${reason(err)}`);
    }
    let report;
    try {
      report = checkCertificate(fromJson(text));
    } catch (err) {
      if (err instanceof SyntaxError || (err instanceof Error && err.message.startsWith('certificate:')))
        throw new UsageError(`--check '${checkFile}': ${err.message}`);
      throw err;
    }
    const out = { ...report, cpuSeconds: cpuSeconds(start) };
    if (json) process.stdout.write(JSON.stringify(out) + '\n');
    else
      process.stdout.write(
        [
          `certificate ${checkFile}: claim ${report.claim}, ${report.cells} cells: ${report.ok ? 'VERIFIED' : 'FAILED'}`,
          `  proved volume fraction ${report.proved}, disproved ${report.disproved}, covered ${report.covered}, counterexamples ${report.counterexamples}`,
          ...report.failures.slice(0, 20).map((f) => `  ${f}`),
          `  cpu ${out.cpuSeconds.toFixed(2)} s`,
        ].join('\n') + '\n',
      );
    return report.ok ? 0 : 1;
  }
  const name = args.positionals[0];
  if (name === undefined) throw new UsageError(`missing CLAIM (one of ${CLAIMS.map((c) => c.name).join(', ')})`);
  const claim = claimNamed(name);
  const spec = required(args, 'box', 'name=lo..hi for alpha, kappa, tau, rho, lambda');
  const box = parseBox(spec);
  const maxCells = intFlag(args, 'max-cells', 1, 10_000_000, 20_000);
  const depth = intFlag(args, 'depth', 0, 1000, 40);
  const certFile = args.values.get('certificate');
  if (certFile !== undefined) {
    try {
      ensureWritableFile(certFile, '--certificate');
    } catch (err) {
      if (err instanceof OutputError) throw new UsageError(err.message);
      throw err;
    }
  }
  const bar = progressBar();
  const result = certify(claim, box, {
    maxCells,
    depth,
    onProgress: (done, total, proved) => bar.update(done, total, `proved ${(100 * proved).toFixed(2)}% of the box`),
  });
  bar.end();
  if (certFile !== undefined) writeAtomic(certFile, toJson(result) + '\n');
  const undecided = result.cells.filter((c) => c.status === 'undecided');
  const counter = result.cells.filter((c) => c.status === 'counterexample' || c.status === 'disproved');
  const provedCells = result.cells.filter((c) => c.status === 'proved');
  // The hull of the quantity over the proved cells: for peak-finite, a certified bound on both errors.
  const provedRange = provedCells.length > 0 ? provedCells.map((c) => c.value).reduce(hull) : undefined;
  const seconds = cpuSeconds(start);
  // Every leaf proved (the summed volume fraction can differ from 1 in its last digits).
  const status = counter.length > 0 ? 1 : result.cells.every((c) => c.status === 'proved') ? 0 : 3;
  if (json) {
    process.stdout.write(
      JSON.stringify({
        claim: claim.name,
        statement: claim.statement,
        box: spec,
        cellsEvaluated: result.evaluated,
        leafCells: result.cells.length,
        provedFraction: result.proved,
        disprovedFraction: result.disproved,
        provedValueRange: provedRange ? show(provedRange) : null,
        undecidedCells: undecided.map((c) => ({ box: fmtBox(c.box), value: show(c.value) })),
        counterexamples: counter.map((c) =>
          c.witness
            ? { cell: fmtBox(c.box), point: fmtBox(c.witness.point), value: show(c.witness.value) }
            : { cell: fmtBox(c.box), value: show(c.value) },
        ),
        cpuSeconds: seconds,
      }) + '\n',
    );
    return status;
  }
  const lines = [
    `${claim.name}: ${claim.statement}`,
    `  box ${spec} (decimal ends widened to the enclosing doubles)`,
    `  ${result.evaluated} cells evaluated, ${result.cells.length} leaves; proved volume fraction ${result.proved}, disproved ${result.disproved}`,
    ...(provedRange ? [`  claim's quantity over the proved cells: ${show(provedRange)}`] : []),
    `  undecided cells: ${undecided.length}`,
    ...undecided.slice(0, 10).map((c) => `    ${fmtBox(c.box)}  value ${show(c.value)}`),
    `  disproved cells and counterexamples: ${counter.length}`,
    ...counter
      .slice(0, 10)
      .map((c) =>
        c.witness
          ? `    at ${fmtBox(c.witness.point)}  value ${show(c.witness.value)}`
          : `    on ${fmtBox(c.box)}  value ${show(c.value)}`,
      ),
    `  cpu ${seconds.toFixed(2)} s${certFile !== undefined ? `; certificate ${certFile}` : ''}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return status;
}
