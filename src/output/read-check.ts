import { join } from 'node:path';
import type { Scenario } from '../scenario/schema.js';
import { InputError } from './errors.js';
import type { Table } from './read-files.js';
import { list, number, numberOrNaN, object, optional, readJsonFile, text } from './json-spec.js';
import { loadWrittenScenario } from './read-scenario.js';
import { column, columns, flagOf, readTable, type TableSpec } from './read-table.js';

/**
 * Reading the directories of `homeward check` (check.json, check.csv, scenario.json) and of `homeward calibrate`
 * (calibrate.json, trace.csv, best-check.csv): the targets' results as the check chart and the report use them, and
 * the search's trace. Tables may be CSV or Parquet files.
 */

/** A target as check.csv writes it: all but its expression (the calibrate layer's TargetInfo, read back). */
export interface TargetRead {
  readonly id: string;
  readonly fact: string;
  readonly source: string;
  readonly value?: number;
  readonly at_least?: number;
  readonly at_most?: number;
  readonly tolerance: number;
  readonly weight: number;
}

/** A target's results as check.csv writes them: over the replications, the mean with its 95% interval, z and pass. */
export interface TargetOutcome {
  readonly target: TargetRead;
  /** Replications with a value. */
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly ci95_low: number;
  readonly ci95_high: number;
  readonly z: number;
  readonly pass: boolean;
}

export interface CheckData {
  readonly kind: 'check';
  readonly dir: string;
  readonly scenario: Scenario;
  readonly targetsFile: string;
  readonly reps: number;
  readonly seed: number;
  readonly distance: number;
  readonly results: readonly TargetOutcome[];
}

export interface CalibrationFree {
  readonly path: string;
  readonly low: number;
  readonly high: number;
  /** The scenario's own value, where the search started. */
  readonly initial: number;
  readonly best: number;
}

export interface TraceRow {
  readonly eval: number;
  /** design, nelder-mead, ... as the search names its phases. */
  readonly phase: string;
  /** Values of the free parameters, in CalibrationData.free order. */
  readonly values: readonly number[];
  readonly distance: number;
}

export interface CalibrationData {
  readonly kind: 'calibration';
  readonly dir: string;
  /** The calibrated scenario's name. */
  readonly name: string;
  readonly scenarioFile: string;
  readonly targetsFile: string;
  readonly reps: number;
  readonly seed: number;
  readonly agents: number;
  readonly start: string;
  readonly end: string;
  readonly budget: number;
  readonly stopped: string;
  readonly free: readonly CalibrationFree[];
  /** The evaluation that fitted best, and its distance. */
  readonly bestEval: number;
  readonly distance: number;
  readonly trace: readonly TraceRow[];
  /** The best evaluation's targets (best-check.csv). */
  readonly results: readonly TargetOutcome[];
}

/** check.csv or best-check.csv: one row per target, with its results over the replications. */
function resultsTable(name: string): TableSpec {
  return {
    name,
    columns: [
      column('id', 'text', { blank: false }),
      ...columns('text', ['fact', 'source']),
      ...columns('number', ['value', 'at_least', 'at_most', 'tolerance', 'weight']),
      column('n', 'count'),
      ...columns('number', ['mean', 'sd', 'ci95_low', 'ci95_high', 'z']),
      column('pass', 'flag'),
    ],
    key: ['id'],
    rows: 'targets',
  };
}

/** The targets' results of check.csv or best-check.csv, checked: a tolerance above 0, a value or a bound. */
export function targetOutcomes(table: Table): TargetOutcome[] {
  const col = (name: string) => table.column(name);
  const num = (r: number, name: string) => table.number(r, col(name));
  const optional = (r: number, name: string) => (table.text(r, col(name)) === '' ? undefined : num(r, name));
  return table.rows.map((_, r): TargetOutcome => {
    const id = table.text(r, col('id'));
    const tolerance = num(r, 'tolerance');
    if (!(tolerance > 0)) throw new InputError(`${table.at(r)}: tolerance must be a number above 0, got '${table.text(r, col('tolerance'))}'`);
    const value = optional(r, 'value');
    const atLeast = optional(r, 'at_least');
    const atMost = optional(r, 'at_most');
    if (value === undefined && atLeast === undefined && atMost === undefined) throw new InputError(`${table.at(r)}: target ${id} has no value, at_least or at_most`);
    return {
      target: {
        id,
        fact: table.text(r, col('fact')),
        source: table.text(r, col('source')),
        ...(value !== undefined ? { value } : {}),
        ...(atLeast !== undefined ? { at_least: atLeast } : {}),
        ...(atMost !== undefined ? { at_most: atMost } : {}),
        tolerance,
        weight: num(r, 'weight'),
      },
      n: num(r, 'n'),
      mean: num(r, 'mean'),
      sd: num(r, 'sd'),
      ci95_low: num(r, 'ci95_low'),
      ci95_high: num(r, 'ci95_high'),
      z: num(r, 'z'),
      pass: flagOf(table, r, col('pass')),
    };
  });
}

/** check.json: what was checked, how (reps, seed) and the distance (null when not defined). */
const CHECK_JSON = object({ total: number, targets_file: text, reps: number, seed: number, distance: optional(numberOrNaN, NaN) });

export async function loadCheck(dir: string): Promise<CheckData> {
  const file = join(dir, 'check.json');
  const json = await readJsonFile(file, CHECK_JSON);
  const results = targetOutcomes(await readTable(dir, resultsTable('check')));
  if (json.total !== results.length) throw new InputError(`${file}: 'total' is ${json.total} but ${join(dir, 'check')} has ${results.length} targets`);
  const scenario = await loadWrittenScenario(dir);
  return { kind: 'check', dir, scenario, targetsFile: json.targets_file, reps: json.reps, seed: json.seed, distance: json.distance, results };
}

/** calibrate.json: the search's settings, its free parameters with the best values, and the best evaluation. */
const CALIBRATE_JSON = object({
  name: text,
  scenario: optional(text, ''),
  targets_file: text,
  reps: number,
  seed: number,
  agents: number,
  start: optional(text, ''),
  end: optional(text, ''),
  budget: optional(numberOrNaN, NaN),
  stopped: optional(text, ''),
  free: list(object({ path: text, low: number, high: number, best: number, initial: optional(numberOrNaN, NaN) }), true),
  best: object({ eval: number, distance: optional(numberOrNaN, NaN) }),
});

/** trace.csv: one row per evaluation, with the free parameters' values (one column per path) and its distance. */
function traceTable(paths: readonly string[]): TableSpec {
  return { name: 'trace', columns: [column('eval', 'count'), column('phase', 'text'), ...columns('number', [...paths, 'distance'])], key: ['eval'], rows: 'evaluations' };
}

export async function loadCalibration(dir: string): Promise<CalibrationData> {
  const file = join(dir, 'calibrate.json');
  const json = await readJsonFile(file, CALIBRATE_JSON);
  const free: CalibrationFree[] = json.free.map((f) => ({ path: f.path, low: f.low, high: f.high, initial: f.initial, best: f.best }));
  const best = json.best;
  const paths = free.map((f) => f.path);

  const trace = await readTable(dir, traceTable(paths));
  const rows = trace.rows.map((_, r): TraceRow => ({
    eval: trace.number(r, trace.column('eval')),
    phase: trace.text(r, trace.column('phase')),
    values: paths.map((p) => trace.number(r, trace.column(p))),
    distance: trace.number(r, trace.column('distance')),
  }));
  if (!rows.some((t) => t.eval === best.eval)) throw new InputError(`${file}: best.eval ${best.eval} is not an evaluation of ${trace.file}`);
  return {
    kind: 'calibration',
    dir,
    name: json.name,
    scenarioFile: json.scenario,
    targetsFile: json.targets_file,
    reps: json.reps,
    seed: json.seed,
    agents: json.agents,
    start: json.start,
    end: json.end,
    budget: json.budget,
    stopped: json.stopped,
    free,
    bestEval: best.eval,
    distance: best.distance,
    trace: rows,
    results: targetOutcomes(await readTable(dir, resultsTable('best-check'))),
  };
}
