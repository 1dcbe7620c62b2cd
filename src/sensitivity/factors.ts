/**
 * The factors of a sensitivity design: parameters varied over [low, high], sampled in the unit cube and scaled.
 * A whole-number factor is rounded after scaling; the estimators keep working in the unit cube, so an index is
 * comparable across parameters whatever their units (Morris's elementary effects are per fraction of the range).
 */

export interface Factor {
  /** The parameter, e.g. a scenario dot path `decision.intercept`. */
  readonly name: string;
  readonly low: number;
  readonly high: number;
  /** Round scaled values to whole numbers. */
  readonly integer?: boolean;
}

/**
 * Names of the indices a sensitivity analysis reports. Sobol: S1 and ST with the replication noise taken out (as
 * S1_with_noise and ST_with_noise when there is one replication), S1_with_noise and ST_with_noise on the points'
 * means, noise included, and noise_share, per outcome (parameter `*`), the share of the variance of the points'
 * means that is replication noise (sobol-indices.ts).
 */
export type SensitivityIndex = 'mu_star' | 'mu' | 'sigma' | 'S1' | 'ST' | 'S1_with_noise' | 'ST_with_noise' | 'noise_share';

/** The `parameter` of a row that belongs to the outcome as a whole (noise_share). */
export const ALL_PARAMETERS = '*';

/** One index of one parameter for one outcome, with its bootstrap 95% interval. */
export interface IndexRow {
  readonly outcome: string;
  readonly parameter: string;
  readonly index: SensitivityIndex;
  readonly value: number;
  readonly ci95_low: number;
  readonly ci95_high: number;
  /** Base samples (Sobol) or trajectories (Morris) the estimate used: fewer than designed when outputs were not finite. */
  readonly n: number;
}

/**
 * For each outcome, per design point in the design's order: its value, or its value in each replication (the same
 * replication seeds at every point, the same number of replications at every point).
 */
export type Outputs = Readonly<Record<string, readonly (number | readonly number[])[]>>;

/**
 * A point's value: the mean over its replications. When a replication has no value (NaN) the point has none: leaving
 * that replication out would compare means over different seeds, which common random numbers are there to avoid.
 * The estimators leave out the Morris trajectory or Saltelli block of such a point.
 */
export function pointValue(v: number | readonly number[]): number {
  if (typeof v === 'number') return v;
  let sum = 0;
  for (const x of v) sum += x;
  return v.length > 0 ? sum / v.length : NaN;
}

export function checkFactors(factors: readonly Factor[]): void {
  if (factors.length === 0) throw new RangeError('a sensitivity design needs at least one factor');
  const names = new Set<string>();
  for (const f of factors) {
    if (names.has(f.name)) throw new RangeError(`factor ${f.name} is given twice`);
    names.add(f.name);
    if (!Number.isFinite(f.low) || !Number.isFinite(f.high) || !(f.low < f.high)) throw new RangeError(`factor ${f.name}: expected finite low < high, got ${f.low}..${f.high}`);
  }
}

/** A unit-cube coordinate scaled to the factor's range (rounded for a whole-number factor). */
export function scale(u: number, f: Factor): number {
  const x = f.low + u * (f.high - f.low);
  return f.integer ? Math.min(f.high, Math.max(f.low, Math.round(x))) : x;
}

export function scalePoint(unit: readonly number[], factors: readonly Factor[]): number[] {
  return unit.map((u, j) => scale(u, factors[j]!));
}
