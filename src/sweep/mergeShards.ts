// Merging shard files: every line must be complete and identify its point; the same point twice is
// fine only if both lines say the same thing. The output is sorted by kind and then by parameters,
// numerically, so merging any split of one sweep gives the same bytes.
import { lineParams } from './compute.js';
import { JournalError, parseJournal, readText } from './journal.js';
import { pointKey, type Kind } from './points.js';
import { DOMAIN_KEYS } from '../theory/params.js';
import { SETTINGS, settingOf } from './settings.js';
import { SIMULATE_AXES, TRAIN_AXES } from './spec.js';

export class MergeError extends Error {
  override name = 'MergeError';
}

interface Entry {
  kind: Kind;
  params: Record<string, string>;
  text: string;
  canonical: string;
  where: string;
}

interface Merged {
  lines: string[];
  /** Keys of the merged results (for a completeness check against a spec). */
  keys: string[];
  /** Lines read, and duplicates that agreed (kept once). */
  read: number;
  duplicates: number;
}

export function mergeFiles(files: readonly string[]): Merged {
  const byKey = new Map<string, Entry>();
  const firstOfKind = new Map<Kind, { value: Record<string, unknown>; where: string }>();
  let read = 0;
  let duplicates = 0;
  for (const file of files) {
    const parsed = (() => {
      try {
        return parseJournal(readText(file), file);
      } catch (err) {
        if (err instanceof JournalError) throw new MergeError(err.message);
        throw err;
      }
    })();
    if (parsed.tornBytes > 0)
      throw new MergeError(
        `${file}: the last line is incomplete (${parsed.tornBytes} bytes, ` +
          `a run was killed); rerun its sweep with the same --out to finish it`,
      );
    for (const l of parsed.lines) {
      read++;
      const id = lineParams(l.value);
      const where = `${file}:${l.line}`;
      if (typeof id === 'string') throw new MergeError(`${where}: not a sweep result line: ${id}`);
      const key = pointKey(id.kind, id.params);
      const entry: Entry = { ...id, text: l.text, canonical: stableJson(l.value), where };
      const first = firstOfKind.get(id.kind);
      if (first === undefined) firstOfKind.set(id.kind, { value: l.value, where });
      else {
        const setting = SETTINGS[id.kind].shared.find((s) => settingOf(first.value, s) !== settingOf(l.value, s));
        if (setting !== undefined) throw new MergeError(differentSettings(setting, first, { value: l.value, where }));
      }
      const prev = byKey.get(key);
      if (prev === undefined) byKey.set(key, entry);
      else if (prev.canonical === entry.canonical) duplicates++;
      else {
        const before = { value: JSON.parse(prev.text) as Record<string, unknown>, where: prev.where };
        const setting = SETTINGS[id.kind].perPoint.find((s) => settingOf(before.value, s) !== settingOf(l.value, s));
        if (setting !== undefined) throw new MergeError(differentSettings(setting, before, { value: l.value, where }));
        throw new MergeError(
          `${where}: ${describeKey(id.kind, id.params)} disagrees ` +
            `with ${prev.where}: ${firstDifference(before.value, l.value)}`,
        );
      }
    }
  }
  const sorted = [...byKey.entries()].sort((a, b) => compareEntries(a[1], b[1]));
  return { lines: sorted.map(([, e]) => e.text), keys: sorted.map(([k]) => k), read, duplicates };
}

const KIND_ORDER: Record<Kind, number> = { theory: 0, simulate: 1, train: 2 };
const SORT_AXES: Record<Kind, readonly string[]> = {
  theory: DOMAIN_KEYS,
  simulate: ['d', ...SIMULATE_AXES.filter((a) => a !== 'd')],
  train: TRAIN_AXES,
};

function compareEntries(a: Entry, b: Entry): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  for (const axis of SORT_AXES[a.kind]) {
    const c = compareValues(a.params[axis] ?? '', b.params[axis] ?? '');
    if (c !== 0) return c;
  }
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}

function compareValues(x: string, y: string): number {
  const nx = x === 'inf' ? Infinity : Number(x);
  const ny = y === 'inf' ? Infinity : Number(y);
  if (!Number.isNaN(nx) && !Number.isNaN(ny) && nx !== ny) return nx < ny ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function differentSettings(
  setting: string,
  a: { value: Record<string, unknown>; where: string },
  b: { value: Record<string, unknown>; where: string },
): string {
  return (
    `${b.where} was made with different settings than ${a.where}: ${setting} ${settingOf(a.value, setting)} ` +
    `there, ${settingOf(b.value, setting)} here (merge only shards of one spec; ` +
    `rerun the odd shard with the spec's settings)`
  );
}

function describeKey(kind: Kind, params: Record<string, string>): string {
  return `${kind} point (${Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')})`;
}

/** JSON with object keys sorted, to compare lines whatever their key order. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (stableJson(a) === stableJson(b)) return 'no difference';
  if (
    a !== null &&
    b !== null &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const x = (a as Record<string, unknown>)[k];
      const y = (b as Record<string, unknown>)[k];
      if (stableJson(x) !== stableJson(y)) return firstDifference(x, y, path ? `${path}.${k}` : k);
    }
  }
  return `${path || 'value'} is ${JSON.stringify(a) ?? 'absent'} there and ${JSON.stringify(b) ?? 'absent'} here`;
}

/** With the spec: every grid point present and nothing else (a shard that never ran is caught here). */
export function checkComplete(merged: Merged, gridKeys: readonly string[], specFile: string): void {
  const want = new Set(gridKeys);
  const have = new Set(merged.keys);
  const foreign = merged.keys.filter((k) => !want.has(k));
  if (foreign.length)
    throw new MergeError(`${foreign.length} result(s) are not points of ${specFile}, e.g. ${foreign[0]}`);
  const missing = gridKeys.filter((k) => !have.has(k));
  if (missing.length)
    throw new MergeError(
      `${missing.length} of the ${gridKeys.length} points of ${specFile} have ` +
        `no result (a shard did not run or did not finish), e.g. ${missing[0]}`,
    );
}
