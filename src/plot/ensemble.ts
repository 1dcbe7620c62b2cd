import { outcomeScaled } from '../analysis/outcomes.js';
import { countedUnit, scaleNote } from '../scenario/scale.js';
import type { EnsembleComparisonData } from '../output/read-ensemble-compare.js';
import { outcomeLabel } from './labels.js';
import { CONFIG, VEGA_LITE_SCHEMA, axisTitle, maxAbs, numberFormats, type Chart, type Panel } from './common.js';

/**
 * A comparison across an ensemble: per outcome, each scenario's difference from the reference in every world (a
 * small dot each), their mean (a large dot) and the range of the middle 90% of the worlds (a whisker), with the share
 * of the worlds where the difference has the sign of the mean. Relative differences (% of the reference's outcome in
 * the same world) where every world has one, else differences in the outcome's unit.
 */

/** A difference with the same sign in at least this share of the worlds is drawn as robust. */
const ROBUST = 0.9;
const ROBUST_LABEL = `same sign in ≥ ${ROBUST * 100}% of worlds`;
const MIXED_LABEL = 'sign varies';
const NONE_LABEL = 'no difference';

export function ensembleCharts(data: EnsembleComparisonData): { charts: Chart[]; skipped: string[] } {
  const chart = differencesChart(data);
  if (chart) return { charts: [chart], skipped: [] };
  const why = data.scenarios.length > 1 ? 'no scenario changes any outcome in any world' : 'only the reference scenario';
  return { charts: [], skipped: [`the differences across the ensemble: ${why}`] };
}

function differencesChart(data: EnsembleComparisonData): Chart | undefined {
  const order = data.scenarios.map((s) => s.name).filter((n) => n !== data.reference);
  if (order.length === 0) return undefined;
  const outcomes = [...new Set(data.rows.map((r) => r.outcome))];
  const panels: Panel[] = [];
  for (const outcome of outcomes) {
    const rows = data.rows.filter((r) => r.outcome === outcome && r.scenario !== data.reference && Number.isFinite(r.diff.mean));
    const worlds = data.worlds.filter((w) => w.outcome === outcome && w.scenario !== data.reference);
    // An outcome no scenario changes in any world (nothing yet in a short run) has nothing to show.
    if (rows.length === 0 || worlds.every((w) => w.diff === 0 || Number.isNaN(w.diff))) continue;
    const relative = worlds.length > 0 && worlds.every((w) => Number.isFinite(w.rel));
    const unit = relative ? 'share' : countedUnit(rows[0]!.unit, outcomeScaled(outcome), data.counting);
    const pick = (s: { mean: number; p05: number; p95: number }, r: { diff: typeof s; rel: typeof s }) => (relative ? r.rel : r.diff);
    const summary = rows.map((r) => {
      const s = pick(r.diff, r);
      const none = Number.isNaN(r.signShare);
      const robust = none ? NONE_LABEL : r.signShare >= ROBUST ? ROBUST_LABEL : MIXED_LABEL;
      return { scenario: r.scenario, mean: s.mean, low: s.p05, high: s.p95, share: r.signShare, robust, label: none ? NONE_LABEL : `${Math.round(100 * r.signShare)}% same sign`, worlds: r.worlds };
    });
    const dots = worlds.map((w) => ({ scenario: w.scenario, member: w.member, value: relative ? w.rel : w.diff }));
    const formats = relative ? { axis: { format: '+.1~%' }, tooltip: '+.2~%' } : numberFormats(unit, maxAbs(summary.flatMap((v) => [v.low, v.high])));
    const y = { field: 'scenario', type: 'nominal', title: null, sort: order, axis: { labelLimit: 200 } } as const;
    const title = axisTitle(relative ? `difference from ${data.reference}, relative to it` : `difference from ${data.reference}`, relative ? '' : unit);
    panels.push({
      title: { text: outcomeLabel(outcome), anchor: 'start', fontSize: 13 },
      width: 520,
      height: { step: 30 },
      layer: [
        { data: { values: [{}] }, mark: { type: 'rule', color: '#888', strokeDash: [3, 3] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
        {
          data: { values: dots },
          mark: { type: 'tick', color: '#999', opacity: 0.6, thickness: 1 },
          encoding: { y, x: { field: 'value', type: 'quantitative', title, axis: formats.axis }, tooltip: [{ field: 'member', type: 'quantitative', title: 'world (member)' }, { field: 'value', type: 'quantitative', title: 'difference', format: formats.tooltip }] },
        },
        {
          data: { values: summary },
          mark: { type: 'rule', strokeWidth: 2.5 },
          encoding: { y, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' }, color: { field: 'robust', type: 'nominal', title: null, scale: { domain: [ROBUST_LABEL, MIXED_LABEL, NONE_LABEL], range: ['#d6604d', '#4c78a8', '#aaaaaa'] } } },
        },
        {
          data: { values: summary },
          mark: { type: 'point', filled: true, size: 80 },
          encoding: {
            y,
            x: { field: 'mean', type: 'quantitative' },
            color: { field: 'robust', type: 'nominal', title: null },
            tooltip: [
              { field: 'scenario', type: 'nominal', title: 'scenario' },
              { field: 'mean', type: 'quantitative', title: 'mean across worlds', format: formats.tooltip },
              { field: 'low', type: 'quantitative', title: '5% of worlds', format: formats.tooltip },
              { field: 'high', type: 'quantitative', title: '95% of worlds', format: formats.tooltip },
              { field: 'share', type: 'quantitative', title: 'same sign', format: '.0%' },
              { field: 'worlds', type: 'quantitative', title: 'worlds' },
            ],
          },
        },
        { data: { values: summary }, mark: { type: 'text', align: 'left', dx: 8, dy: -10, fontSize: 10, color: '#444' }, encoding: { y, x: { field: 'high', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } } },
      ],
    });
  }
  if (panels.length === 0) return undefined;
  const n = data.members.length;
  return {
    name: 'ensemble-differences',
    heading: `Differences from ${data.reference} across the ensemble`,
    caption:
      `Each scenario's paired difference from ${data.reference} (the mean over ${data.reps} replications with common random numbers) in each of the ${n} worlds ` +
      `of ${data.ensembleFile} (grey ticks), their mean (dot) and the range of the middle 90% of the worlds (whisker); relative to ${data.reference}'s outcome in the ` +
      `same world where it has one. Red: the difference has the same sign in at least ${ROBUST * 100}% of the worlds.`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: `Differences from ${data.reference} across ${n} plausible worlds`,
        subtitle: [
          'Ticks: each world; dot: mean; whisker: 5-95% of the worlds.',
          // A chart that travels alone says when its worlds ran at other settings than they were matched at.
          ...(data.settings && data.settings.differs.length > 0 ? [`Not run as matched: ${data.settings.differs.join(', ')} differ from the ensemble's (see the report).`] : []),
          ...(data.settings && !data.settings.recorded ? ['The ensemble file records no settings it was matched at.'] : []),
          ...scaleNote(data.counting),
        ],
      },
      vconcat: panels,
      spacing: 22,
      resolve: { scale: { x: 'independent' } },
      config: CONFIG,
    },
  };
}
