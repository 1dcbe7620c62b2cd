import { loadWrittenScenario } from './read-scenario.js';
import { join } from 'node:path';
import type { Scenario } from '../scenario/schema.js';
import { list, number, object, oneOf, optional, readJsonFile, text } from './json-spec.js';
import { column, columns, readTable, type TableSpec } from './read-table.js';

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

const SENSITIVITY_TABLE: TableSpec = {
  name: 'sensitivity',
  columns: [...columns('text', ['outcome', 'parameter', 'index'], { blank: false }), ...columns('number', ['value', 'ci95_low', 'ci95_high']), column('n', 'count')],
  key: ['outcome', 'parameter', 'index'],
  rows: 'rows',
};

/** design.json of a sensitivity analysis: the method, the factors with their ranges, and the outcomes. */
const DESIGN_JSON = object({
  method: oneOf('morris', 'sobol'),
  factors: list(object({ path: text, low: number, high: number, role: optional(text, ''), unit: optional(text, ''), source: optional(text, '') }), true),
  outcomes: list(object({ name: text, unit: optional(text, '') })),
  reps: optional(number),
  design_points: optional(number, 0),
});

export async function loadSensitivity(dir: string): Promise<SensitivityData> {
  const json = await readJsonFile(join(dir, 'design.json'), DESIGN_JSON);
  const scenario = await loadWrittenScenario(dir);

  const table = await readTable(dir, SENSITIVITY_TABLE);
  const c = Object.fromEntries(SENSITIVITY_CSV_COLUMNS.map((name) => [name, table.column(name)])) as Record<(typeof SENSITIVITY_CSV_COLUMNS)[number], number>;
  const rows: SensitivityRow[] = table.rows.map((_, r) => ({
    outcome: table.text(r, c.outcome),
    parameter: table.text(r, c.parameter),
    index: table.text(r, c.index),
    value: table.number(r, c.value),
    low: table.number(r, c.ci95_low),
    high: table.number(r, c.ci95_high),
    n: table.number(r, c.n),
  }));
  return {
    kind: 'sensitivity',
    dir,
    scenario,
    method: json.method,
    reps: json.reps ?? scenario.reps,
    points: json.design_points,
    factors: json.factors,
    outcomes: json.outcomes,
    rows,
  };
}
