import type { Scenario } from '../scenario/schema.js';

/**
 * The formulas of a person's economic options at home, each in one place: the step that decides a return
 * (step-persons), the step that chooses an occupation (step-occupation) and the creators' own accounts
 * (step-creators) all use these.
 */

/**
 * How a person judges their own prospects as a creator: the quality of content they expect to make, as if
 * nostalgic and without a partner, relative to a reference creator with skill and knowledge 0.5.
 */
export function expectedQuality(s: Scenario, skill: number, knowledge: number): number {
  const cr = s.creators;
  return cr.quality_base + cr.quality_skill * skill + cr.quality_knowledge * s.county.heritage * knowledge;
}

export function referenceQuality(s: Scenario): number {
  return expectedQuality(s, 0.5, 0.5);
}

/** 1 for a person who takes risks fully, down to 1 - decision.risk for one who takes none. */
export function riskDiscount(s: Scenario, risk: number): number {
  return 1 - s.decision.risk * (1 - risk);
}

/** A creator's monthly running cost: equipment and stock, plus heavy network use at this year's price. */
export function runningCost(s: Scenario, networkCostPerYear: number): number {
  return s.creators.monthly_cost + (s.creators.data_use * networkCostPerYear) / 12;
}

/** The capital a start needs from the person: the start cost less the start grant they get (or expect). */
export function netStartCost(s: Scenario, grant: number): number {
  return Math.max(0, s.creators.start_cost - grant);
}

/** Probability of finding local non-farm work on return: urban experience raises it (F9). */
export function nonfarmChance(s: Scenario, urbanMonths: number): number {
  const c = s.county;
  return Math.min(1, c.local_job_rate * (1 + c.experience_boost * Math.min(1, urbanMonths / c.experience_months)));
}

/** Expected monthly income at home without a channel: a local job with the non-farm chance, else farming. */
export function localIncome(farm: number, localWage: number, nonfarm: number): number {
  return farm + nonfarm * (localWage - farm);
}
