import type { MetricName } from '../model/definition.js';
import { bandsOf, type RunData } from '../output/read-run.js';
import { CONFIG, HEIGHT, MONTH_TOOLTIP, VEGA_LITE_SCHEMA, WIDTH, drawnBands, hoverPoints, maxAbs, monthX, numberFormats, yTitle, type Chart, type Layer } from './common.js';

const STATISTICS: readonly { metric: MetricName; label: string }[] = [
  { metric: 'creator_income_mean', label: 'mean' },
  { metric: 'creator_income_median', label: 'median' },
  { metric: 'creator_income_p90', label: '90th percentile' },
];

/**
 * Creator income over time: mean, median and 90th percentile across active creators, each the mean of the
 * replications with its 95% band (summary.csv). A comparison gets one panel per scenario on a shared scale.
 */
export function incomeChart(runs: readonly RunData[]): Chart | undefined {
  const values = runs.flatMap((run) =>
    STATISTICS.flatMap(({ metric, label }) =>
      drawnBands(bandsOf(run, metric)).map((b) => ({ scenario: run.name, statistic: label, ...b })),
    ),
  );
  if (values.length === 0) return undefined; // no creator earned in any month
  const months = Math.max(...runs.map((r) => r.months.length));
  const formats = numberFormats('RMB/month', maxAbs(values.map((v) => v.high)));
  const color = {
    field: 'statistic',
    type: 'nominal',
    title: 'statistic',
    sort: STATISTICS.map((s) => s.label),
    scale: { domain: STATISTICS.map((s) => s.label), range: ['#4c78a8', '#54a24b', '#f58518'] },
    legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 },
  } as const;
  const several = runs.length > 1;
  const layer: Layer[] = [
    { mark: { type: 'area', opacity: 0.18, clip: true }, encoding: { x: monthX(months), y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color } },
    {
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x: monthX(months), y: { field: 'mean', type: 'quantitative', title: yTitle('creator income', 'RMB/month'), axis: { ...formats.axis }, scale: { domainMin: 0 } }, color },
    },
    hoverPoints({ x: monthX(months), y: { field: 'mean', type: 'quantitative' }, color }, [
      ...(several ? [{ field: 'scenario', type: 'nominal', title: 'scenario' } as const] : []),
      { field: 'statistic', type: 'nominal', title: 'statistic' },
      MONTH_TOOLTIP,
      { field: 'mean', type: 'quantitative', title: 'RMB per month (mean)', format: formats.tooltip },
      { field: 'low', type: 'quantitative', title: '95% CI low', format: formats.tooltip },
      { field: 'high', type: 'quantitative', title: '95% CI high', format: formats.tooltip },
    ]),
  ];
  const reps = runs[0]!.facts.reps;
  const heading = 'Creator income: mean, median and 90th percentile';
  const caption = `Monthly income of active creators after platform fees: the mean, the median and the 90th percentile across creators, each the mean of ${reps} replications with its 95% confidence band. A mean far above the median means a few large channels earn most.`;
  const title = { text: several ? `${heading}, by scenario` : `${heading} — ${runs[0]!.name}`, subtitle: `Means of ${reps} replications with 95% confidence bands.` };
  if (!several) {
    return { name: 'creator-income', heading, caption, spec: { $schema: VEGA_LITE_SCHEMA, title, width: WIDTH, height: HEIGHT, data: { values }, layer, config: CONFIG } };
  }
  return {
    name: 'creator-income',
    heading,
    caption,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title,
      data: { values },
      facet: { field: 'scenario', type: 'nominal', title: null, sort: runs.map((r) => r.name) },
      columns: 2,
      spec: { width: WIDTH / 2, height: HEIGHT * 0.7, layer },
      config: CONFIG,
    },
  };
}
