import { join } from 'node:path';
import { METRIC_NAMES } from '../model/definition.js';
import { MONTH_PATTERN } from '../scenario/month.js';
import type { Chart } from './common.js';
import { differencesChart } from './compare.js';
import { bandsOf, type Band, type RunData } from '../output/read-run.js';
import type { ComparisonData } from '../output/read-compare.js';
import { spendingChart } from './spending.js';
import { distributionGap, histogramChart, lorenzChart, type Snapshot } from './distribution.js';
import { eliteChart } from './elite.js';
import { InputError } from '../output/errors.js';
import { incomeChart } from './income.js';
import { HEADLINE_METRICS, metricChart, metricDef } from './timeseries.js';

export interface PlotOptions {
  /** Metrics to chart over time; the headline metrics when empty. */
  readonly metrics: readonly string[];
  /** Snapshot month (YYYY-MM) of the income distribution; the last one in creators.csv when undefined. */
  readonly month?: string;
}

/** Checks --metric and --month before anything is read, so a typo fails at once with one message. */
export function checkPlotOptions(opts: PlotOptions): void {
  const unknown = opts.metrics.filter((m) => !(METRIC_NAMES as readonly string[]).includes(m));
  if (unknown.length > 0) {
    throw new InputError(
      `unknown metric${unknown.length > 1 ? 's' : ''} ${unknown.map((m) => `'${m}'`).join(', ')} (--metric); the metrics are the columns of timeseries.csv: ${METRIC_NAMES.join(', ')}`,
    );
  }
  if (opts.month !== undefined && !MONTH_PATTERN.test(opts.month)) throw new InputError(`--month must be YYYY-MM, got '${opts.month}'`);
}

/**
 * The charts of an output directory, made by its kind (src/kinds/). Each kind's charts are a function of its data;
 * those of a run and a comparison are here.
 */
export interface Charts {
  readonly charts: Chart[];
  /** Charts left out, with why: a metric without a value in any month (e.g. a mean over creators before any exist). */
  readonly skipped: string[];
}

/**
 * The charts of a run, or of the runs of a comparison, each scenario a series: the metrics over time, the elite
 * split, creator income over time and its distribution at a snapshot month. Read from summary.csv, timeseries.csv and creators.csv (loaded with each run).
 */
export function runCharts(runs: readonly RunData[], opts: PlotOptions): Charts {
  const ctx = { reps: runs[0]!.facts.reps, counting: runs[0]!.facts };
  const metrics = opts.metrics.length > 0 ? [...new Set(opts.metrics)] : HEADLINE_METRICS;
  const charts: Chart[] = [];
  const skipped: string[] = [];
  for (const name of metrics) {
    const series = runs.map((r) => ({ scenario: r.name, bands: bandsOf(r, name) }));
    const gap = seriesGap(series.flatMap((s) => s.bands));
    const chart = gap === undefined ? metricChart(metricDef(name)!, series, ctx) : undefined;
    if (chart) charts.push(chart);
    else skipped.push(`metric ${name}: ${gap ?? 'no value in any month'}`);
  }
  const series = runs.map((r) => ({ scenario: r.name, series: r.timeseries }));
  const elite = eliteChart(series, ctx);
  if (elite) charts.push(elite);
  else skipped.push('returns of elites: no return in any month');
  const incomeGap = seriesGap(runs.flatMap((r) => ['creator_income_mean', 'creator_income_median', 'creator_income_p90'].flatMap((m) => bandsOf(r, m))));
  const income = incomeGap === undefined ? incomeChart(runs) : undefined;
  if (income) charts.push(income);
  else skipped.push(`creator income: ${incomeGap ?? 'no creator income in any month'}`);
  const spending = spendingChart(runs);
  if (typeof spending === 'string') skipped.push(`spending and unmet demand per programme: ${spending}`);
  else charts.push(spending);
  charts.push(...distributionCharts(runs, opts.month, skipped));
  return { charts, skipped };
}

/** A comparison's charts: its runs', then the paired differences from the reference. */
export function comparisonCharts(cmp: ComparisonData, opts: PlotOptions): Charts {
  const { charts, skipped } = runCharts(cmp.runs, opts);
  const diff = differencesChart(cmp);
  return { charts: diff ? [...charts, diff] : charts, skipped };
}

/**
 * Why a series cannot make a chart: no finite value (a mean over no creators), or every value 0 (nothing happened:
 * an empty frame would say no more than this note). Undefined when it can be drawn.
 */
export function seriesGap(bands: readonly Band[]): string | undefined {
  const finite = bands.filter((b) => Number.isFinite(b.mean));
  if (finite.length === 0) return 'no value in any month';
  if (finite.every((b) => b.mean === 0 && (!Number.isFinite(b.high) || b.high === 0) && (!Number.isFinite(b.low) || b.low === 0))) return '0 in every month';
  return undefined;
}

/**
 * Histogram and Lorenz curve at the chosen snapshot month, or at the last month every scenario has. None when
 * the runs have no snapshot (a run shorter than its first snapshot month).
 */
function distributionCharts(runs: readonly RunData[], month: string | undefined, skipped: string[]): Chart[] {
  const creators = runs.map((r) => ({ run: r, incomes: r.creators }));
  const common = creators.map((c) => c.incomes.months).reduce((a, b) => a.filter((m) => b.includes(m)));
  if (month !== undefined && !common.includes(month)) {
    const where = runs.length > 1 ? `the scenarios' creators.csv files have` : `${join(runs[0]!.dir, 'creators.csv')} has`;
    throw new InputError(
      `--month ${month}: no creator snapshot for that month; ${where} ${common.length > 0 ? `snapshots at ${common.join(', ')}` : 'no snapshots in common'} (set them with the scenario's snapshots key)`,
    );
  }
  const chosen = month ?? common.at(-1);
  if (chosen === undefined) return [];
  const snapshots: Snapshot[] = creators.map((c) => ({ scenario: c.run.name, reps: c.run.facts.reps, incomes: c.incomes.incomes.get(chosen)! }));
  const gap = distributionGap(snapshots);
  if (gap !== undefined) {
    skipped.push(`creator income distribution in ${chosen}: ${gap}`);
    return [];
  }
  return [histogramChart(snapshots, chosen)!, lorenzChart(snapshots, chosen)!];
}
