import { sortedQuantile } from '../core/distribution.js';
/**
 * Statistics across the worlds of an ensemble (parameter sets all consistent with the facts): one number per world
 * (a policy's paired difference, an outcome's mean), summarised by its mean, its 5-95% range across the worlds and
 * the share of worlds whose number has the sign of the mean. Worlds where the number is undefined (NaN) are left out.
 */

export interface AcrossWorlds {
  /** Worlds with a value. */
  readonly worlds: number;
  readonly mean: number;
  /** The 5% and 95% quantiles across the worlds (linear between order statistics, type 7). */
  readonly p05: number;
  readonly p95: number;
  /** Share of the worlds whose value has the sign of the mean (NaN when the mean is 0 or there is none). */
  readonly signShare: number;
}

/** The q-quantile of sorted values, linear between order statistics (R's type 7, numpy's default). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  return sortedQuantile(sorted, sorted.length, q);
}

export function acrossWorlds(values: readonly number[]): AcrossWorlds {
  const finite = values.filter((x) => !Number.isNaN(x));
  const n = finite.length;
  if (n === 0) return { worlds: 0, mean: NaN, p05: NaN, p95: NaN, signShare: NaN };
  let sum = 0;
  for (const x of finite) sum += x;
  const mean = sum / n;
  const sorted = Float64Array.from(finite).sort();
  const sign = Math.sign(mean);
  return { worlds: n, mean, p05: quantile(sorted, 0.05), p95: quantile(sorted, 0.95), signShare: sign === 0 ? NaN : finite.filter((x) => Math.sign(x) === sign).length / n };
}
