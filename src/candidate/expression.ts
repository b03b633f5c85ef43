// The expression language of candidate files: + - * / ^, unary minus, parentheses, numbers
// (1, 0.5, .5, 1e-3), names and calls f(a, b). Every node keeps its source position so that
// later errors (unknown name, cycle, bad arity) point at the exact column.

/** A mistake in a candidate file, located at a 1-based line and column. */
export class CandidateError extends Error {
  override name = 'CandidateError';
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
  }
}

export interface Pos {
  line: number;
  col: number;
}

export type Expr =
  | { kind: 'num'; value: number; pos: Pos }
  | { kind: 'name'; name: string; pos: Pos }
  | { kind: 'call'; name: string; args: Expr[]; pos: Pos }
  | { kind: 'neg'; arg: Expr; pos: Pos }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr; pos: Pos }
  /** base^(num/2): exponents are constant multiples of 1/2, so any precision context can evaluate them. */
  | { kind: 'pow'; base: Expr; halves: number; pos: Pos };

export type Token =
  | { kind: 'num'; value: number; text: string; col: number }
  | { kind: 'name'; text: string; col: number }
  | { kind: 'op'; text: string; col: number }
  | { kind: 'end'; text: ''; col: number };

const OPERATORS = ['<=', '>=', '==', '+', '-', '*', '/', '^', '(', ')', ',', '<', '>', '='];

/** Splits one line (columns counted from `startCol`, 1-based) into tokens. */
export function tokenize(text: string, line: number, startCol: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const col = startCol + i;
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      if (/^[A-Za-z_]/.test(text.slice(i + num[0].length))) {
        throw new CandidateError(`malformed number '${num[0]}${text[i + num[0].length]}'`, line, col);
      }
      out.push({ kind: 'num', value: Number(num[0]), text: num[0], col });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (name) {
      out.push({ kind: 'name', text: name[0], col });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op === undefined) throw new CandidateError(`unexpected character '${ch}'`, line, col);
    out.push({ kind: 'op', text: op, col });
    i += op.length;
  }
  out.push({ kind: 'end', text: '', col: startCol + text.replace(/\s+$/, '').length });
  return out;
}

/** A cursor over one line's tokens. */
export class Tokens {
  private i = 0;
  constructor(
    private readonly toks: Token[],
    readonly line: number,
  ) {}
  peek(): Token {
    return this.toks[this.i]!;
  }
  next(): Token {
    const t = this.toks[this.i]!;
    if (t.kind !== 'end') this.i++;
    return t;
  }
  isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }
  expectOp(text: string, what: string): Token {
    const t = this.peek();
    if (t.kind !== 'op' || t.text !== text) throw this.error(`expected '${text}' ${what}, found ${describe(t)}`, t);
    return this.next();
  }
  expectEnd(): void {
    const t = this.peek();
    if (t.kind !== 'end') throw this.error(`unexpected ${describe(t)} after the end of the statement`, t);
  }
  error(message: string, t: Token = this.peek()): CandidateError {
    return new CandidateError(message, this.line, t.col);
  }
}

export const describe = (t: Token): string => (t.kind === 'end' ? 'end of line' : `'${t.text}'`);

/** expr := term (('+' | '-') term)* */
export function parseExpr(ts: Tokens): Expr {
  let left = parseTerm(ts);
  while (ts.isOp('+') || ts.isOp('-')) {
    const op = ts.next();
    left = { kind: 'bin', op: op.text as '+' | '-', left, right: parseTerm(ts), pos: { line: ts.line, col: op.col } };
  }
  return left;
}

/** term := unary (('*' | '/') unary)* */
function parseTerm(ts: Tokens): Expr {
  let left = parseUnary(ts);
  while (ts.isOp('*') || ts.isOp('/')) {
    const op = ts.next();
    left = { kind: 'bin', op: op.text as '*' | '/', left, right: parseUnary(ts), pos: { line: ts.line, col: op.col } };
  }
  return left;
}

/** unary := ('-' | '+') unary | power; so -a^2 is -(a^2), as in mathematics. */
function parseUnary(ts: Tokens): Expr {
  if (ts.isOp('-')) {
    const op = ts.next();
    return { kind: 'neg', arg: parseUnary(ts), pos: { line: ts.line, col: op.col } };
  }
  if (ts.isOp('+')) {
    ts.next();
    return parseUnary(ts);
  }
  return parsePower(ts);
}

/** power := primary ('^' exponent)?, right-associative through the exponent's own unary. */
function parsePower(ts: Tokens): Expr {
  const base = parsePrimary(ts);
  if (!ts.isOp('^')) return base;
  const op = ts.next();
  const expTok = ts.peek();
  const exponent = constantValue(parseUnary(ts));
  if (exponent === undefined || !Number.isInteger(exponent * 2) || Math.abs(exponent) > 64) {
    throw ts.error('exponent must be a constant multiple of 1/2 between -64 and 64 (e.g. 2, -1, 0.5)', expTok);
  }
  return { kind: 'pow', base, halves: exponent * 2, pos: { line: ts.line, col: op.col } };
}

function parsePrimary(ts: Tokens): Expr {
  const t = ts.next();
  const pos = { line: ts.line, col: t.col };
  if (t.kind === 'num') return { kind: 'num', value: t.value, pos };
  if (t.kind === 'name') {
    if (!ts.isOp('(')) return { kind: 'name', name: t.text, pos };
    ts.next();
    const args: Expr[] = [];
    if (!ts.isOp(')')) {
      args.push(parseExpr(ts));
      while (ts.isOp(',')) {
        ts.next();
        args.push(parseExpr(ts));
      }
    }
    ts.expectOp(')', `to close the call of ${t.text}`);
    return { kind: 'call', name: t.text, args, pos };
  }
  if (t.kind === 'op' && t.text === '(') {
    const inner = parseExpr(ts);
    ts.expectOp(')', 'to close the parenthesis');
    return inner;
  }
  throw ts.error(`expected a number, a name or '(', found ${describe(t)}`, t);
}

/** The value of an expression made of numbers only (exponents), else undefined. */
function constantValue(e: Expr): number | undefined {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'neg': {
      const v = constantValue(e.arg);
      return v === undefined ? undefined : -v;
    }
    case 'bin': {
      const a = constantValue(e.left);
      const b = constantValue(e.right);
      if (a === undefined || b === undefined) return undefined;
      return e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : a / b;
    }
    case 'pow': {
      const a = constantValue(e.base);
      return a === undefined ? undefined : a ** (e.halves / 2);
    }
    default:
      return undefined;
  }
}

/** Every name an expression refers to (function names excluded), with its position. */
export function namesIn(e: Expr, out: { name: string; pos: Pos }[] = []): { name: string; pos: Pos }[] {
  switch (e.kind) {
    case 'name':
      out.push({ name: e.name, pos: e.pos });
      break;
    case 'call':
      e.args.forEach((a) => namesIn(a, out));
      break;
    case 'neg':
      namesIn(e.arg, out);
      break;
    case 'bin':
      namesIn(e.left, out);
      namesIn(e.right, out);
      break;
    case 'pow':
      namesIn(e.base, out);
      break;
    case 'num':
      break;
  }
  return out;
}

/** Every call in an expression, with its position. */
export function callsIn(e: Expr, out: { name: string; arity: number; pos: Pos }[] = []): { name: string; arity: number; pos: Pos }[] {
  switch (e.kind) {
    case 'call':
      out.push({ name: e.name, arity: e.args.length, pos: e.pos });
      e.args.forEach((a) => callsIn(a, out));
      break;
    case 'neg':
      callsIn(e.arg, out);
      break;
    case 'bin':
      callsIn(e.left, out);
      callsIn(e.right, out);
      break;
    case 'pow':
      callsIn(e.base, out);
      break;
    default:
      break;
  }
  return out;
}
