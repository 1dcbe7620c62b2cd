import { outcomeScaled } from '../analysis/outcomes.js';
import { countedUnit, countingOf, scaleNote } from '../scenario/scale.js';
import type { SensitivityData, SensitivityRow } from '../output/read-sensitivity.js';
import { ALL_PARAMETERS } from '../sensitivity/factors.js';
import { outcomeLabel } from './labels.js';
import { CONFIG, VEGA_LITE_SCHEMA, axisTitle, maxAbs, numberFormats, slug, type Chart, type Layer } from './common.js';

/**
 * Charts of a sensitivity analysis, one per outcome: for Morris, mu* against sigma (the screening plot of Campolongo
 * et al. 2007), each parameter a dot with the bootstrap 95% interval of its mu*, the most influential named; for
 * Sobol, the first-order and total indices of each parameter as bars with their 95% intervals, largest total first.
 */

/** Parameters named beside their dot on a Morris chart. */
const LABELLED = 8;
/** Parameters shown on a Sobol chart (the largest total indices); the rest are in sensitivity.csv. */
const SOBOL_BARS = 25;

const ROLES = ['uncertainty', 'calibrated', 'lever', 'fixed', 'unassigned'];
const ROLE_COLOURS = ['#4c78a8', '#f58518', '#54a24b', '#888888', '#b279a2'];

/** Colours by role, the same for a role on every chart; the legend lists the roles present. */
function roleScale(present: Iterable<string>) {
  const have = new Set(present);
  const roles = ROLES.filter((r) => have.has(r));
  return { domain: roles, range: roles.map((r) => ROLE_COLOURS[ROLES.indexOf(r)]!) };
}

export function sensitivityCharts(data: SensitivityData): { charts: Chart[]; skipped: string[] } {
  const charts: Chart[] = [];
  const skipped: string[] = [];
  for (const o of data.outcomes) {
    const rows = data.rows.filter((r) => r.outcome === o.name);
    const chart = data.method === 'morris' ? morrisChart(data, o, rows) : sobolChart(data, o, rows);
    if (chart) charts.push(chart);
    else skipped.push(`the sensitivity of ${o.name}: no index has a value (the outcome is undefined at every point)`);
  }
  return { charts, skipped };
}

const index = (rows: readonly SensitivityRow[], parameter: string, name: string) => rows.find((r) => r.parameter === parameter && r.index === name);

function morrisChart(data: SensitivityData, outcome: { name: string; unit: string }, rows: readonly SensitivityRow[]): Chart | undefined {
  const roles = new Map(data.factors.map((f) => [f.path, f.role]));
  const values = data.factors
    .map((f) => {
      const star = index(rows, f.path, 'mu_star');
      const sigma = index(rows, f.path, 'sigma');
      const mu = index(rows, f.path, 'mu');
      if (!star || !sigma || !Number.isFinite(star.value) || !Number.isFinite(sigma.value)) return undefined;
      return {
        parameter: f.path,
        role: ROLES.includes(roles.get(f.path) ?? '') ? roles.get(f.path)! : 'unassigned',
        mu_star: star.value,
        low: Number.isFinite(star.low) ? star.low : star.value,
        high: Number.isFinite(star.high) ? star.high : star.value,
        sigma: sigma.value,
        mu: mu?.value ?? NaN,
        range: `${f.low} .. ${f.high}`,
        label: '',
      };
    })
    .filter((v) => v !== undefined);
  if (values.length === 0) return undefined;
  const ranked = [...values].sort((a, b) => b.mu_star - a.mu_star);
  for (const v of ranked.slice(0, LABELLED)) if (v.mu_star > 0) v.label = v.parameter;
  const top = Math.max(maxAbs(values.flatMap((v) => [v.high, v.sigma])), 1e-12);
  const formats = numberFormats(outcome.unit, top);
  // mu* and sigma are in the outcome's unit: a count or money is the simulated agents' or the county's.
  const counting = countingOf(data.scenario);
  const counted = countedUnit(outcome.unit, outcomeScaled(outcome.name), counting);
  const unit = counted ? `${counted} per range` : 'per range';
  const n = rows[0]?.n ?? 0;
  const scale = { domain: [0, top], nice: true };
  const x = { field: 'mu_star', type: 'quantitative', title: axisTitle('mu* (mean |elementary effect|)', unit), axis: formats.axis, scale } as const;
  const y = { field: 'sigma', type: 'quantitative', title: axisTitle('sigma (their spread)', unit), axis: formats.axis, scale } as const;
  const diagonal: Layer = {
    data: { values: [{ a: 0 }, { a: top }] },
    mark: { type: 'line', color: '#bbb', strokeDash: [4, 4] },
    encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'a', type: 'quantitative' } },
  };
  const colour = { field: 'role', type: 'nominal', title: 'role', scale: roleScale(values.map((v) => v.role)) } as const;
  const whiskers: Layer = { mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.6 }, encoding: { x: { ...x, field: 'low' }, x2: { field: 'high' }, y, color: colour } };
  const dots: Layer = {
    mark: { type: 'point', filled: true, size: 55 },
    encoding: {
      x,
      y,
      color: colour,
      tooltip: [
        { field: 'parameter', type: 'nominal', title: 'parameter' },
        { field: 'role', type: 'nominal', title: 'role' },
        { field: 'range', type: 'nominal', title: 'range' },
        { field: 'mu_star', type: 'quantitative', title: 'mu*', format: formats.tooltip },
        { field: 'low', type: 'quantitative', title: 'mu* 95% CI low', format: formats.tooltip },
        { field: 'high', type: 'quantitative', title: 'mu* 95% CI high', format: formats.tooltip },
        { field: 'mu', type: 'quantitative', title: 'mu (signed)', format: formats.tooltip },
        { field: 'sigma', type: 'quantitative', title: 'sigma', format: formats.tooltip },
      ],
    },
  };
  const labels: Layer = { mark: { type: 'text', align: 'left', dx: 6, dy: -6, fontSize: 10, color: '#333' }, encoding: { x, y, text: { field: 'label', type: 'nominal' } } };
  const label = outcomeLabel(outcome.name);
  return {
    name: `sensitivity-${slug(outcome.name)}`,
    heading: `${label}: Morris screening`,
    caption:
      `Each parameter's elementary effects on ${outcome.name} over ${n} trajectories, per move across the parameter's whole range: mu*, their mean absolute ` +
      'value (how much the parameter matters), against sigma, their spread (how much its effect depends on where the others are: nonlinearity or ' +
      'interactions). Whiskers: bootstrap 95% interval of mu*. Above the dashed line sigma exceeds mu*. The largest are named; hover for the rest.',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: `${label}: which parameters matter (Morris)`,
        subtitle: [`${data.factors.length} parameters, ${n} trajectories, ${data.reps} replications per point (common random numbers).`, 'Whiskers: 95% bootstrap interval of mu*.', ...(outcomeScaled(outcome.name) ? scaleNote(counting) : [])],
      },
      width: 560,
      height: 400,
      data: { values },
      layer: [diagonal, whiskers, dots, labels],
      config: CONFIG,
    },
  };
}

function sobolChart(data: SensitivityData, outcome: { name: string; unit: string }, rows: readonly SensitivityRow[]): Chart | undefined {
  const defined = data.factors.filter((f) => Number.isFinite(index(rows, f.path, 'ST')?.value ?? NaN));
  if (defined.length === 0) return undefined;
  const ranked = [...defined].sort((a, b) => index(rows, b.path, 'ST')!.value - index(rows, a.path, 'ST')!.value).slice(0, SOBOL_BARS);
  const order = ranked.map((f) => f.path);
  const values = ranked.flatMap((f) =>
    (['S1', 'ST'] as const).map((name) => {
      const r = index(rows, f.path, name)!;
      return { parameter: f.path, index: name === 'S1' ? 'S1 (first order)' : 'ST (total)', value: r.value, low: Number.isFinite(r.low) ? r.low : r.value, high: Number.isFinite(r.high) ? r.high : r.value };
    }),
  );
  const n = rows[0]?.n ?? 0;
  const y = { field: 'parameter', type: 'nominal', title: null, sort: order, axis: { labelLimit: 260 } } as const;
  const colour = { field: 'index', type: 'nominal', title: 'index', scale: { domain: ['S1 (first order)', 'ST (total)'], range: ['#9ecae9', '#3182bd'] } } as const;
  const offset = { field: 'index', type: 'nominal', sort: ['S1 (first order)', 'ST (total)'] } as const;
  // 0..1, widened to every estimate and interval beyond it (an estimate of a small index can be negative, a noisy
  // one above 1): nothing is clipped, so a wide axis is itself the sign of intervals too wide to read.
  const ends = values.flatMap((v) => [v.value, v.low, v.high]);
  const domain = [Math.min(0, ...ends), Math.max(1, ...ends)];
  const wide = domain[0]! < -0.25 || domain[1]! > 1.25;
  const x = { type: 'quantitative' as const, title: "share of the outcome's variance", scale: { domain, nice: true }, axis: { format: '.0%' } };
  const label = outcomeLabel(outcome.name);
  const left = defined.length - ranked.length;
  const noise = noiseText(rows.find((r) => r.parameter === ALL_PARAMETERS && r.index === 'noise_share'));
  return {
    name: `sensitivity-${slug(outcome.name)}`,
    heading: `${label}: Sobol indices`,
    caption:
      `The share of the variance of ${outcome.name} due to each parameter alone (S1, first order) and with all its interactions (ST, total), from ${n} ` +
      `base samples of a Saltelli design; whiskers: bootstrap 95% intervals. A parameter with ST near 0 can be fixed anywhere in its range; ST well above S1 ` +
      `marks interactions. ${noise.caption}` +
      (wide ? ' The axis spans every interval, well beyond 0..100%: these indices are too uncertain to rank the parameters.' : '') +
      (left > 0 ? ` The ${ranked.length} largest of ${defined.length} parameters by ST; the rest are in sensitivity.csv.` : ''),
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: `${label}: variance shares (Sobol)`,
        subtitle: [`${data.factors.length} parameters, ${n} base samples, ${data.reps} replication${data.reps === 1 ? '' : 's'} per point. Whiskers: 95% bootstrap intervals.`, noise.subtitle],
      },
      width: 520,
      height: { step: 14 },
      data: { values },
      layer: [
        { mark: { type: 'bar' }, encoding: { y, yOffset: offset, x: { ...x, field: 'value' }, color: colour } },
        { mark: { type: 'rule', color: '#333' }, encoding: { y, yOffset: offset, x: { ...x, field: 'low' }, x2: { field: 'high' } } },
        {
          mark: { type: 'point', opacity: 0, size: 80 },
          encoding: {
            y,
            yOffset: offset,
            x: { ...x, field: 'value' },
            tooltip: [
              { field: 'parameter', type: 'nominal', title: 'parameter' },
              { field: 'index', type: 'nominal', title: 'index' },
              { field: 'value', type: 'quantitative', title: 'value', format: '.3f' },
              { field: 'low', type: 'quantitative', title: '95% CI low', format: '.3f' },
              { field: 'high', type: 'quantitative', title: '95% CI high', format: '.3f' },
            ],
          },
        },
      ],
      config: CONFIG,
    },
  };
}

/** The noise share of a Sobol chart, for its subtitle and caption (sensitivity/sobol-indices.ts). */
function noiseText(noise: SensitivityRow | undefined): { subtitle: string; caption: string } {
  if (!noise) return { subtitle: '', caption: '' };
  if (!Number.isFinite(noise.value)) {
    const why = 'With one replication per point the replication noise cannot be estimated: S1 and ST include it.';
    return { subtitle: why, caption: why };
  }
  const pct = (v: number) => `${Math.round(100 * v)}%`;
  const ci = Number.isFinite(noise.low) ? ` [${pct(noise.low)}, ${pct(noise.high)}]` : '';
  return {
    subtitle: `Replication noise: ${pct(noise.value)}${ci} of the variance of the point means, taken out of S1 and ST.`,
    caption:
      `Replication noise is ${pct(noise.value)}${ci} of the variance of the point means; S1 and ST estimate the indices of the expected outcome, ` +
      `with that noise taken out (sensitivity.csv keeps S1_with_noise and ST_with_noise).` +
      (noise.value > 0.2 ? ' So large a share widens the intervals: more replications (--reps) or agents (--agents) shrink it.' : ''),
  };
}
