import { loadWrittenScenario } from './read-scenario.js';
import { join } from 'node:path';
import type { Scenario } from '../scenario/schema.js';
import { InputError } from './errors.js';
import type { Table } from './read-files.js';
import { ENSEMBLE_SETTINGS } from './read-ensemble-compare.js';
import type { EnsembleSettings } from '../scenario/ensemble-settings.js';
import { list, number, object, optional, readJsonFile, text, type ShapeOf } from './json-spec.js';
import { column, readTable, type TableSpec } from './read-table.js';

/** Reading a sweep directory (written by `homeward sweep`): design.json, points.csv and scenario.json. */

export interface SweepParam {
  /** Dot path in the scenario, e.g. `policies.training.seats`. */
  readonly path: string;
  /** A field name without dots, for the chart data (Vega-Lite reads dots as nesting). */
  readonly key: string;
  /** Whether every value is a number (a quantitative axis), else values are categories. */
  readonly numeric: boolean;
}

export interface Estimate {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

export interface SweepPoint {
  readonly point: number;
  /** Parameter values in SweepData.params order. */
  readonly values: readonly (number | string)[];
  readonly reps: number;
  /** Over an ensemble: the world (member of the ensemble) the point ran in. */
  readonly member?: number;
  /** outcome name → estimate across this point's replications. */
  readonly outcomes: ReadonlyMap<string, Estimate>;
}

export interface SweepData {
  readonly kind: 'sweep';
  readonly dir: string;
  readonly scenario: Scenario;
  /** grid, random, ... as design.json names it. */
  readonly design: string;
  readonly seed: number | undefined;
  readonly params: readonly SweepParam[];
  /** Outcomes with `_mean`, `_ci95_low` and `_ci95_high` columns in points.csv, in column order. */
  readonly outcomes: readonly string[];
  readonly points: readonly SweepPoint[];
  /** Over an ensemble (points.csv has a member column): its file and the settings its worlds ran at, where recorded. */
  readonly ensemble?: { readonly file: string; readonly worlds: number; readonly settings: EnsembleSettings | undefined };
}

/** design.json: the parameters swept (their values are in points.csv) and, over an ensemble, the ensemble. */
const DESIGN_JSON = object({
  params: list(text, true),
  design: optional(text, 'sweep'),
  seed: optional(number),
  ensemble: optional(object({ file: optional(text, ''), settings: optional(ENSEMBLE_SETTINGS) })),
});

/** points.csv: a row per point, with its parameters' values (one column per path of design.json) and outcomes. */
function pointsTable(paths: readonly string[]): TableSpec {
  return {
    name: 'points',
    columns: [
      column('point', 'count'),
      // Every point ran at a value of each parameter: an empty field is a damaged file, not an undefined value.
      ...paths.map((p) => column(p, 'value', { why: 'every point of a sweep has its parameter values' })),
      column('reps', 'count'),
      column('member', 'count', { optional: true }),
    ],
    key: ['point'],
    rows: 'points',
  };
}

export async function loadSweep(dir: string): Promise<SweepData> {
  const file = join(dir, 'design.json');
  const json = await readJsonFile(file, DESIGN_JSON);
  const paths = json.params;
  const design = json.design;
  const scenario = await loadWrittenScenario(dir);

  const table = await readTable(dir, pointsTable(paths));
  const outcomes = table.header
    .filter((h) => h.endsWith('_mean'))
    .map((h) => h.slice(0, -'_mean'.length))
    .filter((o) => table.has(`${o}_ci95_low`) && table.has(`${o}_ci95_high`));
  if (outcomes.length === 0) throw new InputError(`${table.file}: no outcome columns (<outcome>_mean, _ci95_low, _ci95_high)`);
  const paramCols = paths.map((p) => table.column(p));
  const numeric = paramCols.map((c) => table.rows.every((row) => !Number.isNaN(Number(row[c]))));
  const memberCol = table.has('member') ? table.column('member') : undefined;
  const points: SweepPoint[] = table.rows.map((_, r) => ({
    point: table.number(r, table.column('point')),
    values: paramCols.map((c, i) => (numeric[i] ? table.number(r, c) : table.text(r, c))),
    reps: table.number(r, table.column('reps')),
    ...(memberCol !== undefined ? { member: memberOf(table, r, memberCol) } : {}),
    outcomes: new Map(
      outcomes.map((o) => [
        o,
        {
          mean: table.number(r, table.column(`${o}_mean`)),
          low: table.number(r, table.column(`${o}_ci95_low`)),
          high: table.number(r, table.column(`${o}_ci95_high`)),
        },
      ]),
    ),
  }));
  const ensemble = memberCol === undefined ? undefined : ensembleOf(file, json.ensemble, points, table.file);
  return {
    kind: 'sweep',
    dir,
    scenario,
    design,
    seed: json.seed,
    params: paths.map((path, i) => ({ path, key: `p${i}`, numeric: numeric[i]! })),
    outcomes,
    points,
    ...(ensemble ? { ensemble } : {}),
  };
}

function memberOf(table: Table, r: number, column: number): number {
  const m = table.number(r, column);
  if (m < 1) throw new InputError(`${table.at(r)}: member must be a world's number (1 or more), got '${table.text(r, column)}'`);
  return m;
}

/**
 * A sweep over an ensemble: every world runs the same design points, in the same order (point p · worlds + w is design
 * point p in world w + 1, as sweep writes them); design.json names the ensemble.
 */
function ensembleOf(file: string, info: ShapeOf<typeof DESIGN_JSON>['ensemble'], points: readonly SweepPoint[], table: string): NonNullable<SweepData['ensemble']> {
  if (!info) throw new InputError(`${file}: ensemble: missing; expected the ensemble the sweep ran over (${table} has a member column)`);
  const members = [...new Set(points.map((p) => p.member!))];
  const worlds = members.length;
  if (points.length % worlds !== 0) throw new InputError(`${table}: ${points.length} points are not the same design points in each of ${worlds} worlds`);
  points.forEach((p, i) => {
    const first = points[i - (i % worlds)]!;
    if (p.member !== members[i % worlds] || p.values.some((v, j) => v !== first.values[j])) {
      throw new InputError(`${table}: point ${p.point} (world ${p.member}) is out of order: each design point runs in every world in turn, in the same order`);
    }
  });
  return { file: info.file, worlds, settings: info.settings };
}
