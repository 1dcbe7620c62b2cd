import { Running } from '../analysis/paired.js';
import { cellStats, type CellStats } from '../analysis/summary.js';
import { sortedGini } from '../core/distribution.js';

/** Mean and 95% t interval of values across replications, NaNs left out (as summary.csv does). */
export function estimate(values: Iterable<number>): CellStats {
  // Welford, like the run's SummaryAccumulator, so the numbers match summary.csv's.
  const running = new Running();
  for (const x of values) running.add(x);
  return cellStats(running.n, running.mean, running.m2);
}

/** Gini coefficient of incomes, as the model records creator_income_gini (same formula, sorted ascending). */
export function gini(incomes: readonly number[]): number {
  const sorted = Float64Array.from(incomes).sort();
  return sortedGini(sorted, sorted.length);
}

/**
 * The Lorenz curve of incomes at `steps + 1` evenly spaced population shares p = 0..1: the share of total income
 * held by the poorest p of creators, linear between creators. Negative totals cannot occur (incomes are >= 0).
 */
export function lorenz(incomes: readonly number[], steps = 100): { p: number; share: number }[] {
  const sorted = Float64Array.from(incomes).sort();
  const n = sorted.length;
  const cumulative = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cumulative[i + 1] = cumulative[i]! + sorted[i]!;
  const total = cumulative[n]!;
  const points: { p: number; share: number }[] = [];
  for (let s = 0; s <= steps; s++) {
    const p = s / steps;
    if (n === 0 || total <= 0) {
      points.push({ p, share: p }); // nobody or nothing earned: no inequality to draw
      continue;
    }
    const k = p * n;
    const i = Math.min(Math.floor(k), n - 1);
    const held = cumulative[i]! + (k - i) * sorted[i]!;
    points.push({ p, share: held / total });
  }
  return points;
}

/**
 * Bin edges for a heavy-tailed positive quantity, evenly spaced on a log scale: `perDecade` bins per power of ten
 * from the decade below the smallest positive value to the one above the largest. Values below the first edge
 * (zero) are counted in the first bin by `histogram`.
 */
export function logBinEdges(values: Iterable<number>, perDecade = 4): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const x of values) {
    if (x > 0 && x < min) min = x;
    if (x > max) max = x;
  }
  if (!(max > 0)) return [0, 1]; // nothing positive: one bin holding the zeros
  const lo = Math.floor(Math.log10(min) * perDecade) / perDecade;
  const hi = Math.max(Math.ceil(Math.log10(max) * perDecade) / perDecade, lo + 1 / perDecade);
  const edges: number[] = [];
  const count = Math.round((hi - lo) * perDecade);
  // Round each edge to 3 significant digits so tooltips read 178 rather than 177.8279...
  for (let i = 0; i <= count; i++) edges.push(Number((10 ** (lo + i / perDecade)).toPrecision(3)));
  return edges;
}

/** Counts of values per bin [edges[i], edges[i+1]); values below the first edge go to the first bin, the maximum to the last. */
export function histogram(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const x of values) {
    let i = 0;
    while (i < counts.length - 1 && x >= edges[i + 1]!) i++;
    counts[i]!++;
  }
  return counts;
}
