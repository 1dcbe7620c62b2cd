import seedrandom from 'seedrandom';
import { sortedQuantile } from '../core/distribution.js';

/**
 * Seeded bootstrap resampling: the same seed draws the same resamples, so intervals are reproducible to the byte.
 * Intervals are percentile intervals (Efron and Tibshirani 1993, ch. 13).
 */

/** A generator of resamples of 0..n-1 with replacement, seeded (Alea, as the rest of homeward). */
export function resampler(seed: number | string, label: string): (n: number) => Int32Array {
  const rng = seedrandom.alea(`homeward:bootstrap:${label}:${seed}`);
  return (n: number) => {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rng() * n);
    return idx;
  };
}

/** The q-quantile of sorted values (linear interpolation between order statistics, type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  return sortedQuantile(sorted, sorted.length, q);
}

/** The 2.5% and 97.5% percentiles of the finite bootstrap replicates (NaN when there are none). */
export function percentileInterval(replicates: readonly number[]): [number, number] {
  const finite = Float64Array.from(replicates.filter(Number.isFinite)).sort();
  return [quantileSorted(finite, 0.025), quantileSorted(finite, 0.975)];
}

/** A statistic with its bootstrap 95% interval. */
export interface Estimate {
  readonly value: number;
  readonly ci95_low: number;
  readonly ci95_high: number;
}

/** A value with the percentile interval of its bootstrap replicates. */
export function withInterval(value: number, replicates: readonly number[]): Estimate {
  const [lo, hi] = percentileInterval(replicates);
  return { value, ci95_low: lo, ci95_high: hi };
}

/** How an estimator resamples for its intervals. */
export interface BootstrapOptions {
  /** Bootstrap resamples (default 1000); 0 for no intervals (they are then NaN). */
  readonly bootstrap?: number;
  readonly seed?: number | string;
  /** Label mixed into the bootstrap seed (e.g. the outcome), so outcomes do not share resamples by accident. */
  readonly label?: string;
}
