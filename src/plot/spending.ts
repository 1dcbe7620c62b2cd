import { countedUnit, scaleNote } from '../scenario/scale.js';
import type { RunData } from '../output/read-run.js';
import { sentence } from './labels.js';
import { CONFIG, HEIGHT, VEGA_LITE_SCHEMA, WIDTH, maxAbs, numberFormats, type Chart, type Layer } from './common.js';

/** Metric name prefixes of a programme's money per month: what it spent, and the demand it could not meet. */
export const SPEND_PREFIX = 'spend_';
export const UNMET_PREFIX = 'unmet_';

const SPENT = 'spent';
const UNMET = 'unmet demand';

/**
 * The programmes of a run, found from its metrics named `spend_<programme>` and `unmet_<programme>` (either may be
 * missing), in the order their metrics first appear.
 */
export function programmesOf(run: RunData): string[] {
  const found: string[] = [];
  for (const metric of run.summary.keys()) {
    const prefix = metric.startsWith(SPEND_PREFIX) ? SPEND_PREFIX : metric.startsWith(UNMET_PREFIX) ? UNMET_PREFIX : undefined;
    if (prefix === undefined) continue;
    const programme = metric.slice(prefix.length);
    if (programme !== '' && !found.includes(programme)) found.push(programme);
  }
  return found;
}

/** One bar segment: a programme's spending or unmet demand summed over one year (of monthly replication means). */
interface YearSum {
  scenario: string;
  year: string;
  programme: string;
  measure: string;
  rmb: number;
  months: number;
}

/** Yearly sums of the monthly means of a metric; months without a value are left out of the sum. */
function yearlySums(run: RunData, metric: string): Map<string, { rmb: number; months: number }> {
  const sums = new Map<string, { rmb: number; months: number }>();
  for (const band of run.summary.get(metric) ?? []) {
    if (!Number.isFinite(band.mean)) continue;
    const year = band.month.slice(0, 4);
    const s = sums.get(year) ?? { rmb: 0, months: 0 };
    s.rmb += band.mean;
    s.months++;
    sums.set(year, s);
  }
  return sums;
}

/**
 * Spending and unmet demand per programme per year: for each year two stacked bars side by side, what the
 * programmes spent and the demand they could not meet (both RMB, yearly sums of the replication means of the
 * monthly metrics), one colour per programme; a comparison gets one panel per scenario on a shared scale. Returns
 * why it cannot be drawn instead (no such metrics, or all 0).
 */
export function spendingChart(runs: readonly RunData[]): Chart | string {
  const programmes: string[] = [];
  for (const run of runs) for (const p of programmesOf(run)) if (!programmes.includes(p)) programmes.push(p);
  if (programmes.length === 0) return `no ${SPEND_PREFIX}<programme> or ${UNMET_PREFIX}<programme> metrics in summary.csv`;
  const values: YearSum[] = [];
  for (const run of runs) {
    for (const programme of programmes) {
      for (const [prefix, measure] of [[SPEND_PREFIX, SPENT], [UNMET_PREFIX, UNMET]] as const) {
        for (const [year, s] of yearlySums(run, prefix + programme)) values.push({ scenario: run.name, year, programme, measure, rmb: s.rmb, months: s.months });
      }
    }
  }
  if (values.length === 0) return 'no value in any month';
  if (values.every((v) => v.rmb === 0)) return '0 in every year';
  const hasUnmet = values.some((v) => v.measure === UNMET);
  const years = [...new Set(values.map((v) => v.year))].sort();
  const partial = [...new Set(values.filter((v) => v.months < 12).map((v) => v.year))].sort();
  // Stacks: total per scenario, year and measure, for the axis format.
  const totals = new Map<string, number>();
  for (const v of values) totals.set(`${v.scenario}|${v.year}|${v.measure}`, (totals.get(`${v.scenario}|${v.year}|${v.measure}`) ?? 0) + v.rmb);
  const formats = numberFormats('RMB', maxAbs(totals.values()));
  const palette = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];
  const measures = hasUnmet ? [SPENT, UNMET] : [SPENT];
  const layer: Layer = {
    mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: 'year', sort: years, axis: { labelAngle: 0 } },
      xOffset: { field: 'measure', type: 'nominal', sort: measures, scale: { domain: measures, paddingInner: 0.08 } },
      y: { field: 'rmb', type: 'quantitative', stack: 'zero', title: ['RMB per year', `(${countedUnit('sum of monthly means', true, runs[0]!.facts)})`], axis: { ...formats.axis } },
      color: {
        field: 'programme',
        type: 'nominal',
        title: 'programme',
        sort: programmes,
        scale: { domain: programmes, range: programmes.map((_, i) => palette[i % palette.length]!) },
      },
      opacity: { field: 'measure', type: 'nominal', title: 'bar', sort: measures, scale: { domain: measures, range: hasUnmet ? [1, 0.45] : [1] } },
      order: { field: 'programmeIndex', type: 'quantitative' },
      tooltip: [
        ...(runs.length > 1 ? [{ field: 'scenario', type: 'nominal', title: 'scenario' } as const] : []),
        { field: 'year', type: 'ordinal', title: 'year' },
        { field: 'programme', type: 'nominal', title: 'programme' },
        { field: 'measure', type: 'nominal', title: 'what' },
        { field: 'rmb', type: 'quantitative', title: 'RMB in the year', format: formats.tooltip },
        { field: 'months', type: 'quantitative', title: 'months summed' },
      ],
    },
  };
  const data = values.map((v) => ({ ...v, programmeIndex: programmes.indexOf(v.programme) }));
  const reps = runs[0]!.facts.reps;
  const heading = 'Spending and unmet demand per programme per year';
  const subtitle = [
    hasUnmet
      ? `Yearly sums of the monthly means of ${reps} replications; left bar spent, right bar unmet demand, stacked by programme.`
      : `Yearly sums of the monthly means of ${reps} replications, stacked by programme; no programme records unmet demand.`,
    ...(partial.length > 0 ? [`Partial year${partial.length > 1 ? 's' : ''} (fewer than 12 months simulated): ${partial.join(', ')}.`] : []),
    ...scaleNote(runs[0]!.facts),
  ];
  const caption =
    `What each programme (${programmes.map((p) => sentence(p).toLowerCase()).join(', ')}) spent in a year, and beside it the demand it could not meet ` +
    '(applicants turned away, by budget or capacity), in RMB: yearly sums of the replication means of the monthly metrics. A programme without an unmet-demand metric shows only its spending.';
  const several = runs.length > 1;
  const title = { text: several ? `${heading}, by scenario` : `${heading} — ${runs[0]!.name}`, subtitle };
  if (!several) {
    return { name: 'programme-spending', heading, caption, spec: { $schema: VEGA_LITE_SCHEMA, title, width: WIDTH, height: HEIGHT, ...layer, data: { values: data }, config: CONFIG } };
  }
  return {
    name: 'programme-spending',
    heading,
    caption,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title,
      data: { values: data },
      facet: { row: { field: 'scenario', type: 'nominal', title: null, sort: runs.map((r) => r.name), header: { labelAngle: 0, labelAlign: 'left' } } },
      spec: { width: WIDTH, height: HEIGHT * 0.6, ...layer },
      config: CONFIG,
    },
  };
}
