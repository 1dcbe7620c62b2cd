import { countedUnit, type Counting } from '../scenario/scale.js';
import { METRIC_INDEX, METRICS, type MetricName } from '../model/metrics.js';

/**
 * Headline outcomes: one number per replication, summarising its time series. `compare`, `sweep` and the
 * charts report these; each is a sum, an end value or a mean over the last year of a metric.
 */
export interface OutcomeDef {
  readonly name: string;
  readonly unit: string;
  readonly doc: string;
  /** A count or an amount of money of the whole population (see Metric.scaled): in the run's scale, agents or county. */
  readonly scaled: boolean;
  /** The outcome of one replication, from its metric columns (METRICS order) over `months` months. */
  readonly compute: (columns: readonly Float64Array[], months: number) => number;
}

const column = (columns: readonly Float64Array[], name: MetricName) => columns[METRIC_INDEX[name]]!;

const total = (name: MetricName) => (columns: readonly Float64Array[], months: number) => {
  const c = column(columns, name);
  let s = 0;
  for (let t = 0; t < months; t++) if (!Number.isNaN(c[t]!)) s += c[t]!;
  return s;
};

const last = (name: MetricName) => (columns: readonly Float64Array[], months: number) => column(columns, name)[months - 1]!;

/** A monthly count summed over the run in years: persons at home each month → person-years at home. */
const personYears = (name: MetricName) => (columns: readonly Float64Array[], months: number) => total(name)(columns, months) / 12;

/** Mean over the last 12 months (or the whole run if shorter), skipping months where it is undefined. */
const lastYearMean = (name: MetricName) => (columns: readonly Float64Array[], months: number) => {
  const c = column(columns, name);
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

const METRIC_SCALED: Readonly<Record<string, boolean>> = Object.fromEntries(METRICS.map((m) => [m.name, m.scaled]));

/** An outcome that reduces one metric over the run: scaled exactly when the metric is, so the two cannot disagree. */
const outcome = (name: string, unit: string, doc: string, reduce: (metric: MetricName) => OutcomeDef['compute'], metric: MetricName): OutcomeDef => ({
  name,
  unit,
  doc,
  scaled: METRIC_SCALED[metric]!,
  compute: reduce(metric),
});

export const OUTCOMES: readonly OutcomeDef[] = [
  outcome('cumulative_returns', 'persons', 'Returns over the whole run.', total, 'returns'),
  outcome(
    'returned_stock_end',
    'persons',
    'Returnees at home in the last month: every emigrant starts away, so each came back during the run; counted once however often they returned.',
    last,
    'returned_stock',
  ),
  outcome(
    'person_years_home',
    'person-years',
    'Time returnees spent at home over the run: returned_stock summed over the months, divided by 12 (18 months at home count 1.5, in one stay or two).',
    personYears,
    'returned_stock',
  ),
  outcome('creators_end', 'creators', 'Active creators in the last month.', last, 'creators'),
  outcome('creator_income_cumulative', 'RMB', 'Creator income over the whole run.', total, 'creator_income_total'),
  outcome('creator_income_mean_last_year', 'RMB/month', 'Mean income per creator over the last 12 months.', lastYearMean, 'creator_income_mean'),
  outcome('cumulative_remigrations', 'persons', 'Returned persons who left home again, over the whole run.', total, 'remigrations'),
  outcome('gov_spending_total', 'RMB', 'Government spending over the whole run, loan principal counted when paid out.', total, 'gov_spending'),
  outcome(
    'gov_spending_net_total',
    'RMB',
    'Government spending over the whole run less the loan instalments repaid in it; principal still owed at the end counts as spent.',
    total,
    'gov_spending_net',
  ),
];

/** All headline outcomes of one replication, in OUTCOMES order. */
export function outcomesOf(columns: readonly Float64Array[], months: number): number[] {
  return OUTCOMES.map((o) => o.compute(columns, months));
}

/** The unit of a headline outcome, '' when it is not one of OUTCOMES. */
export function outcomeUnit(name: string): string {
  return OUTCOMES.find((o) => o.name === name)?.unit ?? '';
}

/** A headline outcome's unit with what it counts (`persons, simulated agents`); a cost or another name's unit as is. */
export function countedOutcomeUnit(name: string, counting: Counting): string {
  return countedUnit(outcomeUnit(name), outcomeScaled(name), counting);
}

/** Whether a headline outcome is a count or amount of money of the population (scaled); false for any other name. */
export function outcomeScaled(name: string): boolean {
  return OUTCOMES.find((o) => o.name === name)?.scaled ?? false;
}
