import { countingOf, scaleNote } from '../scenario/scale.js';
import { describeParameters } from '../scenario/describe.js';
import { countedOutcomeUnit, outcomeScaled } from '../analysis/outcomes.js';
import type { SweepData, SweepParam } from '../output/read-sweep.js';
import { outcomeLabel } from './labels.js';
import { CONFIG, VEGA_LITE_SCHEMA, axisTitle, maxAbs, numberFormats, yTitle, type Chart, type Encoding, type Layer, type Panel, type Tooltip, type TooltipField } from './common.js';

/**
 * Sweep charts, one per outcome: against one parameter a line with 95% whiskers; over two a heat map (a scatter
 * when the values do not form a small grid); over more, small multiples of the outcome against each parameter
 * while the others vary.
 */

/** A heat map needs few distinct values per parameter, else its cells are slivers. */
const MAX_GRID_VALUES = 20;
/** Cells get their value written in them while there is room. */
const MAX_LABELLED_CELLS = 48;

const UNITS: ReadonlyMap<string, string> = new Map(describeParameters().map((p) => [p.path, p.unit]));

export function paramUnit(path: string): string {
  return UNITS.get(path) ?? '';
}

function paramAxis(p: SweepParam): Encoding['x'] {
  return { field: p.key, type: p.numeric ? 'quantitative' : 'ordinal', title: axisTitle(p.path, paramUnit(p.path)), scale: p.numeric ? { zero: false } : undefined };
}

function paramTooltip(params: readonly SweepParam[]): TooltipField[] {
  return params.map((p) => ({ field: p.key, type: p.numeric ? 'quantitative' : 'nominal', title: p.path }));
}

/** The chart of every outcome that has a value at some point; the others are named in `skipped`. */
export function sweepCharts(sweep: SweepData): { charts: Chart[]; skipped: string[] } {
  const charts: Chart[] = [];
  const skipped: string[] = [];
  for (const outcome of sweep.outcomes) {
    const chart = sweepChart(sweep, outcome);
    if (chart) charts.push(chart);
    else skipped.push(`outcome ${outcome}: no value at any point`);
  }
  return { charts, skipped };
}

function sweepChart(sweep: SweepData, outcome: string): Chart | undefined {
  const counting = countingOf(sweep.scenario);
  const unit = countedOutcomeUnit(outcome, counting);
  const label = outcomeLabel(outcome);
  // A point where the outcome is undefined (a mean income before any creator exists) is left out.
  const defined = sweep.points.filter((pt) => Number.isFinite(pt.outcomes.get(outcome)!.mean));
  if (defined.length === 0) return undefined;
  const values = defined.map((pt) => {
    const e = pt.outcomes.get(outcome)!;
    const row: Record<string, number | string> = { point: pt.point, reps: pt.reps, mean: e.mean, low: Number.isFinite(e.low) ? e.low : e.mean, high: Number.isFinite(e.high) ? e.high : e.mean };
    sweep.params.forEach((p, i) => (row[p.key] = pt.values[i]!));
    return row;
  });
  const formats = numberFormats(unit, maxAbs(values.flatMap((v) => [Number(v.low), Number(v.high)])));
  const y = yTitle(outcome, unit);
  const tooltip: Tooltip = [
    { field: 'point', type: 'nominal', title: 'point' },
    ...paramTooltip(sweep.params),
    { field: 'mean', type: 'quantitative', title: `${outcome} (mean)`, format: formats.tooltip },
    { field: 'low', type: 'quantitative', title: '95% CI low', format: formats.tooltip },
    { field: 'high', type: 'quantitative', title: '95% CI high', format: formats.tooltip },
    { field: 'reps', type: 'quantitative', title: 'replications' },
  ];
  const base = { name: `sweep-${outcome}`, heading: `${label} across the sweep` };
  const left = sweep.points.length - defined.length;
  const subtitle = [
    `${sweep.design} design, ${sweep.points.length} points; mean of each point's replications with its 95% confidence interval.`,
    ...(left > 0 ? [`${left} point${left > 1 ? 's' : ''} without a value left out.`] : []),
    ...(outcomeScaled(outcome) ? scaleNote(counting) : []),
  ];

  /**
   * Mean with whiskers against one parameter; a line joins the points when it is the only parameter and a number
   * (with others varying, neighbouring points differ in them too, and a line would suggest a curve that is not there).
   */
  const against = (p: SweepParam, yAxis: Encoding['y'], joined: boolean): Layer[] => [
    ...(p.numeric && joined ? [{ mark: { type: 'line', color: '#9ab', strokeWidth: 1.5 }, encoding: { x: paramAxis(p), y: { field: 'mean', type: 'quantitative' }, order: { field: p.key } } } as const] : []),
    { mark: { type: 'rule', strokeWidth: 2, color: '#4c78a8' }, encoding: { x: paramAxis(p), y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
    { mark: { type: 'point', filled: true, size: 60, color: '#4c78a8' }, encoding: { x: paramAxis(p), y: yAxis, tooltip } },
  ];
  const yAxis: Encoding['y'] = { field: 'mean', type: 'quantitative', title: y, axis: { ...formats.axis }, scale: { zero: false } };

  if (sweep.params.length === 1) {
    const p = sweep.params[0]!;
    return {
      ...base,
      caption: `${label} (${unit || 'value'}) at each value of ${p.path}: mean of the point's replications with its 95% confidence interval.`,
      // A value met twice (a sweep over an ensemble runs each value in every world) is not joined by a line.
      spec: { $schema: VEGA_LITE_SCHEMA, title: { text: `${label} against ${p.path}`, subtitle }, width: 560, height: 300, data: { values }, layer: against(p, yAxis, new Set(defined.map((pt) => pt.values[0])).size === defined.length), config: CONFIG },
    };
  }

  if (sweep.params.length === 2) {
    const [a, b] = sweep.params as [SweepParam, SweepParam];
    const distinct = (p: SweepParam) => new Set(values.map((v) => v[p.key])).size;
    const grid = distinct(a) <= MAX_GRID_VALUES && distinct(b) <= MAX_GRID_VALUES;
    const color = { field: 'mean', type: 'quantitative', title: y, scale: { scheme: 'viridis' }, legend: { format: formats.tooltip, ...(formats.axis.labelExpr ? { labelExpr: formats.axis.labelExpr } : {}) } } as const;
    const title = { text: `${label} by ${a.path} and ${b.path}`, subtitle };
    const caption = `${label} (${unit || 'value'}) at each combination of ${a.path} and ${b.path}: colour is the mean of the point's replications; the tooltip gives its 95% confidence interval.`;
    if (!grid) {
      return {
        ...base,
        caption,
        spec: {
          $schema: VEGA_LITE_SCHEMA,
          title,
          width: 460,
          height: 360,
          data: { values },
          mark: { type: 'square', size: 140, filled: true },
          encoding: { x: paramAxis(a), y: { ...paramAxis(b) }, color, tooltip },
          config: CONFIG,
        },
      };
    }
    // Numbers grow rightwards and upwards, with thousands separated; words keep the design's order.
    const ordinal = (p: SweepParam, sort: 'ascending' | 'descending') =>
      ({ field: p.key, type: 'ordinal', title: axisTitle(p.path, paramUnit(p.path)), sort: p.numeric ? sort : null, axis: p.numeric ? { labelExpr: "format(datum.value, ',')", labelAngle: 0 } : { labelAngle: 0 } }) as const;
    const mid = (Math.min(...values.map((v) => Number(v.mean))) + Math.max(...values.map((v) => Number(v.mean)))) / 2;
    const layers: Layer[] = [{ mark: { type: 'rect' }, encoding: { color, tooltip } }];
    if (distinct(a) * distinct(b) <= MAX_LABELLED_CELLS) {
      layers.push({
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'mean', type: 'quantitative', format: formats.axis.labelExpr ? '.3~s' : formats.tooltip },
          // Viridis runs dark to light: white text on the lower half, black on the upper.
          color: { condition: { test: `datum.mean > ${mid}`, value: 'black' }, value: 'white' },
          tooltip,
        },
      });
    }
    return {
      ...base,
      caption,
      spec: {
        $schema: VEGA_LITE_SCHEMA,
        title,
        width: { step: Math.max(36, Math.min(80, 480 / distinct(a))) },
        height: { step: Math.max(28, Math.min(60, 320 / distinct(b))) },
        data: { values },
        encoding: { x: ordinal(a, 'ascending'), y: ordinal(b, 'descending') },
        layer: layers,
        config: CONFIG,
      },
    };
  }

  const panels: Panel[] = sweep.params.map((p) => ({ width: 220, height: 200, layer: against(p, yAxis, false) }));
  return {
    ...base,
    caption: `${label} (${unit || 'value'}) against each swept parameter in turn, while the others vary: one panel per parameter, one dot per point with its 95% confidence interval.`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: `${label} against each of ${sweep.params.length} parameters`, subtitle },
      data: { values },
      concat: panels,
      columns: 3,
      spacing: 20,
      resolve: { scale: { y: 'shared' } },
      config: CONFIG,
    },
  };
}
