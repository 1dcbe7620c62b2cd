import { METRIC_INDEX, type MetricName } from '../model/metrics.js';

/**
 * Headline outcomes: one number per replication, summarising its time series. `compare`, `sweep` and the
 * charts report these; each is a sum, an end value or a mean over the last year of a metric.
 */
export interface OutcomeDef {
  readonly name: string;
  readonly unit: string;
  readonly doc: string;
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

export const OUTCOMES: readonly OutcomeDef[] = [
  { name: 'cumulative_returns', unit: 'persons', doc: 'Returns over the whole run.', compute: total('returns') },
  {
    name: 'returned_stock_end',
    unit: 'persons',
    doc: 'Returnees at home in the last month: every emigrant starts away, so each came back during the run; counted once however often they returned.',
    compute: last('returned_stock'),
  },
  {
    name: 'person_years_home',
    unit: 'person-years',
    doc: 'Time returnees spent at home over the run: returned_stock summed over the months, divided by 12 (18 months at home count 1.5, in one stay or two).',
    compute: (columns, months) => total('returned_stock')(columns, months) / 12,
  },
  { name: 'creators_end', unit: 'creators', doc: 'Active creators in the last month.', compute: last('creators') },
  { name: 'creator_income_cumulative', unit: 'RMB', doc: 'Creator income over the whole run.', compute: total('creator_income_total') },
  { name: 'creator_income_mean_last_year', unit: 'RMB/month', doc: 'Mean income per creator over the last 12 months.', compute: lastYearMean('creator_income_mean') },
  { name: 'cumulative_remigrations', unit: 'persons', doc: 'Returned persons who left home again, over the whole run.', compute: total('remigrations') },
  { name: 'gov_spending_total', unit: 'RMB', doc: 'Government spending over the whole run, loan principal counted when paid out (simulated county).', compute: total('gov_spending') },
  {
    name: 'gov_spending_net_total',
    unit: 'RMB',
    doc: 'Government spending over the whole run less the loan instalments repaid in it (simulated county); principal still owed at the end counts as spent.',
    compute: total('gov_spending_net'),
  },
];

/** All headline outcomes of one replication, in OUTCOMES order. */
export function outcomesOf(columns: readonly Float64Array[], months: number): number[] {
  return OUTCOMES.map((o) => o.compute(columns, months));
}

/** The unit of a headline outcome, '' when it is not one of OUTCOMES. */
export function outcomeUnit(name: string): string {
  return OUTCOMES.find((o) => o.name === name)?.unit ?? '';
}
