// The shortest decimal that reads back to the same double, in the layout of JavaScript's String(x)
// and with its digits (the nearest of the shortest, ties to an even digit), about three times faster
// than String(x) in V8 for doubles of full precision (CSV output of a grid prints millions of them).
// The double x is scaled to N = |x|·10^k in [1e16, 1e17) in double-double arithmetic (error-free
// products, 10^k to 106 bits), so N is known to ~1e-14 absolute; rounding N to 17, 16, … digits gives
// the candidates, and a candidate is taken while its distance to N is below half the gap to x's
// neighbour on its side (the gap below a power of two is half the gap above). A distance within 1e-6
// of that bound, far above the arithmetic's error, is settled exactly in integers (`readsBack`).
// Outside [1e-280, 1e290] in magnitude (subnormals, huge exponents) String(x) does the work. Output is
// ASCII written into a byte buffer, so a CSV row costs no string per number.

/** 2^27 + 1, Veltkamp's splitter for a double's two 26-bit halves. */
const SPLITTER = 134217729;

const K_MIN = -280;
const K_MAX = 300;
/** 10^k as hi + lo (106 bits), for K_MIN <= k <= K_MAX, computed once from exact integers. */
let powHi: Float64Array | undefined;
let powLo: Float64Array | undefined;

function powersOfTen(): void {
  powHi = new Float64Array(K_MAX - K_MIN + 1);
  powLo = new Float64Array(K_MAX - K_MIN + 1);
  for (let k = K_MIN; k <= K_MAX; k++) {
    let hi: number;
    let lo: number;
    if (k >= 0) {
      const p = 10n ** BigInt(k);
      hi = Number(p);
      lo = Number(p - BigInt(hi));
    } else {
      // 10^k = q / 2^s with q an integer of about 130 bits (truncation error below 2^-128 relative).
      const d = 10n ** BigInt(-k);
      const s = BigInt(d.toString(2).length + 130);
      const q = (1n << s) / d;
      const qh = Number(q);
      const scale = (v: number) => v * 2 ** -Number(s - 600n) * 2 ** -600;
      hi = scale(qh);
      const exact = BigInt(qh); // qh is an integer (q has more than 53 bits)
      lo = scale(Number(q - exact));
    }
    powHi[k - K_MIN] = hi;
    powLo[k - K_MIN] = lo;
  }
}

const word = new Float64Array(1);
const words = new Uint32Array(word.buffer); // little-endian: words[1] holds the sign, exponent and top mantissa bits

/** 10^k rounded to a double, for K_MIN <= k <= K_MAX + 1: corrects the estimate of floor(log10 a). */
const POW10 = new Float64Array(K_MAX - K_MIN + 2);
for (let i = 0; i < POW10.length; i++) POW10[i] = Number(`1e${i + K_MIN}`);

/**
 * 2^(E − 1076) for each biased exponent E: half the gap from a double of exponent E to the next above
 * (E > 53 for a >= 1e-280, so every entry used is a normal double).
 */
const HALF_GAP = new Float64Array(2048);
for (let e = 0; e < 2048; e++) HALF_GAP[e] = 2 ** (e - 1076);

/** Whether the low part c (for the high part hi) is within the half gap on its side of rest (= x). */
function within(c: number, rest: number, below: number, above: number, a: number, hi: number, e10: number): boolean {
  const d = Math.abs(c - rest);
  const half = c < rest ? below : above;
  return d < half - 1e-6 || (d <= half + 1e-6 && readsBack(a, hi, c, e10));
}

/** The nearest integer, ties to even: of two equally near candidates String(x) keeps the even last digit. */
function roundEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Whether the decimal (hi·1e9 + low)·10^(e10 − 16) reads back as a > 0 (round to nearest, ties to
 * even), in exact integer arithmetic: the slow path for candidates at the rounding boundary.
 */
function readsBack(a: number, hi: number, low: number, e10: number): boolean {
  word[0] = a;
  const biased = (words[1]! >>> 20) & 0x7ff;
  const fraction = (BigInt(words[1]! & 0xfffff) << 32n) | BigInt(words[0]!);
  const m = fraction | (1n << 52n);
  const e2 = biased - 1075; // a = m·2^e2
  const p = e10 - 16; // candidate = c·10^p
  const c = BigInt(hi) * 1_000_000_000n + BigInt(low);
  // Everything times 10^max(0, −p)·2^max(0, 2 − e2): integers.
  const s10 = 10n ** BigInt(Math.max(0, -p));
  const s2 = BigInt(Math.max(0, 2 - e2));
  const cs = (c * 10n ** BigInt(Math.max(0, p))) << s2; // c·10^p·10^-p·2^s2 when p < 0
  const xs = ((m << s2) * s10 * (e2 >= 0 ? 1n << BigInt(e2) : 1n)) >> (e2 < 0 ? BigInt(-e2) : 0n);
  const below = cs < xs;
  // Half the gap on the candidate's side: the gap below a power of two is half the gap above.
  const gapExp = e2 - 1 - (below && fraction === 0n && biased > 1 ? 1 : 0);
  const gap = ((s10 << s2) * (gapExp >= 0 ? 1n << BigInt(gapExp) : 1n)) >> (gapExp < 0 ? BigInt(-gapExp) : 0n);
  const d = below ? xs - cs : cs - xs;
  return d < gap || (d === gap && (m & 1n) === 0n);
}

/** Writes the decimal digits of the integer v (0 <= v < 2^31), exactly `width` of them (zero-padded), at pos. */
function putDigits(buf: Uint8Array, pos: number, v: number, width: number): void {
  let i = pos + width - 1;
  for (; i > pos; i -= 2) {
    const q = (v / 100) | 0;
    const r = v - q * 100;
    buf[i] = PAIRS[2 * r + 1]!;
    buf[i - 1] = PAIRS[2 * r]!;
    v = q;
  }
  if (i === pos) buf[i] = 48 + v - ((v / 10) | 0) * 10;
}

/** 10^t for t = 0…9, as int32. */
const TENS = Int32Array.from({ length: 10 }, (_, t) => 10 ** t);

/** The two ASCII digits of 0…99. */
const PAIRS = new Uint8Array(200);
for (let r = 0; r < 100; r++) {
  PAIRS[2 * r] = 48 + Math.floor(r / 10);
  PAIRS[2 * r + 1] = 48 + (r % 10);
}

const ASCII_E = 101;
const ASCII_DOT = 46;
const ASCII_MINUS = 45;
const ASCII_PLUS = 43;
const ASCII_ZERO = 48;

/** Room a number may need in writeShortest's buffer: sign, 17 digits, '0.' and 6 zeros or an exponent. */
export const MAX_SHORTEST_BYTES = 32;

const fallback = new TextEncoder();

/**
 * Writes the shortest round-trip decimal of x (String(x)'s layout; -0 as "-0"; NaN and ±Infinity as
 * String writes them) into buf at pos as ASCII and returns the position after it. buf must have
 * MAX_SHORTEST_BYTES free from pos.
 */
export function writeShortest(x: number, buf: Uint8Array, pos: number): number {
  held[0] = x;
  return writeShortestOf(held, 0, buf, pos);
}

const held = new Float64Array(1);

/**
 * writeShortest of values[index]: the double is read here, so a caller in optimized code passes no double
 * across the call (which V8 boxes into a fresh heap number each time unless the callee is inlined).
 */
export function writeShortestOf(values: Float64Array, index: number, buf: Uint8Array, pos: number): number {
  const x = values[index]!;
  if (x === 0) {
    if (Object.is(x, -0)) buf[pos++] = ASCII_MINUS;
    buf[pos] = ASCII_ZERO;
    return pos + 1;
  }
  const a = Math.abs(x);
  if (!(a >= 1e-280 && a <= 1e290)) return pos + fallback.encodeInto(String(x), buf.subarray(pos)).written;
  if (powHi === undefined) powersOfTen();
  word[0] = a;
  const biased = words[1]! >>> 20; // a > 0: no sign bit
  const powerOfTwo = (words[1]! & 0xfffff) === 0 && words[0] === 0;
  // floor(log10 a) from the binary exponent (one below at most), raised by one comparison; the loop
  // below settles the rare case where a rounded power of ten misleads it.
  let e10 = Math.floor((biased - 1023) * 0.3010299956639812);
  if (a >= POW10[e10 + 1 - K_MIN]!) e10++;
  // N = a·10^(16 − e10) in [1e16, 1e17) as nh + nl, a's halves split once (Dekker's product).
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  let nh = 0;
  let nl = 0;
  let i = 0;
  for (;;) {
    i = 16 - e10 - K_MIN;
    const b = powHi![i]!;
    const p = a * b;
    t = SPLITTER * b;
    const bh = t - (t - b);
    const bl = b - bh;
    nl = al * bl - (p - ah * bh - al * bh - ah * bl) + a * powLo![i]!;
    nh = p + nl; // renormalise hi + lo
    nl = nl - (nh - p);
    if (nh < 1e16) e10--;
    else if (nh >= 1e17) e10++;
    else break;
  }
  // N = hi·1e9 + rest, rest in [0, 1e9) known to ~1e-7: hi·1e9 = (hi·1953125)·2^9 is exact (hi < 1e8),
  // and so is nh − hi·1e9 (Sterbenz: hi·1e9 >= nh/2).
  let hi = Math.floor(nh / 1e9);
  let rest = nh - hi * 1e9 + nl;
  if (rest < 0) {
    hi--;
    rest += 1e9;
  } else if (rest >= 1e9) {
    hi++;
    rest -= 1e9;
  }
  // Half an ulp of x in units of N's last digit; a candidate nearer reads back as x. Within 1e-6 of
  // that boundary (far above the arithmetic's error, rarely met) the question is settled exactly.
  const above = HALF_GAP[biased]! * powHi![i]!;
  const below = powerOfTwo ? above / 2 : above;
  // Round away t digits (t = 1…9) from the low part while the candidate stays within half an ulp.
  let low = roundEven(rest);
  let dropped = 0;
  for (let d = 1, p = 10; d <= 9; d++, p *= 10) {
    let c = roundEven(rest / p) * p;
    // At a power of two the gap below is smaller: the nearest candidate may fail below, the next above not.
    if (powerOfTwo && c < rest && !within(c, rest, below, above, a, hi, e10)) c += p;
    if (!within(c, rest, below, above, a, hi, e10)) break;
    low = c;
    dropped = d;
  }
  if (low >= 1e9) {
    hi++;
    low -= 1e9;
  }
  if (hi >= 1e8) {
    // 10^17: the digit 1 and a larger exponent
    hi = 1e7;
    e10++;
  }
  if (x < 0) buf[pos++] = ASCII_MINUS;
  // k significant digits: 17 less the dropped zeros of low, less any further zeros of low and of hi
  // (in int32 arithmetic: hi < 1e8, low < 1e9; a double's % is a slow call).
  const h = hi | 0;
  const l = low | 0;
  let k = 17 - dropped;
  if (l === 0) {
    k = 8;
    for (let v = h, q = (v / 10) | 0; k > 1 && q * 10 === v; v = q, q = (v / 10) | 0) k--;
  } else {
    for (let v = (l / TENS[dropped]!) | 0, q = (v / 10) | 0; q * 10 === v; v = q, q = (v / 10) | 0) k--;
  }
  const n = e10 + 1;
  if (k <= n && n <= 21) {
    writeDigits(buf, pos, h, l);
    for (let j = k; j < n; j++) buf[pos + j] = ASCII_ZERO;
    return pos + n;
  }
  if (0 < n && n <= 21) {
    // The digits one place to the right, then the first n moved back over the gap for the point.
    writeDigits(buf, pos + 1, h, l);
    for (let j = 0; j < n; j++) buf[pos + j] = buf[pos + j + 1]!;
    buf[pos + n] = ASCII_DOT;
    return pos + k + 1;
  }
  if (-6 < n && n <= 0) {
    const z = 2 - n; // '0.' and -n zeros
    buf[pos] = ASCII_ZERO;
    buf[pos + 1] = ASCII_DOT;
    for (let j = 2; j < z; j++) buf[pos + j] = ASCII_ZERO;
    writeDigits(buf, pos + z, h, l);
    return pos + z + k;
  }
  writeDigits(buf, pos + 1, h, l);
  buf[pos] = buf[pos + 1]!;
  let at = pos + 1;
  if (k > 1) {
    buf[at] = ASCII_DOT;
    at += k;
  }
  const e = n - 1;
  buf[at++] = ASCII_E;
  buf[at++] = e < 0 ? ASCII_MINUS : ASCII_PLUS;
  const ae = Math.abs(e);
  const w = ae >= 100 ? 3 : ae >= 10 ? 2 : 1;
  putDigits(buf, at, ae, w);
  return at + w;
}

/** The four ASCII digits of 0…9999 as a little-endian 32-bit word (the first digit in the low byte). */
const QUADS = new Uint32Array(10000);
for (let v = 0; v < 10000; v++) {
  const hi = (v / 100) | 0;
  const lo = v - hi * 100;
  QUADS[v] = PAIRS[2 * hi]! | (PAIRS[2 * hi + 1]! << 8) | (PAIRS[2 * lo]! << 16) | (PAIRS[2 * lo + 1]! << 24);
}

let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
let viewOf: Uint8Array | undefined;

/**
 * Writes the 17 digits of hi (8, hi >= 1e7) and low (9, zero-padded) at pos, four at a time through a
 * DataView on buf (one store instead of four; the view is made once per buffer).
 */
function writeDigits(buf: Uint8Array, pos: number, hi: number, low: number): void {
  if (buf !== viewOf) {
    view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    viewOf = buf;
  }
  const h1 = (hi / 10000) | 0;
  view.setUint32(pos, QUADS[h1]!, true);
  view.setUint32(pos + 4, QUADS[hi - h1 * 10000]!, true);
  const l1 = (low / 100000000) | 0;
  const rest = low - l1 * 100000000;
  const l2 = (rest / 10000) | 0;
  buf[pos + 8] = 48 + l1;
  view.setUint32(pos + 9, QUADS[l2]!, true);
  view.setUint32(pos + 13, QUADS[rest - l2 * 10000]!, true);
}

const one = new Uint8Array(MAX_SHORTEST_BYTES + 32);

/** The shortest round-trip decimal of x as a string (writeShortest's text). */
export function shortest(x: number): string {
  // ASCII only: no TextDecoder (whose construction costs start-up to every importer).
  return String.fromCharCode(...one.subarray(0, writeShortest(x, one, 0)));
}
