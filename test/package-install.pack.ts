// The package as a user gets it: `npm pack` (prepack cleans dist/, prepare builds it) in a staged
// copy of the project, the tarball installed into a fresh project (examples/ci-project), and there:
// the CLI through npx, the library from an ESM script with the CLI's numbers, its types under tsc
// (a wrong call must fail to compile), and the example project's own tests. About a minute, so it is
// not part of `npm test`: `npm run test:package`.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, pointFlags } from './support/cli.js';

const ROOT = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'icl-package-'));
const stage = join(tmp, 'stage');
const consumer = join(tmp, 'consumer');

/** The environment of a user's shell: no npm lifecycle variables of the npm running this suite. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') && k !== 'INIT_CWD'));
const run = (cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> =>
  spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
const ok = (cmd: string, args: string[], cwd: string): string => {
  const r = run(cmd, args, cwd);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

interface PackInfo {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string }[];
}
let pack: PackInfo;

beforeAll(() => {
  // A copy of what is under version control that npm pack reads; node_modules shared (tsc for prepare).
  mkdirSync(stage);
  for (const p of ['package.json', 'tsconfig.json', 'README.md', 'src', 'bin', 'docs', 'examples'])
    cpSync(join(ROOT, p), join(stage, p), {
      recursive: true,
      filter: (s) => !s.includes('/docs/api') && !s.includes('node_modules'),
    });
  symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'), 'dir');
  const out = ok('npm', ['pack', '--json', '--pack-destination', tmp], stage);
  pack = (JSON.parse(out.slice(out.indexOf('[\n'))) as PackInfo[])[0]!;
  // The example project as a user would start it, depending on the packed tarball.
  cpSync(join(ROOT, 'examples', 'ci-project'), consumer, {
    recursive: true,
    filter: (s) => !/\/(node_modules|dist)$/.test(s),
  });
  ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(tmp, pack.filename)], consumer);
}, 600_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the packed package', () => {
  it('ships the build, the CLI and what it reads at run time; no sources, tests, benchmarks or CI files', () => {
    const files = pack.files.map((f) => f.path);
    process.stdout.write(
      `tarball ${pack.filename}: ${pack.size} bytes packed, ${pack.unpackedSize} unpacked, ${pack.entryCount} files\n`,
    );
    for (const f of [
      'bin/icl-verify.js',
      'dist/src/api/index.js',
      'dist/src/api/index.d.ts',
      'dist/src/api/testing.js',
      'dist/src/api/testing.d.ts',
      'dist/src/cli/main.js',
      'dist/src/registry/checkWorker.js',
      'dist/src/sim/worker.js',
      'examples/candidates/M-closed.txt',
      'package.json',
      'README.md',
    ]) {
      expect(files, f).toContain(f);
    }
    const unwanted = files.filter(
      (f) =>
        /^(test|properties|proofs|bench|report|\.ci|dist\/bench|examples\/ci-project)\//.test(f) ||
        /^src\//.test(f) ||
        /\.map$/.test(f) ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')),
    );
    expect(unwanted).toEqual([]);
    expect(pack.entryCount).toBe(files.length);
  });

  it('npx icl-verify eval and check-formula work in the installed project', () => {
    const args = ['eval', ...pointFlags({ alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 }), '--json'];
    const installed = ok('npx', ['--no-install', 'icl-verify', ...args], consumer);
    expect(installed).toBe(cli(...args).stdout);
    const accepted = run(
      'npx',
      [
        '--no-install',
        'icl-verify',
        'check-formula',
        'formulas/epsilon-fresh-tasks.txt',
        '--seed',
        '1',
        '--budget-seconds',
        '10',
        '--json',
      ],
      consumer,
    );
    expect(accepted.status, accepted.stderr).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ verdict: 'accept', target: 'epsilon' });
    const shipped = run(
      'npx',
      [
        '--no-install',
        'icl-verify',
        'check-formula',
        'node_modules/icl-verify/examples/candidates/mutant-dropped-tau.txt',
        '--budget-seconds',
        '10',
      ],
      consumer,
    );
    expect(shipped.status).toBe(1);
    expect(shipped.stdout).toMatch(/: REJECT/);
    // The registry runs from the installed layout (checks on worker threads, examples found).
    const verify = run(
      'npx',
      [
        '--no-install',
        'icl-verify',
        'verify',
        '--quick',
        '--only',
        'theory.limit.*,candidate.*',
        '--figures',
        'none',
        '--report',
        join(tmp, 'report'),
      ],
      consumer,
    );
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/checks: \d+ passed, 0 failed/);
  });

  it('an ESM script importing the library gets the numbers the CLI prints', () => {
    writeFileSync(
      join(consumer, 'numbers.mjs'),
      [
        "import { evaluate, evaluateDigits, limits } from 'icl-verify';",
        "import { paramPoint } from 'icl-verify/testing';",
        "const p = { alpha: 'inf', kappa: 0.5, tau: 3, rho: 0.5, lambda: 0 };",
        'const f = evaluate(p);',
        'const d = evaluateDigits(p, 40);',
        'const l = limits.alphaInfinity({ kappa: 0.5, tau: 3, rho: 0.5, lambda: 0 });',
        "const finite = (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);",
        'console.log(JSON.stringify({ f, d, l, arbitrary: typeof paramPoint().generate }, finite));',
      ].join('\n'),
    );
    const lib = JSON.parse(ok('node', ['numbers.mjs'], consumer)) as {
      f: Record<string, unknown> & { growth: { eICL: { rate: number } } };
      d: Record<string, string>;
      l: { eIDG: number };
      arbitrary: string;
    };
    const flags = [...pointFlags({ alpha: 'inf', kappa: 0.5, tau: 3, rho: 0.5, lambda: 0 }), '--json'];
    const c64 = JSON.parse(ok('npx', ['--no-install', 'icl-verify', 'eval', ...flags], consumer)) as Record<
      string,
      string
    >;
    const c40 = JSON.parse(
      ok('npx', ['--no-install', 'icl-verify', 'eval', ...flags, '--digits', '40'], consumer),
    ) as Record<string, string>;
    expect(c64.eICL).toBe('Infinity');
    for (const k of ['epsilon', 'eICL', 'eIDG', 'gTask']) expect(String(lib.f[k])).toBe(c64[k]);
    expect(String(lib.f.growth.eICL.rate)).toBe(c64.eICLPerAlpha);
    expect(String(lib.l.eIDG)).toBe(c64.eIDG);
    for (const k of ['epsilon', 'eICL', 'eIDG', 'gTask', 'eICLPerAlpha']) expect(lib.d[k]).toBe(c40[k]);
    expect(lib.arbitrary).toBe('function');
  });

  it('the types: a typed consumer compiles, and a wrong call does not', () => {
    const tsc = join(consumer, 'node_modules', 'typescript', 'bin', 'tsc');
    writeFileSync(
      join(consumer, 'src', 'typed.ts'),
      [
        'import { checkFormula, runChecks, simulate, type Verdict, ' +
          "type SimulateResult, type RunResult } from 'icl-verify';",
        "import { expectFormula, paramPoint, type NumericPoint } from 'icl-verify/testing';",
        'export const verdict: Promise<Verdict> = checkFormula("target: ' +
          'M\\nexpr = 1/(1 + nu)\\n", { seed: 1, budgetSeconds: 5 });',
        'export const sim: Promise<SimulateResult> = simulate({ d: ' +
          '8, alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 });',
        "export const checks: Promise<RunResult> = runChecks(['theory.limit.*'], { quick: true });",
        "export const helper: (c: string) => Promise<Verdict> = (c) => expectFormula(c, { verdict: 'reject' });",
        'export const first: NumericPoint = paramPoint().generate !== undefined ? { alpha: 1, ' +
          'kappa: 1, tau: 2, rho: 0, lambda: 0 } : { alpha: 2, kappa: 2, tau: 2, rho: 0, lambda: 0 };',
      ].join('\n'),
    );
    ok('node', [tsc, '--noEmit', '-p', '.'], consumer);
    writeFileSync(
      join(consumer, 'src', 'wrong.ts'),
      "import { evaluate } from 'icl-verify';\nexport const e: string = evaluate({ alpha: 2 }).eICL;\n",
    );
    const wrong = run('node', [tsc, '--noEmit', '-p', '.'], consumer);
    rmSync(join(consumer, 'src', 'wrong.ts'));
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toMatch(/wrong\.ts\(2,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
    expect(wrong.stdout).toMatch(
      /wrong\.ts\(2,\d+\): error TS2345: Argument of type '\{ alpha: number; \}' is not assignable to parameter of type 'ParamPoint'/,
    );
    expect(wrong.stdout).toMatch(/missing the following properties from type 'ParamPoint': kappa, tau, rho, lambda/);
  });

  it("the example project's tests pass against the installed tarball", () => {
    rmSync(join(consumer, 'numbers.mjs'), { force: true });
    const r = run('npm', ['test'], consumer);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/# pass 4\b/);
    expect(r.stdout).toMatch(/# fail 0\b/);
    expect(readdirSync(join(consumer, 'dist'))).toContain('excess.js');
  });
});
