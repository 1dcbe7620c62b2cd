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
 *  3. information: last month's creator economy and programmes become this month's signals; outreach calls
 *  2+4. city labour and the return decision (persons away), and the decision to leave again
 *     (persons at home), in one pass                                    step-persons.ts
 *  5. moves applied, occupation at home for returnees and would-be creators  step-occupation.ts
 *  6+7. creators: entries, attention, followers, income, exits         step-creators.ts
 *  8. government: loan repayments, training                             step-government.ts
 *  9. metrics recorded                                                  record.ts
 *     and what people will know next month (programme reach, approval rates)  closeMonth below
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
    m.budget.startMonth();
    stepWorld(m, t);
    updateSignals(m, t);
    stepOutreach(m, t);
    stepPersons(m, t);
    applyMoves(m, t);
    stepCreators(m, t, this.creatorMonth);
    stepGovernment(m, t);
    recordMetrics(m, t, this.creatorMonth, columns);
    closeMonth(m, t);
    return m.month.activePersons;
  }
}

/** Step 3: what persons know this month, from last month's creator economy and programmes. */
function updateSignals(m: ModelState, t: number): void {
  const s = m.s;
  const pl = s.platform;
  const adoption = pl.ceiling > 0 ? m.tl.adoption[t]! / pl.ceiling : 0;
  // Before creators are seen, people expect what they hear of elsewhere, as far as the platform has spread.
  const prior = s.creators.prior_income * adoption * m.tl.monetisation[t]! * pl.popularity;
  const n = m.lastCreatorCount;
  // Evidence weight: prior_weight creators seen count as much as the prior.
  const w = n / (n + s.creators.prior_weight * m.scale);
  const expected = n > 0 && !Number.isNaN(m.creatorIncomeAverage) ? w * m.creatorIncomeAverage + (1 - w) * prior : prior;
  m.signals = {
    support: Math.min(1, m.reachedYear / (s.decision.support_reference * m.scale)),
    prospects: Math.min(1, n / (s.decision.video_reference * m.scale)),
    expectedCreatorIncome: expected,
    videoVisibility: Math.min(1, (n / (s.decision.video_reference * m.scale)) * adoption * pl.popularity),
    loanChance: m.tl.loans[t] ? m.loanApproval : 0,
    grantChance: m.grantApproval,
  };
}

/**
 * End of month t: what people will know of it next month. Persons reached join the 12-month record behind
 * the support signal; the approval rates of loans and grants are those of this month's applicants (with
 * none, whether capacity and money were left).
 */
function closeMonth(m: ModelState, t: number): void {
  const k = t % 12;
  const mc = m.month;
  m.reachedYear += mc.reached - m.reachedByMonth[k]!;
  m.reachedByMonth[k] = mc.reached;
  const p = m.s.policies;
  m.loanApproval = mc.loanApplications > 0 ? mc.loansIssued / mc.loanApplications : m.loanCapacity >= 1 && m.budget.left >= p.loans.amount ? 1 : 0;
  const grantRequests = mc.grants + mc.grantsRefused;
  m.grantApproval = grantRequests > 0 ? mc.grants / grantRequests : m.budget.left >= p.subsidies.start_grant ? 1 : 0;
}
