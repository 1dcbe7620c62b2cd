import type { Scenario } from '../scenario/schema.js';

/**
 * How a person judges their own prospects as a creator (used in the return decision and the occupation
 * rule): the quality of content they expect to make, as if nostalgic and without a partner, relative to a
 * reference creator with skill and knowledge 0.5, discounted by their aversion to risk.
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
