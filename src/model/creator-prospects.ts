import type { Scenario } from '../scenario/schema.js';

/**
 * The formulas of a person's economic options at home, each in one place: the step that decides a return
 * (step-persons), the step that chooses an occupation (step-occupation) and the creators' own accounts
 * (step-creators) all use these.
 */

type CreatorParams = Scenario['creators'];

/**
 * Content quality: media skill, local knowledge valued through `knowledgeWeight` (the county's heritage for
 * nostalgic content, less for entertainment), and a partner (a couple or small studio).
 */
export function contentQuality(cr: CreatorParams, skill: number, knowledgeWeight: number, knowledge: number, partners: number): number {
  return cr.quality_base + cr.quality_skill * skill + cr.quality_knowledge * knowledgeWeight * knowledge + cr.couple_boost * partners;
}

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

/** 1 for a person who takes risks fully, down to 1 - decision.risk (`aversion`) for one who takes none. */
export function riskDiscount(aversion: number, risk: number): number {
  return 1 - aversion * (1 - risk);
}

/**
 * The monthly income a person expects from a channel before costs: the county's expected creator income per unit
 * of quality, times the quality of content they expect to make, discounted by their aversion to risk.
 */
export function creatorOption(perQuality: number, cr: CreatorParams, heritage: number, aversion: number, skill: number, knowledge: number, risk: number): number {
  return perQuality * expectedQuality(cr, heritage, skill, knowledge) * riskDiscount(aversion, risk);
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
