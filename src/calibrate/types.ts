import type { definition, MetricName } from '../model/definition.js';

/**
 * The targets of a calibration: facts the simulation should reproduce, each an expression over one
 * replication's outputs (timeseries columns and creator snapshots), a target and a tolerance.
 */

/** A period of months, inclusive: 'YYYY' (a year), 'YYYY-MM' (a month), or 'A..B' with A, B years or months. */
export type Period = string;

/** One replication's value of a target: an expression tree over its outputs. */
export type Expr =
  /** A metric's value in one month. */
  | { readonly at: MetricName; readonly month: string }
  /** A metric summed over a period (for flows: returns, creator_income_total, ...). */
  | { readonly sum: MetricName; readonly over: Period }
  /** A metric's mean over a period's months (months where it is NaN are left out). */
  | { readonly mean: MetricName; readonly over: Period }
  /** First over second. */
  | { readonly ratio: readonly [Expr, Expr] }
  /** First minus second. */
  | { readonly difference: readonly [Expr, Expr] }
  /** A statistic of the creators active at a snapshot month, optionally only those within a follower range. */
  | { readonly creators: CreatorsExpr };

type SnapshotColumns = (typeof definition)['snapshotColumns'];
/** A measurement of the creator snapshot (a double column of creators.csv: followers, income...), by its name there. */
export type CreatorField = { [K in keyof SnapshotColumns]: SnapshotColumns[K]['values'] extends 'double' ? SnapshotColumns[K]['name'] : never }[keyof SnapshotColumns];

export interface CreatorsExpr {
  /** Snapshot month, YYYY-MM. */
  readonly month: string;
  readonly field: CreatorField;
  /** 'quantile' needs q; 'count' counts the creators (field ignored); 'share' is the share of all creators at the month. */
  readonly stat: 'mean' | 'median' | 'min' | 'max' | 'quantile' | 'count' | 'share';
  readonly q?: number;
  /** Only creators with at least this many followers. */
  readonly min_followers?: number;
  /** Only creators with fewer than this many followers. */
  readonly max_followers?: number;
  /** Only returnees (true) or only stay-at-home creators (false). */
  readonly returnee?: boolean;
}

export interface Target {
  /** Short id, e.g. F1 or F7a; unique in the file. */
  readonly id: string;
  /** The fact in words. */
  readonly fact: string;
  /** Where the fact comes from. */
  readonly source: string;
  readonly expr: Expr;
  /**
   * Either `value` (pass when |mean − value| <= tolerance) or a bound or two (`at_least`, `at_most`: pass when the
   * mean lies within them). `tolerance` is also the unit of the distance: z = deviation / tolerance.
   */
  readonly value?: number;
  readonly at_least?: number;
  readonly at_most?: number;
  readonly tolerance: number;
  /** Weight in the calibration distance (default 1). */
  readonly weight: number;
  /** Line of the target in its file, for messages. */
  readonly line?: number;
}

export interface TargetsFile {
  readonly file: string;
  readonly targets: readonly Target[];
}

/** A target as its results are written and read back (check.csv, best-check.csv): all but its expression. */
export type TargetInfo = Omit<Target, 'expr' | 'line'>;

/** A target evaluated over the replications of a run. */
export interface TargetResult extends TargetOutcome {
  readonly target: Target;
}

/** A target's result as charts and reports use it: the target without its expression, and the numbers. */
export interface TargetOutcome {
  readonly target: TargetInfo;
  /** Replications with a finite value. */
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly ci95_low: number;
  readonly ci95_high: number;
  readonly pass: boolean;
  /**
   * Signed standardised miss: (mean − value) / tolerance for a value target; for bounds, the distance beyond the
   * violated bound over tolerance (0 inside). NaN when no replication has a value (the target fails).
   */
  readonly z: number;
}
