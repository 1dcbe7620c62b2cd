import { formatMonth } from '../scenario/month.js';
import { definition, type RepResult } from '../model/definition.js';
import type { Summary } from '../analysis/summary.js';
import { formatNumber } from './csv.js';
import type { ColumnSpec } from './parquet.js';

/**
 * The tables of a run as CSV text (numbers as csv.ts formats them), their columns taken from the model definition:
 * its metrics (timeseries, summary) and its snapshot columns (creators). No field ever needs quoting: metric names
 * and months are plain words.
 */

const METRICS = definition.metrics;

/** The columns of a run's tables with their Parquet types (parquet.ts): metrics are doubles, as the model computes them. */
export const TIMESERIES_SCHEMA: readonly ColumnSpec[] = [{ name: 'rep', type: 'integer' }, { name: 'month', type: 'month' }, ...METRICS.map((m) => ({ name: m.name, type: 'double' as const }))];
export const SUMMARY_SCHEMA: readonly ColumnSpec[] = [
  { name: 'month', type: 'month' },
  { name: 'metric', type: 'text' },
  ...['mean', 'sd', 'ci95_low', 'ci95_high'].map((name) => ({ name, type: 'double' as const })),
];

const header = (schema: readonly ColumnSpec[]) => schema.map((c) => c.name).join(',');

export function timeseriesHeader(): string {
  return header(TIMESERIES_SCHEMA) + '\n';
}

/** The rows of one replication, one per month, each ending in a newline. */
export function timeseriesRows(result: RepResult): string {
  if (result.columns.length !== METRICS.length) {
    throw new Error(`rep ${result.rep}: ${result.columns.length} metric columns, expected ${METRICS.length}`);
  }
  const lines: string[] = [];
  const fields: string[] = new Array<string>(METRICS.length + 2);
  for (let t = 0; t < result.months; t++) {
    fields[0] = String(result.rep);
    fields[1] = formatMonth(result.start + t);
    for (let k = 0; k < METRICS.length; k++) fields[k + 2] = formatNumber(result.columns[k][t]);
    lines.push(fields.join(','));
  }
  return lines.join('\n') + '\n';
}

const SNAPSHOT = definition.snapshotColumns;
/** The snapshot's columns in file order (their keys in a snapshot). */
const SNAPSHOT_KEYS = Object.keys(SNAPSHOT) as (keyof typeof SNAPSHOT)[];

/** creators.csv: rep and month, then the definition's snapshot columns. */
export const CREATORS_SCHEMA: readonly ColumnSpec[] = [
  { name: 'rep', type: 'integer' },
  { name: 'month', type: 'month' },
  ...SNAPSHOT_KEYS.map((key) => ({ name: SNAPSHOT[key].name, type: SNAPSHOT[key].values })),
];

/** The name in creators.csv of a snapshot column (`householdShare` → `household_share`). */
export function creatorsColumn(key: keyof typeof SNAPSHOT): string {
  return SNAPSHOT[key].name;
}

export function creatorsHeader(): string {
  return header(CREATORS_SCHEMA) + '\n';
}

/** creators.csv rows of one replication: every creator active at each snapshot month. */
export function creatorsRows(result: RepResult): string {
  const lines: string[] = [];
  const fields: string[] = new Array<string>(SNAPSHOT_KEYS.length + 2);
  for (const s of result.snapshots) {
    fields[0] = String(result.rep);
    fields[1] = formatMonth(s.month);
    const columns = SNAPSHOT_KEYS.map((key) => s[key]);
    const n = columns[0]?.length ?? 0;
    for (let j = 0; j < n; j++) {
      columns.forEach((column, k) => (fields[k + 2] = formatNumber(column[j]!)));
      lines.push(fields.join(','));
    }
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/** summary.csv in long format: one row per month and metric (months outer, metrics in the definition's order). */
export function summaryCsv(summary: Summary): string {
  const lines = [header(SUMMARY_SCHEMA)];
  for (let t = 0; t < summary.months; t++) {
    const month = formatMonth(summary.start + t);
    METRICS.forEach((metric, k) => {
      const c = summary.cell(k, t);
      lines.push([month, metric.name, formatNumber(c.mean), formatNumber(c.sd), formatNumber(c.ci95_low), formatNumber(c.ci95_high)].join(','));
    });
  }
  return lines.join('\n') + '\n';
}
