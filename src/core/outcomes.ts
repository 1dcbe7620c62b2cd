import type { Metric, Outcome } from './definition.js';

/**
 * Headline outcomes that reduce one metric over a run: a sum, an end value or a mean over the last year. A model
 * declares its outcomes with these (its definition's `outcomes`); the analyses above the engine only read them.
 */

/** How an outcome reduces one metric's column over the run's first `months` months. */
export type Reduction = (column: Float64Array, months: number) => number;

/** Sum over the run, months where the metric is undefined (NaN) left out. */
export const total: Reduction = (c, months) => {
  let s = 0;
  for (let t = 0; t < months; t++) if (!Number.isNaN(c[t]!)) s += c[t]!;
  return s;
};

/** Value in the last month. */
export const last: Reduction = (c, months) => c[months - 1]!;

/** A monthly count summed over the run in years: persons at home each month → person-years at home. */
export const personYears: Reduction = (c, months) => total(c, months) / 12;

/** Mean over the last 12 months (or the whole run if shorter), skipping months where it is undefined. */
export const lastYearMean: Reduction = (c, months) => {
  let s = 0;
  let n = 0;
  for (let t = Math.max(0, months - 12); t < months; t++) {
    if (!Number.isNaN(c[t]!)) {
      s += c[t]!;
      n++;
    }
  }
  return n > 0 ? s / n : NaN;
};

/** The outcome that reduces `metric`, one of `metrics`: scaled exactly when the metric is, so the two cannot disagree. */
export function metricOutcome<State>(metrics: readonly Metric<State>[], outcome: { name: string; unit: string; doc: string }, reduce: Reduction, metric: string): Outcome {
  const k = metrics.findIndex((m) => m.name === metric);
  if (k < 0) throw new Error(`outcome ${outcome.name}: no metric ${metric}`);
  return { ...outcome, scaled: metrics[k]!.scaled, compute: (columns, months) => reduce(columns[k]!, months) };
}
