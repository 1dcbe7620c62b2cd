import type { CalibrationData, CheckData } from '../output/read-check.js';
import { paramUnit } from './sweep.js';
import { checkChart } from './check.js';
import { CONFIG, VEGA_LITE_SCHEMA, axisTitle, type Chart, type Panel } from './common.js';

/**
 * Charts of `homeward check` (its targets) and of `homeward calibrate`: the search's distance over the evaluations,
 * each free parameter's value over them, and the best evaluation's targets.
 */

export function checkCharts(data: CheckData): { charts: Chart[]; skipped: string[] } {
  return { charts: [checkChart(data.results, { scenario: data.scenario.name, reps: data.reps })], skipped: [] };
}

const PHASES: Readonly<Record<string, string>> = { design: 'design (Latin hypercube)', simplex: 'Nelder-Mead' };
const phaseName = (phase: string) => PHASES[phase] ?? phase;

export function calibrationCharts(data: CalibrationData): { charts: Chart[]; skipped: string[] } {
  const best = checkChart(data.results, { scenario: `${data.name} at its best fit`, reps: data.reps });
  return {
    charts: [distanceChart(data), freeChart(data), { ...best, name: 'best-check', heading: 'Targets at the best fit' }],
    skipped: [],
  };
}

/** Each evaluation's distance (dots by phase) and the best so far (a step line): how the search converged. */
function distanceChart(data: CalibrationData): Chart {
  let low = Infinity;
  const values = data.trace.map((t) => {
    if (Number.isFinite(t.distance)) low = Math.min(low, t.distance);
    return { eval: t.eval, phase: phaseName(t.phase), distance: t.distance, best: Number.isFinite(low) ? low : null };
  });
  // A log scale shows a search that gains orders of magnitude; it cannot show a distance of 0 (every target met exactly).
  const log = data.trace.every((t) => !Number.isFinite(t.distance) || t.distance > 0);
  const y = { type: 'quantitative', scale: log ? { type: 'log' as const } : { zero: true } } as const;
  const x = { field: 'eval', type: 'quantitative', title: 'evaluation', axis: { tickMinStep: 1, format: 'd' } } as const;
  const stopped = data.stopped === 'converged' ? 'the search converged' : data.stopped === 'budget' ? `the budget of ${data.budget} evaluations was spent` : data.stopped;
  return {
    name: 'calibrate-distance',
    heading: 'The search',
    caption:
      `The distance of each evaluation (a dot, ${data.reps} replications each): the weighted mean of z² over the targets, z = (mean − target) / tolerance, ` +
      `so 1 is a miss of one tolerance on average. The line is the best distance so far. ${log ? 'Log scale. ' : ''}The search samples a Latin hypercube ` +
      'of the free parameters (design), then refines the best with Nelder-Mead.',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: `Calibration of ${data.name}: distance by evaluation`, subtitle: [`Best ${data.distance.toPrecision(3)} at evaluation ${data.bestEval} of ${data.trace.length}; ${stopped}.`] },
      width: 560,
      height: 260,
      data: { values },
      layer: [
        { mark: { type: 'line', interpolate: 'step-after', color: '#333', strokeWidth: 1.5 }, encoding: { x, y: { field: 'best', ...y, title: 'distance (mean z²)' } } },
        {
          mark: { type: 'point', filled: true, size: 36, opacity: 0.8 },
          encoding: {
            x,
            y: { field: 'distance', ...y },
            color: { field: 'phase', type: 'nominal', title: 'phase', scale: { domain: Object.values(PHASES), range: ['#9ecae1', '#d62728'] } },
            tooltip: [
              { field: 'eval', type: 'quantitative', title: 'evaluation' },
              { field: 'phase', type: 'nominal', title: 'phase' },
              { field: 'distance', type: 'quantitative', title: 'distance', format: '.4~g' },
            ],
          },
        },
      ],
      config: CONFIG,
    },
  };
}

/** One panel per free parameter: its value at each evaluation over its range, the best value as a rule. */
function freeChart(data: CalibrationData): Chart {
  const values = data.trace.flatMap((t) => data.free.map((f, j) => ({ parameter: f.path, eval: t.eval, phase: phaseName(t.phase), value: t.values[j]! })));
  const panels: Panel[] = data.free.map((f) => ({
    width: 240,
    height: 150,
    title: { text: f.path, fontSize: 12 },
    transform: [{ filter: { field: 'parameter', equal: f.path } }],
    layer: [
      {
        mark: { type: 'point', filled: true, size: 20, opacity: 0.8 },
        encoding: {
          x: { field: 'eval', type: 'quantitative', title: 'evaluation', axis: { tickMinStep: 1, format: 'd' } },
          y: { field: 'value', type: 'quantitative', title: axisTitle('value', paramUnit(f.path)), scale: { domain: [f.low, f.high] } },
          color: { field: 'phase', type: 'nominal', title: 'phase', scale: { domain: Object.values(PHASES), range: ['#9ecae1', '#d62728'] } },
          tooltip: [
            { field: 'eval', type: 'quantitative', title: 'evaluation' },
            { field: 'parameter', type: 'nominal', title: 'parameter' },
            { field: 'value', type: 'quantitative', title: 'value', format: '.4~g' },
          ],
        },
      },
      { data: { values: [{ best: f.best }] }, mark: { type: 'rule', color: '#333', strokeDash: [4, 3] }, encoding: { y: { field: 'best', type: 'quantitative' } } },
    ],
  }));
  return {
    name: 'calibrate-free',
    heading: 'The free parameters over the search',
    caption:
      "Each free parameter's value at every evaluation, on its range from the --free option (the panel's height); the dashed line is the best value. " +
      'Values that gather at the line show where the search settled; a best value at the edge of its range says the range may be too narrow.',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: `Calibration of ${data.name}: the free parameters`, subtitle: [`${data.free.length} free parameter${data.free.length === 1 ? '' : 's'}; dashed: the best fit.`] },
      data: { values },
      concat: panels,
      columns: Math.min(3, panels.length),
      spacing: 20,
      config: CONFIG,
    },
  };
}
