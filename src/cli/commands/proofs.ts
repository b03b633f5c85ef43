// `icl-verify proofs [--json] [--only NAME] [--seed N]`: runs the machine-checked derivations and prints each proof
// and step with its status and how it was checked; exit 1 if any step fails.
import { MAX_REGISTRY_SEED, REGISTRY_SEED } from '../../numeric/seeds.js';
import { intFlag, parseArgs, UsageError } from '../args.js';
import { proofs } from '../../proofs/index.js';
import { runProof, type ProofResult } from '../../proofs/proof.js';

export const help = `usage: icl-verify proofs [--json] [--only NAME] [--seed N]

Runs the machine-checked derivations of docs/theory.md and prints each step with its status and how it was
checked (symbolic, numeric-identity, ...). Exit 1 if any step fails.
  --only NAME        one proof (an unknown name lists the known ones)
  --seed N           seed of the random points of numeric steps (default ${REGISTRY_SEED})
  --json             {"proofs": [{"name", "claim", "status", "steps": [...]}]}`;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['only', 'seed'], switches: ['json'] });
  const seed = intFlag(args, 'seed', 0, MAX_REGISTRY_SEED, REGISTRY_SEED);
  const only = args.values.get('only');
  const chosen = only === undefined ? proofs : proofs.filter((p) => p.name === only);
  if (chosen.length === 0)
    throw new UsageError(`--only: no proof named '${only}' (known: ${proofs.map((p) => p.name).join(', ')})`);
  const results: ProofResult[] = [];
  for (const p of chosen) {
    const r = runProof(p, seed);
    results.push(r);
    if (!args.switches.has('json')) process.stdout.write(render(r));
  }
  const failed = results.filter((r) => r.status === 'fail');
  if (args.switches.has('json')) {
    process.stdout.write(`${JSON.stringify({ seed, proofs: results }, null, 2)}\n`);
  } else {
    const steps = results.flatMap((r) => r.steps);
    const byMethod = count(steps.map((s) => s.method));
    process.stdout.write(
      `${results.length - failed.length}/${results.length} proofs pass (base seed ${seed}); ${steps.filter((s) => s.status === 'pass').length}/${steps.length} steps (${Object.entries(
        byMethod,
      )
        .map(([m, n]) => `${n} ${m}`)
        .join(', ')})\n`,
    );
  }
  return failed.length ? 1 : 0;
}

function render(r: ProofResult): string {
  const lines = [`${r.status === 'pass' ? 'PASS' : 'FAIL'} ${r.name}: ${r.claim}`];
  r.steps.forEach((s, i) => {
    lines.push(`  ${s.status === 'pass' ? 'ok  ' : 'FAIL'} ${String(i + 1).padStart(2)}. [${s.method}] ${s.statement}`);
    lines.push(`         ${s.detail}`);
  });
  return `${lines.join('\n')}\n\n`;
}

const count = (xs: string[]): Record<string, number> =>
  xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});
