import { loadWrittenScenario } from './read-scenario.js';
import { join } from 'node:path';
import { definition } from '../model/definition.js';
import { personsPerAgent, type OutputScale } from '../scenario/scale.js';
import type { Scenario } from '../scenario/schema.js';
import { InputError } from './errors.js';
import { exists } from './read-files.js';
import { number, object, optional, readJsonFile } from './json-spec.js';
import { column, columns, readTable, type FieldType, type TableSpec } from './read-table.js';
import { creatorsColumn, CREATORS_SCHEMA } from './run-tables.js';
import type { ColumnType } from './parquet.js';

/**
 * Reading a run directory (written by run-files.ts): summary.csv, scenario.json, run.json, timeseries.csv, creators.csv
 * (the tables as .csv or .parquet), each checked against its spec below.
 */

/** summary.csv: one row per month and metric, months in time order. */
export const SUMMARY_TABLE: TableSpec = {
  name: 'summary',
  columns: [column('month', 'month'), column('metric', 'text', { blank: false }), ...columns('number', ['mean', 'ci95_low', 'ci95_high']), column('sd', 'number', { optional: true })],
  key: ['month', 'metric'],
  rows: 'rows',
};

/** timeseries.csv: the charts read rep, month and the returns split (elite chart); other metrics may be missing (older versions). */
export const TIMESERIES_TABLE: TableSpec = {
  name: 'timeseries',
  columns: [
    column('rep', 'count'),
    column('month', 'month'),
    ...columns('number', ['returns', 'elite_returns']),
    ...columns(
      'number',
      definition.metrics.map((m) => m.name).filter((m) => m !== 'returns' && m !== 'elite_returns'),
      { optional: true },
    ),
  ],
  key: ['rep', 'month'],
  rows: 'rows',
};

/** How a column of a Parquet type (run-tables.ts) is read back from either format. */
const FIELD_OF: Readonly<Record<ColumnType, FieldType>> = { integer: 'count', bigint: 'count', double: 'number', month: 'month', text: 'text', boolean: 'flag' };

/**
 * creators.csv: every creator active at each snapshot month (none in a run shorter than its first snapshot), its
 * columns as run-tables.ts writes them from the definition's snapshot; the charts need only the income.
 */
export const CREATORS_TABLE: TableSpec = {
  name: 'creators',
  columns: CREATORS_SCHEMA.map((c) => column(c.name, FIELD_OF[c.type], { optional: !['rep', 'month', creatorsColumn('income')].includes(c.name) })),
  key: ['rep', 'month', creatorsColumn('channel')],
};

/** run.json: what the run was (older or hand-made runs may lack it, or some of its keys). */
const RUN_JSON = object({ reps: optional(number), seed: optional(number), persons_per_agent: optional(number) });

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
  /** What counts and money stand for (the scenario's scale; runs made before it were in agents). */
  readonly scale: OutputScale;
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
  readonly timeseries: Timeseries;
  readonly creators: CreatorIncomes;
}

export async function loadRun(dir: string): Promise<RunData> {
  const scenario = await loadWrittenScenario(dir);
  const table = await readTable(dir, SUMMARY_TABLE);
  const [m, k, mean, low, high] = ['month', 'metric', 'mean', 'ci95_low', 'ci95_high'].map((c) => table.column(c)) as [number, number, number, number, number];
  const summary = new Map<string, Band[]>();
  const months: string[] = [];
  for (let r = 0; r < table.rows.length; r++) {
    const month = table.text(r, m);
    if (months.at(-1) !== month) months.push(month);
    const metric = table.text(r, k);
    let bands = summary.get(metric);
    if (!bands) summary.set(metric, (bands = []));
    bands.push({ month, mean: table.number(r, mean), low: table.number(r, low), high: table.number(r, high) });
  }
  if (new Set(months).size !== months.length || months.some((month, i) => i > 0 && month < months[i - 1]!)) {
    throw new InputError(`${table.file}: months out of order (rows are grouped by month, in time order)`);
  }
  for (const [metric, bands] of summary) {
    if (bands.length !== months.length) {
      throw new InputError(`${table.file}: metric '${metric}' has ${bands.length} months, the file has ${months.length} (rows missing or ragged)`);
    }
  }
  const info = (await exists(join(dir, 'run.json'))) ? await readJsonFile(join(dir, 'run.json'), RUN_JSON) : undefined;
  const facts: RunFacts = {
    reps: info?.reps ?? scenario.reps,
    seed: info?.seed ?? scenario.seed,
    personsPerAgent: info?.persons_per_agent ?? personsPerAgent(scenario.population),
    scale: scenario.scale,
  };
  const [timeseries, creators] = [await loadTimeseries(dir), await loadCreatorIncomes(dir)];
  return { kind: 'run', dir, name: scenario.name, scenario, facts, months, summary, timeseries, creators };
}

/** The bands of a metric, or an InputError when the run's summary.csv has no such metric. */
export function bandsOf(run: RunData, metric: string): readonly Band[] {
  const bands = run.summary.get(metric);
  if (!bands) throw new InputError(`${join(run.dir, 'summary.csv')}: no metric '${metric}' (made by another version of homeward?)`);
  return bands;
}

/** timeseries.csv as columns per replication, in the definition's metric order (a metric the file lacks is all NaN). */
export interface Timeseries {
  readonly months: readonly string[];
  readonly reps: readonly { readonly rep: number; readonly columns: readonly Float64Array[] }[];
}

export async function loadTimeseries(dir: string): Promise<Timeseries> {
  const table = await readTable(dir, TIMESERIES_TABLE);
  const repCol = table.column('rep');
  const monthCol = table.column('month');
  const metricCols = definition.metrics.map((m) => (table.has(m.name) ? table.column(m.name) : -1));
  const byRep = new Map<number, number[]>(); // rep → row indices, in file order
  const months: string[] = [];
  for (let r = 0; r < table.rows.length; r++) {
    const rep = table.number(r, repCol);
    let rows = byRep.get(rep);
    if (!rows) byRep.set(rep, (rows = []));
    rows.push(r);
  }
  const first = byRep.values().next().value!;
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
  const table = await readTable(dir, CREATORS_TABLE);
  const [repCol, monthCol, incomeCol] = [table.column('rep'), table.column('month'), table.column(creatorsColumn('income'))];
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
