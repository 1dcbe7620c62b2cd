import type { Counting } from '../scenario/scale.js';
import { join } from 'node:path';
import type { EnsembleSettings } from '../scenario/ensemble-settings.js';
import { flag, list, nullable, number, object, oneOf, optional, readJsonFile, record, text } from './json-spec.js';
import { column, columns, readTable, type TableSpec } from './read-table.js';

/**
 * Reading a comparison across an ensemble (written by `homeward compare --ensemble`): ensemble-compare.json,
 * and its two tables, ensemble-compare and ensemble-worlds (each a CSV or a Parquet file).
 */

export interface Spread {
  readonly mean: number;
  readonly p05: number;
  readonly p95: number;
}

export interface EnsembleCompareRow {
  readonly outcome: string;
  readonly unit: string;
  readonly scenario: string;
  readonly worlds: number;
  readonly level: Spread;
  readonly diff: Spread;
  readonly rel: Spread;
  readonly signShare: number;
  readonly significantShare: number;
}

export interface WorldDiff {
  readonly member: number;
  readonly outcome: string;
  readonly scenario: string;
  readonly mean: number;
  readonly diff: number;
  readonly rel: number;
}

export interface EnsembleComparisonData {
  readonly kind: 'ensemble-comparison';
  readonly dir: string;
  readonly reference: string;
  readonly scenarios: readonly { readonly name: string; readonly file: string }[];
  readonly ensembleFile: string;
  readonly paths: readonly string[];
  readonly members: readonly { readonly member: number; readonly values: Readonly<Record<string, number>> }[];
  readonly reps: number;
  readonly agents: number;
  /** What counts and money stand for. */
  readonly counting: Counting;
  readonly rows: readonly EnsembleCompareRow[];
  readonly worlds: readonly WorldDiff[];
  /** The settings the worlds ran at and were matched at; undefined in directories written before they were recorded. */
  readonly settings: EnsembleSettings | undefined;
}

/** The settings of a run: what was given, each null when it was the scenario's. */
const RUN_SETTINGS = object(
  { agents: nullable(number), months: nullable(number), start: nullable(text), reps: nullable(number), seed: nullable(number), set: nullable(list(text)) },
  'an object of settings (agents, months, start, reps, seed, set)',
);

/** The `settings` of ensemble-compare.json or of a sweep's design.json: what the worlds ran at and were matched at. */
export const ENSEMBLE_SETTINGS = object({ recorded: flag, matched: nullable(RUN_SETTINGS), run: RUN_SETTINGS, differs: list(text) });

/** ensemble-compare.json; `settings` is absent in directories written before they were recorded. */
const ENSEMBLE_COMPARE_JSON = object({
  reference: text,
  scenarios: list(object({ name: text, file: optional(text, '') }), true),
  ensemble: object({ file: optional(text, ''), paths: optional(list(text), []), members: optional(list(object({ member: number, values: record(number) })), []) }),
  reps: optional(number, 0),
  agents: optional(number, 0),
  scale: optional(oneOf('agents', 'county'), 'agents'),
  persons_per_agent: optional(number, NaN),
  settings: optional(ENSEMBLE_SETTINGS),
});

const SPREAD = (name: string) => [name, `${name}_p05`, `${name}_p95`];

const ENSEMBLE_COMPARE_TABLE: TableSpec = {
  name: 'ensemble-compare',
  columns: [
    ...columns('text', ['outcome', 'scenario'], { blank: false }),
    column('unit', 'text'),
    column('worlds', 'count'),
    ...columns('number', [...SPREAD('mean'), ...SPREAD('diff'), ...SPREAD('rel_diff'), 'sign_share', 'significant_share']),
  ],
  key: ['outcome', 'scenario'],
};

const ENSEMBLE_WORLDS_TABLE: TableSpec = {
  name: 'ensemble-worlds',
  columns: [column('member', 'count'), ...columns('text', ['outcome', 'scenario'], { blank: false }), ...columns('number', ['mean', 'diff', 'rel_diff'])],
};

export async function loadEnsembleComparison(dir: string): Promise<EnsembleComparisonData> {
  const json = await readJsonFile(join(dir, 'ensemble-compare.json'), ENSEMBLE_COMPARE_JSON);
  const { reference, scenarios, ensemble } = json;
  const members = ensemble.members;

  const table = await readTable(dir, ENSEMBLE_COMPARE_TABLE);
  const n = (r: number, c: string) => table.number(r, table.column(c));
  const rows = table.rows.map((_, r) => ({
    outcome: table.text(r, table.column('outcome')),
    unit: table.text(r, table.column('unit')),
    scenario: table.text(r, table.column('scenario')),
    worlds: n(r, 'worlds'),
    level: { mean: n(r, 'mean'), p05: n(r, 'mean_p05'), p95: n(r, 'mean_p95') },
    diff: { mean: n(r, 'diff'), p05: n(r, 'diff_p05'), p95: n(r, 'diff_p95') },
    rel: { mean: n(r, 'rel_diff'), p05: n(r, 'rel_diff_p05'), p95: n(r, 'rel_diff_p95') },
    signShare: n(r, 'sign_share'),
    significantShare: n(r, 'significant_share'),
  }));
  const worldsTable = await readTable(dir, ENSEMBLE_WORLDS_TABLE);
  const w = (r: number, c: string) => worldsTable.number(r, worldsTable.column(c));
  const worlds = worldsTable.rows.map((_, r) => ({
    member: w(r, 'member'),
    outcome: worldsTable.text(r, worldsTable.column('outcome')),
    scenario: worldsTable.text(r, worldsTable.column('scenario')),
    mean: w(r, 'mean'),
    diff: w(r, 'diff'),
    rel: w(r, 'rel_diff'),
  }));
  return {
    kind: 'ensemble-comparison',
    dir,
    reference,
    scenarios,
    ensembleFile: ensemble.file,
    paths: ensemble.paths,
    members,
    reps: json.reps,
    agents: json.agents,
    // Older directories record neither: they were in simulated agents, of an unrecorded size.
    counting: { scale: json.scale, personsPerAgent: json.persons_per_agent },
    rows,
    worlds,
    settings: json.settings,
  };
}
