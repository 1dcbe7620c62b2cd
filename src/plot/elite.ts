import { countedUnit, scaleNote, type Counting } from '../scenario/scale.js';
import { METRIC_INDEX } from '../model/definition.js';
import type { Timeseries } from '../output/read-run.js';
import { estimate } from './stats.js';
import { CONFIG, MONTH_TOOLTIP, VEGA_LITE_SCHEMA, WIDTH, hoverPoints, monthX, yTitle, type Chart, type Encoding, type Panel } from './common.js';

/** One scenario's replications (timeseries.csv): the split needs each replication's returns, not just the means. */
export interface ScenarioSeries {
  readonly scenario: string;
  readonly series: Timeseries;
}

const ELITES = 'elites';
const OTHERS = 'others';

/**
 * Returns split into elites and everyone else, and the elites' share of all returns: the elite-first wave shows as
 * the share rising before the others follow. The others' and the share's confidence intervals come from the
 * replications themselves (a difference of two summary.csv means has no interval of its own).
 */
export function eliteChart(scenarios: readonly ScenarioSeries[], ctx: { reps: number; counting: Counting }): Chart | undefined {
  const counts: { scenario: string; group: string; month: string; mean: number; low: number; high: number }[] = [];
  const shares: { scenario: string; month: string; mean: number; low: number; high: number }[] = [];
  let months = 0;
  for (const { scenario, series } of scenarios) {
    months = Math.max(months, series.months.length);
    const returns = series.reps.map((r) => r.columns[METRIC_INDEX.returns]!);
    const elites = series.reps.map((r) => r.columns[METRIC_INDEX.elite_returns]!);
    series.months.forEach((month, t) => {
      const e = estimate(elites.map((c) => c[t]!));
      const o = estimate(returns.map((c, i) => c[t]! - elites[i]![t]!));
      if (Number.isFinite(e.mean)) counts.push({ scenario, group: ELITES, month, mean: e.mean, low: e.ci95_low, high: e.ci95_high });
      if (Number.isFinite(o.mean)) counts.push({ scenario, group: OTHERS, month, mean: o.mean, low: o.ci95_low, high: o.ci95_high });
      // A month without returns has no share (left out, as summary.csv leaves out undefined values).
      const s = estimate(returns.map((c, i) => (c[t]! > 0 ? elites[i]![t]! / c[t]! : NaN)));
      if (Number.isFinite(s.mean)) shares.push({ scenario, month, mean: s.mean, low: s.ci95_low, high: s.ci95_high });
    });
  }
  if (counts.length === 0 || counts.every((c) => c.mean === 0 && c.high === 0)) return undefined; // no return in any month
  const several = scenarios.length > 1;
  const x = monthX(months);
  const group = { field: 'group', type: 'nominal', title: 'who returns', sort: [OTHERS, ELITES], legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 } } as const;
  const scenario = {
    field: 'scenario',
    type: 'nominal',
    title: 'scenario',
    scale: { domain: scenarios.map((s) => s.scenario) }, // the given order, reference first
    legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 },
  } as const;
  // One scenario: colour tells elites from others. Several: colour is the scenario and the dash tells the groups.
  const countColor: Encoding = several ? { color: scenario } : { color: { ...group, scale: { domain: [OTHERS, ELITES], range: ['#4c78a8', '#e45756'] } } };
  const lineDash: Encoding = several ? { strokeDash: { ...group, scale: { domain: [OTHERS, ELITES], range: [[1, 0], [5, 3]] } } } : {};
  const bySplit: Encoding = several ? { detail: { field: 'group', type: 'nominal' } } : {};
  const countTooltip = [
    ...(several ? [{ field: 'scenario', type: 'nominal', title: 'scenario' } as const] : []),
    { field: 'group', type: 'nominal', title: 'who' } as const,
    MONTH_TOOLTIP,
    { field: 'mean', type: 'quantitative', title: 'returns (mean)', format: ',.1f' } as const,
    { field: 'low', type: 'quantitative', title: '95% CI low', format: ',.1f' } as const,
    { field: 'high', type: 'quantitative', title: '95% CI high', format: ',.1f' } as const,
  ];
  const shareColor = several ? { color: scenario } : {};
  const countPanel: Panel = {
    width: WIDTH,
    height: 220,
    data: { values: counts },
    encoding: { x, ...countColor },
    layer: [
      // Several scenarios' bands would hide each other's lines: their intervals are in the tooltips.
      ...(several ? [] : [{ mark: { type: 'area', opacity: 0.2, clip: true }, encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } } as const]),
      { mark: { type: 'line', strokeWidth: 2 }, encoding: { y: { field: 'mean', type: 'quantitative', title: yTitle('returns per month', countedUnit('persons', true, ctx.counting)), scale: { domainMin: 0 } }, ...lineDash } },
      hoverPoints({ y: { field: 'mean', type: 'quantitative' }, ...bySplit }, countTooltip, 'hover_counts'),
    ],
  };
  const sharePanel: Panel = {
    width: WIDTH,
    height: 160,
    data: { values: shares.map((s) => ({ ...s, group: ELITES })) },
    encoding: { x, ...shareColor },
    layer: [
      ...(several ? [] : [{ mark: { type: 'area', opacity: 0.2, clip: true, color: '#e45756' }, encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } } as const]),
      {
        mark: { type: 'line', strokeWidth: 2, ...(several ? {} : { color: '#e45756' }) },
        encoding: { y: { field: 'mean', type: 'quantitative', title: ['elites’ share', 'of returns (%)'], axis: { format: '.0%' }, scale: { domainMin: 0 } } },
      },
      hoverPoints(
        { y: { field: 'mean', type: 'quantitative' } },
        [
          ...(several ? [{ field: 'scenario', type: 'nominal', title: 'scenario' } as const] : []),
          MONTH_TOOLTIP,
          { field: 'mean', type: 'quantitative', title: 'elite share (mean)', format: '.1%' },
          { field: 'low', type: 'quantitative', title: '95% CI low', format: '.1%' },
          { field: 'high', type: 'quantitative', title: '95% CI high', format: '.1%' },
        ],
        'hover_share',
      ),
    ],
  };
  const name = several ? 'by scenario' : scenarios[0]!.scenario;
  return {
    name: 'returns-elite',
    heading: 'Elite and other returns',
    caption:
      'Returns per month split into elites (by education and capital, see the scenario’s elite rule) and everyone else, and the elites’ share of all returns. ' +
      `Lines: means of ${ctx.reps} replications; ${several ? 'their 95% confidence intervals are in the tooltips' : 'bands: 95% confidence intervals'}.`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: `Elite and other returns — ${name}`,
        subtitle: ['An elite-first wave shows as the elites’ share of returns rising before the others follow.', ...scaleNote(ctx.counting)],
      },
      vconcat: [countPanel, sharePanel],
      spacing: 24,
      resolve: { scale: { color: several ? 'shared' : 'independent' } },
      config: CONFIG,
    },
  };
}
