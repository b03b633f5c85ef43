// `npm run bench [-- --json] [-- --only theory|grid|fit|extrapolation] [-- --fit-d 16,32,64]`: throughput and cost figures of the hot paths.
// Measured on one core, with the engine tuned as the CLI tunes it.
import { parseArgs } from '../src/cli/args.js';
import { tuneEngine } from '../src/numeric/engine.js';

tuneEngine();
const { benchTheory } = await import('./theory.js');

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv, { values: ['only', 'fit-d'], switches: ['json'] });
  const json = args.switches.has('json');
  const only = args.values.get('only');
  const out: Record<string, unknown> = {};
  if (!only || only === 'theory') Object.assign(out, benchTheory());
  if (!only || only === 'grid') {
    const { benchGrid } = await import('./grid.js');
    Object.assign(out, await benchGrid());
  }
  if (!only || only === 'fit') {
    const fit = await import('./fit.js').catch(() => null);
    if (fit) {
      const ds = args.values.get('fit-d')?.split(',').map(Number);
      Object.assign(out, await fit.benchFit(ds));
      out.fitVsNumpy = await fit.benchNumpy();
    }
  }
  if (!only || only === 'extrapolation') {
    const { benchExtrapolation } = await import('./extrapolation.js');
    Object.assign(out, await benchExtrapolation());
  }
  if (json) process.stdout.write(JSON.stringify(out) + '\n');
  else
    for (const [k, v] of Object.entries(out))
      process.stdout.write(
        `${k.padEnd(24)} ${typeof v === 'number' ? v.toLocaleString('en-US') : JSON.stringify(v)}\n`,
      );
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
