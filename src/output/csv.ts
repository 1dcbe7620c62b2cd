import { METRICS } from '../model/metrics.js';
import { formatMonth } from '../scenario/month.js';
import type { RepResult } from '../model/definition.js';
import type { Summary } from '../analysis/summary.js';
import type { ColumnSpec } from './parquet.js';

/**
 * CSV text of a run. Numbers are formatted deterministically and compactly: integers as integers, other
 * values rounded to 6 significant digits in JavaScript's shortest form (plain decimals for ordinary magnitudes),
 * NaN as an empty field. No field ever needs quoting: metric names and months are plain words.
 */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return '';
  if (Number.isInteger(v)) return String(v); // also turns -0 into "0"
  if (!Number.isFinite(v)) return String(v); // Infinity / -Infinity
  return String(Number(v.toPrecision(6)));
}

export const TIMESERIES_COLUMNS: readonly string[] = ['rep', 'month', ...METRICS.map((m) => m.name)];
export const SUMMARY_COLUMNS: readonly string[] = ['month', 'metric', 'mean', 'sd', 'ci95_low', 'ci95_high'];

/** The columns of a run's tables as Parquet types (parquet.ts): metrics are doubles, as the model computes them. */
export const TIMESERIES_SCHEMA: readonly ColumnSpec[] = [{ name: 'rep', type: 'integer' }, { name: 'month', type: 'month' }, ...METRICS.map((m) => ({ name: m.name, type: 'double' as const }))];
export const SUMMARY_SCHEMA: readonly ColumnSpec[] = [
  { name: 'month', type: 'month' },
  { name: 'metric', type: 'text' },
  ...['mean', 'sd', 'ci95_low', 'ci95_high'].map((name) => ({ name, type: 'double' as const })),
];

export function timeseriesHeader(): string {
  return TIMESERIES_COLUMNS.join(',') + '\n';
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

export const CREATORS_COLUMNS: readonly string[] = ['rep', 'month', 'channel', 'returnee', 'nostalgic', 'knowledge', 'followers', 'income', 'household_share'];

export const CREATORS_SCHEMA: readonly ColumnSpec[] = [
  { name: 'rep', type: 'integer' },
  { name: 'month', type: 'month' },
  { name: 'channel', type: 'integer' },
  { name: 'returnee', type: 'boolean' },
  { name: 'nostalgic', type: 'boolean' },
  ...['knowledge', 'followers', 'income', 'household_share'].map((name) => ({ name, type: 'double' as const })),
];

export function creatorsHeader(): string {
  return CREATORS_COLUMNS.join(',') + '\n';
}

/** creators.csv rows of one replication: every creator active at each snapshot month. */
export function creatorsRows(result: RepResult): string {
  const lines: string[] = [];
  for (const s of result.snapshots) {
    const month = formatMonth(s.month);
    for (let j = 0; j < s.channel.length; j++) {
      lines.push(`${result.rep},${month},${s.channel[j]},${s.returnee[j]},${s.nostalgic[j]},${formatNumber(s.knowledge[j]!)},${formatNumber(s.followers[j]!)},${formatNumber(s.income[j]!)},${formatNumber(s.householdShare[j]!)}`);
    }
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/** summary.csv in long format: one row per month and metric (months outer, metrics in METRICS order). */
export function summaryCsv(summary: Summary): string {
  const lines = [SUMMARY_COLUMNS.join(',')];
  for (let t = 0; t < summary.months; t++) {
    const month = formatMonth(summary.start + t);
    METRICS.forEach((metric, k) => {
      const c = summary.cell(k, t);
      lines.push([month, metric.name, formatNumber(c.mean), formatNumber(c.sd), formatNumber(c.ci95_low), formatNumber(c.ci95_high)].join(','));
    });
  }
  return lines.join('\n') + '\n';
}
