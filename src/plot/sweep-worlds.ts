import { countingOf, scaleNote } from '../scenario/scale.js';
import { acrossWorlds } from '../analysis/ensemble.js';
import { countedOutcomeUnit, outcomeScaled } from '../analysis/outcomes.js';
import type { SweepData } from '../output/read-sweep.js';
import { readable } from '../output/readable.js';
import { outcomeLabel } from './labels.js';
import { paramUnit } from './sweep.js';
import { CONFIG, VEGA_LITE_SCHEMA, axisTitle, maxAbs, numberFormats, yTitle, type Chart, type Encoding, type Tooltip } from './common.js';

/**
 * A sweep over an ensemble, per outcome: in each world, the outcome's change from the first design point (a line per
 * world), and across the worlds the mean change and the range of the middle 90% of the worlds (dot and whisker). The
 * change is paired within a world (every point runs the same replication seeds), so what varies between worlds (their
 * levels) does not hide how the outcome responds to the swept parameters, as pooled whiskers of the levels would.
 */

export interface WorldDiff {
  readonly member: number;
  /** Index of the design point, 0.. in design order. */
  readonly design: number;
  /** The world's outcome at the point (mean over its replications) and its change from design point 0. */
  readonly level: number;
  readonly diff: number;
}

export interface DesignSummary {
  readonly design: number;
  readonly values: readonly (number | string)[];
  readonly worlds: number;
  readonly mean: number;
  readonly p05: number;
  readonly p95: number;
  /** Share of the worlds whose change has the sign of the mean (NaN for no change). */
  readonly signShare: number;
}

/** Each world's change from the first design point, and the summary across the worlds, of one outcome. */
export function worldDifferences(sweep: SweepData, outcome: string): { worlds: WorldDiff[]; summary: DesignSummary[] } {
  const n = sweep.ensemble!.worlds;
  const designs = sweep.points.length / n;
  const worlds: WorldDiff[] = [];
  const summary: DesignSummary[] = [];
  for (let d = 0; d < designs; d++) {
    const diffs: number[] = [];
    for (let w = 0; w < n; w++) {
      const point = sweep.points[d * n + w]!;
      const level = point.outcomes.get(outcome)!.mean;
      const diff = level - sweep.points[w]!.outcomes.get(outcome)!.mean;
      diffs.push(diff);
      worlds.push({ member: point.member!, design: d, level, diff });
    }
    const a = acrossWorlds(diffs);
    summary.push({ design: d, values: sweep.points[d * n]!.values, worlds: a.worlds, mean: a.mean, p05: a.p05, p95: a.p95, signShare: a.signShare });
  }
  return { worlds, summary };
}

/** The chart of every outcome with a change in some world; the others are named in `skipped`. */
export function sweepWorldsCharts(sweep: SweepData): { charts: Chart[]; skipped: string[] } {
  const charts: Chart[] = [];
  const skipped: string[] = [];
  for (const outcome of sweep.outcomes) {
    const chart = worldsChart(sweep, outcome);
    if (chart) charts.push(chart);
    else skipped.push(`outcome ${outcome}: no change from the first design point in any world`);
  }
  return { charts, skipped };
}

function worldsChart(sweep: SweepData, outcome: string): Chart | undefined {
  const { worlds, summary } = worldDifferences(sweep, outcome);
  if (worlds.every((w) => !Number.isFinite(w.diff) || w.diff === 0)) return undefined;
  const counting = countingOf(sweep.scenario);
  const unit = countedOutcomeUnit(outcome, counting);
  const label = outcomeLabel(outcome);
  const n = sweep.ensemble!.worlds;
  // One swept parameter is the x axis; over several, the design points in order (their values in the tooltip).
  const single = sweep.params.length === 1 ? sweep.params[0]! : undefined;
  const describe = (values: readonly (number | string)[]) => sweep.params.map((p, i) => `${p.path} = ${typeof values[i] === 'number' ? readable(values[i]) : values[i]}`).join(', ');
  const xOf = (d: number) => (single ? summary[d]!.values[0]! : d);
  const x: Encoding['x'] = single
    ? { field: 'x', type: single.numeric ? 'quantitative' : 'ordinal', title: axisTitle(single.path, paramUnit(single.path)), ...(single.numeric ? { scale: { zero: false } } : {}) }
    : { field: 'x', type: 'ordinal', title: 'design point', axis: { labelAngle: 0 } };
  const first = describe(summary[0]!.values);
  const formats = numberFormats(unit, maxAbs(summary.flatMap((s) => [s.p05, s.p95]).concat(worlds.map((w) => w.diff))));
  const lineValues = worlds.filter((w) => Number.isFinite(w.diff)).map((w) => ({ x: xOf(w.design), design: w.design, member: w.member, diff: w.diff, level: w.level, point: describe(summary[w.design]!.values) }));
  const summaryValues = summary.filter((s) => Number.isFinite(s.mean)).map((s) => ({
    x: xOf(s.design),
    mean: s.mean,
    low: s.p05,
    high: s.p95,
    worlds: s.worlds,
    same: Number.isNaN(s.signShare) ? 'no change' : `${Math.round(100 * s.signShare)}% of worlds`,
    point: describe(s.values),
  }));
  const y = { type: 'quantitative', title: yTitle(`change from the first point`, unit), axis: { ...formats.axis } } as const;
  const worldTooltip: Tooltip = [
    { field: 'member', type: 'nominal', title: 'world (member)' },
    { field: 'point', type: 'nominal', title: 'point' },
    { field: 'diff', type: 'quantitative', title: 'change from the first point', format: formats.tooltip },
    { field: 'level', type: 'quantitative', title: `${outcome} (mean)`, format: formats.tooltip },
  ];
  const settings = sweep.ensemble!.settings;
  return {
    name: `sweep-worlds-${outcome}`,
    heading: `${label} across the sweep, in each world`,
    caption:
      `${label} (${unit || 'value'}): in each of the ${n} worlds of ${sweep.ensemble!.file || 'the ensemble'} (a grey line each), the change from the first design point ` +
      `(${first}), the mean over each point's replications minus the first point's in the same world, paired by common random numbers; the dot is the mean ` +
      `change across the worlds and the whisker the middle 90% of the worlds (5% to 95%). The worlds' levels differ; this shows how the outcome responds in each. ` +
      'Every point\u2019s level is in points.csv.',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: `${label}: change from the first point in each of ${n} worlds`,
        subtitle: [
          // Short lines: Vega in Node measures text generously, and a long subtitle widens the image.
          'Grey: each world; dot and whisker: mean and 5-95% across the worlds.',
          `First point: ${first}.`,
          ...(settings && settings.differs.length > 0 ? [`Not run as matched: ${settings.differs.join(', ')} differ from the ensemble's.`] : []),
          ...(outcomeScaled(outcome) ? scaleNote(counting) : []),
        ],
      },
      width: 560,
      height: 300,
      layer: [
        { data: { values: [{}] }, mark: { type: 'rule', color: '#888', strokeDash: [3, 3] }, encoding: { y: { datum: 0, type: 'quantitative' } } },
        {
          data: { values: lineValues },
          mark: { type: 'line', color: '#999', opacity: 0.55, strokeWidth: 1, point: { filled: true, size: 12, color: '#999' } },
          encoding: { x, y: { field: 'diff', ...y }, detail: { field: 'member', type: 'nominal' }, order: { field: 'design' }, tooltip: worldTooltip },
        },
        {
          data: { values: summaryValues },
          mark: { type: 'rule', strokeWidth: 2.5, color: '#d6604d' },
          encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
        },
        {
          data: { values: summaryValues },
          mark: { type: 'point', filled: true, size: 70, color: '#d6604d' },
          encoding: {
            x,
            y: { field: 'mean', type: 'quantitative' },
            tooltip: [
              { field: 'point', type: 'nominal', title: 'point' },
              { field: 'mean', type: 'quantitative', title: 'mean change', format: formats.tooltip },
              { field: 'low', type: 'quantitative', title: '5% of worlds', format: formats.tooltip },
              { field: 'high', type: 'quantitative', title: '95% of worlds', format: formats.tooltip },
              { field: 'same', type: 'nominal', title: 'same sign as the mean' },
              { field: 'worlds', type: 'quantitative', title: 'worlds with a value' },
            ],
          },
        },
      ],
      config: CONFIG,
    },
  };
}
