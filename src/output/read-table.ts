import { join } from 'node:path';
import { MONTH_PATTERN } from '../scenario/month.js';
import { InputError } from './errors.js';
import { exists, readCsv, type Table } from './read-files.js';

/**
 * The tables of output directories, declared and checked. A table is `<name>.csv`, else `<name>.parquet` (read
 * through DuckDB, parquet.ts, into the same Table of text fields), so the readers and everything above them (plot,
 * report) treat both alike; a missing table is reported as its CSV. Each reader declares its tables as a TableSpec
 * (columns with what their fields hold, the key that tells rows apart) and readTable checks every field before the
 * reader sees it: one InputError naming the file, line and column.
 */

/**
 * What the fields of a column hold:
 * - number: a finite number, or empty for an undefined value (homeward writes NaN as an empty field);
 * - count: a whole number from 0 (a replication, point, evaluation);
 * - month: YYYY-MM;
 * - flag: true or false, or 1 or 0 (a creator's flags in CSV; Parquet reads them back as true and false);
 * - value: a parameter's value, a finite number or a word (a category), never NaN or Infinity;
 * - text: any text.
 */
export type FieldType = 'number' | 'count' | 'month' | 'flag' | 'value' | 'text';

export interface ColumnRule {
  readonly name: string;
  readonly type: FieldType;
  /** The column may be absent (written only by newer versions, or not read by the charts). */
  readonly optional?: boolean;
  /** Whether a field may be empty; by default numbers (undefined values) and text may, the others may not. */
  readonly blank?: boolean;
  /** Why an empty field is refused, for the message. */
  readonly why?: string;
}

export interface TableSpec {
  /** The file name without .csv or .parquet. */
  readonly name: string;
  readonly columns: readonly ColumnRule[];
  /** Columns that together tell the rows apart: a second row with the same key is refused (when the file has them all). */
  readonly key?: readonly string[];
  /** What an empty table lacks ('points'), when it must have rows. */
  readonly rows?: string;
}

/** A column rule, for short declarations: `column('rep', 'count')`. */
export function column(name: string, type: FieldType, more: Omit<ColumnRule, 'name' | 'type'> = {}): ColumnRule {
  return { name, type, ...more };
}

/** Columns of one type. */
export function columns(type: FieldType, names: readonly string[], more: Omit<ColumnRule, 'name' | 'type'> = {}): ColumnRule[] {
  return names.map((name) => column(name, type, more));
}

/** A table of the directory, read and checked against its spec. */
export async function readTable(dir: string, spec: TableSpec): Promise<Table> {
  const required = spec.columns.filter((c) => !c.optional).map((c) => c.name);
  const csv = join(dir, `${spec.name}.csv`);
  const parquet = join(dir, `${spec.name}.parquet`);
  let table: Table;
  if (!(await exists(csv)) && (await exists(parquet))) {
    const { readParquet } = await import('./parquet.js');
    table = await readParquet(parquet, required);
  } else {
    table = await readCsv(csv, required);
  }
  checkTable(table, spec);
  return table;
}

/** Checks every field of the spec's columns, the key and that rows are present. */
function checkTable(table: Table, spec: TableSpec): void {
  for (const rule of spec.columns) {
    if (!table.has(rule.name)) continue;
    const c = table.column(rule.name);
    const blank = rule.blank ?? (rule.type === 'number' || rule.type === 'text');
    for (let r = 0; r < table.rows.length; r++) {
      const text = table.text(r, c);
      if (text === '') {
        if (!blank) throw new InputError(`${table.at(r)}: ${rule.name}: no value${rule.why ? ` (${rule.why})` : ''}`);
        continue;
      }
      const problem = FIELD_PROBLEM[rule.type](text, () => table.number(r, c));
      if (problem !== undefined) throw new InputError(`${table.at(r)}: ${rule.name}: ${problem}: '${text.length > 40 ? `${text.slice(0, 40)}...` : text}'`);
    }
  }
  if (spec.key && spec.key.every((k) => table.has(k))) table.unique(spec.key.map((k) => table.column(k)));
  if (spec.rows !== undefined && table.rows.length === 0) throw new InputError(`${table.file}: no ${spec.rows}`);
}

/** The words of a flag field. */
const FLAGS: Readonly<Record<string, boolean>> = { true: true, false: false, 1: true, 0: false };

/** Why a non-empty field is not of its type, or undefined; `number` reads it as Table.number does (refusing NaN, Infinity). */
const FIELD_PROBLEM: Record<FieldType, (text: string, number: () => number) => string | undefined> = {
  number: (_, number) => (number(), undefined),
  count: (_, number) => {
    const x = number();
    return Number.isInteger(x) && x >= 0 ? undefined : 'not a whole number from 0';
  },
  month: (text) => (MONTH_PATTERN.test(text) ? undefined : 'not YYYY-MM'),
  flag: (text) => (Object.hasOwn(FLAGS, text) ? undefined : 'not true or false'),
  // A word is a category; NaN and Infinity are not values a model runs at, though Number() reads them.
  value: (text, number) => {
    if (/^[+-]?(nan|inf|infinity)$/i.test(text.trim())) return 'not a value a point can run at (a finite number or a word)';
    if (!Number.isNaN(Number(text))) number(); // a number must be finite (1e400 is refused)
    return undefined;
  },
  text: () => undefined,
};

/** A flag field of a checked table as a boolean. */
export function flagOf(table: Table, row: number, column: number): boolean {
  return FLAGS[table.text(row, column)] === true;
}

/** Whether the directory holds the table, in either format. */
export async function hasTable(dir: string, name: string): Promise<boolean> {
  return (await exists(join(dir, `${name}.csv`))) || (await exists(join(dir, `${name}.parquet`)));
}
