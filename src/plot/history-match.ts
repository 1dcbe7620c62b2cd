import type { HistoryMatchData } from '../output/read-history-match.js';
import type { Field } from 'vega-lite/types_unstable/channeldef.js';
import type { UnitSpecWithFrame } from 'vega-lite/types_unstable/spec/unit.js';
import { CONFIG, VEGA_LITE_SCHEMA, type Chart } from './common.js';

/**
 * Charts of a history match: a pairs plot of the points run (each wave's, and the final check's by what it found)
 * over the free parameters, and the share of the parameter space kept after each wave.
 */

/** Parameters in the pairs plot at most (the most narrowed); a plot of all of 28 would be 378 panels. */
const PAIRS = 6;

const MEMBER = 'ensemble member';
const NON_IMPLAUSIBLE = 'checked: misses a target';
const RULED_OUT = 'checked: implausible';

const STOPPED: Readonly<Record<string, string>> = {
  shrinkage: 'the space stopped shrinking',
  'emulator-variance': "the emulators' variance is small beside the other two",
  'max-waves': 'the last wave allowed (--waves)',
  empty: 'every point ruled out',
};

export function historyMatchCharts(data: HistoryMatchData): { charts: Chart[]; skipped: string[] } {
  const charts: Chart[] = [];
  const pairs = pairsChart(data);
  if (pairs) charts.push(pairs);
  if (data.waves.length > 0) charts.push(volumeChart(data));
  return { charts, skipped: pairs ? [] : ['the pairs plot: fewer than 2 free parameters'] };
}

/** How much of a parameter's prior range the last wave's runs spread over (standard deviation in the unit range). */
function spread(data: HistoryMatchData, j: number): number {
  const last = Math.max(0, ...data.runs.map((r) => r.stage));
  const f = data.free[j]!;
  const u = data.runs.filter((r) => r.stage === last).map((r) => (r.values[j]! - f.low) / (f.high - f.low));
  if (u.length < 2) return 1;
  const m = u.reduce((s, x) => s + x, 0) / u.length;
  return Math.sqrt(u.reduce((s, x) => s + (x - m) ** 2, 0) / (u.length - 1));
}

function pairsChart(data: HistoryMatchData): Chart | undefined {
  if (data.free.length < 2) return undefined;
  const chosen = data.free
    .map((_, j) => j)
    .sort((a, b) => spread(data, a) - spread(data, b))
    .slice(0, PAIRS)
    .sort((a, b) => a - b);
  const waves = data.waves.length;
  const status = (p: { stage: number }, i: number) => {
    if (p.stage > 0) return `wave ${p.stage}`;
    const c = data.checked[i];
    return c?.member !== undefined ? MEMBER : c?.nonImplausible ? NON_IMPLAUSIBLE : RULED_OUT;
  };
  let checkIndex = 0;
  const points = data.runs.map((r) => ({ status: status(r, r.stage === 0 ? checkIndex++ : -1), values: r.values }));
  const values = points.flatMap((p) =>
    chosen.flatMap((i) =>
      chosen
        .filter((j) => j > i)
        .map((j) => ({ column: data.free[i]!.path, row: data.free[j]!.path, x: (p.values[i]! - data.free[i]!.low) / (data.free[i]!.high - data.free[i]!.low), y: (p.values[j]! - data.free[j]!.low) / (data.free[j]!.high - data.free[j]!.low), xv: p.values[i]!, yv: p.values[j]!, status: p.status })),
    ),
  );
  const waveNames = Array.from({ length: waves }, (_, w) => `wave ${w + 1}`);
  const greys = waveNames.map((_, w) => (waves === 1 ? '#9ecae1' : `hsl(207, 45%, ${85 - (45 * w) / Math.max(1, waves - 1)}%)`));
  const domain = [...waveNames, RULED_OUT, NON_IMPLAUSIBLE, MEMBER];
  const range = [...greys, '#bbbbbb', '#fdae6b', '#d62728'];
  const members = data.checked.filter((c) => c.member !== undefined).length;
  const narrowed = chosen.length < data.free.length ? ` the ${chosen.length} of ${data.free.length} free parameters the last wave narrowed most;` : '';
  const panel = (i: number, j: number, first: boolean): UnitSpecWithFrame<Field> => {
    const column = data.free[i]!.path;
    const row = data.free[j]!.path;
    return {
      width: 120,
      height: 120,
      // Each panel takes its own pair from the data, so its axis titles and its points cannot part.
      transform: [{ filter: { and: [{ field: 'column', equal: column }, { field: 'row', equal: row }] } }],
      mark: { type: 'point', filled: true, size: 22, opacity: 0.85 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: twoLines(column), scale: { domain: [0, 1] }, axis: { tickCount: 3, format: '.1f', titleFontSize: 10 } },
        y: { field: 'y', type: 'quantitative', title: first ? twoLines(row) : null, scale: { domain: [0, 1] }, axis: { tickCount: 3, format: '.1f', titleFontSize: 10 } },
        color: { field: 'status', type: 'nominal', title: null, scale: { domain, range }, sort: domain },
        order: { field: 'status', sort: 'ascending' },
        tooltip: [
          { field: 'status', type: 'nominal', title: 'point' },
          { field: 'column', type: 'nominal', title: 'x parameter' },
          { field: 'xv', type: 'quantitative', title: 'x value', format: '.4~g' },
          { field: 'row', type: 'nominal', title: 'y parameter' },
          { field: 'yv', type: 'quantitative', title: 'y value', format: '.4~g' },
        ],
      },
    };
  };
  // The lower triangle, a row per parameter after the first: row r plots chosen[r + 1] against chosen[0..r]. Rows of
  // explicit panels, not a row × column facet: a facet lays its cells out in order and skips the empty ones, which
  // puts panels under the wrong headers once the triangle has gaps.
  const rows = chosen.slice(1).map((j, r) => ({ hconcat: chosen.slice(0, r + 1).map((i, c) => panel(i, j, c === 0)), spacing: 8 }));
  return {
    name: 'history-match-pairs',
    heading: 'The points run, by wave, and the ensemble',
    caption:
      `Every pair of free parameters:${narrowed} each dot a point run (${data.reps} replications), on each parameter's prior range (0 = low, 1 = high); ` +
      `a row's parameter is on the vertical axis (named at its left), each panel's other parameter under it. ` +
      `Each wave samples the space the earlier waves did not rule out, so later waves (darker) gather where the targets can be met. The final ` +
      `points, run for real, are red when non-implausible and passing every target (the ${members} members of ensemble.yaml), orange when ` +
      'non-implausible but missing a target, grey when implausible. Hover for the values.',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: 'History matching: where the targets can be met', subtitle: [`${waves} wave${waves === 1 ? '' : 's'}, then ${data.checked.length} points checked; ${members} ensemble members.`, "Axes: each parameter's prior range, 0 = low, 1 = high."] },
      data: { values },
      vconcat: rows,
      spacing: 8,
      config: CONFIG,
    },
  };
}

/** A parameter path as an axis title of a small panel: on two lines at its last dot when long. */
function twoLines(path: string): string | string[] {
  const dot = path.lastIndexOf('.');
  return path.length <= 20 || dot < 0 ? path : [path.slice(0, dot + 1), path.slice(dot + 1)];
}

function volumeChart(data: HistoryMatchData): Chart {
  const values = data.waves.map((w) => ({ wave: `wave ${w.wave}`, kept: w.volumeAfter, used: `${w.emulatorsUsed} of ${w.targets}`, ratio: w.varianceRatio }));
  // A log scale shows shares over orders of magnitude; it cannot show a wave that kept nothing.
  const logScale = values.every((v) => v.kept > 0);
  const floor = logScale ? Math.min(0.001, ...values.map((v) => v.kept)) : 0;
  return {
    name: 'history-match-volume',
    heading: 'The space kept after each wave',
    caption:
      "The share of the free parameters' box not yet ruled out after each wave, estimated from a fixed set of Sobol' points (log scale when no wave kept nothing). " +
      "A wave that keeps almost as much as the last (or emulators whose variance is small beside the other two) ends the match.",
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: 'Non-implausible space after each wave', subtitle: [`Stopped: ${STOPPED[data.stopped] ?? data.stopped}.`] },
      width: Math.max(160, 70 * values.length),
      height: 220,
      data: { values },
      layer: [
        {
          mark: { type: 'bar', color: '#4c78a8' },
          encoding: {
            x: { field: 'wave', type: 'ordinal', title: null, sort: values.map((v) => v.wave), axis: { labelAngle: 0 } },
            y: { field: 'kept', type: 'quantitative', title: 'share of the box kept', scale: logScale ? { type: 'log', domain: [floor, 1] } : { domain: [0, 1] }, axis: { format: '~%' } },
            y2: { datum: floor },
            tooltip: [
              { field: 'wave', type: 'nominal', title: 'wave' },
              { field: 'kept', type: 'quantitative', title: 'kept', format: '.2%' },
              { field: 'used', type: 'nominal', title: 'emulators used' },
              { field: 'ratio', type: 'quantitative', title: 'emulator variance / other', format: '.3~g' },
            ],
          },
        },
        { mark: { type: 'text', dy: -8, fontSize: 11 }, encoding: { x: { field: 'wave', type: 'ordinal', sort: values.map((v) => v.wave) }, y: { field: 'kept', type: 'quantitative' }, text: { field: 'kept', type: 'quantitative', format: '.2~%' } } },
      ],
      config: CONFIG,
    },
  };
}
