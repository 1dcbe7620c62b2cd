import { definition, type RepResult } from '../model/definition.js';

/**
 * Summary of replications: per month and metric, the mean across reps, the sample sd and a 95% confidence
 * interval of the mean (mean ± t(0.975, n−1)·sd/√n).
 *
 * Reps are added one at a time (Welford's update), so a run never has to hold all its results at once; they are
 * added in rep order, so the numbers do not depend on thread count or timing. A NaN value (e.g. a mean over zero
 * creators in one rep) is left out of that cell, so n may differ between cells; a cell without values is NaN.
 */

/** Two-sided 95% quantiles of Student's t, t(0.975, df), for df = 1..30 (scipy.stats.t.ppf). */
const T975 = [
  12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252, 2.306004135,
  2.262157163, 2.228138852, 2.20098516, 2.17881283, 2.160368656, 2.144786688, 2.131449546, 2.119905299,
  2.109815578, 2.10092204, 2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.06865761, 2.063898562,
  2.059538553, 2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
];
const Z975 = 1.959963984540054;

/** t(0.975, df): the table up to 30, then the Cornish-Fisher expansion in 1/df (error below 1e-7 there). */
export function t975(df: number): number {
  if (!(df >= 1)) throw new RangeError(`t975: degrees of freedom must be >= 1, got ${df}`);
  if (df <= 30 && Number.isInteger(df)) return T975[df - 1];
  const z = Z975;
  const z3 = z ** 3, z5 = z ** 5, z7 = z ** 7, z9 = z ** 9;
  const g1 = (z3 + z) / 4;
  const g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
  const g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
  const g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

export interface CellStats {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly ci95_low: number;
  readonly ci95_high: number;
}

/** The statistics of one cell from its count, mean and sum of squared deviations. */
export function cellStats(n: number, mean: number, m2: number): CellStats {
  if (n === 0) return { n, mean: NaN, sd: NaN, ci95_low: NaN, ci95_high: NaN };
  const sd = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
  const half = n > 1 ? (t975(n - 1) * sd) / Math.sqrt(n) : 0;
  return { n, mean, sd, ci95_low: mean - half, ci95_high: mean + half };
}

export interface Summary {
  /** First month (month index) and number of months. */
  readonly start: number;
  readonly months: number;
  readonly reps: number;
  /** Metric k (the definition's order) in month t. */
  cell(k: number, t: number): CellStats;
}

/** Accumulates replications, in rep order, into a Summary. */
export class SummaryAccumulator {
  private reps = 0;
  // Flat arrays indexed k * months + t.
  private readonly n: Uint32Array;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;

  constructor(
    readonly start: number,
    readonly months: number,
    readonly metrics: number = definition.metrics.length,
  ) {
    const size = metrics * months;
    this.n = new Uint32Array(size);
    this.mean = new Float64Array(size);
    this.m2 = new Float64Array(size);
  }

  add(result: RepResult): void {
    if (result.start !== this.start || result.months !== this.months || result.columns.length !== this.metrics) {
      throw new Error(`rep ${result.rep}: result shape (start ${result.start}, ${result.months} months, ${result.columns.length} metrics) does not match the run`);
    }
    for (let k = 0; k < this.metrics; k++) {
      const column = result.columns[k];
      const base = k * this.months;
      for (let t = 0; t < this.months; t++) {
        const x = column[t];
        if (Number.isNaN(x)) continue;
        const i = base + t;
        const n = ++this.n[i];
        const d = x - this.mean[i];
        this.mean[i] += d / n;
        this.m2[i] += d * (x - this.mean[i]);
      }
    }
    this.reps++;
  }

  summary(): Summary {
    const { start, months, reps, n, mean, m2 } = this;
    return {
      start,
      months,
      reps,
      cell: (k, t) => {
        const i = k * months + t;
        return cellStats(n[i], mean[i], m2[i]);
      },
    };
  }
}

/** Summary of results already in memory (they are added in rep order). */
export function summarize(results: readonly RepResult[]): Summary {
  const sorted = [...results].sort((a, b) => a.rep - b.rep);
  const first = sorted[0];
  if (!first) throw new Error('summarize: no results');
  const acc = new SummaryAccumulator(first.start, first.months, first.columns.length);
  for (const r of sorted) acc.add(r);
  return acc.summary();
}
