import { COSTS } from '../analysis/costs.js';
import { OUTCOMES } from '../analysis/outcomes.js';
import type { Interval, Ratio } from '../analysis/paired.js';
import { definition, type RepResult } from '../model/definition.js';
import { formatNumber } from '../output/csv.js';
import type { ColumnSpec, ColumnType, ColumnTypes } from '../output/parquet.js';
import { formatMonth } from '../scenario/month.js';
import type { SweepParam, Value } from './design.js';

/**
 * The CSVs of a sweep. Parameter values are numbers (formatted like every number) or words (enum values, months),
 * which never need quoting, like the metric names.
 */

/** The metrics, one column each after month (the model definition's). */
const METRICS = definition.metrics;

const formatValue = (v: Value) => (typeof v === 'number' ? formatNumber(v) : v);

/** With an ensemble, a `member` column after `point` says which world (member of the ensemble) the point runs in. */
export function sweepHeader(params: readonly string[], ensemble = false): string {
  return ['point', ...(ensemble ? ['member'] : []), 'rep', 'seed', ...params, 'month', ...METRICS.map((m) => m.name)].join(',') + '\n';
}

/** sweep.csv rows of one replication of a point: one per month. */
export function sweepRows(point: number, values: readonly Value[], result: RepResult, member?: number): string {
  if (result.columns.length !== METRICS.length) throw new Error(`rep ${result.rep}: ${result.columns.length} metric columns, expected ${METRICS.length}`);
  const prefix = [point, ...(member === undefined ? [] : [member]), result.rep, result.seed, ...values.map(formatValue)].join(',');
  const lines: string[] = [];
  for (let t = 0; t < result.months; t++) {
    let line = `${prefix},${formatMonth(result.start + t)}`;
    for (let k = 0; k < METRICS.length; k++) line += ',' + formatNumber(result.columns[k]![t]!);
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}

/** A swept parameter's Parquet type: whole numbers as integers, months as dates, words as text. */
function paramType(p: SweepParam): ColumnType {
  if (p.type === 'integer') return 'bigint';
  if (p.type === 'month') return 'month';
  return p.type === 'number' || p.type === 'timeline' ? 'double' : 'text';
}

/** sweep.csv's columns as Parquet types (output/parquet.ts). */
export function sweepSchema(params: readonly SweepParam[], ensemble = false): ColumnSpec[] {
  return [
    { name: 'point', type: 'integer' },
    ...(ensemble ? [{ name: 'member', type: 'integer' as const }] : []),
    { name: 'rep', type: 'integer' },
    { name: 'seed', type: 'bigint' },
    ...params.map((p) => ({ name: p.path, type: paramType(p) })),
    { name: 'month', type: 'month' },
    ...METRICS.map((m) => ({ name: m.name, type: 'double' as const })),
  ];
}

/** points.csv's columns as Parquet types. */
export function pointsSchema(params: readonly SweepParam[], ensemble = false): ColumnSpec[] {
  return [
    { name: 'point', type: 'integer' },
    ...(ensemble ? [{ name: 'member', type: 'integer' as const }] : []),
    ...params.map((p) => ({ name: p.path, type: paramType(p) })),
    { name: 'reps', type: 'integer' },
    ...OUTCOMES.flatMap((o) => [`${o.name}_mean`, `${o.name}_ci95_low`, `${o.name}_ci95_high`]).map((name) => ({ name, type: 'double' as const })),
  ];
}

export function pointsHeader(params: readonly string[], ensemble = false): string {
  return ['point', ...(ensemble ? ['member'] : []), ...params, 'reps', ...OUTCOMES.flatMap((o) => [`${o.name}_mean`, `${o.name}_ci95_low`, `${o.name}_ci95_high`])].join(',') + '\n';
}

/** One points.csv row: the point, its values, its reps, and each outcome's mean and 95% interval (OUTCOMES order). */
export function pointsRow(point: number, values: readonly Value[], reps: number, outcomes: readonly Interval[], member?: number): string {
  return [point, ...(member === undefined ? [] : [member]), ...values.map(formatValue), reps, ...outcomes.flatMap((o) => [formatNumber(o.mean), formatNumber(o.ci95_low), formatNumber(o.ci95_high)])].join(',') + '\n';
}

/** ensemble-sweep.csv's Parquet types; the mean and its 5-95% range are doubles. */
export function ensembleSweepTypes(params: readonly SweepParam[]): ColumnTypes {
  return { design_point: 'integer', ...Object.fromEntries(params.map((p) => [p.path, paramType(p)])), outcome: 'text', worlds: 'integer' };
}

/** costs.csv's header: the point (and world), its values, the point it is paired with, then each cost's ratio. */
export function costsHeader(params: readonly string[], ensemble = false): string {
  return ['point', ...(ensemble ? ['member'] : []), ...params, 'reference_point', 'cost', 'unit', 'pairs', 'ratio', 'ci95_low', 'ci95_high'].join(',') + '\n';
}

/** A point's costs.csv rows, one per cost (COSTS order): the ratio and its Fieller interval, empty when not estimable. */
export function costsRows(point: number, values: readonly Value[], reference: number, costs: readonly Ratio[], member?: number): string {
  const prefix = [point, ...(member === undefined ? [] : [member]), ...values.map(formatValue), reference];
  return COSTS.map((c, j) => [...prefix, c.name, c.unit, costs[j]!.n, formatNumber(costs[j]!.ratio), formatNumber(costs[j]!.ci95_low), formatNumber(costs[j]!.ci95_high)].join(',') + '\n').join('');
}

/** costs.csv's Parquet types; the ratio and its interval are doubles. */
export function costsTypes(params: readonly SweepParam[], ensemble = false): ColumnTypes {
  return {
    point: 'integer',
    ...(ensemble ? { member: 'integer' as const } : {}),
    ...Object.fromEntries(params.map((p) => [p.path, paramType(p)])),
    reference_point: 'integer',
    cost: 'text',
    unit: 'text',
    pairs: 'integer',
  };
}
