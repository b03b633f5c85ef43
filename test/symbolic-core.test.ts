// Exact statements about the symbolic layer's building blocks: rationals, the folding constructors and
// the printer of expression trees, the seeded sample points, numeric evaluation with its cancellation
// scale, the symbolic context, and the one-line evidence each checked step reports. Fast (nerdamer is
// only asked tiny expansions), so the mutation run (vitest.mutation.config.ts) runs them per mutant.
import { describe, expect, it } from 'vitest';
import { mp } from '../src/numeric/context.js';
import { checkStep, type IdentityStep, type LimitStep } from '../src/symbolic/checkStep.js';
import { symbolic, SymbolicComparisonError } from '../src/symbolic/symbolicContext.js';
import { evalExpr } from '../src/symbolic/evalExpr.js';
import {
  add,
  constant,
  div,
  fn,
  mul,
  neg,
  ONE,
  pow,
  rat,
  show,
  sqrt,
  sub,
  substitute,
  variable,
  variablesOf,
  ZERO,
} from '../src/symbolic/expr.js';
import { parse } from '../src/symbolic/stepFormula.js';
import { generator, samplePoints, type Region } from '../src/symbolic/random.js';
import { rational, ratAdd, ratMul } from '../src/symbolic/rational.js';
import { symbolicZero } from '../src/symbolic/reduce.js';
import { kappaTerms } from '../src/theory/params.js';
import { M, Mprime } from '../src/theory/resolvent.js';

const x = variable('x');
const y = variable('y');

describe('rationals', () => {
  it('lowest terms with a positive denominator; a zero denominator is refused', () => {
    expect(rational(6n, -4n)).toEqual({ p: -3n, q: 2n });
    expect(rational(-6n, 4n)).toEqual({ p: -3n, q: 2n });
    expect(rational(-6n, -4n)).toEqual({ p: 3n, q: 2n });
    expect(rational(0n, -5n)).toEqual({ p: 0n, q: 1n });
    expect(rational(7n)).toEqual({ p: 7n, q: 1n });
    expect(() => rational(1n, 0n)).toThrow(/zero denominator/);
    expect(ratAdd(rational(1n, 2n), rational(1n, 3n))).toEqual({ p: 5n, q: 6n });
    expect(ratAdd(rational(1n, 6n), rational(-1n, 6n))).toEqual({ p: 0n, q: 1n });
    expect(ratMul(rational(2n, 3n), rational(9n, -4n))).toEqual({ p: -3n, q: 2n });
  });
});

describe('expression trees', () => {
  it('constant reads decimals, exponents and infinity exactly, and refuses anything else', () => {
    expect(constant('1.5e-3')).toEqual(rat(3n, 2000n));
    expect(constant('-2.50')).toEqual(rat(-5n, 2n));
    expect(constant('2.5E+2')).toEqual(rat(250n));
    expect(constant('.5')).toEqual(rat(1n, 2n));
    expect(constant('5.')).toEqual(rat(5n));
    expect(constant(1e-7)).toEqual(rat(1n, 10000000n));
    expect(constant(1.25e21)).toEqual(rat(1250000000000000000000n));
    expect(constant(-0.75)).toEqual(rat(-3n, 4n));
    for (const s of ['inf', ' Infinity ', '+INF', Infinity]) expect(constant(s)).toEqual({ k: 'inf' });
    for (const s of ['.', '', 'e5', '1e', '--1', '1/2', 'abc', -Infinity, NaN])
      expect(() => constant(s), String(s)).toThrow(/not an exact constant/);
  });

  it('constructors fold rationals and neutral elements only', () => {
    expect(add(rat(1n, 2n), rat(1n, 3n))).toEqual(rat(5n, 6n));
    expect(add(ZERO, x)).toBe(x);
    expect(add(x, ZERO)).toBe(x);
    expect(add(x, ONE)).toEqual({ k: 'add', a: x, b: ONE });
    expect(sub(rat(1n, 2n), rat(1n, 3n))).toEqual(rat(1n, 6n));
    expect(sub(x, ZERO)).toBe(x);
    expect(sub(ZERO, x)).toEqual({ k: 'neg', a: x });
    expect(sub(ONE, x)).toEqual({ k: 'sub', a: ONE, b: x });
    expect(mul(rat(2n, 3n), rat(9n, 4n))).toEqual(rat(3n, 2n));
    expect(mul(ZERO, x)).toBe(ZERO);
    expect(mul(x, ZERO)).toBe(ZERO);
    expect(mul(ONE, x)).toBe(x);
    expect(mul(x, ONE)).toBe(x);
    expect(mul(x, rat(2n))).toEqual({ k: 'mul', a: x, b: rat(2n) });
    expect(div(rat(2n, 3n), rat(4n, 5n))).toEqual(rat(5n, 6n));
    expect(div(ZERO, x)).toBe(ZERO);
    expect(div(x, ONE)).toBe(x);
    expect(div(ONE, x)).toEqual({ k: 'div', a: ONE, b: x });
    expect(() => div(x, ZERO)).toThrow(/division by a literal zero/);
    expect(neg(rat(3n, 4n))).toEqual(rat(-3n, 4n));
    expect(neg(x)).toEqual({ k: 'neg', a: x });
    expect(pow(x, 0)).toBe(ONE);
    expect(pow(x, 1)).toBe(x);
    expect(pow(rat(2n, 3n), 2)).toEqual(rat(4n, 9n));
    expect(pow(rat(2n, 3n), -2)).toEqual(rat(9n, 4n));
    expect(pow(x, -3)).toEqual({ k: 'pow', a: x, n: -3 });
    expect(() => pow(x, 0.5)).toThrow(/only integer powers, got 0.5/);
    expect(sqrt(rat(4n))).toEqual({ k: 'sqrt', a: rat(4n) });
  });

  it('substitute replaces every variable simultaneously, through every kind of node', () => {
    const e = parse('M(kappa, x)/sqrt(x - y)^2 + -y*Mp(kappa, inf)');
    const s = substitute(e, { x: y, y: x, kappa: rat(1n, 2n) });
    expect(show(s)).toBe('M((1/2), y)/sqrt(y - x)^2 + -x*Mp((1/2), inf)');
    // Folding happens on the way up: x + y with x ↦ 1, y ↦ 2 is the constant 3.
    expect(substitute(add(x, y), { x: ONE, y: rat(2n) })).toEqual(rat(3n));
    expect(substitute(x, {})).toBe(x);
  });

  it('variablesOf collects every free name once, under functions, roots and powers', () => {
    expect([...variablesOf(parse('M(kappa, x) + sqrt(y)^2 - -z/w'))].sort()).toEqual(['kappa', 'w', 'x', 'y', 'z']);
    const into = new Set(['q']);
    expect(variablesOf(parse('x*x'), into)).toBe(into);
    expect([...into].sort()).toEqual(['q', 'x']);
  });

  it('show parenthesizes by precedence and prints rationals in their own parentheses', () => {
    const [a, b, c] = ['a', 'b', 'c'].map(variable) as [
      ReturnType<typeof variable>,
      ReturnType<typeof variable>,
      ReturnType<typeof variable>,
    ];
    expect(show(rat(-3n))).toBe('(-3)');
    expect(show(rat(3n))).toBe('3');
    expect(show(rat(-1n, 2n))).toBe('(-1/2)');
    expect(show(sub(sub(a, b), c))).toBe('a - b - c');
    expect(show(sub(a, sub(b, c)))).toBe('a - (b - c)');
    expect(show(sub(a, add(b, c)))).toBe('a - (b + c)');
    expect(show(add(a, add(b, c)))).toBe('a + b + c'); // + is associative: no parentheses needed
    expect(show(add(add(a, b), c))).toBe('a + b + c');
    expect(show(add(a, sub(b, c)))).toBe('a + b - c');
    expect(show(mul(add(a, b), c))).toBe('(a + b)*c');
    expect(show(mul(a, mul(b, c)))).toBe('a*(b*c)');
    expect(show(mul(mul(a, b), c))).toBe('a*b*c');
    expect(show(mul(a, div(b, c)))).toBe('a*(b/c)');
    expect(show(div(a, mul(b, c)))).toBe('a/(b*c)');
    expect(show(div(div(a, b), c))).toBe('a/b/c');
    expect(show(mul(a, neg(b)))).toBe('a*-b');
    expect(show(neg(add(a, b)))).toBe('-(a + b)');
    expect(show(neg(mul(a, b)))).toBe('-(a*b)');
    expect(show(neg(pow(a, 2)))).toBe('-a^2');
    expect(show(pow(add(a, b), 2))).toBe('(a + b)^2');
    expect(show(pow(neg(a), 2))).toBe('(-a)^2');
    expect(show(pow(pow(a, 2), 3))).toBe('(a^2)^3');
    expect(show(pow(a, -2))).toBe('a^(-2)');
    expect(show(sqrt(add(a, b)))).toBe('sqrt(a + b)');
    expect(show(fn('Mp', a, add(b, c)))).toBe('Mp(a, b + c)');
    expect(show({ k: 'inf' })).toBe('inf');
    expect(show(add(a, b), (v) => `_${v}`)).toBe('_a + _b');
  });

  it('parse replaces defined names (own properties only), reads inf, and names the column of an error', () => {
    expect(parse('2*nu + 1', { nu: parse('x/kappa') })).toEqual(add(mul(rat(2n), parse('x/kappa')), ONE));
    expect(parse('toString + 1')).toEqual(add(variable('toString'), ONE));
    expect(parse('inf')).toEqual({ k: 'inf' });
    expect(parse('sqrt(x)')).toEqual(sqrt(x));
    expect(() => parse('x + * y')).toThrow(SyntaxError);
    expect(() => parse('x + * y')).toThrow(/at column \d+ of 'x \+ \* y'/);
    expect(() => parse('(x')).toThrow(/of '\(x'/);
  });
});

describe('seeded sample points', () => {
  it('generator is mulberry32 (reference values computed independently)', () => {
    const g = generator(1);
    expect([g(), g(), g()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    const h = generator(2 ** 32 + 5); // the seed is taken mod 2^32
    expect([h(), h()]).toEqual([0.6897749109193683, 0.7727432732935995]);
  });

  it('uniform and log-uniform coordinates with 12 significant digits, in order of the variables', () => {
    const region: Region = { description: 'box', vars: { a: { lo: -1, hi: 3 }, b: { lo: 1, hi: 100, log: true } } };
    const pts = samplePoints(region, 2, 1);
    const g = generator(1);
    const u = [g(), g(), g(), g()];
    expect(pts[0]).toEqual({ a: (-1 + 4 * u[0]!).toPrecision(12), b: Math.exp(u[1]! * Math.log(100)).toPrecision(12) });
    expect(pts[1]).toEqual({ a: (-1 + 4 * u[2]!).toPrecision(12), b: Math.exp(u[3]! * Math.log(100)).toPrecision(12) });
    expect(pts[0]!.a).toBe('1.50829576235');
    expect(samplePoints(region, 5, 9)).toEqual(samplePoints(region, 5, 9));
    expect(samplePoints(region, 5, 9)).not.toEqual(samplePoints(region, 5, 10));
  });

  it('redraws points the constraint rejects, and gives up with the region named', () => {
    const half: Region = {
      description: 'a > b',
      vars: { a: { lo: 0, hi: 1 }, b: { lo: 0, hi: 1 } },
      where: (p) => p.a! > p.b!,
    };
    const pts = samplePoints(half, 30, 4);
    expect(pts).toHaveLength(30);
    for (const p of pts) expect(Number(p.a)).toBeGreaterThan(Number(p.b));
    // The constraint sees the rounded values, the ones the identity is evaluated at.
    const seen: number[] = [];
    samplePoints(
      { description: 'r', vars: { a: { lo: 0, hi: 1 } }, where: (p) => (seen.push(p.a!), true) },
      3,
      2,
    ).forEach((p, i) => expect(Number(p.a)).toBe(seen[i]));
    const never: Region = { description: 'empty set', vars: { a: { lo: 0, hi: 1 } }, where: () => false };
    expect(() => samplePoints(never, 2, 1)).toThrow("region 'empty set': constraint rejects almost every point");
    let calls = 0;
    expect(() => samplePoints({ ...never, where: () => (calls++, false) }, 2, 1)).toThrow();
    expect(calls).toBe(2001); // 1000 tries per point asked for
  });
});

describe('numeric evaluation', () => {
  const c = mp(40);
  const env = { x: c.num('1e10'), y: c.num(1), kappa: c.num('0.5') };

  it('values exactly, with the scale of cancellation the largest operand of any sum', () => {
    const r = evalExpr(c, parse('(x + y) - x'), env);
    expect(r.value.toString()).toBe('1');
    expect(r.scale.toString()).toBe('10000000001');
    const m = evalExpr(c, parse('x*y - 3'), env); // a product's factors are not terms
    expect(m.scale.toString()).toBe('10000000000');
    const single = evalExpr(c, parse('-x/4'), env);
    expect(single.value.toString()).toBe('-2500000000');
    expect(single.scale.toString()).toBe('2500000000');
    expect(evalExpr(c, parse('y - x'), env).scale.toString()).toBe('10000000000');
  });

  it('rationals, powers of either sign, roots, infinity, M and M′ from the theory core', () => {
    expect(evalExpr(c, rat(-7n, 8n), env).value.toString()).toBe('-0.875');
    expect(evalExpr(c, parse('(2*y)^3'), env).value.toString()).toBe('8');
    expect(evalExpr(c, parse('(2*y)^(-3)'), env).value.toString()).toBe('0.125');
    expect(evalExpr(c, parse('sqrt(4*y)'), env).value.toString()).toBe('2');
    expect(evalExpr(c, parse('inf'), env).value.isFinite()).toBe(false);
    const kt = kappaTerms(c, env.kappa);
    expect(evalExpr(c, parse('M(kappa, y)'), env).value.eq(M(c, kt, env.y))).toBe(true);
    expect(evalExpr(c, parse('Mp(kappa, y)'), env).value.eq(Mprime(c, kt, env.y))).toBe(true);
    expect(() => evalExpr(c, parse('x + t'), env)).toThrow("no value for variable 't'");
  });
});

describe('the symbolic context', () => {
  it('abs, lt and toNumber on rationals; non-constant ones refuse or use the branch point', () => {
    const s = symbolic();
    expect([s.name, s.digits, s.eps]).toEqual(['symbolic', Infinity, ZERO]);
    expect(s.abs(rat(-3n, 4n))).toEqual(rat(3n, 4n));
    expect(s.abs(rat(3n, 4n))).toEqual(rat(3n, 4n));
    expect(() => s.abs(x)).toThrow(/\|x\| needs the sign of a non-constant expression/);
    expect(s.lt(rat(-1n, 2n), rat(-1n, 3n))).toBe(true);
    expect(s.lt(rat(1n, 3n), rat(1n, 3n))).toBe(false);
    expect(s.lt(rat(2n, 3n), rat(3n, 5n))).toBe(false);
    expect(() => s.lt(x, ONE)).toThrow('cannot decide x < 1 symbolically (no branch point given)');
    expect(s.toNumber(rat(-3n, 4n))).toBe(-0.75);
    expect(s.toNumber({ k: 'inf' })).toBe(Infinity);
    expect(() => s.toNumber(x)).toThrow(SymbolicComparisonError);
    expect(s.isNaN(x)).toBe(false);
    expect(s.toString(add(x, ONE))).toBe('x + 1');
    expect(s.num('0.25')).toEqual(rat(1n, 4n));
    const b = symbolic({ x: '2' });
    expect(b.lt(x, rat(2n))).toBe(false);
    expect(b.lt(ONE, x)).toBe(true);
    expect(b.decisions).toEqual(['x < 2: false', '1 < x: true']);
  });
});

describe('the evidence line of a checked step', () => {
  const box: Region = { description: 'x in [1, 2]', vars: { x: { lo: 1, hi: 2 } } };
  const id = (lhs: IdentityStep['lhs'], rhs: IdentityStep['rhs'], extra: Partial<IdentityStep> = {}): IdentityStep => ({
    kind: 'identity',
    statement: 's',
    lhs,
    rhs,
    region: box,
    ...extra,
  });

  it('symbolic: what reduced and how many points confirmed it', () => {
    expect(checkStep(id(parse('(x + 1)^2'), parse('x^2 + 2*x + 1')), 3)).toEqual({
      statement: 's',
      method: 'symbolic',
      status: 'pass',
      detail: 'reduced to 0; confirmed numerically at 3 points',
    });
    expect(checkStep(id(parse('sqrt(x)^2'), parse('x')), 3).detail).toBe(
      'reduced to 0 modulo 1 relation(s); confirmed numerically at 3 points',
    );
  });

  it('numeric: the worst agreement over the points, the region and the seed; where it was worst when failing', () => {
    expect(checkStep(id(parse('x'), parse('x'), { numericOnly: true }), 5)).toEqual({
      statement: 's',
      method: 'numeric-identity',
      status: 'pass',
      detail: 'worst agreement 60.0 digits over 24 points (60-digit, need 50) in x in [1, 2], seed 5',
    });
    const bad = checkStep(id(parse('x'), parse('x + 1/10^20'), { numericOnly: true }), 5);
    expect(bad.status).toBe('fail');
    expect(bad.detail).toMatch(
      /^worst agreement 20\.\d digits over 24 points \(60-digit, need 50\) in x in \[1, 2\], seed 5; worst at \{"x":"1\.\d+"\}$/,
    );
    // Exactly 50 digits passes (scale 1, difference 1e-50); the worst point of a tie is the first drawn.
    expect(checkStep(id(ONE, rat(10n ** 50n - 1n, 10n ** 50n), { numericOnly: true }), 5).status).toBe('pass');
    const tie = checkStep(id(ONE, rat(10n ** 20n - 1n, 10n ** 20n), { numericOnly: true }), 5);
    expect(tie.detail).toContain(`worst agreement 20.0 digits`);
    expect(tie.detail).toContain(`; worst at ${JSON.stringify(samplePoints(box, 24, 5)[0])}`);
    const inf = checkStep(id(parse('x'), parse('1/(x - x)'), { numericOnly: true }), 5);
    expect(inf.status).toBe('fail');
    expect(inf.detail).toMatch(/^worst agreement none \(non-finite\)/);
    // 0 against 1e-70: judged against the larger side, no digit agrees; x − x against it: 70 digits of x.
    const tiny = rat(1n, 10n ** 70n);
    expect(checkStep(id(ZERO, tiny, { numericOnly: true }), 5).detail).toMatch(/^worst agreement 0\.0 digits/);
    expect(checkStep(id(parse('x - x'), tiny, { numericOnly: true }), 5).status).toBe('pass');
  });

  it('code sides and derived variables go straight to the numeric test; a symbolic failure is noted', () => {
    const twice = (_c: unknown, p: Readonly<Record<string, { times(n: number): never }>>) => p.x!.times(2);
    const r = checkStep(id(parse('2*x'), twice as never), 1);
    expect(r.method).toBe('numeric-identity');
    expect(r.detail).toMatch(/^worst agreement/);
    const d = checkStep(id(parse('u'), parse('2*x'), { derive: { u: twice as never } }), 1);
    expect([d.method, d.status]).toEqual(['numeric-identity', 'pass']);
    const ineq = checkStep(id(parse('sqrt(x^2)'), parse('x')), 1);
    expect(ineq.detail).toMatch(/^symbolic inconclusive \(nonzero remainder .*\); worst agreement 60\.0 digits/);
    const notPossible = checkStep(id(parse('x + 0*M(inf, x)'), parse('x')), 1);
    expect(notPossible.status).toBe('pass');
    const infStep = checkStep(id(add(x, mul(x, { k: 'inf' })), add(x, mul(x, { k: 'inf' }))), 1);
    expect(infStep.detail).toMatch(
      /^symbolic not possible \(RangeError: infinity inside a symbolic identity: take the limit first\); /,
    );
  });

  it('limits: the pass line, the floor of exact values, and the 0.8·order digits per rung', () => {
    const region: Region = { description: 'a in [1, 2]', vars: { a: { lo: 1, hi: 2 } } };
    const lim = (f: LimitStep['f'], limit: string, order?: number): LimitStep => ({
      kind: 'limit',
      statement: 'l',
      f,
      limit: parse(limit),
      region,
      order,
    });
    const exact = checkStep(
      lim((_c, _t, p) => p.a!, 'a'),
      2,
    );
    expect(exact).toEqual({
      statement: 'l',
      method: 'numeric-limit',
      status: 'pass',
      detail: 'error <= 1e-120 at t = 1e-40, shrinking like t^1, over 5 points in a in [1, 2] (120-digit), seed 2',
    });
    // f = L + C t^q: the error falls q·10 digits per rung; 8·order are required, and the last must be <= 3 − 32·order.
    const at = (C: string, q: number, order?: number) =>
      checkStep(
        lim((c, t, p) => p.a!.plus(c.num(C).times(t.pow(q))), 'a', order),
        2,
      );
    expect(at('1', 0.85).status).toBe('pass');
    expect(at('1', 0.75).status).toBe('fail');
    expect(at('1', 0.75).detail).toMatch(
      /^log10 error -7\.\d, -15\.\d, -22\.\d, -30\.\d at t = 1e-10\.\.1e-40 does not shrink like t\^1 at \{"a":"1\.\d+"\} \(seed 2\)$/,
    );
    expect(at('1e10', 1).status).toBe('pass'); // last error ~1e-30·3: inside 1e-29
    expect(at('1e12', 1).status).toBe('fail'); // ~1e-28: outside
    expect(at('1', 1.7, 2).status).toBe('pass'); // 17 digits per rung >= 16
    expect(at('1', 1.5, 2).status).toBe('fail');
    expect(at('1', 0.85).detail).toMatch(/^error <= 1e-3\d at t = 1e-40, shrinking like t\^1, over 5 points/);
    const broken = checkStep(
      lim(() => {
        throw new Error('boom');
      }, 'a'),
      2,
    );
    expect(broken).toMatchObject({ method: 'numeric-limit', status: 'fail' });
    expect(broken.detail).toMatch(/^evaluation failed at \{"a":"1\.\d+"\}: Error: boom \(seed 2\)$/);
    // A value that cannot be computed at the first rung fails even when the later rungs are exact.
    expect(
      checkStep(
        lim((c, t, p) => (t.gt('1e-15') ? c.num(NaN) : p.a!), 'a'),
        2,
      ).status,
    ).toBe('fail');
    const nonFinite = checkStep(
      lim((c) => c.num(Infinity), 'a'),
      2,
    );
    expect(nonFinite.status).toBe('fail');
  });

  it('symbolicZero: fractions over factored denominators, negative powers, equal atoms written differently, κ = ∞', () => {
    const z = (l: string, r: string) => symbolicZero(parse(l), parse(r));
    expect(z('x/(y/w)', 'x*w/y').zero).toBe(true);
    expect(z('(x + 1)^(-2)*(x + 1)^2', '1').zero).toBe(true);
    expect(z('(1/(x + 1))^2*(x + 1)^2', '1').zero).toBe(true); // a power of a fraction raises its denominator
    expect(z('(y/(x + 1))^3', 'y^3/(x + 1)^3').zero).toBe(true);
    expect(z('(y/(x + 1))^3', 'y^3/(x + 1)^2').zero).toBe(false);
    expect(z('1/(x + 1) - 1/(x + 2)', '1/((x + 1)*(x + 2))').zero).toBe(true);
    expect(z('1/(x + 1)^2 + 1/(x + 1)', '(x + 2)/(x + 1)^2').zero).toBe(true);
    expect(z('1/(x + 1)^2 + 1/(x + 1)', '(x + 3)/(x + 1)^2').zero).toBe(false);
    expect(z('-(x - y)', 'y - x').zero).toBe(true);
    expect(z('x - y', 'y - x').zero).toBe(false);
    expect(z('(2/3)*x', 'x - x/3').zero).toBe(true);
    // √(xy) and √(yx) are one atom: one relation, and the sum is twice it.
    expect(z('sqrt(x*y) + sqrt(y*x)', '2*sqrt(x*y)')).toEqual({
      zero: true,
      detail: 'reduced to 0 modulo 1 relation(s)',
    });
    expect(z('sqrt(x)*sqrt(y)', 'sqrt(x*y)').zero).toBe(false); // two atoms with independent signs
    expect(z('M(kappa, x)', 'Mp(kappa, x)').zero).toBe(false); // same arguments, different functions: two atoms
    expect(z('M(kappa, x) + M(kappa, x)', '2*M(kappa, x)').detail).toBe('reduced to 0 modulo 1 relation(s)');
    // M′ registers M first: two relations.
    expect(z('Mp(kappa, x)*(1 + x*M(kappa, x)^2/kappa)', '-M(kappa, x)^2*(1 + M(kappa, x)/kappa)').detail).toBe(
      'reduced to 0 modulo 2 relation(s)',
    );
    // κ = ∞ drops every 1/κ term: M_∞(x) = 1/(1 + x), M′_∞(x) = −1/(1 + x)².
    expect(z('M(inf, x)*(x + 1)', '1').zero).toBe(true);
    expect(z('Mp(inf, x)*(x + 1)^2', '-1').zero).toBe(true);
    expect(z('M(inf, x)*(x + 2)', '1').zero).toBe(false);
    expect(z('M(inf, x) - M(kappa, x)', '0').zero).toBe(false);
  });

  it('symbolicZero reports what it reduced, what was left (shortened) and what was too large', () => {
    expect(symbolicZero(parse('x + y'), parse('y + x'))).toEqual({ zero: true, detail: 'reduced to 0' });
    const left = symbolicZero(parse('x'), parse('x + 1'));
    expect(left.zero).toBe(false);
    expect(left.detail).toBe('nonzero remainder -1');
    const long = symbolicZero(parse(Array.from({ length: 30 }, (_, i) => `x^${i + 1}*y`).join(' + ')), ZERO);
    expect(long.detail).toMatch(/^nonzero remainder .{120}…$/);
    expect(() => symbolicZero(parse('x + inf'), x)).toThrow(/infinity inside a symbolic identity/);
    // The limit is on the difference as written: x − N is 'v0+(N*(-1))', 10 characters around N's digits.
    expect(symbolicZero(x, rat(10n ** 989n)).detail).toMatch(/^nonzero remainder /);
    expect(symbolicZero(x, rat(10n ** 990n)).detail).toBe(
      'too large for nerdamer (1001 characters before expansion, limit 1000)',
    );
    const big = Array.from({ length: 40 }, (_, i) => `1/(x + ${i + 1})`).join(' + ');
    expect(symbolicZero(parse(big), parse(big)).detail).toMatch(
      /^too large for nerdamer \(\d+ characters before expansion, limit 1000\)$/,
    );
  });
});
