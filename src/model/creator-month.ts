/** Local knowledge from which a creator counts as knowledgeable in the metrics (the middle of the 0..1 score). */
export const KNOWLEDGEABLE = 0.5;

/**
 * This month's creator economy as the creator step (6) saw it, for the metrics. Scratch arrays are reused month
 * to month; the sorted views are sorted once, when a metric first asks.
 */
export class CreatorMonth {
  earners = 0;
  incomes = new Float64Array(1024);
  followers = new Float64Array(1024);
  /** Scratch of the creator step: each earner's content quality this month, found once for the follows and the income. */
  qualities = new Float64Array(1024);
  ads = 0;
  commerce = 0;
  brand = 0;
  nostalgicCount = 0;
  nostalgicIncome = 0;
  entertainmentIncome = 0;
  knowledgeableCount = 0;
  knowledgeableIncome = 0;
  otherIncome = 0;
  householdShareSum = 0;
  householdCount = 0;
  /** Income and count of creators active for more than creators.noticed_after months: the ones people notice. */
  noticedIncome = 0;
  noticedCount = 0;
  /** Follows the audience can give the county's creators this month. */
  capacity = 0;
  private incomesSorted = false;
  /** The established creators' followers (at least ESTABLISHED_FOLLOWERS), sorted: a scratch, and how many. */
  private established = new Float64Array(1024);
  private establishedCount = -1;

  begin(size: number): void {
    if (this.incomes.length < size) {
      this.incomes = new Float64Array(size * 2);
      this.followers = new Float64Array(size * 2);
      this.qualities = new Float64Array(size * 2);
    }
    this.earners = this.ads = this.commerce = this.brand = 0;
    this.nostalgicCount = this.nostalgicIncome = this.entertainmentIncome = 0;
    this.knowledgeableCount = this.knowledgeableIncome = this.otherIncome = 0;
    this.householdShareSum = this.householdCount = 0;
    this.noticedIncome = this.noticedCount = 0;
    this.incomesSorted = false;
    this.establishedCount = -1;
  }

  get income(): number {
    return this.ads + this.commerce + this.brand;
  }

  /** The earners' incomes in ascending order. */
  sortedIncomes(): Float64Array {
    const view = this.incomes.subarray(0, this.earners);
    if (!this.incomesSorted) view.sort();
    this.incomesSorted = true;
    return view;
  }

  /** The earners' followers, summed in the order of the active list. */
  followersTotal(): number {
    let sum = 0;
    for (let j = 0; j < this.earners; j++) sum += this.followers[j]!;
    return sum;
  }

  /** The largest earner's followers (0 without earners). */
  followersMax(): number {
    let max = 0;
    for (let j = 0; j < this.earners; j++) if (this.followers[j]! > max) max = this.followers[j]!;
    return max;
  }

  /**
   * The followers of the earners with at least `threshold`, in ascending order: only they are sorted, a small share of
   * the creators (sorting all of them every month took about 7% of the time outside the person pass).
   */
  establishedFollowers(threshold: number): Float64Array {
    if (this.establishedCount < 0) {
      if (this.established.length < this.earners) this.established = new Float64Array(this.earners * 2);
      let k = 0;
      for (let j = 0; j < this.earners; j++) if (this.followers[j]! >= threshold) this.established[k++] = this.followers[j]!;
      this.establishedCount = k;
      this.established.subarray(0, k).sort();
    }
    return this.established.subarray(0, this.establishedCount);
  }
}
