import { loadWrittenScenario } from './read-scenario.js';
import { join } from 'node:path';
import type { Scenario } from '../scenario/schema.js';
import { InputError } from './errors.js';
import { field, isNumber, isObject, isString, readJsonObject } from './read-files.js';
import { readTable } from './read-table.js';

/**
 * Reading a sensitivity directory (written by `homeward sensitivity`): design.json, the sensitivity table
 * (sensitivity.csv or sensitivity.parquet) and scenario.json.
 */

export interface SensitivityFactor {
  readonly path: string;
  readonly low: number;
  readonly high: number;
  readonly role: string;
  readonly unit: string;
  readonly source: string;
}

export interface SensitivityRow {
  readonly outcome: string;
  readonly parameter: string;
  /** mu_star, mu, sigma (Morris) or S1, ST (Sobol). */
  readonly index: string;
  readonly value: number;
  readonly low: number;
  readonly high: number;
  /** Trajectories or base samples used. */
  readonly n: number;
}

export interface SensitivityData {
  readonly kind: 'sensitivity';
  readonly dir: string;
  readonly scenario: Scenario;
  readonly method: 'morris' | 'sobol';
  readonly reps: number;
  /** Points of the design (each run reps times). */
  readonly points: number;
  readonly factors: readonly SensitivityFactor[];
  readonly outcomes: readonly { readonly name: string; readonly unit: string }[];
  readonly rows: readonly SensitivityRow[];
}

/** The columns of sensitivity.csv (written by sensitivity/results.ts). */
export const SENSITIVITY_CSV_COLUMNS = ['outcome', 'parameter', 'index', 'value', 'ci95_low', 'ci95_high', 'n'] as const;

export async function loadSensitivity(dir: string): Promise<SensitivityData> {
  const file = join(dir, 'design.json');
  const json = await readJsonObject(file);
  const method = field(file, json, 'method', 'morris or sobol', (x): x is 'morris' | 'sobol' => x === 'morris' || x === 'sobol');
  const factors = field(file, json, 'factors', 'a list of factors', Array.isArray).map((f: unknown, i): SensitivityFactor => {
    if (!isObject(f) || !isString(f['path']) || !isNumber(f['low']) || !isNumber(f['high'])) throw new InputError(`${file}: factors[${i}] must have a path, low and high`);
    return { path: f['path'], low: f['low'], high: f['high'], role: isString(f['role']) ? f['role'] : '', unit: isString(f['unit']) ? f['unit'] : '', source: isString(f['source']) ? f['source'] : '' };
  });
  const outcomes = field(file, json, 'outcomes', 'a list of outcomes', Array.isArray).map((o: unknown, i) => {
    if (!isObject(o) || !isString(o['name'])) throw new InputError(`${file}: outcomes[${i}] must have a name`);
    return { name: o['name'], unit: isString(o['unit']) ? o['unit'] : '' };
  });
  const scenario = await loadWrittenScenario(dir);

  const table = await readTable(dir, 'sensitivity', SENSITIVITY_CSV_COLUMNS);
  const c = Object.fromEntries(SENSITIVITY_CSV_COLUMNS.map((name) => [name, table.column(name)])) as Record<(typeof SENSITIVITY_CSV_COLUMNS)[number], number>;
  table.unique([c.outcome, c.parameter, c.index]);
  const rows: SensitivityRow[] = table.rows.map((_, r) => ({
    outcome: table.text(r, c.outcome),
    parameter: table.text(r, c.parameter),
    index: table.text(r, c.index),
    value: table.number(r, c.value),
    low: table.number(r, c.ci95_low),
    high: table.number(r, c.ci95_high),
    n: table.number(r, c.n),
  }));
  if (rows.length === 0) throw new InputError(`${table.file}: no rows`);
  return {
    kind: 'sensitivity',
    dir,
    scenario,
    method,
    reps: isNumber(json['reps']) ? json['reps'] : scenario.reps,
    points: isNumber(json['design_points']) ? json['design_points'] : 0,
    factors,
    outcomes,
    rows,
  };
}
