import type { Counting } from '../scenario/scale.js';
import { join } from 'node:path';
import { InputError } from './errors.js';
import type { EnsembleSettings, RunSettings } from '../scenario/ensemble-settings.js';
import { field, isNumber, isObject, isString, isStringList, readJsonObject } from './read-files.js';
import { readTable } from './read-table.js';

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

const isNumberOrNull = (x: unknown): x is number | null => x === null || isNumber(x);
const isStringOrNull = (x: unknown): x is string | null => x === null || isString(x);

function runSettings(file: string, x: unknown, key: string): RunSettings {
  if (!isObject(x)) throw new InputError(`${file}: ${key} must be an object of settings (agents, months, start, reps, seed, set)`);
  const num = (k: string) => field(file, x, k, `a number or null (${key}.${k})`, isNumberOrNull);
  const set = x['set'];
  if (!(set === null || isStringList(set))) throw new InputError(`${file}: '${key}.set' must be a list of overrides or null`);
  return { agents: num('agents'), months: num('months'), start: field(file, x, 'start', `a month or null (${key}.start)`, isStringOrNull), reps: num('reps'), seed: num('seed'), set };
}

/** The `settings` of ensemble-compare.json or of design.json's ensemble, checked; undefined when absent (older files). */
export function readEnsembleSettings(file: string, x: unknown, key = 'settings'): EnsembleSettings | undefined {
  if (x === undefined) return undefined;
  if (!isObject(x) || typeof x['recorded'] !== 'boolean' || !isStringList(x['differs'])) throw new InputError(`${file}: '${key}' must be an object with recorded, matched, run and differs`);
  return {
    recorded: x['recorded'],
    matched: x['matched'] === null ? null : runSettings(file, x['matched'], `${key}.matched`),
    run: runSettings(file, x['run'], `${key}.run`),
    differs: x['differs'],
  };
}

export async function loadEnsembleComparison(dir: string): Promise<EnsembleComparisonData> {
  const file = join(dir, 'ensemble-compare.json');
  const json = await readJsonObject(file);
  const reference = field(file, json, 'reference', 'a scenario name', isString);
  const scenarios = field(file, json, 'scenarios', 'a list of {name, file}', Array.isArray).map((s: unknown, i) => {
    if (!isObject(s) || !isString(s['name'])) throw new InputError(`${file}: scenarios[${i}] must have a name`);
    return { name: s['name'], file: isString(s['file']) ? s['file'] : '' };
  });
  const ensemble = field(file, json, 'ensemble', 'the ensemble: {file, paths, members}', isObject);
  const members = (Array.isArray(ensemble['members']) ? ensemble['members'] : []).map((m: unknown, i) => {
    if (!isObject(m) || !isNumber(m['member']) || !isObject(m['values'])) throw new InputError(`${file}: ensemble.members[${i}] must have a member and values`);
    return { member: m['member'], values: m['values'] as Record<string, number> };
  });

  const table = await readTable(dir, 'ensemble-compare', ['outcome', 'unit', 'scenario', 'worlds', 'mean', 'mean_p05', 'mean_p95', 'diff', 'diff_p05', 'diff_p95', 'rel_diff', 'rel_diff_p05', 'rel_diff_p95', 'sign_share', 'significant_share']);
  const n = (r: number, c: string) => table.number(r, table.column(c));
  table.unique([table.column('outcome'), table.column('scenario')]);
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
  const worldsTable = await readTable(dir, 'ensemble-worlds', ['member', 'outcome', 'scenario', 'mean', 'diff', 'rel_diff']);
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
    ensembleFile: isString(ensemble['file']) ? ensemble['file'] : '',
    paths: Array.isArray(ensemble['paths']) ? ensemble['paths'].filter(isString) : [],
    members,
    reps: isNumber(json['reps']) ? json['reps'] : 0,
    agents: isNumber(json['agents']) ? json['agents'] : 0,
    // Older directories record neither: they were in simulated agents, of an unrecorded size.
    counting: { scale: json['scale'] === 'county' ? 'county' : 'agents', personsPerAgent: isNumber(json['persons_per_agent']) ? json['persons_per_agent'] : NaN },
    rows,
    worlds,
    settings: readEnsembleSettings(file, json['settings']),
  };
}
