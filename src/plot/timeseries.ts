import { countedUnit, scaleNote, type Counting } from '../scenario/scale.js';
import { definition, type MetricDef, type MetricName } from '../model/definition.js';
import type { Band } from '../output/read-run.js';
import { sentence } from './labels.js';
import { CONFIG, HEIGHT, MONTH_TOOLTIP, VEGA_LITE_SCHEMA, WIDTH, drawnBands, hoverPoints, maxAbs, monthX, numberFormats, yTitle, type Chart, type MonthSpan } from './common.js';

/** The metrics charted when no --metric is given: returns, who stays, and the creator economy they build. */
export const HEADLINE_METRICS: readonly MetricName[] = [
  'returns',
  'returned_stock',
  'creators',
  'creator_income_mean',
  'creator_income_total',
  'remigrations',
  'gov_spending',
  'returnee_creator_share',
];

/** Chart titles of the metrics people look at most; the others are titled from their name. */
const LABELS: Partial<Record<MetricName, string>> = {
  returns: 'Returns home per month',
  elite_returns: 'Elite returns per month',
  returned_stock: 'Returnees at home',
  remigrations: 'Returnees leaving again per month',
  creators: 'Active creators',
  returnee_creators: 'Active returnee creators',
  creator_income_mean: 'Mean creator income',
  creator_income_median: 'Median creator income',
  creator_income_p90: 'Creator income, 90th percentile',
  creator_income_total: 'Total creator income',
  gov_spending: 'Government spending',
  returnee_creator_share: 'Returnees among active creators',
};

export function metricLabel(name: string): string {
  const label = LABELS[name as MetricName];
  return label ?? sentence(name);
}

export function metricDef(name: string): MetricDef | undefined {
  return definition.metrics.find((m) => m.name === name);
}

/** One scenario's bands of a metric. */
export interface Series {
  readonly scenario: string;
  readonly bands: readonly Band[];
}

export interface MetricChartContext {
  readonly reps: number;
  readonly counting: Counting;
  /** The month axis's span when it is not the months with data (homeward explore's charts while the months come in). */
  readonly span?: MonthSpan;
}

/**
 * A metric over time: the mean across replications as a line and its 95% confidence interval as a band, one colour
 * per scenario (a comparison puts all its scenarios on one chart).
 */
export function metricChart(metric: MetricDef, series: readonly Series[], ctx: MetricChartContext): Chart | undefined {
  const values = series.flatMap((s) => drawnBands(s.bands).map((b) => ({ scenario: s.scenario, ...b })));
  if (values.length === 0) return undefined; // undefined every month (a mean over no creators): nothing to draw
  const months = Math.max(...series.map((s) => s.bands.length));
  const label = metricLabel(metric.name);
  const formats = numberFormats(metric.unit, maxAbs(values.map((v) => v.high)));
  const x = monthX(months, ctx.span);
  // Scenarios keep their order (a comparison's reference first), not the alphabet's, in colours and legend.
  const color = {
    field: 'scenario',
    type: 'nominal',
    title: 'scenario',
    scale: { domain: series.map((s) => s.scenario) },
    legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 },
  } as const;
  const title = yTitle(metric.name, countedUnit(metric.unit, metric.scaled, ctx.counting));
  const several = series.length > 1;
  return {
    name: `metric-${metric.name}`,
    heading: label,
    caption: `${metric.doc} Line: mean of ${ctx.reps} replications${several ? ' per scenario' : ''}; band: 95% confidence interval of the mean.`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: several ? `${label}, by scenario` : `${label} — ${series[0]!.scenario}`,
        subtitle: [`Mean of ${ctx.reps} replications with its 95% confidence band.`, ...(metric.scaled ? scaleNote(ctx.counting) : [])],
      },
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      encoding: { x, color },
      layer: [
        {
          mark: { type: 'area', opacity: 0.22, clip: true },
          encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
        },
        {
          mark: { type: 'line', strokeWidth: 2 },
          encoding: {
            // Every metric is >= 0; a t interval of a few replications may dip below 0, but the axis need not.
            y: { field: 'mean', type: 'quantitative', title, axis: { ...formats.axis }, scale: { domainMin: 0 } },
          },
        },
        hoverPoints({ y: { field: 'mean', type: 'quantitative' } }, [
          { field: 'scenario', type: 'nominal', title: 'scenario' },
          MONTH_TOOLTIP,
          { field: 'mean', type: 'quantitative', title: `${metric.name} (mean)`, format: formats.tooltip },
          { field: 'low', type: 'quantitative', title: '95% CI low', format: formats.tooltip },
          { field: 'high', type: 'quantitative', title: '95% CI high', format: formats.tooltip },
        ]),
      ],
      config: CONFIG,
    },
  };
}

/**
 * The paired difference of a metric over time between two scenarios run with common random numbers (replication r
 * of both with the same seed): the mean difference per month as a line, its 95% t interval as a band, and 0 marked.
 */
export function differenceChart(metric: MetricDef, bands: readonly Band[], ctx: MetricChartContext & { readonly label: string }): Chart | undefined {
  const values = drawnBands(bands);
  if (values.length === 0) return undefined;
  const label = metricLabel(metric.name);
  const formats = numberFormats(metric.unit, maxAbs(values.flatMap((v) => [v.low, v.high])));
  const x = monthX(bands.length, ctx.span);
  const title = yTitle(`Δ ${metric.name}`, countedUnit(metric.unit, metric.scaled, ctx.counting));
  return {
    name: `difference-${metric.name}`,
    heading: `${label}: ${ctx.label}`,
    caption: `Line: mean over ${ctx.reps} replications of the paired difference (${ctx.label}); band: its 95% t interval. Where the band excludes 0, the difference is more than noise.`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: `${label}: ${ctx.label}`, subtitle: [`Paired difference, mean of ${ctx.reps} replications with its 95% band.`, ...(metric.scaled ? scaleNote(ctx.counting) : [])] },
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      layer: [
        // The month axis on each layer but the zero line, which spans the chart.
        { mark: { type: 'area', opacity: 0.22, clip: true, color: '#d6604d' }, encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
        { mark: { type: 'rule', color: '#888', strokeDash: [3, 3] }, encoding: { y: { datum: 0, type: 'quantitative' } } },
        { mark: { type: 'line', strokeWidth: 2, color: '#b2182b' }, encoding: { x, y: { field: 'mean', type: 'quantitative', title, axis: { ...formats.axis } } } },
        hoverPoints({ x, y: { field: 'mean', type: 'quantitative' } }, [
          MONTH_TOOLTIP,
          { field: 'mean', type: 'quantitative', title: `Δ ${metric.name} (mean)`, format: formats.tooltip },
          { field: 'low', type: 'quantitative', title: '95% CI low', format: formats.tooltip },
          { field: 'high', type: 'quantitative', title: '95% CI high', format: formats.tooltip },
        ]),
      ],
      config: CONFIG,
    },
  };
}
