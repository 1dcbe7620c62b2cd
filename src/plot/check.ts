import { targetText } from '../calibrate/check-output.js';
import { zScore } from '../calibrate/evaluate.js';
import type { TargetOutcome } from '../calibrate/types.js';
import { CONFIG, VEGA_LITE_SCHEMA, type Chart, type Layer } from './common.js';

const PASS = 'PASS';
const FAIL = 'FAIL';

/**
 * The targets of `homeward check`, one row each: the standardised miss z of the mean (a dot) and its 95% interval
 * in the same units (a whisker), over a band from −1 to 1 (within tolerance of a value target) and a rule at 0. A
 * bound target is 0 anywhere within its bounds. Targets without a value keep their row, empty.
 */
export function checkChart(results: readonly TargetOutcome[], about: { readonly scenario: string; readonly reps: number }): Chart {
  const values = results.map((r) => {
    const t = r.target;
    const z = r.z;
    const low = zScore(t, r.ci95_low);
    const high = zScore(t, r.ci95_high);
    return {
      id: t.id,
      // The row label carries the target, so a bound target inside the band but below its bound reads right.
      label: `${t.id}  ${targetText(t)}`,
      fact: t.fact,
      target: targetText(t),
      mean: r.mean,
      ci: r.n > 0 ? `${r.ci95_low.toPrecision(4)} .. ${r.ci95_high.toPrecision(4)}` : 'n/a',
      z,
      low: Number.isFinite(low) ? low : z,
      high: Number.isFinite(high) ? high : z,
      result: r.pass ? PASS : FAIL,
    };
  });
  const finite = values.flatMap((v) => [v.low, v.high]).filter(Number.isFinite);
  // At least −2..2, so the tolerance band always shows with room on either side.
  const domain = [Math.min(-2, ...finite), Math.max(2, ...finite)];
  const labels = values.map((v) => v.label);
  const y = { field: 'label', type: 'nominal', title: null, sort: labels, scale: { domain: labels }, axis: { labelLimit: 200 } } as const;
  const x = { type: 'quantitative', scale: { domain, nice: true } } as const;
  const color = { field: 'result', type: 'nominal', title: 'result', scale: { domain: [PASS, FAIL], range: ['#1a9850', '#d6604d'] } } as const;

  const band: Layer = {
    data: { values: [{}] },
    mark: { type: 'rect', color: '#1a9850', opacity: 0.1 },
    encoding: { x: { datum: -1, ...x }, x2: { datum: 1 } },
  };
  const zero: Layer = {
    data: { values: [{}] },
    mark: { type: 'rule', color: '#888', strokeDash: [3, 3] },
    encoding: { x: { datum: 0, ...x } },
  };
  const whisker: Layer = {
    mark: { type: 'rule', strokeWidth: 2 },
    encoding: { y, x: { field: 'low', ...x, title: 'standardised miss z = (mean − target) / tolerance' }, x2: { field: 'high' }, color },
  };
  const dot: Layer = {
    mark: { type: 'point', filled: true, size: 70 },
    encoding: {
      y,
      x: { field: 'z', ...x },
      color,
      tooltip: [
        { field: 'id', type: 'nominal', title: 'target' },
        { field: 'fact', type: 'nominal', title: 'fact' },
        { field: 'target', type: 'nominal', title: 'target value' },
        { field: 'mean', type: 'quantitative', title: 'mean', format: '.4~g' },
        { field: 'ci', type: 'nominal', title: '95% CI' },
        { field: 'z', type: 'quantitative', title: 'z', format: '.2f' },
        { field: 'result', type: 'nominal', title: 'result' },
      ],
    },
  };
  const passed = results.filter((r) => r.pass).length;
  return {
    name: 'check',
    heading: 'Targets',
    caption:
      `Each target's miss in units of its tolerance, z = (mean − target) / tolerance, of the mean over ${about.reps} replications (dot) ` +
      'with its 95% confidence interval (whisker). A value target passes within the shaded band (|z| <= 1); a bound target is 0 within ' +
      'its bounds and passes there.',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: `Targets of ${about.scenario}: ${passed} of ${results.length} pass`,
        // Two short lines: Vega in Node measures text generously, and a long subtitle widens the image.
        subtitle: [`Miss of the mean over ${about.reps} replications, in tolerances, with its 95% CI.`, 'Shaded: within tolerance of a value target.'],
      },
      width: 520,
      height: { step: 26 },
      data: { values },
      layer: [band, zero, whisker, dot],
      config: CONFIG,
    },
  };
}
