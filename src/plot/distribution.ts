import { CONFIG, VEGA_LITE_SCHEMA, WIDTH, formatCount, hoverPoints, type Chart, type Layer } from './common.js';
import { estimate, gini, histogram, logBinEdges, lorenz } from './stats.js';

/** One scenario's creators at the chosen month (creators.csv): replication → incomes. */
export interface Snapshot {
  readonly scenario: string;
  /** Replications run (one without active creators at the month has no rows in creators.csv). */
  readonly reps: number;
  readonly incomes: ReadonlyMap<number, readonly number[]>;
}

const EQUALITY = 'perfect equality';

/**
 * Axis ticks of a log axis at the powers of ten within the bin edges (vega's own log ticks crowd and read oddly).
 * Edges that are not positive and finite have no decades (and never make the loop run away).
 */
export function decades(edges: readonly number[]): number[] {
  const low = edges[0]!;
  const high = edges.at(-1)!;
  if (!(low > 0 && Number.isFinite(low) && high >= low && Number.isFinite(high))) return [];
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log10(low)); 10 ** e <= high * 1.0001; e++) ticks.push(10 ** e);
  return ticks;
}

/** Why the distribution charts of a snapshot cannot be drawn (no creator, no positive income), or undefined. */
export function distributionGap(snapshots: readonly Snapshot[]): string | undefined {
  const incomes = snapshots.flatMap((s) => [...s.incomes.values()].flat());
  if (incomes.length === 0) return 'no creator with an income';
  if (!incomes.some((x) => x > 0)) return 'no creator income above 0 (a log scale needs a positive value)';
  return undefined;
}

/**
 * Creator income at one snapshot month: a histogram on a log scale (incomes span four orders of magnitude) with
 * the count per replication, pooled over replications; a comparison gets one row of bars per scenario.
 */
export function histogramChart(snapshots: readonly Snapshot[], month: string): Chart | undefined {
  if (distributionGap(snapshots) !== undefined) return undefined;
  const pooled = snapshots.map((s) => [...s.incomes.values()].flat());
  const edges = logBinEdges(pooled.flat());
  const values = snapshots.flatMap((s, i) => {
    const reps = Math.max(1, s.reps);
    const counts = histogram(pooled[i]!, edges);
    const total = pooled[i]!.length;
    return counts.map((n, b) => ({ scenario: s.scenario, low: edges[b]!, high: edges[b + 1]!, creators: n / reps, share: total > 0 ? n / total : 0 }));
  });
  const below = pooled.flat().filter((x) => x < edges[0]!).length;
  const several = snapshots.length > 1;
  const perRep = snapshots.map((s, i) => `${several ? `${s.scenario}: ` : ''}${formatCount(Math.round(pooled[i]!.length / Math.max(1, s.reps)))}`);
  const subtitle = [
    'Creators per replication, pooled over replications; income on a log scale.',
    `${several ? 'Active creators per replication: ' : 'On average '}${perRep.join(', ')}${several ? '.' : ' active creators per replication.'}`,
    ...(below > 0 ? [`${formatCount(below)} incomes below ${edges[0]} RMB (over all replications) are counted in the first bar.`] : []),
  ];
  const layer: Layer = {
    // Rectangles rather than bars: each spans its own bin on the log axis, from 0 up to its count.
    mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5, color: '#4c78a8' },
    encoding: {
      x: {
        field: 'low',
        type: 'quantitative',
        scale: { type: 'log', domain: [edges[0]!, edges.at(-1)!] },
        title: `creator income in ${month} (RMB per month, log scale)`,
        axis: { values: decades(edges), labelExpr: "replace(format(datum.value, ',~s'), 'G', 'B')" },
      },
      x2: { field: 'high' },
      y: { field: 'creators', type: 'quantitative', title: ['creators', 'per replication'] },
      y2: { datum: 0 },
      tooltip: [
        ...(several ? [{ field: 'scenario', type: 'nominal', title: 'scenario' } as const] : []),
        { field: 'low', type: 'quantitative', title: 'income from (RMB per month)', format: ',' },
        { field: 'high', type: 'quantitative', title: 'income below (RMB per month)', format: ',' },
        { field: 'creators', type: 'quantitative', title: 'creators per replication', format: ',.1f' },
        { field: 'share', type: 'quantitative', title: 'share of creators', format: '.1%' },
      ],
    },
  };
  const heading = `Creator income distribution, ${month}`;
  const title = { text: several ? `${heading}, by scenario` : `${heading} — ${snapshots[0]!.scenario}`, subtitle };
  const caption = 'How many creators earn how much in one month: bars span income ranges evenly spaced on a log scale; heights are creators per replication.';
  if (!several) {
    return { name: `income-histogram-${month}`, heading, caption, spec: { $schema: VEGA_LITE_SCHEMA, title, width: WIDTH, height: 240, ...layer, data: { values }, config: CONFIG } };
  }
  return {
    name: `income-histogram-${month}`,
    heading,
    caption,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title,
      data: { values },
      facet: { row: { field: 'scenario', type: 'nominal', title: null, sort: snapshots.map((s) => s.scenario), header: { labelAngle: 0, labelAlign: 'left' } } },
      spec: { width: WIDTH, height: 130, ...layer },
      config: CONFIG,
    },
  };
}

/**
 * The Lorenz curve of creator income at one snapshot month, one line per replication (so their spread shows the
 * uncertainty), with the Gini coefficient's mean and 95% interval over replications in the title.
 */
export function lorenzChart(snapshots: readonly Snapshot[], month: string): Chart | undefined {
  if (distributionGap(snapshots) !== undefined) return undefined;
  const values: { line: string; scenario: string; rep: number; p: number; share: number }[] = [];
  const ginis = snapshots.map((s) => {
    for (const [rep, incomes] of s.incomes) for (const pt of lorenz(incomes)) values.push({ line: s.scenario, scenario: s.scenario, rep, ...pt });
    return estimate([...s.incomes.values()].map((incomes) => gini(incomes)));
  });
  for (const p of [0, 1]) values.push({ line: EQUALITY, scenario: '', rep: -1, p, share: p });
  const several = snapshots.length > 1;
  const g = (i: number) => {
    const e = ginis[i]!;
    return e.n > 1 ? `${e.mean.toFixed(2)} (95% CI ${e.ci95_low.toFixed(2)}–${e.ci95_high.toFixed(2)})` : e.mean.toFixed(2);
  };
  const giniText = several ? snapshots.map((s, i) => `${s.scenario} ${ginis[i]!.mean.toFixed(2)}`).join(', ') : g(0);
  const lines = [...snapshots.map((s) => s.scenario), EQUALITY];
  const palette = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d'];
  const color = {
    field: 'line',
    type: 'nominal',
    title: null,
    scale: { domain: lines, range: [...snapshots.map((_, i) => palette[i % palette.length]!), '#888'] },
    legend: { symbolType: 'stroke', symbolStrokeWidth: 3 },
  } as const;
  const axis = { format: '.0%' };
  const reps = Math.max(...snapshots.map((s) => s.incomes.size));
  return {
    name: `income-lorenz-${month}`,
    heading: `Inequality of creator income, ${month}`,
    caption:
      'The Lorenz curve: the share of all creator income earned by the poorest share of creators; the further below the diagonal, the more unequal. ' +
      'The Gini coefficient (0 equal, 1 one creator earns all) is the mean over replications.',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: `Lorenz curve of creator income, ${month} — Gini ${giniText}`,
        subtitle: [`One line per replication (${reps}${several ? ' per scenario' : ''})${several ? '' : ` — ${snapshots[0]!.scenario}`}.`],
      },
      width: 360,
      height: 360,
      data: { values },
      encoding: {
        x: { field: 'p', type: 'quantitative', title: 'poorest share of creators (%)', axis, scale: { domain: [0, 1] } },
        y: { field: 'share', type: 'quantitative', title: 'their share of creator income (%)', axis, scale: { domain: [0, 1] } },
        color,
      },
      layer: [
        {
          mark: { type: 'line', strokeWidth: 1.5, clip: true },
          encoding: {
            detail: [{ field: 'scenario', type: 'nominal' }, { field: 'rep', type: 'nominal' }],
            strokeDash: { field: 'line', type: 'nominal', scale: { domain: lines, range: [...snapshots.map((): number[] => [1, 0]), [4, 4]] } },
            opacity: { value: several ? 0.8 : 0.9 },
          },
        },
        {
          ...hoverPoints(
          { detail: [{ field: 'scenario', type: 'nominal' }, { field: 'rep', type: 'nominal' }] },
          [
            ...(several ? [{ field: 'scenario', type: 'nominal', title: 'scenario' } as const] : []),
            { field: 'rep', type: 'nominal', title: 'replication' },
            { field: 'p', type: 'quantitative', title: 'poorest share of creators', format: '.0%' },
            { field: 'share', type: 'quantitative', title: 'their share of income', format: '.1%' },
          ],
          ),
          transform: [{ filter: 'datum.rep >= 0' }], // the diagonal has no tooltip of its own
        },
      ],
      config: CONFIG,
    },
  };
}
