// Registry checks of the certified claims (docs/certify.md, docs/theory.md §10): each claim is certified
// over boxes by branch and bound, and its certificate re-verified by the independent checker. A check
// passes when every box comes out as expected (proved on the whole box, or for a failure region, with
// certified counterexamples) and every certificate re-verifies. Quick mode runs the boxes that take a
// fraction of a second each; full mode adds wider ones.
import { parseBox } from '../certify/box.js';
import { checkCertificate } from '../certify/checkCertificate.js';
import { claimNamed } from '../certify/claims.js';
import { certify } from '../certify/search.js';
import { verdict, type Check, type CheckOptions, type CheckResult } from '../registry/registry.js';

/** What a box must give: proved on all of it, disproved on all of it, or a located failure region. */
type Expect = 'proved' | 'disproved' | 'fails-somewhere';

interface Case {
  claim: string;
  box: string;
  expect: Expect;
  maxCells: number;
  /** Run in full mode only. */
  full?: boolean;
}

/** Volume fractions are sums of cell volumes in float64: "all of the box" is 1 to this. */
const WHOLE = 1 - 1e-9;

function runCases(cases: readonly Case[], quick: boolean): CheckResult {
  const rows = cases
    .filter((c) => !(quick && c.full))
    .map((c) => {
      const r = certify(claimNamed(c.claim), parseBox(c.box), { maxCells: c.maxCells, depth: 40 });
      const check = checkCertificate(r);
      const counterexamples = r.cells.filter((x) => x.status === 'counterexample' || x.status === 'disproved').length;
      const asExpected =
        c.expect === 'proved'
          ? r.proved >= WHOLE
          : c.expect === 'disproved'
            ? r.disproved >= WHOLE
            : counterexamples > 0 && check.counterexamples + check.disproved > 0;
      return {
        claim: c.claim,
        box: c.box,
        expect: c.expect,
        maxCells: c.maxCells,
        evaluated: r.evaluated,
        proved: r.proved,
        disproved: r.disproved,
        undecided: r.cells.filter((x) => x.status === 'undecided').length,
        counterexamples,
        certificateVerified: check.ok,
        failures: check.failures.slice(0, 5),
        ok: asExpected && check.ok,
      };
    });
  const bad = rows.filter((r) => !r.ok);
  const cells = rows.reduce((s, r) => s + r.evaluated, 0);
  return verdict(
    bad.length === 0,
    bad.length === 0
      ? `${rows.length} boxes as claimed, certificates re-verified (${cells} cells)`
      : `${bad.length}/${rows.length} boxes not as claimed: ${bad.map((r) => `${r.claim} ${r.box} (proved ${r.proved.toFixed(4)}, ${r.counterexamples} counterexamples)`).join('; ')}`,
    { rows, depth: 40, wholeBox: WHOLE },
  );
}

const check = (id: string, claim: string, subject: string, cases: readonly Case[]): Check => ({
  id,
  claim,
  subject,
  detects: `a formula change that turns a proved box of ${cases.map((c) => c.claim).join(', ')} into a counterexample or an undecided cell, or a certificate the independent checker rejects (planted: numer-rho-sign, idg-0.99, memorized-kappa-1.01, numer-rho-0.99)`,
  run: ({ quick }: CheckOptions) => runCases(cases, quick),
});

export const checks: Check[] = [
  check(
    'certify.noise-floor',
    'docs/theory.md §10: e^ICL >= rho and e^IDG >= rho at every point of each box (ridgeless and with ridge)',
    'errors',
    [
      {
        claim: 'eIDG-ge-rho',
        box: 'alpha=5..10,kappa=0.5..0.9,tau=2..5,rho=0.5..1,lambda=0',
        expect: 'proved',
        maxCells: 3000,
      },
      {
        claim: 'eIDG-ge-rho',
        box: 'alpha=300..1000,kappa=0.5..2,tau=500,rho=0.5,lambda=0',
        expect: 'proved',
        maxCells: 3000,
      },
      {
        claim: 'eICL-ge-rho',
        box: 'alpha=2..4,kappa=0.5..1,tau=0.5..2,rho=0.1..0.5,lambda=0.1..0.5',
        expect: 'proved',
        maxCells: 5000,
        full: true,
      },
      {
        claim: 'eICL-ge-rho',
        box: 'alpha=1..10,kappa=0.1..0.9,tau=1.1..5,rho=0.01..1,lambda=0',
        expect: 'proved',
        maxCells: 20000,
        full: true,
      },
      {
        claim: 'eIDG-ge-rho',
        box: 'alpha=1..10,kappa=0.1..0.9,tau=1.1..5,rho=0.01..1,lambda=0',
        expect: 'proved',
        maxCells: 30000,
        full: true,
      },
    ],
  ),
  check(
    'certify.gtask',
    'docs/theory.md §10: ridgeless g_task >= 0 on a box with tau > 1, and its failure below tau = 1 located by certified counterexamples',
    'errors',
    [
      {
        claim: 'gtask-nonneg',
        box: 'alpha=100,kappa=0.1,tau=0.05..0.5,rho=0.1..1,lambda=0',
        expect: 'fails-somewhere',
        maxCells: 60,
      },
      {
        claim: 'gtask-nonneg',
        box: 'alpha=2..4,kappa=0.3..0.6,tau=2..4,rho=0.1..0.3,lambda=0',
        expect: 'proved',
        maxCells: 30000,
        full: true,
      },
    ],
  ),
  check(
    'certify.double-descent',
    'docs/theory.md §10: ridgeless e^IDG >= tau rho/|tau - 1| on either side of tau = 1 (the peak diverges), finite with ridge',
    'errors',
    [
      {
        claim: 'peak-divergence',
        box: 'alpha=2,kappa=0.5,tau=1.001..1.1,rho=0.1..1,lambda=0',
        expect: 'proved',
        maxCells: 3000,
      },
      {
        claim: 'peak-finite',
        box: 'alpha=1..10,kappa=0.1..2,tau=0.5..1.5,rho=0.01..1,lambda=0.01..1',
        expect: 'proved',
        maxCells: 3000,
        full: true,
      },
      {
        claim: 'peak-divergence',
        box: 'alpha=2,kappa=0.5,tau=0.9..0.999,rho=0.1..1,lambda=0',
        expect: 'proved',
        maxCells: 5000,
        full: true,
      },
    ],
  ),
  check(
    'certify.optimal-ridge',
    'docs/theory.md §10: at alpha = 10, kappa = 0.5, tau = 2, rho = 0.1, e^ICL falls with lambda below the optimal ridge (0.3423) and rises above it',
    'optima.lambda',
    [
      {
        claim: 'eICL-increasing-in-lambda',
        box: 'alpha=10,kappa=0.5,tau=2,rho=0.1,lambda=0.5..1',
        expect: 'proved',
        maxCells: 2000,
      },
      {
        claim: 'eICL-increasing-in-lambda',
        box: 'alpha=10,kappa=0.5,tau=2,rho=0.1,lambda=0.1..0.2',
        expect: 'disproved',
        maxCells: 2000,
      },
      {
        claim: 'eICL-increasing-in-lambda',
        box: 'alpha=10,kappa=0.5,tau=2,rho=0.1,lambda=0.36..1',
        expect: 'proved',
        maxCells: 5000,
        full: true,
      },
      {
        claim: 'eICL-increasing-in-lambda',
        box: 'alpha=10,kappa=0.5,tau=2,rho=0.1,lambda=0.05..0.325',
        expect: 'disproved',
        maxCells: 5000,
        full: true,
      },
    ],
  ),
  check(
    'certify.kappa1-transition',
    'docs/theory.md §6, §10: in the joint alpha, tau -> inf limit g_task tends to a positive limit for kappa < 1 and to 0 for kappa > 1',
    'limits.alpha-tau',
    [
      {
        claim: 'kappa1-transition',
        box: 'alpha=100,kappa=0.1..0.999,tau=1000,rho=0..1,lambda=0',
        expect: 'proved',
        maxCells: 3000,
      },
      {
        claim: 'kappa1-transition',
        box: 'alpha=100,kappa=1.001..10,tau=10..1000,rho=0..1,lambda=0',
        expect: 'proved',
        maxCells: 3000,
      },
    ],
  ),
  check(
    'certify.figure3',
    'docs/theory.md §6, §10: ridgeless e^ICL is non-monotone in alpha on [1, 1e4] (dAlpha takes both signs) on kappa 0.4..0.6 x rho 0.3..0.7 at tau = 20 and just below the boundary kappa = 1.068 at tau = 0.5, rho = 0.5, and monotone on kappa 1.5..3 x rho 0.3..0.7 at tau = 20',
    'figure3',
    [
      {
        claim: 'alpha-nonmonotone-eICL',
        box: 'alpha=1..1e4,kappa=0.4..0.6,tau=20,rho=0.3..0.7,lambda=0',
        expect: 'proved',
        maxCells: 20,
      },
      {
        claim: 'alpha-nonmonotone-eICL',
        box: 'alpha=1..1e4,kappa=1.5..3,tau=20,rho=0.3..0.7,lambda=0',
        expect: 'disproved',
        maxCells: 20,
      },
      {
        claim: 'alpha-nonmonotone-eICL',
        box: 'alpha=1..1e4,kappa=1.065..1.066,tau=0.5,rho=0.5..0.5005,lambda=0',
        expect: 'proved',
        maxCells: 20,
      },
    ],
  ),
];
