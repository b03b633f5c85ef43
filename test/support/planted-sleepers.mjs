// A registry for the tests of verify's time limits only: checks that take wall-clock time without CPU
// time. One sleeps past its CPU limit (as a check does on a machine that gives it little CPU) and must
// pass; one waits forever and must be stopped by the wall-clock backstop.
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const detects = 'nothing: a planted check';

export const checks = [
  {
    id: 'planted.sleep',
    claim: 'sleeps 2.5 s, more than its CPU limit of 1 s, using almost no CPU',
    subject: 'planted',
    detects,
    timeoutSeconds: 1,
    run: () => (sleep(2500), { status: 'pass', keyFigure: 'slept', evidence: {} }),
  },
  {
    id: 'planted.wait-forever',
    claim: 'waits forever without using CPU',
    subject: 'planted',
    detects,
    timeoutSeconds: 1,
    run: () => new Promise(() => {}),
  },
];
