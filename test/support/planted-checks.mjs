// A registry for the tests of verify's time limits only (never imported by the shipped registry): a
// check that hangs synchronously, one that needs more CPU than its own limit, and two that pass; the
// checks that take wall-clock time without CPU are in planted-sleepers.mjs.
import { readFileSync } from 'node:fs';

/** CPU seconds of the calling thread (Linux): user + system ticks of /proc/thread-self/stat. */
const threadCpu = () => {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
/** Spin until this thread has used `seconds` of CPU, however long the machine takes to give it. */
const burn = (seconds) => {
  const start = threadCpu();
  while (threadCpu() - start < seconds);
};
const pass = (keyFigure, evidence = {}) => ({ status: 'pass', keyFigure, evidence });
const detects = 'nothing: a planted check';

export const checks = [
  {
    id: 'planted.before',
    claim: 'runs before the hang',
    subject: 'planted',
    detects,
    run: ({ seed }) => pass(`seed ${seed}`, { seed }),
  },
  {
    id: 'planted.hang',
    claim: 'never returns',
    subject: 'planted',
    detects,
    timeoutSeconds: 1,
    run: () => {
      for (;;);
    },
  },
  {
    id: 'planted.slow',
    claim: 'needs 1.5 CPU s',
    subject: 'planted',
    detects,
    timeoutSeconds: { quick: 1, full: 5 },
    run: () => (burn(1.5), pass('slow but done')),
  },
  {
    id: 'planted.after',
    claim: 'runs after the hang',
    subject: 'planted',
    detects,
    run: ({ quick }) => pass(`quick ${quick}`, { quick }),
  },
];
