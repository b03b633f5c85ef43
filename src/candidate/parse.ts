// The candidate file of `check-formula`: one statement per line, `#` comments,
//   target: eICL | eIDG | gTask | M | epsilon | lambdaStar | alphaStar | d<quantity>_d<parameter>
//   domain: tau < 1, lambda = 0            (optional, repeatable; a conjunction)
//   name = expression                      (helpers, in any order, without cycles)
//   name(a, b) = expression                (helper functions of their parameters, same rules)
//   expr = expression                      (the candidate value)
// Every mistake is a ParseError carrying the line and column it was found at.
import { substitute, variable, type Expr } from '../symbolic/expr.js';
import { DOMAIN, PARAM_NAMES, type ParamName } from '../theory/params.js';
import {
  callsIn,
  describe,
  ELEMENTARY_CALLS,
  lower,
  namesIn,
  ParseError,
  parseSyntax,
  tokenize,
  Tokens,
  type Pos,
  type Syntax,
  type UserFunction,
  type Vocabulary,
} from '../symbolic/syntax.js';

const BASE_TARGETS = ['eICL', 'eIDG', 'gTask', 'M', 'epsilon'] as const;
/** A quantity whose partial derivatives a candidate may claim: d<quantity>_d<parameter>, as eval --derivative names them. */
const DIFFERENTIABLE = ['epsilon', 'eICL', 'eIDG', 'gTask'] as const;
/** A partial derivative target, e.g. depsilon_dlambda = ∂ε/∂λ. */
export type DerivativeTarget = `d${(typeof DIFFERENTIABLE)[number]}_d${ParamName}`;
/** What a candidate formula claims to compute: one of the five quantities, an optimum or a derivative. */
export type Target = (typeof BASE_TARGETS)[number] | 'lambdaStar' | 'alphaStar' | DerivativeTarget;

const DERIVATIVE_TARGETS = DIFFERENTIABLE.flatMap((f) => PARAM_NAMES.map((p) => `d${f}_d${p}` as DerivativeTarget));
const TARGETS: readonly Target[] = [...BASE_TARGETS, 'lambdaStar', 'alphaStar', ...DERIVATIVE_TARGETS];

/** The quantity and the parameter of a derivative target, or undefined for the others. */
export function derivativeOf(t: Target): { of: (typeof DIFFERENTIABLE)[number]; wrt: ParamName } | undefined {
  const m = /^d(epsilon|eICL|eIDG|gTask)_d(\w+)$/.exec(t);
  return m ? { of: m[1] as (typeof DIFFERENTIABLE)[number], wrt: m[2] as ParamName } : undefined;
}

export const PARAMS = PARAM_NAMES;
export type { ParamName };

/** Names a candidate may use besides its helpers; what they mean is in compile.ts. */
const BUILTIN_NAMES = [...PARAMS, 'x', 'eps', 'nu', 'M', 'Mp'] as const;
/** The functions a candidate may call, as the symbolic layer's functions. */
const FUNCTIONS: Vocabulary['calls'] = { Mk: 'M', Mkp: 'Mp', ...ELEMENTARY_CALLS };

/** Built-ins a target may not use: they contain the quantity being checked (a candidate would confirm itself). */
const CIRCULAR_BASE: Record<(typeof BASE_TARGETS)[number], readonly string[]> = {
  eICL: [],
  eIDG: [],
  gTask: [],
  M: ['eps', 'nu', 'M', 'Mp', 'Mk', 'Mkp'],
  epsilon: ['eps', 'nu', 'M', 'Mp'],
};

/**
 * Names a target may not use: for the base targets those built from the quantity itself; λ* is a
 * function of α, κ, τ, ρ (not of λ, nor of ε, ν, M, Mp, which depend on it) and α* of κ, τ, ρ, λ (not of
 * α, x, nor of ε, ν, M, Mp). A derivative may use everything: ε and M are not what it claims.
 */
const circular = (t: Target): readonly string[] =>
  t === 'lambdaStar'
    ? ['lambda', 'eps', 'nu', 'M', 'Mp']
    : t === 'alphaStar'
      ? ['alpha', 'x', 'eps', 'nu', 'M', 'Mp']
      : derivativeOf(t)
        ? []
        : CIRCULAR_BASE[t as (typeof BASE_TARGETS)[number]];

type Op = '<' | '<=' | '>' | '>=' | '=';

/** One comparison of the domain, a parameter against a number or another parameter. */
export interface Comparison {
  left: ParamName | number;
  op: Op;
  right: ParamName | number;
  pos: Pos;
}

/** The set of values a single parameter may take: lo <(=) p <(=) hi. */
export interface Interval {
  lo: number;
  loOpen: boolean;
  hi: number;
  hiOpen: boolean;
}

interface Definition {
  name: string;
  expr: Syntax;
  pos: Pos;
  /** A helper function's parameters (absent for a helper value and for expr). */
  params?: string[];
}

export interface Candidate {
  target: Target;
  comparisons: Comparison[];
  /** Per parameter, the theory's own range narrowed by the single-parameter comparisons. */
  intervals: Record<ParamName, Interval>;
  /** The candidate value as one symbolic expression: helpers inlined (shared subtrees, not copies), the
   * built-in names (x, eps, nu, M, Mp and the parameters) left as variables. */
  expr: Expr;
  /** The domain as written, for reports ('all parameters' when absent). */
  domainText: string;
}

/** The theory's ranges at finite d (DOMAIN): α, κ, τ > 0, ρ, λ >= 0; of the infinities only κ = inf. */
const naturalIntervals = (): Record<ParamName, Interval> =>
  Object.fromEntries(
    PARAM_NAMES.map((p) => [p, { lo: 0, loOpen: DOMAIN[p].positive, hi: Infinity, hiOpen: !DOMAIN[p].infAtFiniteD }]),
  ) as Record<ParamName, Interval>;

export const isEmpty = (iv: Interval): boolean => iv.lo > iv.hi || (iv.lo === iv.hi && (iv.loOpen || iv.hiOpen));

export const contains = (iv: Interval, v: number): boolean =>
  (iv.loOpen ? v > iv.lo : v >= iv.lo) && (iv.hiOpen ? v < iv.hi : v <= iv.hi);

export function parseCandidate(source: string): Candidate {
  let target: Target | undefined;
  const comparisons: Comparison[] = [];
  const defs = new Map<string, Definition>();
  let expr: Definition | undefined;
  const domainParts: string[] = [];

  source.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const hash = raw.indexOf('#');
    const text = hash < 0 ? raw : raw.slice(0, hash);
    if (text.trim() === '') return;
    const head = /^(\s*)(target|domain)(\s*):/.exec(text);
    if (head) {
      const restCol = head[0].length + 1;
      const ts = new Tokens(tokenize(text.slice(head[0].length), line, restCol), line);
      if (head[2] === 'target') {
        const t = ts.next();
        if (target !== undefined) throw new ParseError('target given twice', line, head[1]!.length + 1);
        // Only a name's text can be a target (numbers, operators and the end have other texts).
        if (!(TARGETS as readonly string[]).includes(t.text)) {
          throw ts.error(
            `target must be one of ${BASE_TARGETS.join(', ')}, lambdaStar, alphaStar or a derivative ` +
              `d<${DIFFERENTIABLE.join('|')}>_d<${PARAM_NAMES.join('|')}> (e.g. depsilon_dlambda), ` +
              `found ${describe(t)}`,
            t,
          );
        }
        ts.expectEnd();
        target = t.text as Target;
      } else {
        comparisons.push(...parseDomain(ts));
        domainParts.push(text.slice(head[0].length).trim());
      }
      return;
    }
    const def =
      /^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/.exec(text) ??
      /^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*\(([^()=]*)\)\s*=(?!=)/.exec(text);
    if (!def) {
      const col = text.length - text.trimStart().length + 1;
      throw new ParseError(
        "expected 'target:', 'domain:', 'name = expression', 'name(a, b) = expression' or 'expr = expression'",
        line,
        col,
      );
    }
    const name = def[2]!;
    const pos = { line, col: def[1]!.length + 1 };
    const params = def[3] === undefined ? undefined : parameterList(def[3], line, text.indexOf('(') + 2);
    if (params && name === 'expr') throw new ParseError("'expr' is the candidate value, not a function", line, pos.col);
    if ((BUILTIN_NAMES as readonly string[]).includes(name) || Object.hasOwn(FUNCTIONS, name) || name === 'inf') {
      throw new ParseError(`'${name}' is a built-in name and cannot be redefined`, line, pos.col);
    }
    if (defs.has(name) || (name === 'expr' && expr)) throw new ParseError(`'${name}' is defined twice`, line, pos.col);
    const ts = new Tokens(tokenize(text.slice(def[0].length), line, def[0].length + 1), line);
    if (ts.peek().kind === 'end') throw ts.error(`missing expression after '${name} ='`);
    const body = parseSyntax(ts);
    ts.expectEnd();
    if (name === 'expr') expr = { name, expr: body, pos };
    else defs.set(name, { name, expr: body, pos, ...(params ? { params } : {}) });
  });

  if (target === undefined) throw new ParseError("missing 'target:' line", 1, 1);
  const content = source.replace(
    /\s+$/,
    // Stryker disable next-line StringLiteral: only the count of '\n' left is read (docs/equivalent-mutants.md)
    '',
  );
  const afterLast = content.split('\n').length + 1;
  if (expr === undefined) throw new ParseError("missing 'expr = ...' line (the candidate value)", afterLast, 1);
  const inlined = new Map<string, Expr>();
  const functions = new Map<string, UserFunction>();
  const vocabFor = (d: Definition): Vocabulary => {
    const own = new Set(d.params ?? []);
    return {
      // A parameter is a variable private to its function (':' is in no name), replaced at each call.
      name: (n) => (own.has(n) ? variable(`${d.name}:${n}`) : (inlined.get(n) ?? variable(n))),
      calls: FUNCTIONS,
      user: (n) => functions.get(n),
    };
  };
  for (const d of checkReferences(target, defs, expr)) {
    const body = lower(d.expr, vocabFor(d));
    if (d.params === undefined) inlined.set(d.name, body);
    else {
      const params = d.params;
      functions.set(d.name, {
        params,
        apply: (args) => substitute(body, Object.fromEntries(params.map((p, i) => [`${d.name}:${p}`, args[i]!]))),
      });
    }
  }
  const value = lower(expr.expr, vocabFor(expr));
  return {
    target,
    comparisons,
    intervals: domainIntervals(comparisons),
    expr: value,
    domainText: domainParts.join(', ') || 'all parameters',
  };
}

/** The parameters of a helper function: distinct names, none of them built in. */
function parameterList(text: string, line: number, col: number): string[] {
  const out: string[] = [];
  let at = col;
  for (const raw of text.split(',')) {
    const name = raw.trim();
    const c = at + raw.length - raw.trimStart().length;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new ParseError(`a function's parameters are names separated by commas, found '${name}'`, line, c);
    if ((BUILTIN_NAMES as readonly string[]).includes(name) || Object.hasOwn(FUNCTIONS, name) || name === 'inf')
      throw new ParseError(`'${name}' is a built-in name and cannot be a parameter`, line, c);
    if (out.includes(name)) throw new ParseError(`parameter '${name}' given twice`, line, c);
    out.push(name);
    at += raw.length + 1;
  }
  return out;
}

/** domain := comparison (',' comparison)*, comparison := side op side (op side)? (a chain 0 < tau < 1). */
function parseDomain(ts: Tokens): Comparison[] {
  const out: Comparison[] = [];
  if (ts.peek().kind === 'end') throw ts.error('empty domain: write comparisons such as tau < 1, lambda = 0');
  for (;;) {
    let left = parseSide(ts);
    let count = 0;
    while (isComparison(ts)) {
      const opTok = ts.next();
      const right = parseSide(ts);
      const op = (opTok.text === '==' ? '=' : opTok.text) as Op;
      if (typeof left.value === 'number' && typeof right.value === 'number') {
        throw ts.error('a comparison needs a parameter on one side', opTok);
      }
      out.push({ left: left.value, op, right: right.value, pos: { line: ts.line, col: opTok.col } });
      left = right;
      // Stryker disable next-line UpdateOperator: count is only compared with 0 (docs/equivalent-mutants.md)
      count++;
    }
    if (count === 0) throw ts.error(`expected a comparison (<, <=, >, >=, =), found ${describe(ts.peek())}`);
    if (!ts.isOp(',')) break;
    ts.next();
  }
  ts.expectEnd();
  return out;
}

const isComparison = (ts: Tokens): boolean => ['<', '<=', '>', '>=', '=', '=='].some((o) => ts.isOp(o));

function parseSide(ts: Tokens): { value: ParamName | number } {
  let sign = 1;
  if (ts.isOp('-')) {
    ts.next();
    sign = -1;
  }
  const t = ts.next();
  if (t.kind === 'num') return { value: sign * t.value };
  if (t.kind !== 'name') throw ts.error(`expected a parameter or a number, found ${describe(t)}`, t);
  if (t.text === 'inf' || t.text === 'infinity') return { value: sign * Infinity };
  if (sign === 1 && (PARAMS as readonly string[]).includes(t.text)) return { value: t.text as ParamName };
  throw ts.error(`the domain may only compare the parameters ${PARAMS.join(', ')} and numbers; found '${t.text}'`, t);
}

const FLIP: Record<Op, Op> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

/** Narrows each parameter's interval; an empty one is a contradiction, reported where it appeared. */
function domainIntervals(comparisons: Comparison[]): Record<ParamName, Interval> {
  const iv = naturalIntervals();
  for (const c of comparisons) {
    // Stryker disable next-line ConditionalExpression: such a comparison narrows nothing (docs/equivalent-mutants.md)
    if (typeof c.left !== 'number' && typeof c.right !== 'number') continue;
    const [p, op, v] =
      typeof c.left === 'number' ? [c.right as ParamName, FLIP[c.op], c.left] : [c.left, c.op, c.right as number];
    // An infinity bounds like any number (kappa < inf: finite κ; tau <= inf, rho > -inf: no bound;
    // tau < -inf, kappa > inf: empty), except that only κ may equal it.
    if (v === Infinity && p !== 'kappa' && op !== '<' && op !== '<=') {
      throw new ParseError(
        `${p} ${op} inf: only kappa may be inf (candidates are checked at finite alpha and tau)`,
        c.pos.line,
        c.pos.col,
      );
    }
    if (op === '<' || op === '<=' || op === '=') {
      const open = op === '<';
      if (v < iv[p].hi || (v === iv[p].hi && open)) iv[p] = { ...iv[p], hi: v, hiOpen: open };
    }
    if (op === '>' || op === '>=' || op === '=') {
      const open = op === '>';
      if (v > iv[p].lo || (v === iv[p].lo && open)) iv[p] = { ...iv[p], lo: v, loOpen: open };
    }
    if (isEmpty(iv[p]))
      throw new ParseError(
        `empty domain: no value of ${p} satisfies every comparison up to here`,
        c.pos.line,
        c.pos.col,
      );
  }
  return iv;
}

/** Unknown names, circular built-ins and cycles among helpers; returns helpers in dependency order. */
function checkReferences(target: Target, defs: Map<string, Definition>, expr: Definition): Definition[] {
  const all = [...defs.values(), expr];
  const isFunction = (n: string): boolean => defs.get(n)?.params !== undefined;
  for (const d of all) {
    for (const p of d.params ?? []) {
      if (defs.has(p))
        throw new ParseError(`parameter '${p}' of ${d.name} has the name of a helper`, d.pos.line, d.pos.col);
    }
    for (const { name, pos } of namesIn(d.expr)) {
      if (d.params?.includes(name)) continue;
      if (circular(target).includes(name)) {
        const why =
          target === 'lambdaStar'
            ? 'lambda* is a function of alpha, kappa, tau, rho, and this name depends on lambda'
            : target === 'alphaStar'
              ? 'alpha* is a function of kappa, tau, rho, lambda, and this name depends on alpha'
              : 'it is built from the quantity being checked';
        throw new ParseError(`target ${target} cannot use '${name}': ${why}`, pos.line, pos.col);
      }
      if (!(BUILTIN_NAMES as readonly string[]).includes(name) && (!defs.has(name) || isFunction(name))) {
        const hint =
          Object.hasOwn(FUNCTIONS, name) || isFunction(name)
            ? ` (${name} is a function: ${name}(...))`
            : name === 'expr'
              ? ' (expr is the result and cannot be used)'
              : '';
        throw new ParseError(`unknown name '${name}'${hint}`, pos.line, pos.col);
      }
    }
    // Unknown functions and wrong arities are reported by `lower`.
    for (const { name, pos } of callsIn(d.expr)) {
      if (circular(target).includes(name)) {
        throw new ParseError(
          `target ${target} cannot use '${name}': it is the quantity being checked`,
          pos.line,
          pos.col,
        );
      }
    }
  }
  const order: Definition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (d: Definition, path: string[]): void => {
    state.set(d.name, 'visiting');
    const refs = [
      ...namesIn(d.expr).filter((r) => !d.params?.includes(r.name)),
      ...callsIn(d.expr).filter((r) => isFunction(r.name)),
    ];
    for (const { name, pos } of refs) {
      const dep = defs.get(name);
      if (!dep) continue;
      if (state.get(name) === 'visiting') {
        const cycle = [...path.slice(path.indexOf(name)), name].join(' -> ');
        throw new ParseError(`cycle in definitions: ${cycle}`, pos.line, pos.col);
      }
      if (state.get(name) !== 'done') visit(dep, [...path, name]);
    }
    state.set(d.name, 'done');
    order.push(d);
  };
  // expr is nobody's dependency (the name 'expr' is refused above) and uses only helpers: visiting them is enough.
  for (const d of defs.values()) if (!state.has(d.name)) visit(d, [d.name]);
  return order;
}
