import { Programme } from './budget.js';
import { netStartCost } from './creator-prospects.js';
import { creatorOptionOf, localIncomeOf } from './decision.js';
import { Flag, flagOf, Loan, loanOf, setLoan, Status } from './persons.js';
import { keepRead, READ_AHEAD } from './read-ahead.js';
import type { ModelState } from './state.js';
import { trait } from './kernel/person-pass.js';

/** Reads the columns that the departures of leavers ids[from..to) use (see read-ahead.ts). */
function readLeaversAhead(m: ModelState, ids: Int32Array, from: number, to: number): void {
  const p = m.persons;
  let sum = 0;
  for (let k = from; k < to; k++) {
    const i = ids[k]!;
    sum += p.status[i]! + p.flags[i]! + p.urbanMonths[i]! + p.channel[i]!;
  }
  keepRead(sum);
}

/** Reads the columns that the arrivals of returners ids[from..to) use; a start's only for those who weigh one (~i). */
function readReturnersAhead(m: ModelState, ids: Int32Array, from: number, to: number): void {
  const p = m.persons;
  let sum = 0;
  for (let k = from; k < to; k++) {
    const id = ids[k]!;
    const i = id < 0 ? ~id : id;
    sum += p.status[i]! + p.flags[i]! + p.education[i]! + p.urbanMonths[i]!;
    if (id < 0) sum += p.savings[i]! + p.skill[i]! + p.knowledge[i]!;
  }
  keepRead(sum);
}

/**
 * Applies the month's queued moves, then step 5 (occupation at home) for the new returnees and the
 * persons at home weighing a creator start. Leavers go first (their acquaintances stop seeing them),
 * then arrivals; the order within each list is the pass order, so the run is deterministic. The pass has
 * already tested whether a creator start pays for the returners (queued as ~i when it does) and the
 * candidates (queued only when it does: kernel/person-pass.ts wantsToCreate), where their columns were at hand.
 */
export function applyMoves(m: ModelState, t: number): void {
  const rehire = m.terms.rehire;
  for (let k = 0; k < m.leaving.length; k++) {
    if (k % READ_AHEAD === 0) readLeaversAhead(m, m.leaving.ids, k, Math.min(m.leaving.length, k + READ_AHEAD));
    const i = m.leaving.ids[k]!;
    if (m.persons.status[i] === Status.HomeCreator) {
      m.month.creatorRemigrations++;
      if (m.channels.successful[m.persons.channel[i]!]) m.month.successfulRemigrations++;
    }
    m.depart(i, m.rng.uniform() < rehire ? Status.AwayEmployed : Status.AwayUnemployed);
    m.month.remigrations++;
  }
  for (let k = 0; k < m.returning.length; k++) {
    if (k % READ_AHEAD === 0) readReturnersAhead(m, m.returning.ids, k, Math.min(m.returning.length, k + READ_AHEAD));
    const id = m.returning.ids[k]!;
    const i = id < 0 ? ~id : id;
    m.arrive(i);
    if (id >= 0 || !tryCreator(m, i, t)) m.takeLocalWork(i);
  }
  for (let k = 0; k < m.candidates.length; k++) tryCreator(m, m.candidates.ids[k]!, t);
  m.leaving.clear();
  m.returning.clear();
  m.candidates.clear();
}

/**
 * Step 5: person i at home becomes a creator if the village is connected, the expected creator income
 * (after running costs and the start cost net of the grant, spread over creators.payback_months,
 * discounted by risk aversion) beats a local job or farming, and savings or a loan cover the start.
 * The first two the person pass tested (wantsToCreate: only persons who pass come here). The start
 * grant is applied for before the decision it is meant to sway; a person whose savings fall short
 * applies for a loan. Returns whether a channel was opened.
 */
function tryCreator(m: ModelState, i: number, t: number): boolean {
  const s = m.s;
  const p = m.persons;
  const d = m.terms;
  const offered = d.grantOffered;
  // The grant is paid if the year's budget still allows it; a refused grant is unmet demand.
  let grant = 0;
  if (offered > 0) {
    if (m.budget.spend(Programme.grants, offered)) grant = offered;
    else {
      m.month.grantsRefused++;
      if (!(creatorOptionOf(d, p, i) - d.costWithoutGrant > localIncomeOf(d, p, i))) return false;
    }
  }
  const need = netStartCost(s, grant);
  const short = p.savings[i]! < s.creators.start_cost;
  if (p.savings[i]! < need && !borrow(m, i, t, need)) {
    // No start after all: the grant goes back to the budget, never paid out.
    if (grant > 0) m.budget.refund(Programme.grants, grant);
    return false;
  }
  if (grant > 0) m.month.grants++;
  if (short) m.month.startsShortOfSavings++;
  // Savings, with a loan if one was needed, pay the start cost net of the grant.
  p.savings[i] = p.savings[i]! - need;
  m.openChannel(i, trait(p.skill[i]!), trait(p.knowledge[i]!), flagOf(p, i, Flag.Married) === 1);
  return true;
}

/**
 * A person whose savings fall short of `need` applies for an interest-free loan. They qualify if the
 * programme runs, they owe nothing and never defaulted, and the loan closes the gap; they get it if the
 * month's loan capacity is not used up and the year's budget pays the principal.
 */
function borrow(m: ModelState, i: number, t: number, need: number): boolean {
  const loans = m.s.policies.loans;
  const p = m.persons;
  if (!m.tl.running.loans[t] || loanOf(p, i) !== Loan.None || p.savings[i]! + loans.amount < need) return false;
  m.month.loanApplications++;
  if (m.loanCapacity < 1 || !m.budget.spend(Programme.loans, loans.amount)) {
    m.month.loansRefused++;
    return false;
  }
  m.loanCapacity--;
  setLoan(p, i, Loan.Owing);
  p.savings[i] = p.savings[i]! + loans.amount;
  m.loanBook.push(i, loans.amount);
  m.month.loansIssued++;
  return true;
}
