// A registry for the tests of verify's time limits only (never imported by the shipped registry): a
// check that hangs synchronously, one that is slower than its own limit, and two that pass.
const busy = (ms) => {
  const end = Date.now() + ms;
  while (Date.now() < end);
};
const pass = (keyFigure, evidence = {}) => ({ status: 'pass', keyFigure, evidence });

export const checks = [
  {
    id: 'planted.before',
    claim: 'runs before the hang',
    detects: 'nothing: a planted check',
    subject: 'planted',
    run: ({ seed }) => pass(`seed ${seed}`, { seed }),
  },
  {
    id: 'planted.hang',
    claim: 'never returns',
    detects: 'nothing: a planted check',
    subject: 'planted',
    timeoutSeconds: 1,
    run: () => {
      for (;;);
    },
  },
  {
    id: 'planted.slow',
    claim: 'takes 1.5 s',
    detects: 'nothing: a planted check',
    subject: 'planted',
    timeoutSeconds: { quick: 1, full: 5 },
    run: () => (busy(1500), pass('slow but done')),
  },
  {
    id: 'planted.after',
    claim: 'runs after the hang',
    detects: 'nothing: a planted check',
    subject: 'planted',
    run: ({ quick }) => pass(`quick ${quick}`, { quick }),
  },
];
