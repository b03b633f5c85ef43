// The false-alarm budget of the statistical properties of properties/ (Bonferroni): the family is every
// statistical property in `npm test` — Lemma 1, Proposition 1 for random Γ and for fitted Γ*, the O(d)
// sampler against the direct one, and theory against extrapolated simulation — at a family-wise level
// of 1e-3. Each property gets an equal share, divided again by its numRuns and by the tests per run,
// so the whole suite raises a false alarm with probability at most 1e-3 (for the normal-approximation
// z-tests, up to the accuracy of that approximation in the tail), whatever FC_NUM_RUNS is.
export const FAMILY_LEVEL = 1e-3;
export const STATISTICAL_PROPERTIES = [
  'lemma1',
  'proposition1.random',
  'proposition1.fitted',
  'sampler',
  'theory-vs-simulation',
] as const;
export type StatisticalProperty = (typeof STATISTICAL_PROPERTIES)[number];

/** The level of one test inside one run of `property` (numRuns runs of `tests` tests each). */
export function testLevel(property: StatisticalProperty, numRuns: number, tests: number): number {
  if (!STATISTICAL_PROPERTIES.includes(property)) throw new Error(`${property} has no share of the false-alarm budget`);
  return FAMILY_LEVEL / STATISTICAL_PROPERTIES.length / numRuns / tests;
}
