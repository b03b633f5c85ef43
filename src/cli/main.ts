// Thin dispatcher: `icl-verify <command> ...` loads src/cli/commands/<command>.ts, whose `run`
// returns the exit status. Usage and domain errors are one line on stderr and status 2.
import { UsageError } from './args.js';
import { DomainError } from '../numeric/domain.js';

export const COMMANDS: Record<string, string> = {
  eval: 'evaluate the asymptotic errors at one parameter point',
  verify: 'run every check of the registry, print the summary, write the report',
  simulate: 'simulate the finite-d model at one point (Monte Carlo over replicates)',
  extrapolate: 'simulate a ladder of d, extrapolate to d = inf and compare with the theory',
  sweep: 'evaluate/simulate a Cartesian grid from a JSON spec, one JSON line per point (shardable, resumable)',
  merge: 'combine sweep shard files into one, rejecting disagreeing duplicates',
  evidence: 'the evidence store of simulated replicates: stats, prune, merge',
  'check-formula': 'accept or reject a candidate formula from simulation, limits and invariants',
  proofs: 'run the machine-checked derivations of docs/theory.md step by step (--json, --only NAME, --seed N)',
  figure: "one panel of the paper's figures (theory), a paper column wide, as svg, png, pdf or csv data",
  train: 'train one of six attention architectures at one (d, tau) and compare with Gamma* on the same data',
  fig5: 'Figure 5 for one architecture: a (d, tau) grid of trained runs, thresholds and the exponent of n* ~ d^a',
  fig6: 'Figure 6: g_task against kappa = k/d for a trained model at several d, and the transition location',
  certify:
    'prove a claim at every point of a parameter box (interval branch and bound), with a re-checkable certificate',
};

interface Command {
  run(argv: string[]): Promise<number> | number;
  /** What `icl-verify <command> --help` prints: synopsis, every flag with its default. */
  help: string;
}

const usage = (): string =>
  [
    'usage: icl-verify <command> [flags]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([n, s]) => `  ${n.padEnd(14)}${s}`),
    '',
    "'icl-verify <command> --help' lists a command's flags.",
  ].join('\n');

const wantsHelp = (argv: readonly string[]): boolean => argv.some((a) => a === '--help' || a === '-h');

/** The reader went away (`icl-verify proofs | head`): stop quietly, as Unix tools do. */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
}

export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe(process.stdout);
  let [name, ...rest] = argv;
  if (name === 'help' && rest.length > 0) [name, rest] = [rest[0], ['--help']];
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (!/^[a-z][a-z0-9-]*$/.test(name)) {
    process.stderr.write(`icl-verify: unknown command '${name}'\n${usage()}\n`);
    return 2;
  }
  let command: Command;
  try {
    command = (await import(`./commands/${name}.js`)) as Command;
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' &&
      String((err as Error).message).includes(`commands/${name}.js`)
    ) {
      process.stderr.write(`icl-verify: unknown command '${name}'\n${usage()}\n`);
      return 2;
    }
    throw err;
  }
  if (wantsHelp(rest)) {
    process.stdout.write(command.help.trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError || err instanceof DomainError) {
      process.stderr.write(`icl-verify ${name}: ${err.message}\n`);
      return 2;
    }
    // A bug, not bad input: one line by default, the stack with ICL_VERIFY_DEBUG=1.
    process.stderr.write(`icl-verify ${name}: internal error: ${(err as Error).message ?? String(err)}\n`);
    if (process.env.ICL_VERIFY_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    return 70;
  }
}
