import { join } from 'node:path';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { InputError } from './errors.js';
import { field, isNumber, isObject, isString, readJsonObject, type Table } from './read-files.js';
import { readTable } from './read-table.js';

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

const RESULT_COLUMNS = ['id', 'fact', 'source', 'value', 'at_least', 'at_most', 'tolerance', 'weight', 'n', 'mean', 'sd', 'ci95_low', 'ci95_high', 'z', 'pass'];

/** The targets' results of check.csv or best-check.csv, checked: a tolerance above 0, a value or a bound, pass true or false. */
export function targetOutcomes(table: Table): TargetOutcome[] {
  const col = (name: string) => table.column(name);
  const num = (r: number, name: string) => table.number(r, col(name));
  const optional = (r: number, name: string) => (table.text(r, col(name)) === '' ? undefined : num(r, name));
  table.unique([col('id')]);
  const rows = table.rows.map((_, r): TargetOutcome => {
    const id = table.text(r, col('id'));
    if (id === '') throw new InputError(`${table.at(r)}: id is empty`);
    const tolerance = num(r, 'tolerance');
    if (!(tolerance > 0)) throw new InputError(`${table.at(r)}: tolerance must be a number above 0, got '${table.text(r, col('tolerance'))}'`);
    const value = optional(r, 'value');
    const atLeast = optional(r, 'at_least');
    const atMost = optional(r, 'at_most');
    if (value === undefined && atLeast === undefined && atMost === undefined) throw new InputError(`${table.at(r)}: target ${id} has no value, at_least or at_most`);
    const pass = table.text(r, col('pass'));
    if (pass !== 'true' && pass !== 'false') throw new InputError(`${table.at(r)}: pass must be true or false, got '${pass}'`);
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
      pass: pass === 'true',
    };
  });
  if (rows.length === 0) throw new InputError(`${table.file}: no targets`);
  return rows;
}

/** A JSON number that may be null (NaN as JSON writes it). */
const numberOrNaN = (x: unknown): number => (isNumber(x) ? x : NaN);

export async function loadCheck(dir: string): Promise<CheckData> {
  const file = join(dir, 'check.json');
  const json = await readJsonObject(file);
  const results = targetOutcomes(await readTable(dir, 'check', RESULT_COLUMNS));
  const total = field(file, json, 'total', 'the number of targets', isNumber);
  if (total !== results.length) throw new InputError(`${file}: 'total' is ${total} but ${join(dir, 'check')} has ${results.length} targets`);
  const scenario = (await loadScenario(join(dir, 'scenario.json'))).scenario;
  return {
    kind: 'check',
    dir,
    scenario,
    targetsFile: field(file, json, 'targets_file', 'the targets file', isString),
    reps: field(file, json, 'reps', 'the number of replications', isNumber),
    seed: field(file, json, 'seed', 'the seed', isNumber),
    distance: numberOrNaN(json['distance']),
    results,
  };
}

export async function loadCalibration(dir: string): Promise<CalibrationData> {
  const file = join(dir, 'calibrate.json');
  const json = await readJsonObject(file);
  const free = field(file, json, 'free', 'a list of free parameters', Array.isArray).map((f: unknown, i): CalibrationFree => {
    if (!isObject(f) || !isString(f['path']) || !isNumber(f['low']) || !isNumber(f['high']) || !isNumber(f['best'])) {
      throw new InputError(`${file}: free[${i}] must have a path, low, high and best`);
    }
    return { path: f['path'], low: f['low'], high: f['high'], initial: numberOrNaN(f['initial']), best: f['best'] };
  });
  if (free.length === 0) throw new InputError(`${file}: 'free' is empty`);
  const best = field(file, json, 'best', 'the best evaluation: {eval, values, distance}', isObject);
  if (!isNumber(best['eval'])) throw new InputError(`${file}: best.eval must be a number`);
  const paths = free.map((f) => f.path);

  const trace = await readTable(dir, 'trace', ['eval', 'phase', ...paths, 'distance']);
  trace.unique([trace.column('eval')]);
  const rows = trace.rows.map((_, r): TraceRow => ({
    eval: trace.number(r, trace.column('eval')),
    phase: trace.text(r, trace.column('phase')),
    values: paths.map((p) => trace.number(r, trace.column(p))),
    distance: trace.number(r, trace.column('distance')),
  }));
  if (rows.length === 0) throw new InputError(`${trace.file}: no evaluations`);
  if (!rows.some((t) => t.eval === best['eval'])) throw new InputError(`${file}: best.eval ${best['eval']} is not an evaluation of ${trace.file}`);
  return {
    kind: 'calibration',
    dir,
    name: field(file, json, 'name', "the scenario's name", isString),
    scenarioFile: isString(json['scenario']) ? json['scenario'] : '',
    targetsFile: field(file, json, 'targets_file', 'the targets file', isString),
    reps: field(file, json, 'reps', 'the number of replications', isNumber),
    seed: field(file, json, 'seed', 'the seed', isNumber),
    agents: field(file, json, 'agents', 'the number of agents', isNumber),
    start: isString(json['start']) ? json['start'] : '',
    end: isString(json['end']) ? json['end'] : '',
    budget: numberOrNaN(json['budget']),
    stopped: isString(json['stopped']) ? json['stopped'] : '',
    free,
    bestEval: best['eval'],
    distance: numberOrNaN(best['distance']),
    trace: rows,
    results: targetOutcomes(await readTable(dir, 'best-check', RESULT_COLUMNS)),
  };
}
