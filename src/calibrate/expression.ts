import { definition, METRIC_INDEX, type CreatorSnapshot, type MetricName, type RepResult } from '../model/definition.js';
import { sortedQuantile } from '../core/distribution.js';
import { parseMonth } from '../scenario/month.js';
import { parsePeriod } from './period.js';
import type { CreatorField, CreatorsExpr, Expr } from './types.js';

/**
 * The value of an expression in one replication. NaN when it is undefined there: a month or period outside the run,
 * a ratio with a zero denominator, a statistic of no creators, a snapshot month the run did not record.
 */
export function evaluateExpr(expr: Expr, result: RepResult): number {
  if ('at' in expr) {
    const t = parseMonth(expr.month) - result.start;
    return t >= 0 && t < result.months ? column(result, expr.at)[t]! : NaN;
  }
  if ('sum' in expr) return overPeriod(result, expr.sum, expr.over, 'sum');
  if ('mean' in expr) return overPeriod(result, expr.mean, expr.over, 'mean');
  if ('ratio' in expr) {
    const denominator = evaluateExpr(expr.ratio[1], result);
    return denominator === 0 ? NaN : evaluateExpr(expr.ratio[0], result) / denominator;
  }
  if ('difference' in expr) return evaluateExpr(expr.difference[0], result) - evaluateExpr(expr.difference[1], result);
  return creatorsStat(expr.creators, result);
}

function column(result: RepResult, metric: MetricName): Float64Array {
  return result.columns[METRIC_INDEX[metric]]!;
}

/**
 * Sum or mean of a metric over a period. A period reaching outside the run is NaN (a partial sum would look like a
 * real one). The sum keeps NaN months (a NaN sum shows the metric is undefined there); the mean leaves them out.
 */
function overPeriod(result: RepResult, metric: MetricName, period: string, how: 'sum' | 'mean'): number {
  const { first, last } = parsePeriod(period);
  const a = first - result.start;
  const b = last - result.start;
  if (a < 0 || b >= result.months) return NaN;
  const values = column(result, metric);
  let sum = 0;
  let n = 0;
  for (let t = a; t <= b; t++) {
    const x = values[t]!;
    if (how === 'mean' && Number.isNaN(x)) continue;
    sum += x;
    n++;
  }
  return how === 'sum' ? sum : n > 0 ? sum / n : NaN;
}

/** A statistic of the creators active at a snapshot month, within the expression's filters. */
function creatorsStat(c: CreatorsExpr, result: RepResult): number {
  const month = parseMonth(c.month);
  const snapshot = result.snapshots.find((s) => s.month === month);
  if (!snapshot) return NaN;
  const all = snapshot.channel.length;
  const chosen: number[] = [];
  for (let j = 0; j < all; j++) if (selected(c, snapshot, j)) chosen.push(j);
  if (c.stat === 'count') return chosen.length;
  if (c.stat === 'share') return all > 0 ? chosen.length / all : NaN;

  const field = fieldOf(snapshot, c.field);
  // NaN values (the household share of stay-at-home creators) are not part of the distribution.
  const values = Float64Array.from(chosen.map((j) => field[j]!).filter((x) => !Number.isNaN(x))).sort();
  const n = values.length;
  if (n === 0) return NaN;
  switch (c.stat) {
    case 'mean':
      return values.reduce((s, x) => s + x, 0) / n;
    case 'median':
      return sortedQuantile(values, n, 0.5);
    case 'min':
      return values[0]!;
    case 'max':
      return values[n - 1]!;
    case 'quantile':
      return sortedQuantile(values, n, c.q ?? NaN);
  }
}

function selected(c: CreatorsExpr, s: CreatorSnapshot, j: number): boolean {
  const followers = s.followers[j]!;
  if (c.min_followers !== undefined && !(followers >= c.min_followers)) return false;
  if (c.max_followers !== undefined && !(followers < c.max_followers)) return false;
  if (c.returnee !== undefined && (s.returnee[j] === 1) !== c.returnee) return false;
  return true;
}

type SnapshotKey = keyof (typeof definition)['snapshotColumns'];
/** Each snapshot column's key by its name in creators.csv (`household_share` → `householdShare`). */
const SNAPSHOT_KEY = Object.fromEntries(Object.entries(definition.snapshotColumns).map(([key, c]) => [c.name, key])) as Readonly<Record<CreatorField, SnapshotKey>>;

function fieldOf(s: CreatorSnapshot, field: CreatorField): ArrayLike<number> {
  return s[SNAPSHOT_KEY[field]];
}
