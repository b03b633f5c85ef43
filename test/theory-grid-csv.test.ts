// The byte writer of float64 CSV grids (gridCsvChunks: finiteFloat64.ts, the shortest formatter, reused
// buffers) against the generic rows (gridRows: `evaluate` at every point) written by the table writer
// (String(x) per number): the same text, over several chunks whose buffers are handed back and filled
// again, on a grid with ridge and ridgeless points, κ = ∞, the limit α = ∞ (growth notes) and τ = 1 at
// λ = 0 (outside the domain).
import { describe, expect, it } from 'vitest';
import { TableWriter } from '../src/io/table.js';
import { gridColumns, gridCsvChunks, gridRows, parseGrid, type GridRequest } from '../src/theory/gridEval.js';

const flags: Record<string, string> = {
  alpha: 'log:0.1:100:60,inf',
  kappa: '0.5,inf',
  tau: 'log:0.1:10:100,1',
  rho: '0.1',
  lambda: '0,0.1',
};

describe('gridCsvChunks', () => {
  it('writes the text of the generic rows, chunk buffers reused', async () => {
    const req: GridRequest = { axes: parseGrid((f) => flags[f]), digits: null };
    let expected = '';
    const w = new TableWriter(
      {
        write: (chunk) => {
          expected += chunk as string;
          return true;
        },
        once: () => undefined,
      },
      'csv',
      gridColumns(req),
    );
    const generic = { count: 0, first: '' };
    for (const row of gridRows(req, generic)) w.row(row);
    await w.end();
    expected = expected.slice(expected.indexOf('\n') + 1); // the header line

    const pool: Uint8Array[] = [];
    const buffers = new Set<ArrayBufferLike>();
    const outside = { count: 0, first: '' };
    let text = '';
    for (const chunk of gridCsvChunks(req, outside, undefined, pool)) {
      text += new TextDecoder().decode(chunk);
      buffers.add(chunk.buffer);
      chunk.fill(0); // a reused buffer must be written afresh
      pool.push(chunk);
    }
    expect(text.split('\n').length).toBe(61 * 2 * 101 * 2 + 1);
    expect(text === expected).toBe(true);
    expect(outside).toEqual(generic);
    expect(outside.count).toBe(61 * 2); // tau = 1 at lambda = 0, alpha finite or not
    expect(text).toMatch(/,alpha=inf,[^\n]*eICL ~ /); // a growth note of the limit
    // several chunks, all in one buffer
    expect(text.length).toBeGreaterThan(2 * (1 << 20));
    expect(buffers.size).toBe(1);
  });
});
