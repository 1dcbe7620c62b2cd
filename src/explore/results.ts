import { COSTS, COSTS_METHOD, pairedCosts } from '../analysis/costs.js';
import { OUTCOMES, outcomesOf } from '../analysis/outcomes.js';
import { fewRepsNote, meanInterval, pairedDifferences, type Interval } from '../analysis/paired.js';
import { SummaryAccumulator } from '../analysis/summary.js';
import { definition, type RepResult } from '../model/definition.js';
import type { Band } from '../output/read-run.js';
import { readable } from '../output/readable.js';
import { timeseriesHeader, timeseriesRows } from '../output/run-tables.js';
import { formatMonth } from '../scenario/month.js';
import { countedUnit, scaleNote, type Counting } from '../scenario/scale.js';

/**
 * What the page makes of the replications its workers return, with the functions the CLI uses: timeseries.csv
 * (run-tables.ts), the mean and 95% band of a metric per month (the Summary of summary.csv), the paired difference
 * from the baseline per month and per headline outcome (analysis/paired.ts, as `compare`), and the costs per
 * additional person at home (analysis/costs.ts).
 */

/** A replication while it runs: its metric columns, NaN in the months not yet simulated. */
export interface LiveRep {
  readonly rep: number;
  readonly start: number;
  readonly months: number;
  readonly columns: Float64Array[];
}

/** An empty replication of `months` months from month index `start`: every value NaN. */
export function emptyRep(rep: number, start: number, months: number): LiveRep {
  return { rep, start, months, columns: definition.metrics.map(() => new Float64Array(months).fill(NaN)) };
}

/** Replications in rep order: the order `homeward run` writes and pairs them in, whatever order the workers finished. */
const byRep = <R extends { readonly rep: number }>(reps: readonly R[]): R[] => [...reps].sort((a, b) => a.rep - b.rep);

/** timeseries.csv of finished replications, in rep order: the bytes `homeward run` writes. */
export function timeseriesCsv(results: readonly RepResult[]): string {
  return timeseriesHeader() + byRep(results).map((r) => timeseriesRows(r)).join('');
}

/** Metric k per month: the mean over the replications that have reached the month, with its 95% confidence band. */
export function metricBands(reps: readonly LiveRep[], k: number): Band[] {
  const first = reps[0];
  if (!first) return [];
  const acc = new SummaryAccumulator(first.start, first.months);
  for (const r of byRep(reps)) acc.add({ ...r, seed: 0, snapshots: [], agentSteps: 0 });
  const summary = acc.summary();
  return Array.from({ length: first.months }, (_, t) => {
    const c = summary.cell(k, t);
    return { month: formatMonth(first.start + t), mean: c.mean, low: c.ci95_low, high: c.ci95_high };
  });
}

/** Metric k per month: the paired difference current − baseline over the replications both have reached, with its 95% t band. */
export function differenceBands(baseline: readonly LiveRep[], current: readonly LiveRep[], k: number): Band[] {
  const first = baseline[0];
  if (!first) return [];
  const [b, c] = [byRep(baseline), byRep(current)];
  return Array.from({ length: first.months }, (_, t) => {
    const d = meanInterval(pairedDifferences(b.map((r) => r.columns[k]![t]!), c.map((r) => r.columns[k]![t]!)));
    return { month: formatMonth(first.start + t), mean: d.mean, low: d.ci95_low, high: d.ci95_high };
  });
}

/** A table as text cells, as the page lays it out. */
export interface OutcomeTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly notes: readonly string[];
}

const withCi = (i: { readonly mean: number; readonly ci95_low: number; readonly ci95_high: number }) =>
  Number.isFinite(i.ci95_low) && Number.isFinite(i.ci95_high) ? `${readable(i.mean)} [${readable(i.ci95_low)}, ${readable(i.ci95_high)}]` : readable(i.mean);
const signed = (i: Interval) => (i.mean > 0 ? '+' : '') + withCi(i);

/**
 * The headline outcomes of the baseline and the current settings (replication r of both run with the same seed):
 * each side's mean [95% CI], the paired difference [95% CI], then the net spending per additional person at home,
 * per person-year and per return, with Fieller's interval.
 */
export function outcomeTable(baseline: readonly RepResult[], current: readonly RepResult[], counting: Counting): OutcomeTable {
  const perRep = (results: readonly RepResult[]) => byRep(results).map((r) => outcomesOf(r.columns, r.months));
  const [b, c] = [perRep(baseline), perRep(current)];
  const column = (rows: readonly number[][], k: number) => rows.map((row) => row[k]!);
  const rows: string[][] = OUTCOMES.map((o, k) => [
    o.name,
    countedUnit(o.unit, o.scaled, counting),
    withCi(meanInterval(column(b, k))),
    withCi(meanInterval(column(c, k))),
    signed(meanInterval(pairedDifferences(column(b, k), column(c, k)))),
  ]);
  const costs = pairedCosts(b, c);
  COSTS.forEach((cost, j) => {
    const r = costs[j]!;
    const value = Number.isNaN(r.ratio) ? 'n/a (the difference in its denominator is not clearly away from 0)' : withCi({ mean: r.ratio, ci95_low: r.ci95_low, ci95_high: r.ci95_high });
    rows.push([cost.name, `${cost.unit.replace('/', ' per ')}, the same for the agents and the county`, '', '', value]);
  });
  const few = fewRepsNote(b.length);
  const notes = [
    `Mean [95% CI] over ${b.length} replications; the difference is current − baseline, paired: replication r of both runs with the same seed (common random numbers, as homeward compare).`,
    ...scaleNote(counting),
    COSTS_METHOD,
    ...(few === undefined ? [] : [few]),
  ];
  return { columns: ['outcome', 'unit', 'baseline', 'current', 'difference'], rows, notes };
}
