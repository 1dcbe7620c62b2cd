/** Summary statistics of a distribution, from values sorted in ascending order. */

/** Quantile by linear interpolation between order statistics (type 7, as in R and simple-statistics). */
export function sortedQuantile(sorted: ArrayLike<number>, n: number, q: number): number {
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Gini coefficient of non-negative values: 0 when all are equal, towards 1 when one has everything. */
export function sortedGini(sorted: Float64Array, n: number): number {
  if (n === 0) return NaN;
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    sum += sorted[i]!;
    weighted += (i + 1) * sorted[i]!;
  }
  if (sum === 0) return 0;
  return (2 * weighted) / (n * sum) - (n + 1) / n;
}
