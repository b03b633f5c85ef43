// The import rule of docs/architecture.md, checked on the real import graph of src/: every import stays
// inside its own directory or goes down to a lower layer, and the evidence of check-formula never
// reaches the formulas it is meant to check independently, through any chain of imports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');

/**
 * The layers, lowest first. A file may import files of its own directory and of directories on a
 * strictly lower layer; never a higher layer or a sibling on the same layer. docs/architecture.md
 * explains each row.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['numeric', 'io', 'registry'],
  ['theory'],
  ['sim', 'symbolic', 'certify'],
  ['candidate', 'proofs', 'train'],
  ['checks', 'figures', 'sweep'],
  ['report'],
  ['cli', 'api'],
];

/** The shipped formulas the evidence of check-formula must not import, directly or indirectly. */
const SHIPPED_FORMULAS = ['theory/errors.ts', 'theory/limits.ts', 'theory/closedForms.ts', 'theory/evaluate.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Relative imports of one file (static, type-only, re-exports, dynamic, and worker URLs), as src-relative paths. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const specs = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  for (const m of text.matchAll(/new URL\(\s*['"]([^'"]+)['"]/g)) specs.push(m[1]!);
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(SRC, resolve(dirname(file), s)).replace(/\.js$/, '.ts'));
}

export type Graph = Map<string, string[]>;

export function importGraph(): Graph {
  return new Map(sourceFiles(SRC).map((f) => [relative(SRC, f), importsOf(f)]));
}

const layerOf = (dir: string): number => LAYERS.findIndex((l) => l.includes(dir));
const topDir = (path: string): string => path.split('/')[0]!;

/** Every import that goes up a layer or sideways to a sibling, as 'from -> to'. */
export function layerViolations(graph: Graph): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const [a, b] = [topDir(from), topDir(to)];
      if (a === b) continue;
      if (layerOf(a) < 0 || layerOf(b) < 0 || layerOf(b) >= layerOf(a)) out.push(`${from} -> ${to}`);
    }
  }
  return out;
}

/** For each file under `root` that reaches one of `forbidden`, the chain of imports that does. */
export function forbiddenChains(graph: Graph, root: string, forbidden: readonly string[]): string[] {
  const out: string[] = [];
  for (const start of [...graph.keys()].filter((f) => f.startsWith(root))) {
    const parent = new Map<string, string>([[start, '']]);
    const queue = [start];
    while (queue.length > 0) {
      const f = queue.shift()!;
      if (forbidden.includes(f)) {
        const chain = [f];
        for (let p = parent.get(f)!; p !== ''; p = parent.get(p)!) chain.unshift(p);
        out.push(chain.join(' -> '));
        break;
      }
      for (const g of graph.get(f) ?? []) {
        if (!parent.has(g)) {
          parent.set(g, f);
          queue.push(g);
        }
      }
    }
  }
  return out;
}

describe('architecture', () => {
  const graph = importGraph();

  it('finds the imports of every source file', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('cli/commands/eval.ts')).toContain('theory/evalJson.ts');
    // Worker entry points are reached through new URL(...), and count as imports.
    expect([...graph.values()].flat()).toContain('sim/worker.ts');
    // Every directory of src/ has a layer.
    for (const f of graph.keys()) expect(layerOf(topDir(f)), f).toBeGreaterThanOrEqual(0);
  });

  it('imports only go down the layers of docs/architecture.md', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it('the evidence of check-formula never reaches the shipped formulas', () => {
    expect(forbiddenChains(graph, 'candidate/evidence/', SHIPPED_FORMULAS)).toEqual([]);
  });

  it('the checks can fail: a planted upward import and a planted chain are found', () => {
    const planted: Graph = new Map(graph);
    planted.set('theory/params.ts', [...graph.get('theory/params.ts')!, 'sweep/spec.ts']);
    expect(layerViolations(planted)).toEqual(['theory/params.ts -> sweep/spec.ts']);
    const sideways: Graph = new Map(graph);
    sideways.set('sim/rng.ts', ['symbolic/expr.ts']);
    expect(layerViolations(sideways)).toEqual(['sim/rng.ts -> symbolic/expr.ts']);
    // Two steps away from the evidence: evidence -> candidate/parse.ts -> theory/limits.ts.
    const chained: Graph = new Map(graph);
    chained.set('candidate/parse.ts', [...graph.get('candidate/parse.ts')!, 'theory/limits.ts']);
    const chains = forbiddenChains(chained, 'candidate/evidence/', SHIPPED_FORMULAS);
    expect(chains.length).toBeGreaterThan(0);
    for (const c of chains)
      expect(c).toMatch(/^candidate\/evidence\/.* -> candidate\/parse\.ts -> theory\/limits\.ts$/);
  });

  it('docs/architecture.md states the same layer table', () => {
    const doc = readFileSync(resolve(SRC, '..', 'docs', 'architecture.md'), 'utf8');
    LAYERS.forEach((dirs, i) => expect(doc).toContain(`| ${i} | ${dirs.map((d) => `\`${d}\``).join(', ')} |`));
  });

  it('reads type-only imports, re-exports and dynamic imports', () => {
    const file = join(SRC, 'sim', 'x.ts');
    const text =
      "import type { A } from '../theory/a.js';\nexport { B } from " +
      "'./b.js';\nawait import('../cli/c.js');\nimport 'node:fs';";
    expect(importsOf(file, text)).toEqual(['theory/a.ts', 'sim/b.ts', 'cli/c.ts']);
  });
});
