import type { Scenario } from '../scenario/schema.js';
import * as kernel from './kernel/person-pass.js';

/**
 * The formulas of a person's economic options at home, each in one place: the step that chooses an occupation
 * (step-occupation) and the creators' own accounts (step-creators) use these; content quality and the creator
 * option as a person weighs it live in the person pass's source (kernel/person-pass.ts), which the return
 * decision (step-persons) runs and the others call.
 */

type CreatorParams = Scenario['creators'];

/** Content quality (kernel/person-pass.ts, where the person pass computes it too). */
export function contentQuality(cr: CreatorParams, skill: number, knowledgeWeight: number, knowledge: number, partners: number): number {
  return kernel.contentQuality(cr.quality_base, cr.quality_skill, cr.quality_knowledge, cr.couple_boost, skill, knowledgeWeight, knowledge, partners);
}

/** 1 for a person who takes risks fully, down to 1 - decision.risk for one who takes none (kernel/person-pass.ts). */
export { riskDiscount } from './kernel/person-pass.js';

/**
 * How a person judges their own prospects as a creator: the quality of content they expect to make, as if
 * nostalgic and without a partner.
 */
export function expectedQuality(cr: CreatorParams, heritage: number, skill: number, knowledge: number): number {
  return contentQuality(cr, skill, heritage, knowledge, 0);
}

/** The county's expected creator income per unit of expected quality: what a reference creator (skill and knowledge 0.5) is expected to earn, over their quality. */
export function incomePerQuality(s: Scenario, expectedIncome: number): number {
  return expectedIncome / expectedQuality(s.creators, s.county.heritage, 0.5, 0.5);
}

/**
 * What a channel costs a person a month as they weigh a start: running costs at this year's network price, plus the
 * capital they must put in (the start cost less the grant they get or expect) spread over creators.payback_months.
 */
export function creatorCost(s: Scenario, networkCostPerYear: number, grant: number): { readonly ownCapital: number; readonly monthly: number } {
  const ownCapital = netStartCost(s, grant);
  return { ownCapital, monthly: runningCost(s, networkCostPerYear) + ownCapital / s.creators.payback_months };
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
