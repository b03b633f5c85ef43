// The expression grammar (syntax.ts) as a user meets it: what a formula means (numbers, signs,
// exponents), the exact message and column of each mistake (users paste candidate formulas, so these
// are part of the product), the nesting bound, and the positions the syntax tree keeps for later
// checks. Plus the few exact statements about evalExpr, random and context that the mutation run asked
// for. Hand-derived expectations only; fast (the mutation run, vitest.mutation.config.ts, runs it per mutant).
import { describe, expect, it } from 'vitest';
import { parseCandidate } from '../src/candidate/parse.js';
import { fp } from '../src/numeric/context.js';
import { symbolic, SymbolicComparisonError } from '../src/symbolic/symbolicContext.js';
import { evalExpr } from '../src/symbolic/evalExpr.js';
import { add, constant, neg, pow, rat, sqrt, variable } from '../src/symbolic/expr.js';
import { parse } from '../src/symbolic/stepFormula.js';
import { samplePoints } from '../src/symbolic/random.js';
import { callsIn, MAX_NESTING, namesIn, ParseError, parseSyntax, tokenize, Tokens } from '../src/symbolic/syntax.js';

const x = variable('x');

/** The message parse() throws for a proof formula (a SyntaxError naming the column and the formula). */
function messageOf(src: string): string {
  try {
    parse(src);
  } catch (err) {
    if (err instanceof SyntaxError) return err.message;
    throw err;
  }
  throw new Error(`'${src}' parsed without error`);
}

const EXPONENT = 'exponent must be a constant multiple of 1/2 between -64 and 64 (e.g. 2, -1, 0.5)';

describe('what a formula means', () => {
  it('numbers: decimals with several digits on either side of the point, exponents with and without sign', () => {
    expect(parse('12.5')).toEqual(rat(25n, 2n));
    expect(parse('.25')).toEqual(rat(1n, 4n));
    expect(parse('1e3')).toEqual(rat(1000n));
    expect(parse('1e10')).toEqual(rat(10_000_000_000n));
    expect(parse('2.5e-2')).toEqual(rat(1n, 40n));
  });

  it('spaces, tabs and a carriage return (a file with CRLF line ends) separate tokens', () => {
    expect(parse('x\t+\t1\r')).toEqual(add(x, constant(1)));
    expect(parse('  x +   1  ')).toEqual(add(x, constant(1)));
  });

  it('a unary plus is no-op, also after a minus and after an operator', () => {
    expect(parse('+x')).toEqual(x);
    expect(parse('-+x')).toEqual(neg(x));
    expect(parse('2*+3')).toEqual(rat(6n));
  });

  it('a constant exponent may be computed: sum, difference, product, quotient', () => {
    expect(parse('x^(1 + 1)')).toEqual(pow(x, 2));
    expect(parse('x^(3 - 1)')).toEqual(pow(x, 2));
    expect(parse('x^(3*2)')).toEqual(pow(x, 6));
    expect(parse('x^(1/2)')).toEqual(sqrt(x));
    expect(parse('x^(3/2)')).toEqual(pow(sqrt(x), 3));
  });

  it('exponents from -64 to 64 are accepted, 65 is not', () => {
    expect(parse('x^64')).toEqual(pow(x, 64));
    expect(parse('x^-64')).toEqual(pow(x, -64));
    expect(messageOf('x^65')).toBe(`${EXPONENT} at column 3 of 'x^65'`);
    expect(messageOf('x^-65')).toBe(`${EXPONENT} at column 3 of 'x^-65'`);
  });

  it('an exponent that contains a name is refused, even where it would cancel (y^0, (y + 1)^0)', () => {
    for (const src of ['x^y', 'x^y^0', 'x^(y + 1)^0', 'x^(1 + y)^0', 'x^(-y)^0', 'x^(2*y)^0']) {
      expect(messageOf(src)).toBe(`${EXPONENT} at column 3 of '${src}'`);
    }
  });

  it('an exponent that is not a multiple of 1/2 is refused where it is written', () => {
    expect(messageOf('x^0.3')).toBe(`${EXPONENT} at column 3 of 'x^0.3'`);
    expect(messageOf('2*x^(1/3)')).toBe(`${EXPONENT} at column 5 of '2*x^(1/3)'`);
  });
});

describe('mistakes: exact message and column', () => {
  const cases: [string, string][] = [
    ['2x', "malformed number '2x' at column 1 of '2x'"],
    ['1 + 12abc', "malformed number '12a' at column 5 of '1 + 12abc'"],
    ['x $ 1', "unexpected character '$' at column 3 of 'x $ 1'"],
    ['1 2', "unexpected '2' after the end of the statement at column 3 of '1 2'"],
    ['(x + 1', "expected ')' to close the parenthesis, found end of line at column 7 of '(x + 1'"],
    // Trailing blanks do not move the end of the line.
    ['(x + 1   ', "expected ')' to close the parenthesis, found end of line at column 7 of '(x + 1   '"],
    ['(1, 2)', "expected ')' to close the parenthesis, found ',' at column 3 of '(1, 2)'"],
    ['sqrt(x', "expected ')' to close the call of sqrt, found end of line at column 7 of 'sqrt(x'"],
    ['sqrt()', "sqrt takes 1 argument(s), got 0 at column 1 of 'sqrt()'"],
    ['M(1)', "M takes 2 argument(s), got 1 at column 1 of 'M(1)'"],
    ['ln(x)', "unknown function 'ln' (available: M, Mp, sqrt, exp, log, abs, min, max, if) at column 1 of 'ln(x)'"],
    ['*2', "expected a number, a name or '(', found '*' at column 1 of '*2'"],
    ['x +', "expected a number, a name or '(', found end of line at column 4 of 'x +'"],
    ['x/(2 - 2)', "division by a literal zero in a constant at column 2 of 'x/(2 - 2)'"],
    ['x + 0^-1', "division by a literal zero in a constant at column 6 of 'x + 0^-1'"],
  ];
  for (const [src, message] of cases) {
    it(src, () => expect(messageOf(src)).toBe(message));
  }

  it('the error is a ParseError by name, with the line and column it was given', () => {
    let caught: unknown;
    try {
      tokenize('ab @', 4, 10);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ParseError);
    const e = caught as ParseError;
    expect([e.name, e.message, e.line, e.col]).toEqual(['ParseError', "unexpected character '@'", 4, 13]);
    expect(String(e)).toBe("ParseError: unexpected character '@'");
  });
});

describe('nesting bound', () => {
  const nestingMessage =
    `expression nested more than ${MAX_NESTING} levels deep (parentheses, calls, ` +
    `signs, exponents or a chain of operators); split it into helper statements`;

  it('249 parentheses around a name are 250 levels and parse; 250 are refused at the first token beyond', () => {
    const ok = `${'('.repeat(249)}x${')'.repeat(249)}`;
    expect(parse(ok)).toEqual(x);
    const deep = `${'('.repeat(250)}x${')'.repeat(250)}`;
    expect(messageOf(deep)).toBe(`${nestingMessage} at column 251 of '${deep}'`);
  });

  it('a chain of 249 additions parses; 250 are refused at the operand after the 250th operator', () => {
    const ok = `${'1 + '.repeat(249)}1`;
    expect(evalExpr(fp, parse(ok), {}).value).toBe(250);
    const long = `${'1+'.repeat(250)}1`;
    expect(messageOf(long)).toBe(`${nestingMessage} at column 501 of '${long}'`);
  });

  it('siblings do not add up: a sum of 100 products x*x*x is 102 levels deep at most', () => {
    const src = Array.from({ length: 100 }, () => 'x*x*x').join(' + ');
    expect(evalExpr(fp, parse(src), { x: 2 }).value).toBe(800);
  });
});

describe('tokens and the syntax tree keep source positions', () => {
  it('tokenize counts columns from startCol; the end token sits after the last non-blank character', () => {
    expect(tokenize('  x1 <= .5e+2  \t', 3, 10)).toEqual([
      { kind: 'name', text: 'x1', col: 12 },
      { kind: 'op', text: '<=', col: 15 },
      { kind: 'num', value: 50, text: '.5e+2', col: 18 },
      { kind: 'end', text: '', col: 23 },
    ]);
  });

  it('the cursor never moves past the end token', () => {
    const ts = new Tokens(tokenize('x', 1, 1), 1);
    expect(ts.next()).toEqual({ kind: 'name', text: 'x', col: 1 });
    const end = { kind: 'end', text: '', col: 2 };
    expect(ts.next()).toEqual(end);
    expect(ts.next()).toEqual(end);
    expect(ts.peek()).toEqual(end);
  });

  it('every node carries the line and column of its first token (operators: of the operator)', () => {
    const tree = parseSyntax(new Tokens(tokenize('-a^2 * f(1)', 2, 5), 2));
    expect(tree).toEqual({
      kind: 'bin',
      op: '*',
      left: {
        kind: 'neg',
        arg: {
          kind: 'pow',
          base: { kind: 'name', name: 'a', pos: { line: 2, col: 6 } },
          halves: 4,
          pos: { line: 2, col: 7 },
        },
        pos: { line: 2, col: 5 },
      },
      right: {
        kind: 'call',
        name: 'f',
        args: [{ kind: 'num', value: 1, text: '1', pos: { line: 2, col: 14 } }],
        pos: { line: 2, col: 12 },
      },
      pos: { line: 2, col: 10 },
    });
  });

  it('namesIn and callsIn find names and calls inside calls, signs, powers and operators, in source order', () => {
    const tree = parseSyntax(new Tokens(tokenize('sqrt(-a^2) + Mk(b, 3)*c', 1, 1), 1));
    expect(namesIn(tree)).toEqual([
      { name: 'a', pos: { line: 1, col: 7 } },
      { name: 'b', pos: { line: 1, col: 17 } },
      { name: 'c', pos: { line: 1, col: 23 } },
    ]);
    expect(callsIn(tree)).toEqual([
      { name: 'sqrt', pos: { line: 1, col: 1 } },
      { name: 'Mk', pos: { line: 1, col: 14 } },
    ]);
  });

  it('a candidate names an unknown name where it is written, also inside a call, a sign or a power', () => {
    for (const [expr, col] of [
      ['sqrt(rhoo)', 13],
      ['-rhoo', 9],
      ['rhoo^2', 8],
      ['sqrt(-rhoo^2)', 14],
    ] as const) {
      let caught: unknown;
      try {
        parseCandidate(`target: eICL\nexpr = ${expr}\n`);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ParseError);
      const e = caught as ParseError;
      expect([e.message, e.line, e.col]).toEqual(["unknown name 'rhoo'", 2, col]);
    }
  });
});

describe('exponents of number literals', () => {
  // Found by the mutation run's triage: 1e99999999999 threw a bare RangeError (BigInt size) with no
  // position, and 1e999999999 spent ~34 s building 10^e first.
  it('an exponent beyond ±1000 is a parse error at the number, at once', () => {
    expect(messageOf('2*1e99999999999')).toBe(
      "exponent 99999999999 out of range (-1000 to 1000) in a constant at column 3 of '2*1e99999999999'",
    );
    expect(messageOf('1e-1001')).toBe(
      "exponent -1001 out of range (-1000 to 1000) in a constant at column 1 of '1e-1001'",
    );
    let caught: unknown;
    try {
      parseCandidate('target: eICL\nexpr = 1 + 1e999999999\n');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ParseError);
    const e = caught as ParseError;
    expect([e.message, e.line, e.col]).toEqual([
      'exponent 999999999 out of range (-1000 to 1000) in a constant',
      2,
      12,
    ]);
  });

  it('exponents up to ±1000 are exact', () => {
    expect(parse('1e1000')).toEqual(rat(10n ** 1000n));
    expect(parse('2.5e-1000')).toEqual(rat(1n, 4n * 10n ** 999n));
  });
});

describe('sample points and the symbolic context', () => {
  it('log-uniform points cover every decade of [0.01, 100] about equally', () => {
    const points = samplePoints({ description: 'log', vars: { s: { lo: 0.01, hi: 100, log: true } } }, 200, 7).map(
      (p) => Number(p['s']),
    );
    const perDecade = [0, 0, 0, 0];
    for (const v of points) {
      expect(v).toBeGreaterThanOrEqual(0.01);
      expect(v).toBeLessThanOrEqual(100);
      perDecade[Math.min(3, Math.floor(Math.log10(v) + 2))]!++;
    }
    // 50 expected per decade, standard deviation about 6: 25 and 75 are four deviations away.
    for (const n of perDecade) {
      expect(n).toBeGreaterThan(25);
      expect(n).toBeLessThan(75);
    }
  });

  it('integer powers evaluate with their sign; abs of a rational constant drops its sign', () => {
    expect(evalExpr(fp, pow(x, 3), { x: 2 }).value).toBe(8);
    expect(evalExpr(fp, pow(x, -2), { x: 2 }).value).toBe(0.25);
    const c = symbolic();
    expect(c.abs(constant('-1.5'))).toEqual(rat(3n, 2n));
    expect(c.abs(constant('1.5'))).toEqual(rat(3n, 2n));
    expect(c.abs(constant(0))).toEqual(rat(0n));
  });

  it('toNumber of a non-constant expression throws a SymbolicComparisonError naming it', () => {
    let caught: unknown;
    try {
      symbolic().toNumber(add(x, constant(1)));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SymbolicComparisonError);
    expect(String(caught)).toBe('SymbolicComparisonError: x + 1 has no numeric value');
  });
});
