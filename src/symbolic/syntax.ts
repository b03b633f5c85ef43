// The one expression grammar of the project, used for proof steps (parse.ts) and candidate files
// (candidate/parse.ts): + - * / ^, unary minus, parentheses, numbers (1, 0.5, .5, 1e-3), names and
// calls f(a, b); inside a call's arguments a comparison a < b (<, <=, >, >=), which only the piecewise
// if(cond, then, else) accepts. The syntax tree keeps source positions, so errors found after parsing
// (unknown name, cycle, bad arity) point at the exact column; `lower` turns it into the symbolic
// layer's Expr.
import {
  add,
  constant,
  div,
  elem,
  fn,
  mul,
  neg,
  piecewise,
  pow,
  sqrt,
  sub,
  type ElemName,
  type Expr,
  type FnName,
} from './expr.js';

/** A mistake in an expression's text, located at a 1-based line and column. */
export class ParseError extends Error {
  override name = 'ParseError';
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

export type Syntax =
  | { kind: 'num'; value: number; text: string; pos: Pos }
  | { kind: 'name'; name: string; pos: Pos }
  | { kind: 'call'; name: string; args: Syntax[]; pos: Pos }
  | { kind: 'neg'; arg: Syntax; pos: Pos }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: Syntax; right: Syntax; pos: Pos }
  /** base^(halves/2): exponents are constant multiples of 1/2, so any precision context can evaluate them. */
  | { kind: 'pow'; base: Syntax; halves: number; pos: Pos }
  /** A comparison, only as the condition of if(...). */
  | { kind: 'cmp'; op: CmpOp; left: Syntax; right: Syntax; pos: Pos };

export type CmpOp = '<' | '<=' | '>' | '>=';
const CMP_OPS: readonly CmpOp[] = ['<=', '>=', '<', '>'];

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
        throw new ParseError(`malformed number '${num[0]}${text[i + num[0].length]}'`, line, col);
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
    if (op === undefined) throw new ParseError(`unexpected character '${ch}'`, line, col);
    out.push({ kind: 'op', text: op, col });
    i += op.length;
  }
  out.push({ kind: 'end', text: '', col: startCol + text.replace(/\s+$/, '').length });
  return out;
}

/**
 * How deep an expression's tree may be: nested parentheses, calls, signs and exponents, plus the
 * length of a chain like a + b + c (a left-leaning tree). Parsing and every later walk recurse once
 * per level, so without a bound a pathological line (thousands of '(') would exhaust the stack
 * instead of getting a located message; no formula of the theory comes near it.
 */
export const MAX_NESTING = 250;

/** A cursor over one line's tokens. */
export class Tokens {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly toks: Token[],
    readonly line: number,
  ) {}
  peek(): Token {
    return this.toks[this.i]!;
  }
  /** Consumes the next token; the end token is never consumed, so peek() after the end still gives it. */
  next(): Token {
    const t = this.toks[this.i]!;
    if (t.kind !== 'end') this.i++;
    return t;
  }
  isOp(text: string): boolean {
    const t = this.peek();
    return (
      t.text === text &&
      // Stryker disable next-line ConditionalExpression: only op tokens carry an op's text (docs/equivalent-mutants.md)
      t.kind === 'op'
    );
  }
  expectOp(text: string, what: string): Token {
    const t = this.peek();
    if (!this.isOp(text)) throw this.error(`expected '${text}' ${what}, found ${describe(t)}`, t);
    return this.next();
  }
  expectEnd(): void {
    const t = this.peek();
    if (t.kind !== 'end') throw this.error(`unexpected ${describe(t)} after the end of the statement`, t);
  }
  /** Runs one nested level of the grammar, refusing to go deeper than MAX_NESTING. */
  nested<R>(parse: () => R): R {
    this.deeper(1);
    try {
      return parse();
    } finally {
      this.shallower(1);
    }
  }
  /** Adds levels to the current depth (the caller takes them back), refusing beyond MAX_NESTING. */
  deeper(levels: number): void {
    if (this.depth + levels > MAX_NESTING)
      throw this.error(
        `expression nested more than ${MAX_NESTING} levels deep (parentheses, calls, ` +
          `signs, exponents or a chain of operators); split it into helper statements`,
      );
    this.depth += levels;
  }
  shallower(levels: number): void {
    this.depth -= levels;
  }
  error(message: string, t: Token = this.peek()): ParseError {
    return new ParseError(message, this.line, t.col);
  }
}

export const describe = (t: Token): string => (t.kind === 'end' ? 'end of line' : `'${t.text}'`);

/** A left-associative level of binary operators: operand (op operand)*. */
function leftAssoc(ts: Tokens, ops: readonly ('+' | '-' | '*' | '/')[], operand: (ts: Tokens) => Syntax): Syntax {
  let left = operand(ts);
  let chain = 0; // each operator deepens the left-leaning tree by one level
  try {
    for (;;) {
      const op = ops.find((o) => ts.isOp(o));
      if (op === undefined) return left;
      ts.deeper(1);
      chain++;
      const col = ts.next().col;
      left = { kind: 'bin', op, left, right: operand(ts), pos: { line: ts.line, col } };
    }
  } finally {
    ts.shallower(chain);
  }
}

/** expr := term (('+' | '-') term)* */
export const parseSyntax = (ts: Tokens): Syntax => leftAssoc(ts, ['+', '-'], parseTerm);

/** term := unary (('*' | '/') unary)* */
const parseTerm = (ts: Tokens): Syntax => leftAssoc(ts, ['*', '/'], parseUnary);

/** unary := ('-' | '+') unary | power; so -a^2 is -(a^2), as in mathematics. */
const parseUnary = (ts: Tokens): Syntax => ts.nested(() => parseUnaryAt(ts));

function parseUnaryAt(ts: Tokens): Syntax {
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
function parsePower(ts: Tokens): Syntax {
  const base = parsePrimary(ts);
  if (!ts.isOp('^')) return base;
  const op = ts.next();
  const expTok = ts.peek();
  // An exponent that is not made of numbers reads as NaN, which the test below refuses.
  const exponent = constantValue(parseUnary(ts)) ?? NaN;
  if (!Number.isInteger(exponent * 2) || Math.abs(exponent) > 64) {
    throw ts.error('exponent must be a constant multiple of 1/2 between -64 and 64 (e.g. 2, -1, 0.5)', expTok);
  }
  return { kind: 'pow', base, halves: exponent * 2, pos: { line: ts.line, col: op.col } };
}

function parsePrimary(ts: Tokens): Syntax {
  const t = ts.next();
  const pos = { line: ts.line, col: t.col };
  if (t.kind === 'num') return { kind: 'num', value: t.value, text: t.text, pos };
  if (t.kind === 'name') {
    if (!ts.isOp('(')) return { kind: 'name', name: t.text, pos };
    ts.next();
    const args: Syntax[] = [];
    if (!ts.isOp(')')) {
      args.push(parseArgument(ts));
      while (ts.isOp(',')) {
        ts.next();
        args.push(parseArgument(ts));
      }
    }
    ts.expectOp(')', `to close the call of ${t.text}`);
    return { kind: 'call', name: t.text, args, pos };
  }
  if (
    t.text === '(' &&
    // Stryker disable next-line ConditionalExpression: only op tokens have the text '(' (docs/equivalent-mutants.md)
    t.kind === 'op'
  ) {
    const inner = parseSyntax(ts);
    ts.expectOp(')', 'to close the parenthesis');
    return inner;
  }
  throw ts.error(`expected a number, a name or '(', found ${describe(t)}`, t);
}

/** argument := expr (cmp expr)?: a call's argument, or the comparison of an if. */
function parseArgument(ts: Tokens): Syntax {
  const left = parseSyntax(ts);
  const op = CMP_OPS.find((o) => ts.isOp(o));
  if (op === undefined) return left;
  const col = ts.next().col;
  const right = parseSyntax(ts);
  if (CMP_OPS.some((o) => ts.isOp(o)))
    throw ts.error('one comparison per condition: nest if(...) for a chain such as a < b < c');
  return { kind: 'cmp', op, left, right, pos: { line: ts.line, col } };
}

/** The value of an expression made of numbers only (exponents), else undefined. */
function constantValue(e: Syntax): number | undefined {
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
    // Stryker disable next-line ConditionalExpression: falling off returns undefined too (docs/equivalent-mutants.md)
    default:
      return undefined;
  }
}

/** Every node of a tree, parents before children, in source order. */
function* nodesOf(e: Syntax): Generator<Syntax> {
  yield e;
  if (e.kind === 'call') for (const a of e.args) yield* nodesOf(a);
  else if (e.kind === 'neg') yield* nodesOf(e.arg);
  else if (e.kind === 'bin') {
    yield* nodesOf(e.left);
    yield* nodesOf(e.right);
  } else if (e.kind === 'pow') yield* nodesOf(e.base);
  else if (e.kind === 'cmp') {
    yield* nodesOf(e.left);
    yield* nodesOf(e.right);
  }
}

/** Every name an expression refers to (function names excluded), with its position. */
export const namesIn = (e: Syntax): { name: string; pos: Pos }[] =>
  [...nodesOf(e)].flatMap((x) => (x.kind === 'name' ? [{ name: x.name, pos: x.pos }] : []));

/** Every call in an expression, with its position. */
export const callsIn = (e: Syntax): { name: string; pos: Pos }[] =>
  [...nodesOf(e)].flatMap((x) => (x.kind === 'call' ? [{ name: x.name, pos: x.pos }] : []));

/** The built-in functions a vocabulary may offer, by what they lower to. */
export type BuiltinCall = FnName | ElemName | 'sqrt' | 'if';

/** Arguments of each built-in: min and max take two or more (folded left), the others a fixed number. */
const ARITY: Record<BuiltinCall, { min: number; max: number; text: string }> = {
  M: { min: 2, max: 2, text: '2' },
  Mp: { min: 2, max: 2, text: '2' },
  sqrt: { min: 1, max: 1, text: '1' },
  exp: { min: 1, max: 1, text: '1' },
  log: { min: 1, max: 1, text: '1' },
  abs: { min: 1, max: 1, text: '1' },
  min: { min: 2, max: Infinity, text: '2 or more' },
  max: { min: 2, max: Infinity, text: '2 or more' },
  if: { min: 3, max: 3, text: '3 (a comparison, the value where it holds, the value where not)' },
};

/** The functions every vocabulary offers under their own names: sqrt, the elementary ones and if. */
export const ELEMENTARY_CALLS: Readonly<Record<string, BuiltinCall>> = {
  sqrt: 'sqrt',
  exp: 'exp',
  log: 'log',
  abs: 'abs',
  min: 'min',
  max: 'max',
  if: 'if',
};

/** A function defined by the user: its parameters, and its value given the arguments' expressions. */
export interface UserFunction {
  params: readonly string[];
  apply: (args: readonly Expr[]) => Expr;
}

/**
 * How `lower` reads names and calls: a name's meaning, the built-in functions by what they lower to,
 * and (optionally) user-defined functions.
 */
export interface Vocabulary {
  name: (name: string, pos: Pos) => Expr;
  calls: Readonly<Record<string, BuiltinCall>>;
  user?: (name: string) => UserFunction | undefined;
}

/**
 * Constant folding finds 1/0 and 0^-1, and a number's exponent can be out of range: mistakes in the
 * text, reported where they are written. `build` only calls constant, div, pow and sqrt, whose every
 * throw (their own, BigInt overflow) is a RangeError.
 */
function located(pos: Pos, build: () => Expr): Expr {
  try {
    return build();
  } catch (err) {
    throw new ParseError(`${(err as RangeError).message} in a constant`, pos.line, pos.col);
  }
}

/** The syntax tree as a symbolic expression; numbers become exact rationals, x^(h/2) becomes sqrt(x)^h. */
export function lower(s: Syntax, vocab: Vocabulary): Expr {
  const go = (x: Syntax): Expr => {
    switch (x.kind) {
      case 'num':
        return located(x.pos, () => constant(x.text));
      case 'name':
        return vocab.name(x.name, x.pos);
      case 'neg':
        return neg(go(x.arg));
      case 'bin': {
        const a = go(x.left);
        const b = go(x.right);
        return x.op === '+'
          ? add(a, b)
          : x.op === '-'
            ? sub(a, b)
            : x.op === '*'
              ? mul(a, b)
              : located(x.pos, () => div(a, b));
      }
      case 'pow': {
        const base = go(x.base);
        return located(x.pos, () => (x.halves % 2 === 0 ? pow(base, x.halves / 2) : pow(sqrt(base), x.halves)));
      }
      case 'cmp':
        throw new ParseError(
          `a comparison (${x.op}) is only allowed as the first argument of if(...)`,
          x.pos.line,
          x.pos.col,
        );
      case 'call': {
        const f = Object.hasOwn(vocab.calls, x.name) ? vocab.calls[x.name] : undefined;
        if (f === undefined) {
          const u = vocab.user?.(x.name);
          if (u === undefined)
            throw new ParseError(
              `unknown function '${x.name}' (available: ${Object.keys(vocab.calls).join(', ')})`,
              x.pos.line,
              x.pos.col,
            );
          if (x.args.length !== u.params.length)
            throw new ParseError(
              `${x.name}(${u.params.join(', ')}) takes ${u.params.length} argument(s), got ${x.args.length}`,
              x.pos.line,
              x.pos.col,
            );
          return u.apply(x.args.map(go));
        }
        const arity = ARITY[f];
        if (x.args.length < arity.min || x.args.length > arity.max)
          throw new ParseError(
            `${x.name} takes ${arity.text} argument(s), got ${x.args.length}`,
            x.pos.line,
            x.pos.col,
          );
        if (f === 'if') {
          const cond = x.args[0]!;
          if (cond.kind !== 'cmp')
            throw new ParseError(
              'the first argument of if must be a comparison (<, <=, >, >=), e.g. if(tau < 1, a, b)',
              cond.pos.line,
              cond.pos.col,
            );
          const [then, otherwise] = [go(x.args[1]!), go(x.args[2]!)];
          const [l, r] = [go(cond.left), go(cond.right)];
          // a > b is b < a and a >= b is b <= a: one ordering in the tree.
          return cond.op === '<' || cond.op === '<='
            ? piecewise(cond.op, l, r, then, otherwise)
            : piecewise(cond.op === '>' ? '<' : '<=', r, l, then, otherwise);
        }
        const args = x.args.map(go);
        if (f === 'sqrt') return sqrt(args[0]!);
        if (f === 'M' || f === 'Mp') return fn(f, ...args);
        if (f === 'min' || f === 'max') return args.slice(1).reduce((acc, a) => elem(f, acc, a), args[0]!);
        return elem(f, args[0]!);
      }
    }
  };
  return go(s);
}
