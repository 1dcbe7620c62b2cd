// The budget as a constraint: what each programme spends, what it could not pay, and never more than is left; and
// the money of the loans.
import { describe, expect, it } from 'vitest';
import { repSeed } from '../src/engine/seeds.js';
import { simulate } from '../src/engine/simulate.js';
import { Budget, Programme } from '../src/model/budget.js';
import { definition, METRIC_INDEX, type MetricName } from '../src/model/definition.js';
import { METRICS } from '../src/model/metrics.js';
import { isAway, isHome, Loan, loanOf, setLoan, Status } from '../src/model/persons.js';
import type { ModelState } from '../src/model/state.js';
import { loadScenario } from '../src/scenario/load.js';
import { personsWhere, runMonths, runStep, runUntil, tinyState } from './support/tiny-state.js';

describe('Budget', () => {
  it('pays while money is left and books the rest as the programme\'s unmet demand', () => {
    const b = new Budget();
    b.startYear(100);
    b.startMonth();
    expect(b.spend(Programme.loans, 60)).toBe(true);
    expect(b.spend(Programme.grants, 50)).toBe(false);
    expect(b.left).toBe(40);
    expect(b.spentBy[Programme.loans]).toBe(60);
    expect(b.unmetBy[Programme.grants]).toBe(50);
    expect(b.spent).toBe(60);
  });

  it('buys as many units as it can afford and never overspends', () => {
    const b = new Budget();
    b.startYear(1000);
    b.startMonth();
    expect(b.spendUnits(Programme.training, 300, 5)).toBe(3);
    expect(b.left).toBe(100);
    expect(b.unmetBy[Programme.training]).toBe(600);
    // A seat bought but not taken is refunded.
    b.refund(Programme.training, 300);
    expect(b.left).toBe(400);
    expect(b.spentBy[Programme.training]).toBe(600);
    expect(b.spent).toBe(600);
  });

  it('counts money from higher government without holding it back, and starts each month afresh', () => {
    const b = new Budget();
    b.startYear(10);
    b.startMonth();
    b.spendAnyway(Programme.network, 50);
    expect(b.left).toBe(0);
    expect(b.spentBy[Programme.network]).toBe(50);
    b.receiveRepayment(20);
    expect(b.left).toBe(20);
    b.startMonth();
    expect(b.spent).toBe(0);
    expect(Array.from(b.spentBy).every((x) => x === 0)).toBe(true);
    expect(Array.from(b.unmetBy).every((x) => x === 0)).toBe(true);
  });
});

// Loan money: principal paid out comes back as instalments, is lost to defaults or is still owed; net spending is
// gross spending less the instalments. Tiny states (tests/support/tiny-state.ts) for single steps, one replication
// of the test scenario at 2,000 agents for the whole run's balance.
describe('loan repayments and defaults', () => {
  const metric = (m: ModelState, name: MetricName, t: number) => METRICS[METRIC_INDEX[name]]!.value(m, t);

  it('books the instalments repaid in the month as loan_repayments, and net spending as gross less them', async () => {
    const m = await tinyState();
    runMonths(m, 2);
    const loans = m.s.policies.loans;
    const borrower = personsWhere(m, (s) => isHome(s) || isAway(s)).find((i) => loanOf(m.persons, i) === Loan.None)!;
    setLoan(m.persons, borrower, Loan.Owing);
    m.loanBook.push(borrower, loans.amount);
    runUntil(m, 2, 'government');
    expect(m.budget.repaid).toBe(0);
    const before = m.loanBook.principal();
    const left = m.budget.left;
    runStep(m, 2, 'government');
    // The book's principal falls by exactly what came back into the budget, the test borrower's instalment among it.
    expect(m.budget.repaid).toBeGreaterThanOrEqual(loans.amount / loans.term);
    expect(before - m.loanBook.principal() - m.month.loanDefaultPrincipal).toBeCloseTo(m.budget.repaid, 6);
    expect(m.budget.left - left + m.budget.spentBy[Programme.training]!).toBeCloseTo(m.budget.repaid, 6);
    runStep(m, 2, 'close');
    expect(metric(m, 'loan_repayments', 2)).toBe(m.budget.repaid);
    expect(metric(m, 'gov_spending_net', 2)).toBe(metric(m, 'gov_spending', 2) - metric(m, 'loan_repayments', 2));
    expect(metric(m, 'loan_principal_outstanding', 2)).toBe(m.loanBook.principal());
  });

  it('books what a defaulting borrower still owed as loan_default_principal, in the month of the default', async () => {
    const m = await tinyState();
    runMonths(m, 2);
    const loans = m.s.policies.loans;
    const borrower = personsWhere(m, (s) => isHome(s)).find((i) => loanOf(m.persons, i) === Loan.None)!;
    const owed = loans.amount - 3 * (loans.amount / loans.term);
    setLoan(m.persons, borrower, Loan.Owing);
    m.loanBook.push(borrower, owed);
    runUntil(m, 2, 'government');
    const defaultsBefore = m.month.loanDefaults;
    const lostBefore = m.month.loanDefaultPrincipal;
    m.defaultOnLoan(borrower);
    runStep(m, 2, 'government');
    expect(m.month.loanDefaults).toBe(defaultsBefore + 1);
    expect(m.month.loanDefaultPrincipal - lostBefore).toBeCloseTo(owed, 9);
    expect(Array.from(m.loanBook.ids.subarray(0, m.loanBook.length))).not.toContain(borrower);
    expect(loanOf(m.persons, borrower)).toBe(Loan.Defaulted);
    expect(metric(m, 'loan_default_principal', 2)).toBe(m.month.loanDefaultPrincipal);
  });

  it('a borrower who left the model defaults on what they owed; the next month starts at zero', async () => {
    const m = await tinyState();
    runMonths(m, 2);
    const borrower = personsWhere(m, (s) => isAway(s)).find((i) => loanOf(m.persons, i) === Loan.None)!;
    setLoan(m.persons, borrower, Loan.Owing);
    m.loanBook.push(borrower, 12_345);
    runUntil(m, 2, 'government');
    m.persons.status[borrower] = Status.Left;
    const lost = m.month.loanDefaultPrincipal;
    runStep(m, 2, 'government');
    expect(m.month.loanDefaultPrincipal - lost).toBe(12_345);
    m.month.reset();
    m.budget.startMonth();
    expect(m.month.loanDefaultPrincipal).toBe(0);
    expect(m.budget.repaid).toBe(0);
  });

  it('over a whole run, principal paid out is repaid, lost or still owed, and net = gross − repaid every month', async () => {
    const { scenario } = await loadScenario('scenarios/test-small.yaml', ['population.agents=2000']);
    const r = simulate(definition, scenario, { rep: 0, seed: repSeed(scenario.seed, 0) });
    const col = (name: MetricName) => r.columns[METRIC_INDEX[name]]!;
    const sum = (name: MetricName) => col(name).reduce((a, b) => a + b, 0);
    // The run must exercise every flow for the balance to mean anything.
    expect(sum('spend_loans')).toBeGreaterThan(0);
    expect(sum('loan_repayments')).toBeGreaterThan(0);
    expect(sum('loan_default_principal')).toBeGreaterThan(0);
    for (let t = 0; t < r.months; t++) expect(col('gov_spending_net')[t]).toBe(col('gov_spending')[t]! - col('loan_repayments')[t]!);
    // Month by month: outstanding(t) = outstanding(t−1) + paid out − repaid − lost (rounding of sums of instalments only).
    let outstanding = 0;
    for (let t = 0; t < r.months; t++) {
      outstanding += col('spend_loans')[t]! - col('loan_repayments')[t]! - col('loan_default_principal')[t]!;
      expect(col('loan_principal_outstanding')[t]).toBeCloseTo(outstanding, 3);
    }
    expect(sum('spend_loans')).toBeCloseTo(sum('loan_repayments') + sum('loan_default_principal') + col('loan_principal_outstanding')[r.months - 1]!, 3);
  });
});
