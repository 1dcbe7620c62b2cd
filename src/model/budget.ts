/**
 * The county's support budget for the year: set every January from the budget timeline, drawn down by
 * the instruments in the order the monthly process uses them, credited with loan repayments.
 * Unspent money lapses at the end of the year.
 */
export class Budget {
  left = 0;
  /** Spent this month. */
  spent = 0;

  startYear(amount: number): void {
    this.left = amount;
  }

  /** Spends `amount` if the budget allows it. */
  spend(amount: number): boolean {
    if (amount > this.left) return false;
    this.left -= amount;
    this.spent += amount;
    return true;
  }

  /** How many units of `unitCost` the budget allows, up to `wanted`. */
  affordable(unitCost: number, wanted: number): number {
    return unitCost <= 0 ? wanted : Math.min(wanted, Math.floor(this.left / unitCost));
  }

  /** Spending that happens whatever the budget (money from higher government), still counted. */
  spendAnyway(amount: number): void {
    this.left = Math.max(0, this.left - amount);
    this.spent += amount;
  }

  credit(amount: number): void {
    this.left += amount;
  }
}
