// Evidence is free-form; JSON.stringify would silently turn Infinity and NaN into null and throw on
// bigints and cycles. This makes a plain JSON value that keeps what a reader needs.

export function jsonSafe(value: unknown, seen: Set<object> = new Set()): unknown {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  const obj = value as object;
  // Decimal, Date and friends know their own JSON form.
  const toJSON = (obj as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return jsonSafe(toJSON.call(obj), seen);
  if (seen.has(obj)) return '[circular]';
  seen.add(obj);
  let out: unknown;
  if (Array.isArray(obj)) out = obj.map((v) => jsonSafe(v, seen) ?? null);
  else if (ArrayBuffer.isView(obj)) out = Array.from(obj as unknown as ArrayLike<number>, (v) => jsonSafe(v, seen));
  else if (obj instanceof Map) out = Object.fromEntries([...obj].map(([k, v]) => [String(k), jsonSafe(v, seen)]));
  else if (obj instanceof Set) out = [...obj].map((v) => jsonSafe(v, seen));
  else if (obj instanceof Error) out = { error: `${obj.name}: ${obj.message}` };
  else {
    const rec: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      const s = jsonSafe(v, seen);
      if (s !== undefined) rec[k] = s;
    }
    out = rec;
  }
  seen.delete(obj);
  return out;
}
