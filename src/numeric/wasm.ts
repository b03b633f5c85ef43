// Just enough of the WebAssembly binary format to assemble the fit's SIMD kernels (kernels.ts) from
// TypeScript: integer/float scalars, f64x2 lanes, loads and stores, structured loops. Building the
// bytes here keeps the kernels readable next to the code that calls them, with no toolchain and no
// binary in the repository. Reference: the WebAssembly core specification, §5 (binary format).

type ValType = 'i32' | 'f64' | 'v128';
const TYPE_CODE: Record<ValType, number> = { i32: 0x7f, f64: 0x7c, v128: 0x7b };

/** Instructions, in the order the stack machine executes them. */
export type Code = number[];

const uleb = (v: number): number[] => {
  const out: number[] = [];
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
};

const sleb = (v: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
};

const f64Bytes = (v: number): number[] => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v, true); // the binary format is little-endian whatever the host
  return [...new Uint8Array(view.buffer)];
};
const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((ch) => ch.charCodeAt(0))];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

const simd = (op: number, ...rest: number[]): Code => [0xfd, ...uleb(op), ...rest];
/** memarg: log2 of the natural alignment, then a constant byte offset. */
const memarg = (align: number, offset: number): number[] => [...uleb(align), ...uleb(offset)];

/** Instruction builders; operands come first (their code is spliced before the opcode). */
export const I = {
  i32: (v: number): Code => [0x41, ...sleb(v)],
  f64: (v: number): Code => [0x44, ...f64Bytes(v)],
  add: (a: Code, b: Code): Code => [...a, ...b, 0x6a],
  mul: (a: Code, b: Code): Code => [...a, ...b, 0x6c],
  shl: (a: Code, b: Code): Code => [...a, ...b, 0x74],
  geU: (a: Code, b: Code): Code => [...a, ...b, 0x4f],
  fadd: (a: Code, b: Code): Code => [...a, ...b, 0xa0],
  fmul: (a: Code, b: Code): Code => [...a, ...b, 0xa2],
  fload: (addr: Code, offset = 0): Code => [...addr, 0x2b, ...memarg(3, offset)],
  fstore: (addr: Code, value: Code, offset = 0): Code => [...addr, ...value, 0x39, ...memarg(3, offset)],
  vload: (addr: Code): Code => [...addr, ...simd(0x00, ...memarg(4, 0))],
  vstore: (addr: Code, value: Code): Code => [...addr, ...value, ...simd(0x0b, ...memarg(4, 0))],
  vzero: (): Code => simd(0x0c, ...new Array<number>(16).fill(0)),
  vsplat: (a: Code): Code => [...a, ...simd(0x14)],
  vlane: (a: Code, lane: 0 | 1): Code => [...a, ...simd(0x21, lane)],
  vadd: (a: Code, b: Code): Code => [...a, ...b, ...simd(0xf0)],
  vmul: (a: Code, b: Code): Code => [...a, ...b, ...simd(0xf2)],
  /** while (!(counter >= limit)) { body; counter += step }, as block/loop/br_if/br. */
  forUp: (counter: Local, limit: Code, step: number, body: Code[]): Code => [
    0x02,
    0x40,
    0x03,
    0x40,
    ...I.geU(counter.get(), limit),
    0x0d,
    1,
    ...body.flat(),
    ...counter.set(I.add(counter.get(), I.i32(step))),
    0x0c,
    0,
    0x0b,
    0x0b,
  ],
};

export interface Local {
  get(): Code;
  set(value: Code): Code;
}

/** A function under construction: parameters first, then locals, each by name. */
export class Func {
  private readonly types: ValType[] = [];
  private readonly names = new Map<string, number>();
  readonly paramCount: number;

  constructor(
    readonly exportName: string,
    params: readonly [string, ValType][],
  ) {
    params.forEach(([n, t]) => this.local(n, t));
    this.paramCount = params.length;
  }

  local(n: string, t: ValType): Local {
    if (this.names.has(n)) throw new Error(`wasm: local ${n} declared twice`);
    this.names.set(n, this.types.length);
    this.types.push(t);
    return this.ref(n);
  }

  ref(n: string): Local {
    const index = this.names.get(n);
    if (index === undefined) throw new Error(`wasm: no local ${n}`);
    return { get: () => [0x20, ...uleb(index)], set: (value) => [...value, 0x21, ...uleb(index)] };
  }

  params(): ValType[] {
    return this.types.slice(0, this.paramCount);
  }

  /** The code-section entry: local declarations (one group per local) and the body. */
  encode(body: Code[]): number[] {
    const locals = this.types.slice(this.paramCount).map((t) => [1, TYPE_CODE[t]]);
    const content = [...vec(locals), ...body.flat(), 0x0b];
    return [...uleb(content.length), ...content];
  }
}

/** A module importing its memory as env.memory and exporting each function by name (no results). */
export function assemble(funcs: readonly { func: Func; body: Code[] }[]): Uint8Array<ArrayBuffer> {
  const types = funcs.map(({ func }) => [0x60, ...vec(func.params().map((t) => [TYPE_CODE[t]])), 0]);
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec(funcs.map((_, i) => uleb(i)))),
    ...section(7, vec(funcs.map(({ func }, i) => [...name(func.exportName), 0x00, ...uleb(i)]))),
    ...section(10, vec(funcs.map(({ func, body }) => func.encode(body)))),
  ];
  return new Uint8Array(bytes);
}
