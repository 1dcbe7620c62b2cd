import { expectedQuality, referenceQuality, riskDiscount } from './creator-prospects.js';
import { Status } from './persons.js';
import type { ModelState } from './state.js';

/**
 * Applies the month's queued moves, then step 5 (occupation at home) for the new returnees and the
 * persons at home weighing a creator start. Leavers go first (their acquaintances stop seeing them),
 * then arrivals; the order within each list is the pass order, so the run is deterministic.
 */
export function applyMoves(m: ModelState, t: number): void {
  const rehire = m.rehireChance(t);
  for (let k = 0; k < m.leaving.length; k++) {
    const i = m.leaving.ids[k]!;
    if (m.persons.status[i] === Status.HomeCreator) {
      m.month.creatorRemigrations++;
      if (m.channels.successful[m.persons.channel[i]!]) m.month.successfulRemigrations++;
    }
    m.depart(i, m.rng.uniform() < rehire ? Status.AwayEmployed : Status.AwayUnemployed);
    m.month.remigrations++;
  }
  for (let k = 0; k < m.returning.length; k++) {
    const i = m.returning.ids[k]!;
    m.arrive(i, t);
    if (!tryCreator(m, i, t)) m.setStatus(i, m.rng.uniform() < m.nonfarmChance(i) ? Status.HomeLocalJob : Status.HomeFarming);
  }
  for (let k = 0; k < m.candidates.length; k++) tryCreator(m, m.candidates.ids[k]!, t);
  m.leaving.clear();
  m.returning.clear();
  m.candidates.clear();
}

/**
 * Step 5: person i at home becomes a creator if the village is connected, the expected creator income
 * (after costs, discounted by risk aversion) beats a local job or farming, and savings or a loan cover
 * the start. Returns whether a channel was opened.
 */
function tryCreator(m: ModelState, i: number, t: number): boolean {
  const s = m.s;
  const p = m.persons;
  if (!m.connected[p.village[i]!]) return false;
  const cr = s.creators;
  const fit = (expectedQuality(s, p.skill[i]!, p.knowledge[i]!) / referenceQuality(s)) * riskDiscount(s, p.risk[i]!);
  const creatorNet = m.signals.expectedCreatorIncome * fit - cr.monthly_cost - (cr.data_use * m.tl.networkCost[t]!) / 12;
  const localWage = m.tl.localWage[t]!;
  const farm = m.tl.farmIncome[t]!;
  const alternative = farm + m.nonfarmChance(i) * (localWage - farm);
  if (creatorNet <= alternative) return false;

  if (p.savings[i]! >= cr.start_cost) p.savings[i] = p.savings[i]! - cr.start_cost;
  else if (!borrow(m, i, t)) return false;

  m.openChannel(i, p.village[i]!, p.skill[i]!, p.knowledge[i]!, p.married[i] === 1);
  // Budgets are scaled to the simulated county, so one agent's grant or loan costs its full amount.
  const grant = s.policies.subsidies.start_grant;
  if (m.tl.subsidies[t] && grant > 0 && m.budget.spend(grant)) p.savings[i] = p.savings[i]! + grant;
  return true;
}

/** An interest-free loan, if the programme runs, has capacity left this month and the budget allows. */
function borrow(m: ModelState, i: number, t: number): boolean {
  const loans = m.s.policies.loans;
  if (!m.tl.loans[t] || m.loanCapacity < 1 || m.persons.debt[i]! > 0) return false;
  if (!m.budget.spend(loans.amount)) return false;
  m.loanCapacity--;
  const p = m.persons;
  p.debt[i] = loans.amount;
  p.savings[i] = p.savings[i]! + loans.amount - m.s.creators.start_cost;
  m.loanBook.push(i);
  m.month.loansIssued++;
  return true;
}
