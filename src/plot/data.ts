import { readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { METRICS } from '../model/metrics.js';
import { OUTCOMES } from '../analysis/outcomes.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { MONTH_PATTERN } from '../scenario/month.js';
import { InputError } from './errors.js';

/**
 * Reading homeward output directories for charts and reports. Three kinds, told apart by their files:
 * a run (`summary.csv`, `scenario.json`), a comparison (`compare.csv`, `compare.json`, a run directory per
 * scenario) and a sweep (`points.csv`, `design.json`). Every problem with the files is an InputError naming
 * the file, so the CLI can exit 2 with one clear message.
 */

// ---------------------------------------------------------------------------------------------------
// CSV

/** A CSV file as written by homeward: a header line, comma-separated fields, never quoted. */
export class Table {
  private readonly index: ReadonlyMap<string, number>;

  constructor(
    readonly file: string,
    readonly header: readonly string[],
    readonly rows: readonly (readonly string[])[],
  ) {
    this.index = new Map(header.map((h, i) => [h, i]));
  }

  has(column: string): boolean {
    return this.index.has(column);
  }

  /** Index of a column; InputError if it is missing. */
  column(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new InputError(`${this.file}: no column '${name}'`);
    return i;
  }

  /**
   * A numeric field; '' is NaN (homeward writes undefined values as empty fields). Anything else must be a finite
   * number: `NaN`, `Infinity` or `1e400` in a file are refused, with the line.
   */
  number(row: number, column: number): number {
    const text = this.rows[row]![column]!;
    if (text === '') return NaN;
    const x = Number(text);
    if (Number.isNaN(x)) throw new InputError(`${this.at(row)}: ${this.header[column]}: not a number: '${clip(text)}'`);
    if (!Number.isFinite(x)) throw new InputError(`${this.at(row)}: ${this.header[column]}: not a finite number: '${clip(text)}'`);
    return x;
  }

  /** `file:line` of a row (the header is line 1). */
  at(row: number): string {
    return `${this.file}:${row + 2}`;
  }

  /** Refuses a second row with the same key (e.g. month and metric), naming both lines. */
  unique(columns: readonly number[]): void {
    const seen = new Map<string, number>();
    for (let r = 0; r < this.rows.length; r++) {
      const key = columns.map((c) => this.rows[r]![c]!).join(',');
      const first = seen.get(key);
      if (first !== undefined) {
        const what = columns.map((c) => `${this.header[c]} ${this.rows[r]![c]}`).join(', ');
        throw new InputError(`${this.at(r)}: a second row for ${what} (the first is line ${first + 2})`);
      }
      seen.set(key, r);
    }
  }

  text(row: number, column: number): string {
    return this.rows[row]![column]!;
  }
}

/** A field shown in a message: at most 40 characters. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

export async function readCsv(file: string, required: readonly string[] = []): Promise<Table> {
  const text = await readText(file);
  if (text.includes('\0')) throw new InputError(`${file}: not a CSV file (it holds binary data)`);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  else if (lines.length > 1) {
    // homeward ends every row with a line end: a last row without one is a file cut short (a killed copy, a full disk).
    throw new InputError(`${file}:${lines.length}: the last row has no line end: the file is cut short`);
  }
  if (lines.length === 0) throw new InputError(`${file}: empty file, expected a CSV header`);
  const header = lines[0]!.split(',');
  const rows = lines.slice(1).map((line, i) => {
    const fields = line.split(',');
    if (fields.length !== header.length) {
      throw new InputError(`${file}:${i + 2}: ${fields.length} fields, the header has ${header.length} (a row cut short or joined?)`);
    }
    return fields;
  });
  const table = new Table(file, header, rows);
  const missing = required.filter((c) => !table.has(c));
  if (missing.length > 0) throw new InputError(`${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return table;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if (isNodeError(err) && err.code === 'ENOENT') throw new InputError(`${file}: no such file`);
    if (isNodeError(err) && err.code === 'EISDIR') throw new InputError(`${file}: is a directory, expected a file`);
    if (isNodeError(err) && err.code === 'EACCES') throw new InputError(`${file}: cannot be read (permission denied)`);
    throw err;
  }
}

async function readJson(file: string): Promise<unknown> {
  const text = await readText(file);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

function isNodeError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && 'code' in err;
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}

// ---------------------------------------------------------------------------------------------------
// Typed access to parsed JSON

type Json = Readonly<Record<string, unknown>>;

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function field<T>(file: string, obj: Json, key: string, what: string, is: (x: unknown) => x is T): T {
  const v = obj[key];
  if (!is(v)) throw new InputError(`${file}: '${key}' must be ${what}`);
  return v;
}

const isString = (x: unknown): x is string => typeof x === 'string';
const isNumber = (x: unknown): x is number => typeof x === 'number';
const isStringList = (x: unknown): x is string[] => Array.isArray(x) && x.every(isString);

// ---------------------------------------------------------------------------------------------------
// Runs

/** One month of one metric across replications (a summary.csv row). */
export interface Band {
  readonly month: string;
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

/** The parts of run.json the charts use (older or hand-made runs may lack it). */
export interface RunFacts {
  readonly reps: number;
  readonly seed: number;
  readonly personsPerAgent: number;
}

export interface RunData {
  readonly kind: 'run';
  readonly dir: string;
  /** The scenario's name (a comparison's scenarios are told apart by it). */
  readonly name: string;
  readonly scenario: Scenario;
  readonly facts: RunFacts;
  readonly months: readonly string[];
  /** summary.csv: metric name → one band per month, in month order. */
  readonly summary: ReadonlyMap<string, readonly Band[]>;
}

export const SUMMARY_REQUIRED = ['month', 'metric', 'mean', 'ci95_low', 'ci95_high'] as const;

export async function loadRun(dir: string): Promise<RunData> {
  const scenario = (await loadScenario(join(dir, 'scenario.json'))).scenario;
  const table = await readCsv(join(dir, 'summary.csv'), SUMMARY_REQUIRED);
  const [m, k, mean, low, high] = SUMMARY_REQUIRED.map((c) => table.column(c)) as [number, number, number, number, number];
  table.unique([m, k]);
  const summary = new Map<string, Band[]>();
  const months: string[] = [];
  for (let r = 0; r < table.rows.length; r++) {
    const month = table.text(r, m);
    if (!MONTH_PATTERN.test(month)) throw new InputError(`${table.file}:${r + 2}: month: not YYYY-MM: '${month}'`);
    if (months.at(-1) !== month) months.push(month);
    const metric = table.text(r, k);
    let bands = summary.get(metric);
    if (!bands) summary.set(metric, (bands = []));
    bands.push({ month, mean: table.number(r, mean), low: table.number(r, low), high: table.number(r, high) });
  }
  if (months.length === 0) throw new InputError(`${table.file}: no rows`);
  if (new Set(months).size !== months.length || months.some((month, i) => i > 0 && month < months[i - 1]!)) {
    throw new InputError(`${table.file}: months out of order (rows are grouped by month, in time order)`);
  }
  for (const [metric, bands] of summary) {
    if (bands.length !== months.length) {
      throw new InputError(`${table.file}: metric '${metric}' has ${bands.length} months, the file has ${months.length} (rows missing or ragged)`);
    }
  }
  const info = (await exists(join(dir, 'run.json'))) ? await readJson(join(dir, 'run.json')) : undefined;
  const agents = scenario.population.agents;
  const facts: RunFacts = {
    reps: isObject(info) && isNumber(info['reps']) ? info['reps'] : scenario.reps,
    seed: isObject(info) && isNumber(info['seed']) ? info['seed'] : scenario.seed,
    personsPerAgent: isObject(info) && isNumber(info['persons_per_agent']) ? info['persons_per_agent'] : scenario.population.emigrants / agents,
  };
  return { kind: 'run', dir, name: scenario.name, scenario, facts, months, summary };
}

/** The bands of a metric, or an InputError when the run's summary.csv has no such metric. */
export function bandsOf(run: RunData, metric: string): readonly Band[] {
  const bands = run.summary.get(metric);
  if (!bands) throw new InputError(`${join(run.dir, 'summary.csv')}: no metric '${metric}' (made by another version of homeward?)`);
  return bands;
}

/** timeseries.csv as columns per replication, in METRICS order (a metric the file lacks is all NaN). */
export interface Timeseries {
  readonly months: readonly string[];
  readonly reps: readonly { readonly rep: number; readonly columns: readonly Float64Array[] }[];
}

export async function loadTimeseries(dir: string): Promise<Timeseries> {
  // The charts read rep, month and the returns split (elite chart); other metrics may be missing (older versions).
  const table = await readCsv(join(dir, 'timeseries.csv'), ['rep', 'month', 'returns', 'elite_returns']);
  const repCol = table.column('rep');
  const monthCol = table.column('month');
  table.unique([repCol, monthCol]);
  const metricCols = METRICS.map((m) => (table.has(m.name) ? table.column(m.name) : -1));
  const byRep = new Map<number, number[]>(); // rep → row indices, in file order
  const months: string[] = [];
  for (let r = 0; r < table.rows.length; r++) {
    const rep = table.number(r, repCol);
    let rows = byRep.get(rep);
    if (!rows) byRep.set(rep, (rows = []));
    rows.push(r);
  }
  const first = byRep.values().next().value;
  if (!first) throw new InputError(`${table.file}: no rows`);
  for (const r of first) months.push(table.text(r, monthCol));
  const firstRep = byRep.keys().next().value;
  const reps = [...byRep].map(([rep, rows]) => {
    if (rows.length !== months.length) throw new InputError(`${table.file}: rep ${rep} has ${rows.length} months, rep ${firstRep} has ${months.length} (rows missing or ragged)`);
    rows.forEach((r, t) => {
      if (table.text(r, monthCol) !== months[t]) throw new InputError(`${table.at(r)}: month ${table.text(r, monthCol)}, rep ${firstRep} has ${months[t]} in its place`);
    });
    const columns = metricCols.map((c) => {
      const col = new Float64Array(rows.length);
      rows.forEach((r, t) => (col[t] = c < 0 ? NaN : table.number(r, c)));
      return col;
    });
    return { rep, columns };
  });
  return { months, reps };
}

/** creators.csv: each snapshot month's creator incomes, per replication. */
export interface CreatorIncomes {
  /** Snapshot months present, in time order. */
  readonly months: readonly string[];
  /** month → rep → incomes (RMB in that month). */
  readonly incomes: ReadonlyMap<string, ReadonlyMap<number, readonly number[]>>;
}

export async function loadCreatorIncomes(dir: string): Promise<CreatorIncomes> {
  const table = await readCsv(join(dir, 'creators.csv'), ['rep', 'month', 'income']);
  const [repCol, monthCol, incomeCol] = [table.column('rep'), table.column('month'), table.column('income')];
  if (table.has('channel')) table.unique([repCol, monthCol, table.column('channel')]);
  const incomes = new Map<string, Map<number, number[]>>();
  for (let r = 0; r < table.rows.length; r++) {
    const month = table.text(r, monthCol);
    let reps = incomes.get(month);
    if (!reps) incomes.set(month, (reps = new Map()));
    const rep = table.number(r, repCol);
    let list = reps.get(rep);
    if (!list) reps.set(rep, (list = []));
    const income = table.number(r, incomeCol);
    if (!Number.isNaN(income)) list.push(income);
  }
  return { months: [...incomes.keys()].sort(), incomes };
}

// ---------------------------------------------------------------------------------------------------
// Comparisons

/** One row of compare.csv: an outcome of one scenario, and its paired difference from the reference. */
export interface CompareRow {
  readonly outcome: string;
  readonly unit: string;
  readonly scenario: string;
  readonly reference: string;
  readonly reps: number;
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  readonly diff: number;
  readonly diffLow: number;
  readonly diffHigh: number;
}

export interface ComparisonData {
  readonly kind: 'comparison';
  readonly dir: string;
  readonly reference: string;
  /** The scenarios' run directories, reference first. */
  readonly runs: readonly RunData[];
  readonly rows: readonly CompareRow[];
  readonly reps: number;
  readonly seed: number;
}

const COMPARE_COLUMNS = ['outcome', 'unit', 'scenario', 'reference', 'reps', 'mean', 'ci95_low', 'ci95_high', 'diff', 'diff_ci95_low', 'diff_ci95_high'] as const;

export async function loadComparison(dir: string): Promise<ComparisonData> {
  const file = join(dir, 'compare.json');
  const json = await readJson(file);
  if (!isObject(json)) throw new InputError(`${file}: expected an object`);
  const reference = field(file, json, 'reference', 'a scenario name', isString);
  const list = field(file, json, 'scenarios', 'a list of {name, file, dir}', Array.isArray);
  const names = list.map((s: unknown, i) => {
    if (!isObject(s) || !isString(s['name'])) throw new InputError(`${file}: scenarios[${i}] must have a 'name'`);
    return { name: s['name'], dir: isString(s['dir']) ? s['dir'] : undefined };
  });
  if (!names.some((s) => s.name === reference)) throw new InputError(`${file}: the reference '${reference}' is not among the scenarios`);
  names.sort((a, b) => Number(b.name === reference) - Number(a.name === reference));
  const runs: RunData[] = [];
  for (const s of names) runs.push(await loadRun(await scenarioDir(dir, s.name, s.dir)));

  const table = await readCsv(join(dir, 'compare.csv'), COMPARE_COLUMNS);
  const c = Object.fromEntries(COMPARE_COLUMNS.map((name) => [name, table.column(name)])) as Record<(typeof COMPARE_COLUMNS)[number], number>;
  table.unique([c.outcome, c.scenario]);
  const rows: CompareRow[] = table.rows.map((_, r) => ({
    outcome: table.text(r, c.outcome),
    unit: table.text(r, c.unit),
    scenario: table.text(r, c.scenario),
    reference: table.text(r, c.reference),
    reps: table.number(r, c.reps),
    mean: table.number(r, c.mean),
    low: table.number(r, c.ci95_low),
    high: table.number(r, c.ci95_high),
    diff: table.number(r, c.diff),
    diffLow: table.number(r, c.diff_ci95_low),
    diffHigh: table.number(r, c.diff_ci95_high),
  }));
  return {
    kind: 'comparison',
    dir,
    reference,
    runs,
    rows,
    reps: isNumber(json['reps']) ? json['reps'] : runs[0]!.facts.reps,
    seed: isNumber(json['seed']) ? json['seed'] : runs[0]!.facts.seed,
  };
}

/** A comparison's scenario lives in `<dir>/<name>`; compare.json's own `dir` is the fallback. */
async function scenarioDir(dir: string, name: string, given: string | undefined): Promise<string> {
  const candidates = [join(dir, name)];
  if (given !== undefined) candidates.push(isAbsolute(given) ? given : resolve(dir, given), join(dir, basename(given)));
  for (const c of candidates) if (await exists(join(c, 'summary.csv'))) return c;
  throw new InputError(`${join(dir, 'compare.json')}: no run directory for scenario '${name}' (looked for ${candidates.join(', ')})`);
}

// ---------------------------------------------------------------------------------------------------
// Sweeps

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
}

export async function loadSweep(dir: string): Promise<SweepData> {
  const file = join(dir, 'design.json');
  const json = await readJson(file);
  if (!isObject(json)) throw new InputError(`${file}: expected an object`);
  const paths = field(file, json, 'params', 'a list of parameter paths', isStringList);
  if (paths.length === 0) throw new InputError(`${file}: 'params' is empty`);
  const design = isString(json['design']) ? json['design'] : 'sweep';
  const scenario = (await loadScenario(join(dir, 'scenario.json'))).scenario;

  const table = await readCsv(join(dir, 'points.csv'), ['point', ...paths, 'reps']);
  const outcomes = table.header
    .filter((h) => h.endsWith('_mean'))
    .map((h) => h.slice(0, -'_mean'.length))
    .filter((o) => table.has(`${o}_ci95_low`) && table.has(`${o}_ci95_high`));
  if (outcomes.length === 0) throw new InputError(`${table.file}: no outcome columns (<outcome>_mean, _ci95_low, _ci95_high)`);
  const paramCols = paths.map((p) => table.column(p));
  table.unique([table.column('point')]);
  const numeric = paramCols.map((c) => table.rows.every((row) => row[c] !== '' && !Number.isNaN(Number(row[c]))));
  const points: SweepPoint[] = table.rows.map((_, r) => ({
    point: table.number(r, table.column('point')),
    values: paramCols.map((c, i) => (numeric[i] ? table.number(r, c) : table.text(r, c))),
    reps: table.number(r, table.column('reps')),
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
  if (points.length === 0) throw new InputError(`${table.file}: no points`);
  return {
    kind: 'sweep',
    dir,
    scenario,
    design,
    seed: isNumber(json['seed']) ? json['seed'] : undefined,
    params: paths.map((path, i) => ({ path, key: `p${i}`, numeric: numeric[i]! })),
    outcomes,
    points,
  };
}

// ---------------------------------------------------------------------------------------------------
// Any output directory

export type OutputData = RunData | ComparisonData | SweepData;
export type OutputKind = OutputData['kind'];

/** Which kind of output a directory holds, from its files; InputError if none. */
export async function detectKind(dir: string): Promise<OutputKind> {
  const s = await stat(dir).catch(() => undefined);
  if (!s) throw new InputError(`${dir}: no such directory`);
  if (!s.isDirectory()) throw new InputError(`${dir}: not a directory (expected a homeward output directory)`);
  const has = (name: string) => exists(join(dir, name));
  if ((await has('compare.csv')) && (await has('compare.json'))) return 'comparison';
  if ((await has('points.csv')) && (await has('design.json'))) return 'sweep';
  if ((await has('summary.csv')) && (await has('scenario.json'))) return 'run';
  throw new InputError(
    `${dir}: not a homeward output directory (expected summary.csv and scenario.json from run, compare.csv and compare.json from compare, or points.csv and design.json from sweep)`,
  );
}

export async function loadOutput(dir: string): Promise<OutputData> {
  const kind = await detectKind(dir);
  return kind === 'run' ? loadRun(dir) : kind === 'comparison' ? loadComparison(dir) : loadSweep(dir);
}

/** The unit of a headline outcome, '' when it is not one of OUTCOMES. */
export function outcomeUnit(name: string): string {
  return OUTCOMES.find((o) => o.name === name)?.unit ?? '';
}
