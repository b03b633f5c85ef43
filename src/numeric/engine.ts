// Formulas written against a numeric context are many small calls; V8 stops inlining callees once
// ~920 bytes of bytecode are inlined into a function (and callees above 460 bytes), which leaves the
// float64 path of the theory core at a third of the speed of the same arithmetic written inline.
// Raising both budgets for the process (before the hot code is optimized) recovers most of it:
// measured (best of five windows) ridgeless 3–4 → 7.5–13 and ridge 2.4 → 2.0–2.9 million evaluations
// per second; where in that range a process lands depends on which caller V8 optimizes first
// (docs/results.md, Speed). Larger budgets (10000 / 1000) halve the ridge rate: the root solve's loop
// gets too big.
import v8 from 'node:v8';

/** V8 settings for the CLI and the bench, applied before any hot code is optimized. */
export function tuneEngine(): void {
  v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=6000');
  v8.setFlagsFromString('--max-inlined-bytecode-size=700');
  // Optimized code is compiled on this thread, not a background one: Node 20 can deadlock when the event
  // loop empties while a background compile job waits for a garbage collection only this thread can
  // run (nodejs/node#54918, fixed upstream in a later Node), which shows as a CLI child hung at 0% CPU.
  // It costs nothing measurable: the same ridge evaluation rate and `verify --quick` time with and without.
  v8.setFlagsFromString('--no-concurrent-recompilation');
}
