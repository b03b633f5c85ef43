// Owned by helper E (issue 3): Gaussian moment calculus (Isserlis/Wick) for Lemma 1,
// and proofs 8-11 (src/proofs/{lemma1,proposition1,sampler,ridgeBaseline}.ts).
export {};
