import { Running } from '../analysis/paired.js';
import { cellStats } from '../analysis/summary.js';
import type { RepResult } from '../model/definition.js';
import { evaluateExpr } from './expression.js';
import type { Target, TargetInfo, TargetResult } from './types.js';

/**
 * Evaluates targets over the replications of a run, one replication at a time (Welford's update, as for
 * summary.csv), so the run never holds all its results. Reps must be added in rep order: the results then depend
 * only on the reps, not on thread count or timing. A rep where a target's expression is undefined (NaN) is left out
 * of that target's n.
 */
export class TargetAccumulator {
  private readonly running: Running[];

  constructor(readonly targets: readonly Target[]) {
    this.running = targets.map(() => new Running());
  }

  add(result: RepResult): void {
    this.targets.forEach((target, i) => {
      const x = evaluateExpr(target.expr, result);
      if (Number.isFinite(x)) this.running[i]!.add(x);
    });
  }

  results(): TargetResult[] {
    return this.targets.map((target, i) => {
      const { n, mean, m2 } = this.running[i]!;
      const stats = cellStats(n, mean, m2);
      return { target, ...stats, pass: passes(target, stats.mean), z: zScore(target, stats.mean) };
    });
  }
}

/** A value target passes when |mean − value| <= tolerance; a bound target when the mean lies within its bounds. */
export function passes(target: Target, mean: number): boolean {
  if (!Number.isFinite(mean)) return false;
  if (target.value !== undefined) return Math.abs(mean - target.value) <= target.tolerance;
  return !(target.at_least !== undefined && mean < target.at_least) && !(target.at_most !== undefined && mean > target.at_most);
}

/**
 * The signed standardised miss of a value x (the mean, or a bound of its interval for the chart): (x − value) /
 * tolerance for a value target; for bounds, how far x lies beyond the bound it violates, over tolerance (0 inside).
 * NaN when x is not finite.
 */
export function zScore(target: TargetInfo, x: number): number {
  if (!Number.isFinite(x)) return NaN;
  if (target.value !== undefined) return (x - target.value) / target.tolerance;
  if (target.at_least !== undefined && x < target.at_least) return (x - target.at_least) / target.tolerance;
  if (target.at_most !== undefined && x > target.at_most) return (x - target.at_most) / target.tolerance;
  return 0;
}

/** z² of a target without any finite value: a miss of 10 tolerances, so an undefined target weighs like a bad one. */
export const MISSING_Z2 = 100;

/**
 * The calibration distance: Σ weight·z² / Σ weight, the weighted mean squared standardised miss (0 when every
 * target is met; a value target at the edge of its tolerance adds 1). A target with no finite value counts
 * z² = MISSING_Z2 (100). 0 when every weight is 0 (nothing is asked).
 */
export function distance(results: readonly TargetResult[]): number {
  let sum = 0;
  let weights = 0;
  for (const r of results) {
    const w = r.target.weight;
    sum += w * (Number.isFinite(r.z) ? r.z * r.z : MISSING_Z2);
    weights += w;
  }
  return weights > 0 ? sum / weights : 0;
}
