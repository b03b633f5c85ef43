// check-formula's defaults, one home for the command (src/cli/commands/check-formula.ts) and the
// library's checkFormula (src/api/index.ts): the budget of reference seconds the plan may cost, its
// allowed range, and the seed that replays the design.
import { DEFAULT_SEED } from '../numeric/seeds.js';

export const CHECK_FORMULA_DEFAULTS = {
  /** Reference seconds of simulation the plan may cost (docs/check-formula.md). */
  budgetSeconds: 300,
  /** The allowed budget range: below 5 s no point can be screened; a day is the cap. */
  minBudgetSeconds: 5,
  maxBudgetSeconds: 86_400,
  seed: DEFAULT_SEED,
} as const;
