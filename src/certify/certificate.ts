// The certificate file: the claim, the root box and every leaf cell of the subdivision with its status
// and the enclosure that decided it. Numbers are JSON numbers (a double round-trips exactly through
// its shortest decimal); infinite bounds are the strings "inf" and "-inf".
import { PARAM_NAMES } from '../theory/params.js';
import type { Box } from './box.js';
import { iv, type Interval } from './interval.js';

export const CERTIFICATE_FORMAT = 'icl-verify-certificate/1';

export type CellStatus = 'proved' | 'disproved' | 'counterexample' | 'undecided';

export interface Cell {
  box: Box;
  status: CellStatus;
  /** The claim's enclosed quantity over the cell. */
  value: Interval;
  /** A point of the cell where the claim is false, with the quantity's enclosure there (status counterexample). */
  witness?: { point: Box; value: Interval };
}

export interface Certificate {
  format: typeof CERTIFICATE_FORMAT;
  claim: string;
  box: Box;
  cells: Cell[];
  /** Volume fractions of the root box (over its sides that are not points). */
  proved: number;
  disproved: number;
}

type Bound = number | 'inf' | '-inf';
type JsonInterval = [Bound, Bound];
const bound = (v: number): Bound => (v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v);
const unbound = (b: unknown): number => {
  if (b === 'inf') return Infinity;
  if (b === '-inf') return -Infinity;
  if (typeof b !== 'number' || !Number.isFinite(b)) throw new Error(`certificate: not a bound: ${JSON.stringify(b)}`);
  return b;
};
const toJsonInterval = (a: Interval): JsonInterval => [bound(a.lo), bound(a.hi)];
const fromJsonInterval = (a: unknown): Interval => {
  if (!Array.isArray(a) || a.length !== 2) throw new Error(`certificate: not an interval: ${JSON.stringify(a)}`);
  return iv(unbound(a[0]), unbound(a[1]));
};
const toJsonBox = (b: Box) => Object.fromEntries(PARAM_NAMES.map((k) => [k, toJsonInterval(b[k])]));
const fromJsonBox = (o: unknown): Box => {
  if (typeof o !== 'object' || o === null) throw new Error('certificate: not a box');
  return Object.fromEntries(PARAM_NAMES.map((k) => [k, fromJsonInterval((o as Record<string, unknown>)[k])])) as Box;
};

export function toJson(c: Certificate): string {
  return JSON.stringify({
    format: c.format,
    claim: c.claim,
    box: toJsonBox(c.box),
    proved: c.proved,
    disproved: c.disproved,
    cells: c.cells.map((cell) => ({
      box: toJsonBox(cell.box),
      status: cell.status,
      value: toJsonInterval(cell.value),
      ...(cell.witness
        ? { witness: { point: toJsonBox(cell.witness.point), value: toJsonInterval(cell.witness.value) } }
        : {}),
    })),
  });
}

const STATUSES: readonly CellStatus[] = ['proved', 'disproved', 'counterexample', 'undecided'];

export function fromJson(text: string): Certificate {
  const o = JSON.parse(text) as Record<string, unknown>;
  if (o.format !== CERTIFICATE_FORMAT) throw new Error(`certificate: format must be ${CERTIFICATE_FORMAT}`);
  if (typeof o.claim !== 'string' || !Array.isArray(o.cells)) throw new Error('certificate: claim or cells missing');
  return {
    format: CERTIFICATE_FORMAT,
    claim: o.claim,
    box: fromJsonBox(o.box),
    proved: Number(o.proved),
    disproved: Number(o.disproved),
    cells: o.cells.map((raw: Record<string, unknown>) => {
      if (!STATUSES.includes(raw.status as CellStatus))
        throw new Error(`certificate: bad status ${String(raw.status)}`);
      const w = raw.witness as Record<string, unknown> | undefined;
      return {
        box: fromJsonBox(raw.box),
        status: raw.status as CellStatus,
        value: fromJsonInterval(raw.value),
        ...(w ? { witness: { point: fromJsonBox(w.point), value: fromJsonInterval(w.value) } } : {}),
      };
    }),
  };
}
