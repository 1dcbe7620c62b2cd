import { outcomeScaled } from '../analysis/outcomes.js';
import { countedUnit, scaleNote } from '../scenario/scale.js';
import { costDef, COSTS_METHOD } from '../analysis/costs.js';
import { fewRepsNote } from '../analysis/paired.js';
import type { ComparisonData, CompareRow } from '../output/read-compare.js';
import { outcomeLabel } from './labels.js';
import { CONFIG, VEGA_LITE_SCHEMA, axisTitle, maxAbs, numberFormats, type Chart, type Layer, type Panel } from './common.js';

const EXCLUDES = 'excludes 0';
const zeroRule = (): Layer => ({ mark: { type: 'rule', color: '#888', strokeDash: [3, 3] }, encoding: { x: { datum: 0, type: 'quantitative' } } });
const INCLUDES = 'includes 0';

/**
 * Paired differences from the reference scenario, one panel per outcome (each in its own unit): a dot at the mean
 * difference over common-random-number pairs of replications and a whisker for its 95% confidence interval. A row
 * without a difference (a cost per person, analysis/costs.ts) is drawn as its value with its Fieller interval.
 */
export function differencesChart(cmp: ComparisonData): Chart | undefined {
  const outcomes = [...new Set(cmp.rows.map((r) => r.outcome))];
  const order = cmp.runs.map((r) => r.name).filter((n) => n !== cmp.reference);
  const reference = (outcome: string) => cmp.rows.find((r) => r.outcome === outcome && r.scenario === cmp.reference);
  const panels: Panel[] = [];
  for (const outcome of outcomes) {
    const rows = cmp.rows.filter((r) => r.outcome === outcome && r.scenario !== cmp.reference);
    const diffs = rows.filter((r) => Number.isFinite(r.diff));
    const isDiff = diffs.length > 0;
    const shown = isDiff ? diffs : rows.filter((r) => Number.isFinite(r.mean));
    if (shown.length === 0) continue;
    const unit = countedUnit(shown[0]!.unit, outcomeScaled(outcome), cmp.runs[0]!.facts);
    const ref = reference(outcome);
    const values = shown.map((r: CompareRow) => {
      const [value, low, high] = isDiff ? [r.diff, r.diffLow, r.diffHigh] : [r.mean, r.low, r.high];
      return {
        scenario: r.scenario,
        value,
        low: Number.isFinite(low) ? low : value,
        high: Number.isFinite(high) ? high : value,
        ci: low > 0 || high < 0 ? EXCLUDES : INCLUDES,
        mean: r.mean,
        reference: ref?.mean ?? NaN,
      };
    });
    const formats = numberFormats(unit, maxAbs(values.flatMap((v) => [v.low, v.high])));
    // Only the whiskers and dots are per scenario: the zero line spans the whole panel.
    const scenarioAxis = { field: 'scenario', type: 'nominal', title: null, sort: order, axis: { labelLimit: 200 } } as const;
    const title = isDiff ? `difference from ${cmp.reference}` : outcomeLabel(outcome).toLowerCase();
    panels.push({
      title: { text: outcomeLabel(outcome), anchor: 'start', fontSize: 13 },
      width: 520,
      height: { step: 26 },
      data: { values },
      layer: [
        ...(isDiff ? [zeroRule()] : []),
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            y: scenarioAxis,
            x: { field: 'low', type: 'quantitative', title: axisTitle(title, unit), axis: { ...formats.axis }, scale: { zero: isDiff } },
            x2: { field: 'high' },
            color: { field: 'ci', type: 'nominal', title: '95% CI', scale: { domain: [EXCLUDES, INCLUDES], range: ['#d6604d', '#888'] } },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 70 },
          encoding: {
            y: scenarioAxis,
            x: { field: 'value', type: 'quantitative' },
            color: { field: 'ci', type: 'nominal', title: '95% CI' },
            tooltip: [
              { field: 'scenario', type: 'nominal', title: 'scenario' },
              { field: 'value', type: 'quantitative', title: isDiff ? `difference (${unit})` : `${outcome} (${unit})`, format: formats.tooltip },
              { field: 'low', type: 'quantitative', title: '95% CI low', format: formats.tooltip },
              { field: 'high', type: 'quantitative', title: '95% CI high', format: formats.tooltip },
              ...(isDiff
                ? [
                    { field: 'mean', type: 'quantitative', title: 'scenario mean', format: formats.tooltip } as const,
                    { field: 'reference', type: 'quantitative', title: `${cmp.reference} mean`, format: formats.tooltip } as const,
                  ]
                : []),
            ],
          },
        },
      ],
    });
  }
  if (panels.length === 0) return undefined; // only the reference: nothing to compare
  return {
    name: 'compare-differences',
    heading: `Differences from ${cmp.reference}`,
    caption:
      `Each outcome of each scenario minus that of ${cmp.reference}, paired by replication (replication r of every scenario shares its seed), ` +
      `mean over ${cmp.reps} pairs with its 95% confidence interval. Red: the interval excludes zero. ` +
      (cmp.rows.some((r) => costDef(r.outcome) !== undefined) ? `Costs per person are values, not differences, computed on net spending: ${COSTS_METHOD} ` : '') +
      (fewRepsNote(cmp.reps) ?? ''),
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: `Paired differences from ${cmp.reference}`,
        subtitle: [`Mean difference over ${cmp.reps} paired replications (common random numbers) with 95% confidence intervals.`, ...scaleNote(cmp.runs[0]!.facts)],
      },
      vconcat: panels,
      spacing: 22,
      resolve: { scale: { x: 'independent' } },
      config: CONFIG,
    },
  };
}
