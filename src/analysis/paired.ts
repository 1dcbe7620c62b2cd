import { t975 } from './summary.js';

/**
 * Statistics over replications of one number per rep (a headline outcome): the mean with its 95% t interval, the
 * paired difference between two scenarios run with common random numbers, and a ratio of two paired differences
 * (net spending per additional returnee, costs.ts) with Fieller's interval.
 *
 * NaN values (an outcome undefined in a rep, e.g. a mean over zero creators) are left out; a pair is left out when
 * either side is NaN. With fewer than 2 values there is no interval: its bounds are NaN (empty in the CSVs), not
 * the zero-width interval a single value would suggest.
 */

export interface Interval {
  /** Values used (non-NaN). */
  readonly n: number;
  readonly mean: number;
  readonly ci95_low: number;
  readonly ci95_high: number;
}

/** Welford's running mean and sum of squared deviations; values must be added in a fixed order (rep order). */
export class Running {
  n = 0;
  mean = 0;
  m2 = 0;

  add(x: number): void {
    if (Number.isNaN(x)) return;
    const d = x - this.mean;
    this.mean += d / ++this.n;
    this.m2 += d * (x - this.mean);
  }

  /** Sample variance (n − 1 in the denominator); NaN below 2 values. */
  variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : NaN;
  }

  interval(): Interval {
    const { n } = this;
    if (n === 0) return { n, mean: NaN, ci95_low: NaN, ci95_high: NaN };
    if (n === 1) return { n, mean: this.mean, ci95_low: NaN, ci95_high: NaN };
    const half = (t975(n - 1) * Math.sqrt(this.variance())) / Math.sqrt(n);
    return { n, mean: this.mean, ci95_low: this.mean - half, ci95_high: this.mean + half };
  }
}

/**
 * Below this many replications a 95% t interval is at least 3.18 standard errors wide on each side (t975 with 3
 * degrees of freedom; 2.78 with 5 replications, 1.96 with many): 62% wider than with many replications, and the
 * standard deviation it scales is itself estimated from 3 degrees of freedom or fewer. An interval that includes 0
 * then says little about whether there is an effect, and the tables say so.
 */
export const FEW_REPS = 5;

/** One sentence for a table of paired intervals over `reps` replications, when they are few; undefined otherwise. */
export function fewRepsNote(reps: number): string | undefined {
  if (reps >= FEW_REPS) return undefined;
  if (reps < 2) return `With ${reps} replication there is no interval: run at least ${FEW_REPS} (--reps) before reading a difference as an effect or as none.`;
  const t = t975(reps - 1);
  return (
    `With ${reps} replications the 95% interval is ${Number(t.toPrecision(3))} standard errors wide on each side (1.96 with many): ` +
    `a difference not beyond it is weak evidence of no effect; run at least ${FEW_REPS} (--reps).`
  );
}

/** Mean and 95% t interval of the non-NaN values. */
export function meanInterval(values: readonly number[]): Interval {
  const r = new Running();
  for (const x of values) r.add(x);
  return r.interval();
}

/** Per-rep differences `other[r] − reference[r]`, NaN where either is NaN. */
export function pairedDifferences(reference: readonly number[], other: readonly number[]): number[] {
  if (reference.length !== other.length) throw new Error(`paired differences need as many reps on both sides (${reference.length} vs ${other.length})`);
  return other.map((x, r) => x - reference[r]!);
}

export interface Ratio {
  /** Pairs used. */
  readonly n: number;
  /** mean(numerator) / mean(denominator); NaN when the interval is unbounded (see fiellerRatio). */
  readonly ratio: number;
  readonly ci95_low: number;
  readonly ci95_high: number;
}

/**
 * The ratio of two means from paired per-rep values, mean(a) / mean(b), with Fieller's 95% interval: the ρ for which
 * mean(a) − ρ·mean(b) is not significantly different from 0 (t test with n − 1 degrees of freedom, using the
 * sample variances and covariance of a and b). It accounts for the correlation between numerator and denominator
 * and needs no random numbers, so it is exact and reproducible; it is a bounded interval exactly when the t
 * interval of mean(b) excludes 0. Otherwise (or with fewer than 2 pairs) the ratio is not estimable and every
 * field but n is NaN.
 */
export function fiellerRatio(a: readonly number[], b: readonly number[]): Ratio {
  if (a.length !== b.length) throw new Error(`a ratio needs as many values on both sides (${a.length} vs ${b.length})`);
  let n = 0;
  let ma = 0;
  let mb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  // Welford's update for means, variances and the covariance together.
  for (let r = 0; r < a.length; r++) {
    const x = a[r]!;
    const y = b[r]!;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    n++;
    const dx = x - ma;
    const dy = y - mb;
    ma += dx / n;
    mb += dy / n;
    saa += dx * (x - ma);
    sbb += dy * (y - mb);
    sab += dx * (y - mb);
  }
  const none: Ratio = { n, ratio: NaN, ci95_low: NaN, ci95_high: NaN };
  if (n < 2) return none;
  const t2 = t975(n - 1) ** 2;
  // Variances and covariance of the two means.
  const vaa = saa / (n - 1) / n;
  const vbb = sbb / (n - 1) / n;
  const vab = sab / (n - 1) / n;
  // (ma − ρ mb)² ≤ t² (vaa − 2ρ vab + ρ² vbb)  ⇔  A ρ² − 2B ρ + C ≤ 0.
  const A = mb * mb - t2 * vbb;
  if (!(A > 0)) return none; // mean(b) not significantly different from 0: the set is unbounded
  const B = ma * mb - t2 * vab;
  const C = ma * ma - t2 * vaa;
  // B² − AC ≥ 0 whenever A > 0 (Cauchy-Schwarz on the covariance); clamp rounding error.
  const root = Math.sqrt(Math.max(0, B * B - A * C));
  return { n, ratio: ma / mb, ci95_low: (B - root) / A, ci95_high: (B + root) / A };
}
