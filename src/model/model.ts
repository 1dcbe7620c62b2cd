import type { Scenario } from '../scenario/schema.js';
import { recordMetrics } from './record.js';
import { CreatorMonth, stepCreators } from './step-creators.js';
import { stepGovernment, stepOutreach } from './step-government.js';
import { applyMoves } from './step-occupation.js';
import { stepPersons } from './step-persons.js';
import { stepWorld } from './step-world.js';
import { ModelState } from './state.js';

/**
 * One replication of the return-migration model. `step(t)` runs month t in the order below: MODEL.md's
 * order, with steps 2-4 fused into one pass (documented in docs/ODD.md, "Process overview and scheduling"):
 *  1. timelines move (budget year, ageing, village connections, festival held or not)  step-world.ts
 *  3. information: last month's creator economy becomes this month's signals; outreach calls
 *  2+4. city labour and the return decision (persons away), and the decision to leave again
 *     (persons at home), in one pass                                    step-persons.ts
 *  5. moves applied, occupation at home for returnees and would-be creators  step-occupation.ts
 *  6+7. creators: entries, attention, followers, income, exits         step-creators.ts
 *  8. government: loan repayments, training                             step-government.ts
 *  9. metrics recorded                                                  record.ts
 */
export class Model {
  readonly state: ModelState;
  private readonly creatorMonth = new CreatorMonth();

  constructor(scenario: Scenario, seed: number) {
    this.state = new ModelState(scenario, seed);
  }

  get months(): number {
    return this.state.tl.months;
  }

  /** Simulates month t and writes its metrics into columns[k][t]. Returns the person-months simulated. */
  step(t: number, columns: Float64Array[]): number {
    const m = this.state;
    m.month.reset();
    m.budget.spent = 0;
    stepWorld(m, t);
    updateSignals(m, t);
    stepOutreach(m, t);
    stepPersons(m, t);
    applyMoves(m, t);
    stepCreators(m, t, this.creatorMonth);
    stepGovernment(m, t);
    recordMetrics(m, t, this.creatorMonth, columns);
    return m.month.activePersons;
  }
}

/** Step 3: what persons know this month, from last month's creator economy and this month's programmes. */
function updateSignals(m: ModelState, t: number): void {
  const s = m.s;
  const pl = s.platform;
  const adoption = pl.ceiling > 0 ? m.tl.adoption[t]! / pl.ceiling : 0;
  // Before creators are seen, people expect what they hear of elsewhere, as far as the platform has spread.
  const prior = s.creators.prior_income * adoption * m.tl.monetisation[t]! * pl.popularity;
  const n = m.lastCreatorCount;
  // Evidence weight: prior_weight creators seen count as much as the prior.
  const w = n / (n + s.creators.prior_weight * m.scale);
  const expected = n > 0 ? w * m.lastCreatorMean + (1 - w) * prior : prior;
  m.signals = {
    support: Math.min(1, m.tl.budget[t]! / s.decision.support_reference),
    prospects: Math.min(1, n / (s.decision.video_reference * m.scale)),
    expectedCreatorIncome: expected,
    videoVisibility: Math.min(1, (n / (s.decision.video_reference * m.scale)) * adoption * pl.popularity),
    loanAccess: m.tl.loans[t] && m.loanCapacity >= 1 && m.budget.left >= s.policies.loans.amount ? 1 : 0,
  };
}
