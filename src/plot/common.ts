import type { Config, TopLevelSpec } from 'vega-lite';
import type { Field } from 'vega-lite/types_unstable/channeldef.js';
import type { LayerSpec, UnitSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { Band } from '../output/read-run.js';

/**
 * What every chart shares: the chart record, the look (config), the month axis, units in axis titles, number
 * formats, and the hover layer that carries tooltips.
 */

/** One chart: its Vega-Lite spec (data inlined) and how the report introduces it. */
export interface Chart {
  /** File stem under charts/, e.g. `metric-returns`. */
  readonly name: string;
  /** Heading in the report. */
  readonly heading: string;
  /** One or two sentences under the chart in the report: what it shows and how to read it. */
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

export type Encoding = NonNullable<UnitSpec<Field>['encoding']>;
export type Layer = UnitSpec<Field>;
/** A layered view (a panel of a concatenated chart). */
export type Panel = LayerSpec<Field>;
export type Tooltip = NonNullable<Encoding['tooltip']>;
export type TooltipField = Extract<Tooltip, readonly unknown[]>[number];

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** DejaVu Sans is what the PNG renderer loads (src/render/fonts.ts); browsers fall back to their sans-serif. */
export const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

export const WIDTH = 640;
export const HEIGHT = 280;

export const CONFIG: Config = {
  font: FONT,
  background: 'white',
  padding: 12,
  title: { fontSize: 15, subtitleFontSize: 11, subtitleColor: '#555', anchor: 'start', offset: 12 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e8e8e8', labelOverlap: true },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 260 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: '#ddd' },
  range: { category: { scheme: 'tableau10' } },
};

/** Readable words for a unit in an axis title: `RMB/month` → `RMB per month`. */
export function unitText(unit: string): string {
  switch (unit) {
    case '':
      return '';
    case 'index 0..1':
      return 'index 0–1';
    case '0/1':
      return '0 or 1';
    default:
      return unit.replace('/', ' per ');
  }
}

export function axisTitle(label: string, unit: string): string {
  const u = unitText(unit);
  return u ? `${label} (${u})` : label;
}

/**
 * A vertical axis title, on two lines (label, then unit) when long: Vega in Node estimates text widths generously
 * (no canvas to measure with), and a title longer than its axis pushes the panels apart.
 */
export function yTitle(label: string, unit: string): string | string[] {
  const one = axisTitle(label, unit);
  return one.length <= 22 || !unit ? one : [label, `(${unitText(unit)})`];
}

/** Shares are drawn as percentages. */
export function isShare(unit: string): boolean {
  return unit === 'share';
}

/** Number formats for an axis and a tooltip of values in `unit` reaching `max` in size. */
export function numberFormats(unit: string, max: number): { axis: { format?: string; labelExpr?: string }; tooltip: string } {
  if (isShare(unit)) return { axis: { format: '.0%' }, tooltip: '.1%' };
  if (Math.abs(max) >= 1e6) {
    // SI prefixes, but B (billion) rather than G (giga), which reads oddly for money.
    return { axis: { labelExpr: "replace(format(datum.value, '.3~s'), 'G', 'B')" }, tooltip: ',.0f' };
  }
  return { axis: {}, tooltip: Math.abs(max) >= 100 ? ',.0f' : ',.3~f' };
}

/** Largest absolute finite value among the given numbers (0 if none). */
export function maxAbs(values: Iterable<number>): number {
  let m = 0;
  for (const v of values) if (Number.isFinite(v) && Math.abs(v) > m) m = Math.abs(v);
  return m;
}

/**
 * The month axis: `month` holds `YYYY-MM`, read as a UTC date so no time zone shifts it to the month before.
 * Long runs tick every year or two, short ones every quarter.
 */
export function monthX(months: number, span?: MonthSpan): Encoding['x'] {
  const tickCount =
    months > 120 ? { interval: 'year' as const, step: 2 } : months > 36 ? { interval: 'year' as const, step: 1 } : { interval: 'month' as const, step: 3 };
  const date = (month: string) => ({ year: Number(month.slice(0, 4)), month: Number(month.slice(5, 7)), utc: true });
  return {
    field: 'month',
    type: 'temporal',
    timeUnit: 'utcyearmonth',
    title: 'month',
    axis: { format: months > 36 ? '%Y' : '%b %Y', tickCount, labelAngle: 0 },
    ...(span === undefined ? {} : { scale: { domain: [date(span.first), date(span.last)] } }),
  };
}

/** The months an axis spans, `YYYY-MM`, whatever months hold data (a run still under way draws into the whole run). */
export interface MonthSpan {
  readonly first: string;
  readonly last: string;
}

/**
 * A metric's bands as a chart draws them: the months with a mean, and where the interval is undefined (a single
 * replication) the band drawn as the mean itself.
 */
export function drawnBands(bands: readonly Band[]): { month: string; mean: number; low: number; high: number }[] {
  return bands
    .filter((b) => Number.isFinite(b.mean))
    .map((b) => ({ month: b.month, mean: b.mean, low: Number.isFinite(b.low) ? b.low : b.mean, high: Number.isFinite(b.high) ? b.high : b.mean }));
}

export const MONTH_TOOLTIP = { field: 'month', type: 'temporal', timeUnit: 'utcyearmonth', title: 'month', format: '%b %Y' } as const;

/** Names the hover layers, so static renderings can leave them out (src/render/static.ts). */
export const HOVER_PREFIX = 'hover-layer-';

/**
 * Invisible points that light up nearest the pointer and carry the tooltip: a line's own tooltip would show only
 * its first point, so every datum gets a point, found by a Voronoi (nearest) selection.
 */
export function hoverPoints(encoding: Encoding, tooltip: Tooltip, name = 'hover'): Layer {
  return {
    name: `${HOVER_PREFIX}${name}`,
    mark: { type: 'point', filled: true, size: 45 },
    params: [{ name, select: { type: 'point', nearest: true, on: 'pointerover', clear: 'pointerout' } }],
    encoding: {
      ...encoding,
      opacity: { condition: { param: name, empty: false, value: 1 }, value: 0 },
      tooltip,
    },
  };
}

export function formatCount(x: number): string {
  return Number.isInteger(x) ? x.toLocaleString('en-US') : x.toLocaleString('en-US', { maximumSignificantDigits: 4 });
}

/** A chart file stem from free text: lowercase letters, digits and dashes. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
