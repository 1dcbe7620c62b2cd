import { resampler, withInterval, type BootstrapOptions, type Estimate } from './bootstrap.js';
import { saltelliBlock } from './saltelli.js';

/**
 * First-order and total Sobol' indices from the outputs of a Saltelli design (src/sensitivity/saltelli.ts):
 * - first order, the estimator of Saltelli et al. (2010, Table 2 (b)): V_i = mean_j f(B)_j (f(AB_i)_j - f(A)_j);
 * - total, Jansen's (1999, "Analysis of variance designs for model output", Comput. Phys. Commun. 117, 35-43):
 *   V_Ti = mean_j (f(A)_j - f(AB_i)_j)^2 / 2;
 * both over the variance of Y estimated from f(A) and f(B) together (as SALib does). Intervals: percentile bootstrap
 * over the base rows j (the same resample for every index), seeded.
 * A base row with a value that is not finite (a run whose outcome is undefined) is left out whole.
 */

export interface SobolIndices {
  /** One per factor, in order. */
  readonly S1: readonly Estimate[];
  readonly ST: readonly Estimate[];
  /** Base rows used. */
  readonly n: number;
}

export type SobolIndicesOptions = BootstrapOptions;

/** S1 and ST for k factors from N(k + 2) outputs in the order of saltelliUnitPoints. */
export function sobolIndices(k: number, y: readonly number[], opts: SobolIndicesOptions = {}): SobolIndices {
  const block = saltelliBlock(k);
  if (y.length % block !== 0) throw new RangeError(`expected a multiple of ${block} outputs (k + 2 per base row), got ${y.length}`);
  const rows: number[] = [];
  for (let j = 0; j < y.length / block; j++) {
    if (y.slice(j * block, (j + 1) * block).every(Number.isFinite)) rows.push(j);
  }
  const fA = Float64Array.from(rows, (j) => y[j * block]!);
  const fB = Float64Array.from(rows, (j) => y[j * block + k + 1]!);
  const fAB = Array.from({ length: k }, (_, i) => Float64Array.from(rows, (j) => y[j * block + 1 + i]!));

  const estimate = (sample: ArrayLike<number>): { s1: number[]; st: number[] } => {
    const n = sample.length;
    let sum = 0;
    let sumSq = 0;
    for (let t = 0; t < n; t++) {
      const a = fA[sample[t]!]!;
      const b = fB[sample[t]!]!;
      sum += a + b;
      sumSq += a * a + b * b;
    }
    const mean = sum / (2 * n);
    const variance = sumSq / (2 * n) - mean * mean;
    const s1: number[] = [];
    const st: number[] = [];
    for (let i = 0; i < k; i++) {
      const ab = fAB[i]!;
      let first = 0;
      let total = 0;
      for (let t = 0; t < n; t++) {
        const j = sample[t]!;
        first += fB[j]! * (ab[j]! - fA[j]!);
        total += (fA[j]! - ab[j]!) ** 2;
      }
      s1.push(first / n / variance);
      st.push(total / (2 * n) / variance);
    }
    return { s1, st };
  };

  const all = Int32Array.from(rows.keys());
  const point = rows.length > 0 ? estimate(all) : { s1: new Array<number>(k).fill(NaN), st: new Array<number>(k).fill(NaN) };
  const resamples = rows.length > 1 ? (opts.bootstrap ?? 1000) : 0;
  const draw = resampler(opts.seed ?? 0, `sobol:${opts.label ?? ''}`);
  const bootS1: number[][] = Array.from({ length: k }, () => []);
  const bootST: number[][] = Array.from({ length: k }, () => []);
  for (let r = 0; r < resamples; r++) {
    const { s1, st } = estimate(draw(rows.length));
    for (let i = 0; i < k; i++) {
      bootS1[i]!.push(s1[i]!);
      bootST[i]!.push(st[i]!);
    }
  }
  return {
    S1: point.s1.map((v, i) => withInterval(v, bootS1[i]!)),
    ST: point.st.map((v, i) => withInterval(v, bootST[i]!)),
    n: rows.length,
  };
}
