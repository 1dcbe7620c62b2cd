import { decisionTerms } from './decision.js';
import type { ModelState } from './state.js';

/**
 * Step 3 (information): what persons know this month, from last month's creator economy and programmes, and the
 * month's decision terms that follow from it (decision.ts).
 */
export function updateSignals(m: ModelState, t: number): void {
  const s = m.s;
  const pl = s.platform;
  const adoption = pl.ceiling > 0 ? m.tl.adoption[t]! / pl.ceiling : 0;
  // Before creators are seen, people expect what they hear of elsewhere, as far as the platform has spread.
  const prior = s.creators.prior_income * adoption * m.tl.monetisation[t]! * pl.popularity;
  const n = m.lastCreatorCount;
  // Evidence weight: prior_weight creators seen count as much as the prior.
  const w = n / (n + s.creators.prior_weight);
  const expected = n > 0 && !Number.isNaN(m.creatorIncomeAverage) ? w * m.creatorIncomeAverage + (1 - w) * prior : prior;
  m.signals = {
    support: Math.min(1, m.reachedYear / (s.decision.support_reference)),
    prospects: Math.min(1, n / s.decision.video_reference),
    expectedCreatorIncome: expected,
    videoVisibility: Math.min(1, (n / s.decision.video_reference) * adoption * pl.popularity),
    loanChance: m.tl.running.loans[t] ? m.loanApproval : 0,
    grantChance: m.grantApproval,
  };
  m.terms = decisionTerms(m, t);
}

/**
 * End of month t: what people will know of it next month. Persons reached join the 12-month record behind
 * the support signal; the approval rates of loans and grants are those of this month's applicants (with
 * none, whether capacity and money were left).
 */
export function closeMonth(m: ModelState, t: number): void {
  const k = t % 12;
  const mc = m.month;
  m.reachedYear += mc.reached - m.reachedByMonth[k]!;
  m.reachedByMonth[k] = mc.reached;
  const p = m.s.policies;
  m.loanApproval = mc.loanApplications > 0 ? mc.loansIssued / mc.loanApplications : m.loanCapacity >= 1 && m.budget.left >= p.loans.amount ? 1 : 0;
  const grantRequests = mc.grants + mc.grantsRefused;
  m.grantApproval = grantRequests > 0 ? mc.grants / grantRequests : m.budget.left >= p.subsidies.start_grant ? 1 : 0;
}
