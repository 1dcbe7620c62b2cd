import { INSTRUMENTS, type ProgrammeName } from '../scenario/instruments.js';

/**
 * The county's programmes, each with its own spending and unmet-demand accounts (metrics spend_* and unmet_*): the
 * budget lines of the instruments (scenario/instruments.ts), in their order.
 */
export const PROGRAMMES: readonly ProgrammeName[] = INSTRUMENTS.map((i) => i.programme);
export const Programme: Readonly<Record<ProgrammeName, number>> = Object.fromEntries(PROGRAMMES.map((p, k) => [p, k])) as Record<ProgrammeName, number>;

/**
 * The county's support budget for the year: a constraint, not a signal. It is set every January from the
 * budget timeline and drawn down by the programmes as they deliver, first come first served: within a
 * month in the order of the monthly process (festivals, outreach calls, loans and start grants as people
 * start, live sales, training), and across the year in calendar order, so once the year's money is gone
 * every programme is rationed until January. Loan repayments flow back into it (counted in `repaid`, so spending
 * net of repayments is `spent - repaid`); unspent money lapses at the end of the year. What a programme asked for
 * and could not pay is booked as its unmet demand.
 */
export class Budget {
  left = 0;
  /** Spent this month, in total and by programme. */
  spent = 0;
  readonly spentBy = new Float64Array(PROGRAMMES.length);
  /** Loan instalments received this month (loan principal flowing back; `spent` counts it when paid out). */
  repaid = 0;
  /** Demand refused this month for lack of money, by programme. */
  readonly unmetBy = new Float64Array(PROGRAMMES.length);

  startYear(amount: number): void {
    this.left = amount;
  }

  startMonth(): void {
    this.spent = 0;
    this.repaid = 0;
    this.spentBy.fill(0);
    this.unmetBy.fill(0);
  }

  /** Pays `amount` for `programme` if the budget allows it; otherwise books it as unmet demand. */
  spend(programme: number, amount: number): boolean {
    if (amount > this.left) {
      this.unmetBy[programme]! += amount;
      return false;
    }
    this.pay(programme, amount);
    return true;
  }

  /** Pays for as many of `wanted` units of `unitCost` as the budget allows; the rest is unmet demand. */
  spendUnits(programme: number, unitCost: number, wanted: number): number {
    const granted = unitCost <= 0 ? wanted : Math.min(wanted, Math.floor(this.left / unitCost));
    this.pay(programme, granted * unitCost);
    this.unmetBy[programme]! += (wanted - granted) * unitCost;
    return granted;
  }

  /** Returns money paid for units bought but not delivered (a seat no one eligible could take). */
  refund(programme: number, amount: number): void {
    this.left += amount;
    this.spent -= amount;
    this.spentBy[programme]! -= amount;
  }

  /** Spending that happens whatever the budget (money from higher government), still counted. */
  spendAnyway(programme: number, amount: number): void {
    this.left = Math.max(0, this.left - amount);
    this.spent += amount;
    this.spentBy[programme]! += amount;
  }

  /** A loan instalment paid back: it can be spent again this year. */
  receiveRepayment(amount: number): void {
    this.left += amount;
    this.repaid += amount;
  }

  private pay(programme: number, amount: number): void {
    this.left -= amount;
    this.spent += amount;
    this.spentBy[programme]! += amount;
  }
}
