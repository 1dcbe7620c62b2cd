import { join } from 'node:path';
import { countedOutcomeUnit, outcomeScaled } from '../analysis/outcomes.js';
import { InputError } from '../output/errors.js';
import type { FrontMember, SearchData, SearchObjective } from '../output/read-search.js';
import { countingOf, scaleNote } from '../scenario/scale.js';
import { parseMonth } from '../scenario/month.js';
import { parseLever } from '../search/levers.js';
import type { Charts } from './charts.js';
import { CONFIG, VEGA_LITE_SCHEMA, axisTitle, unitText, maxAbs, numberFormats, yTitle, type Chart, type Encoding, type Layer, type Panel, type TooltipField } from './common.js';
import { outcomeLabel } from './labels.js';
import { paramUnit } from './sweep.js';

/**
 * A search's charts: the front on the fresh seeds (one objective against another, a third as colour, 95% intervals
 * as error bars, the base package marked), the levers of the front's packages (a panel per lever over its search
 * range), and convergence per generation (hypervolume and epsilon-progress).
 */

export function searchCharts(data: SearchData): Charts {
  return { charts: [frontChart(data), leversChart(data), convergenceChart(data)], skipped: [] };
}

/** How a package is shown: the base package, a front member, or one dominated on the fresh seeds. */
const STATUS = ['front member', 'dominated on the fresh seeds', 'base package'] as const;
const SHAPES = ['circle', 'triangle-down', 'diamond'];

function statusOf(m: FrontMember): (typeof STATUS)[number] {
  return m.candidate === undefined ? 'base package' : m.dominated ? 'dominated on the fresh seeds' : 'front member';
}

/** A package's name: `base`, or `#<candidate>` (`#0 (base)` for the base package's levers as a candidate). */
export function packageLabel(m: FrontMember): string {
  return m.candidate === undefined ? 'base' : `#${m.candidate}${m.asBase ? ' (base)' : ''}`;
}

/** An objective's name on an axis: the outcome's label, or its largest regret across worlds. */
function objectiveLabel(data: SearchData, o: SearchObjective): string {
  return data.robust === 'regret' ? `Largest regret of ${o.name}` : outcomeLabel(o.name);
}

/** What the fresh-seed figures are, for subtitles. */
function freshWords(data: SearchData): string {
  const reps = `${data.reps} fresh replication${data.reps > 1 ? 's' : ''}`;
  if (!data.ensemble) return `mean over ${reps} (none used in the search), 95% t intervals`;
  if (data.robust === 'mean') return `mean across ${data.ensemble.worlds} worlds of each world's mean over ${reps}, 95% t intervals across the worlds`;
  if (data.robust === 'regret') return `largest regret across ${data.ensemble.worlds} worlds (each world's mean over ${reps} against the best package there), no intervals`;
  return `${data.robust} across ${data.ensemble.worlds} worlds (on the bad side) of each world's mean over ${reps}, no intervals`;
}

/**
 * The axes of the front: the first objective to minimise (a cost) across, the first other up, the next as colour;
 * in the order of the objectives when all are maximised.
 */
function frontAxes(data: SearchData): { x: number; y: number; colour: number | undefined } {
  const order = data.objectives.map((_, k) => k);
  const x = data.objectives.findIndex((o) => o.sense === 'min');
  const first = x >= 0 ? x : 0;
  const rest = order.filter((k) => k !== first);
  return { x: first, y: rest[0]!, colour: rest[1] };
}

/** Fields of a front row: per objective k its fresh mean `m<k>` and, where there is one, its interval `lo<k>`, `hi<k>`. */
function frontValues(data: SearchData): Record<string, number | string>[] {
  return data.front.map((m) => {
    const row: Record<string, number | string> = { label: packageLabel(m), status: statusOf(m), dominated: m.dominated ? 'yes' : 'no' };
    m.fresh.forEach((e, k) => {
      row[`m${k}`] = e.mean;
      if (Number.isFinite(e.low) && Number.isFinite(e.high)) {
        row[`lo${k}`] = e.low;
        row[`hi${k}`] = e.high;
      }
    });
    m.levers.forEach((v, i) => (row[`v${i}`] = v));
    return row;
  });
}

function frontChart(data: SearchData): Chart {
  const counting = countingOf(data.scenario);
  const { x, y, colour } = frontAxes(data);
  const values = frontValues(data);
  const unit = (k: number) => countedOutcomeUnit(data.objectives[k]!.name, counting);
  const formats = (k: number) => numberFormats(unit(k), maxAbs(data.front.flatMap((m) => [m.fresh[k]!.mean, m.fresh[k]!.low, m.fresh[k]!.high])));
  // Padding: a package at the edge of the domain is drawn whole, not cut by the axis.
  const axis = (k: number) => ({ field: `m${k}`, type: 'quantitative', scale: { zero: false, padding: 14 }, axis: { ...formats(k).axis } }) as const;
  const xEnc: Encoding['x'] = { ...axis(x), title: axisTitle(objectiveLabel(data, data.objectives[x]!), unit(x)) };
  const yEnc: Encoding['y'] = { ...axis(y), title: yTitle(objectiveLabel(data, data.objectives[y]!), unit(y)) };
  const tooltip: TooltipField[] = [
    { field: 'label', type: 'nominal', title: 'package' },
    ...data.levers.map((l, i) => ({ field: `v${i}`, type: 'nominal' as const, title: l.path })),
    ...data.objectives.flatMap((o, k) => [
      { field: `m${k}`, type: 'quantitative' as const, title: `${o.column} (fresh seeds)`, format: formats(k).tooltip },
      { field: `lo${k}`, type: 'quantitative' as const, title: '95% CI low', format: formats(k).tooltip },
      { field: `hi${k}`, type: 'quantitative' as const, title: '95% CI high', format: formats(k).tooltip },
    ]),
    { field: 'dominated', type: 'nominal', title: 'dominated on the fresh seeds' },
  ];
  const bar = (k: number, enc: Encoding): Layer => ({ transform: [{ filter: `isValid(datum.lo${k})` }], mark: { type: 'rule', color: '#999', strokeWidth: 1.5 }, encoding: enc });
  const colourEnc: Encoding['color'] =
    colour === undefined
      ? { value: '#4c78a8' }
      : { field: `m${colour}`, type: 'quantitative', title: yTitle(objectiveLabel(data, data.objectives[colour]!), unit(colour)), scale: { scheme: 'viridis' }, legend: { titleLimit: 260, format: formats(colour).tooltip, ...(formats(colour).axis.labelExpr ? { labelExpr: formats(colour).axis.labelExpr } : {}) } };
  // An objective without intervals (a percentile or a regret across worlds) has no bars: an empty layer would leave its scale without an extent.
  const barred = (k: number) => values.some((v) => v[`lo${k}`] !== undefined);
  const layers: Layer[] = [
    // Error bars first, so the points sit on them; the axes' domains include their ends (nothing clipped).
    ...(barred(x) ? [bar(x, { x: { field: `lo${x}`, type: 'quantitative' }, x2: { field: `hi${x}` }, y: { field: `m${y}`, type: 'quantitative' } })] : []),
    ...(barred(y) ? [bar(y, { x: { field: `m${x}`, type: 'quantitative' }, y: { field: `lo${y}`, type: 'quantitative' }, y2: { field: `hi${y}` } })] : []),
    {
      mark: { type: 'point', filled: true, opacity: 1, stroke: 'black' },
      encoding: {
        x: xEnc,
        y: yEnc,
        color: colourEnc,
        shape: { field: 'status', type: 'nominal', title: 'package', scale: { domain: [...STATUS], range: SHAPES } },
        size: { condition: { test: "datum.status === 'base package'", value: 200 }, value: 90 },
        strokeWidth: { condition: { test: "datum.status === 'base package'", value: 1.5 }, value: 0 },
        tooltip,
      },
    },
    { transform: [{ filter: "datum.status === 'base package'" }], mark: { type: 'text', align: 'left', dx: 10, dy: -8, fontSize: 11 }, encoding: { x: { field: `m${x}`, type: 'quantitative' }, y: { field: `m${y}`, type: 'quantitative' }, text: { value: 'base package' } } },
  ];
  const others = data.objectives.filter((_, k) => k !== x && k !== y && k !== colour).map((o) => o.column);
  const scaled = [x, y, colour].some((k) => k !== undefined && outcomeScaled(data.objectives[k]!.name));
  const subtitle = [
    `On the fresh seeds: ${freshWords(data)}.`,
    `${data.front.length - 1} front member${data.front.length === 2 ? '' : 's'} and the base package; a dominated one is beaten there by another package (or breaks a constraint).`,
    ...(others.length > 0 ? [`Also objectives (in the tooltip): ${others.join(', ')}.`] : []),
    ...(scaled ? scaleNote(counting) : []),
  ];
  const xName = data.objectives[x]!.column;
  const yName = data.objectives[y]!.column;
  return {
    name: 'search-front',
    heading: 'The front on fresh seeds',
    caption:
      `Each package of the final front and the base package: ${yName} against ${xName}${colour !== undefined ? `, coloured by ${data.objectives[colour]!.column}` : ''}, ` +
      `re-run on replication seeds the search did not use, with 95% intervals as bars. The base package is the large diamond; a triangle is dominated on the fresh seeds.`,
    spec: { $schema: VEGA_LITE_SCHEMA, title: { text: `The front: ${yName} against ${xName}`, subtitle }, width: 560, height: 360, data: { values }, layer: layers, config: CONFIG },
  };
}

/** A lever's axis over its search range (widened to take the base package's value when it lies outside). */
function leverAxis(data: SearchData, i: number): { x: Encoding['x']; field: string } {
  const lever = data.levers[i]!;
  const parsed = parseLever(`${lever.path}=${lever.spec}`, data.scenario);
  if ('message' in parsed) throw new InputError(`${join(data.dir, 'search.json')}: levers.${lever.path}: ${parsed.message}`);
  const values = data.front.map((m) => m.levers[i]!);
  const title = unitText(paramUnit(lever.path)) || 'value';
  const v = parsed.variable;
  if (v.kind === 'categorical') {
    const options = Array.from({ length: v.count }, (_, g) => String(parsed.value(g)));
    const domain = [...options, ...values.map(String).filter((o) => !options.includes(o))];
    return { field: `v${i}`, x: { field: `v${i}`, type: 'nominal', title, scale: { domain }, axis: { labelAngle: -30, labelOverlap: false } } };
  }
  if (typeof parsed.value(v.low) === 'string') {
    // A month: as a UTC date (time zones would shift it to the month before), over the months of its range.
    const ms = (month: string) => {
      const m = parseMonth(month);
      return Date.UTC(Math.floor(m / 12), m % 12);
    };
    const all = [...values.map((x) => ms(String(x))), ms(String(parsed.value(v.low))), ms(String(parsed.value(v.high)))];
    return { field: `t${i}`, x: { field: `t${i}`, type: 'temporal', title: 'month', scale: { domain: [Math.min(...all), Math.max(...all)] }, axis: { format: '%b %Y', labelAngle: 0 } } };
  }
  const nums = values.map(Number);
  return { field: `v${i}`, x: { field: `v${i}`, type: 'quantitative', title, scale: { domain: [Math.min(v.low, ...nums), Math.max(v.high, ...nums)], nice: false } } };
}

function leversChart(data: SearchData): Chart {
  const { x } = frontAxes(data);
  const values = frontValues(data).map((row, r) => {
    const m = data.front[r]!;
    m.levers.forEach((v, i) => {
      if (typeof v === 'string' && /^\d{4}-\d{2}$/.test(v)) {
        const month = parseMonth(v);
        row[`t${i}`] = Date.UTC(Math.floor(month / 12), month % 12);
      }
    });
    return row;
  });
  // Rows: the base package, then the members from the lowest to the highest on the front chart's across axis.
  const order = [data.front[0]!, ...data.front.slice(1).sort((a, b) => a.fresh[x]!.mean - b.fresh[x]!.mean)].map(packageLabel);
  const yEnc: Encoding['y'] = { field: 'label', type: 'ordinal', title: 'package', sort: order };
  const tooltip: TooltipField[] = [{ field: 'label', type: 'nominal', title: 'package' }, ...data.levers.map((l, i) => ({ field: `v${i}`, type: 'nominal' as const, title: l.path }))];
  const panels: Panel[] = data.levers.map((_, i) => {
    // The lever's path titles its panel; its axis says the unit.
    const { x: xEnc } = leverAxis(data, i);
    return {
      title: { text: data.levers[i]!.path, fontSize: 12, fontWeight: 'normal' },
      width: 200,
      height: { step: 18 },
      layer: [
        {
          mark: { type: 'point', filled: true, stroke: 'black' },
          encoding: {
            x: xEnc,
            y: yEnc,
            shape: { field: 'status', type: 'nominal', title: 'package', scale: { domain: [...STATUS], range: SHAPES } },
            color: { field: 'status', type: 'nominal', title: 'package', scale: { domain: [...STATUS], range: ['#4c78a8', '#bbb', '#e45756'] } },
            size: { condition: { test: "datum.status === 'base package'", value: 160 }, value: 70 },
            strokeWidth: { condition: { test: "datum.status === 'base package'", value: 1.5 }, value: 0 },
            tooltip,
          },
        },
      ],
    };
  });
  return {
    name: 'search-levers',
    heading: 'The levers of the front',
    caption: `Each package's value of each lever, a panel per lever spanning the lever's search range: a row per package, the base package (red diamond) first, then the front members in order of ${data.objectives[x]!.column} on the fresh seeds. Reading across a row gives a package.`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: `The levers of ${data.front.length - 1} front member${data.front.length === 2 ? '' : 's'} and the base package`, subtitle: [`Each panel spans the lever's range in the search (search.json); members ordered by ${data.objectives[x]!.column} on the fresh seeds.`] },
      data: { values },
      concat: panels,
      columns: 3,
      spacing: 24,
      resolve: { scale: { x: 'independent' } },
      config: CONFIG,
    },
  };
}

function convergenceChart(data: SearchData): Chart {
  const values = data.history.map((h) => ({ generation: h.generation, evaluations: h.evaluations, front_size: h.frontSize, hypervolume: h.hypervolume, epsilon_progress: h.epsilonProgress }));
  // Half a generation of room at each end, so the first and last bars are drawn whole; a tick at every generation (or every few).
  const last = Math.max(0, data.history.length - 1);
  const step = Math.ceil((last + 1) / 15);
  const ticks = Array.from({ length: Math.floor(last / step) + 1 }, (_, i) => i * step);
  const generation: Encoding['x'] = { field: 'generation', type: 'quantitative', title: 'generation (0: the first)', axis: { values: ticks, format: 'd' }, scale: { domain: [-0.5, last + 0.5], nice: false, zero: false } };
  const tooltip: TooltipField[] = [
    { field: 'generation', type: 'quantitative', title: 'generation' },
    { field: 'evaluations', type: 'quantitative', title: 'candidates run so far' },
    { field: 'front_size', type: 'quantitative', title: 'first front (candidates)' },
    { field: 'hypervolume', type: 'quantitative', title: 'hypervolume', format: '.4~g' },
    { field: 'epsilon_progress', type: 'quantitative', title: 'epsilon-progress (candidates)' },
  ];
  const regret = data.robust === 'regret' ? ' Regrets grow as better candidates are found, so they show convergence less plainly.' : '';
  return {
    name: 'search-convergence',
    heading: 'Convergence of the search',
    caption:
      "Per generation: the hypervolume of the best found so far, the feasible candidates none dominates (the objective space it dominates up to the reference point in search.json, every objective as minimised, in the product of the objectives' units) and epsilon-progress " +
      `(how many of the generation's candidates took an epsilon-box no candidate held before). A hypervolume that has stopped rising and epsilon-progress near 0 say the search has settled.${regret}`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: `Convergence over ${data.history.length} generations`, subtitle: [`Population ${data.population}, ${data.evaluations} candidates run, each with ${data.reps} replication${data.reps > 1 ? 's' : ''}${data.ensemble ? ` in each of ${data.ensemble.worlds} worlds` : ''}.`] },
      data: { values },
      vconcat: [
        {
          width: 560,
          height: 200,
          layer: [
            { mark: { type: 'line', color: '#4c78a8', strokeWidth: 2 }, encoding: { x: generation, y: { field: 'hypervolume', type: 'quantitative', title: ['hypervolume', "(objectives' units multiplied)"], scale: { zero: false }, axis: { format: '.3~s' } } } },
            { mark: { type: 'point', filled: true, size: 50, color: '#4c78a8' }, encoding: { x: generation, y: { field: 'hypervolume', type: 'quantitative' }, tooltip } },
          ],
        },
        {
          width: 560,
          height: 140,
          mark: { type: 'bar', color: '#f58518', size: 14 },
          encoding: { x: generation, y: { field: 'epsilon_progress', type: 'quantitative', title: ['epsilon-progress', '(candidates per generation)'], axis: { tickMinStep: 1, format: 'd' } }, tooltip },
        },
      ],
      config: CONFIG,
    },
  };
}
