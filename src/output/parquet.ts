import { open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { formatNumber } from './csv.js';
import { syncDir, writeFileAtomic } from './atomic.js';
import { OutputError, writeFailure } from './errors.js';
import { InputError } from './errors.js';
import { Table } from './read-files.js';

/**
 * Parquet outputs (`--format parquet`), through DuckDB's Node API: a table is written as homeward writes its CSV
 * (streamed, so memory stays flat however many runs) and DuckDB converts that text to a typed, compressed Parquet
 * file. So the Parquet file holds exactly the CSV's values (numbers rounded as the CSV rounds them, undefined values
 * as NULL), typed: whole-number columns as integers, months as a DATE (the first of the month), flags as booleans,
 * measurements as doubles. The conversion runs on one DuckDB thread, so the bytes do not depend on the machine.
 * DuckDB is loaded only when a Parquet file is written or read.
 */

/** The type of a column in Parquet. */
export type ColumnType = 'integer' | 'bigint' | 'double' | 'month' | 'text' | 'boolean';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
}

export type OutputFormat = 'csv' | 'parquet';

const SQL_TYPE: Record<ColumnType, string> = { integer: 'INTEGER', bigint: 'BIGINT', double: 'DOUBLE', month: 'DATE', text: 'VARCHAR', boolean: 'BOOLEAN' };

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** A column of text converted to its type. */
function typed(c: ColumnSpec): string {
  const col = ident(c.name);
  if (c.type === 'month') return `CAST(strptime(${col}, '%Y-%m') AS DATE) AS ${col}`;
  if (c.type === 'text') return col;
  return `CAST(${col} AS ${SQL_TYPE[c.type]}) AS ${col}`;
}

async function withDuckDB<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Writes `target` (atomically: a temporary file in its directory, flushed, renamed) from CSV files as homeward
 * writes them, in order: `header` says whether each file starts with a header line (the parts of a sweep do not).
 * Every file must have the `columns`, in order.
 */
export async function csvToParquet(target: string, sources: readonly string[], header: boolean, columns: readonly ColumnSpec[]): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  const read =
    `read_csv([${sources.map(literal).join(', ')}], header=${header}, auto_detect=false, delim=',', quote='"', escape='"', ` +
    `columns={${columns.map((c) => `${literal(c.name)}: 'VARCHAR'`).join(', ')}})`;
  const sql = `COPY (SELECT ${columns.map(typed).join(', ')} FROM ${read}) TO ${literal(temp)} (FORMAT parquet, COMPRESSION zstd)`;
  try {
    await withDuckDB((c) => c.run(sql));
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    await syncDir(dirname(target));
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw parquetFailure(target, err);
  }
}

/** Writes CSV text (with its header) as `target`, the Parquet file of `columns`; the text passes through a temporary file. */
export async function csvTextToParquet(target: string, text: string, columns: readonly ColumnSpec[]): Promise<void> {
  const csv = join(dirname(target), `.${basename(target)}.csv.tmp-${process.pid}`);
  try {
    await writeFile(csv, text);
    await csvToParquet(target, [csv], true, columns);
  } catch (err) {
    throw writeFailure(target, err);
  } finally {
    await rm(csv, { force: true });
  }
}

/** Converts a CSV file homeward wrote (with its header) into `<name>.parquet` beside it, and removes the CSV. */
export async function replaceCsv(csv: string, columns: readonly ColumnSpec[]): Promise<void> {
  await csvToParquet(csv.replace(/\.csv$/, '.parquet'), [csv], true, columns);
  await rm(csv);
}

/** DuckDB's errors name no errno: a full disk or a read-only file system is told from its message. */
function parquetFailure(target: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (/no space left/i.test(message)) return writeFailure(target, Object.assign(new Error(message), { code: 'ENOSPC' }));
  if (/read-only file system/i.test(message)) return new OutputError(`cannot write ${target}: the file system is read-only`);
  if (/permission denied/i.test(message)) return new OutputError(`cannot write ${target}: permission denied`);
  return writeFailure(target, err);
}

/**
 * A Parquet file as the Table a CSV reader gives (read-files.ts): every field as the CSV's text, so the readers of
 * output directories treat both formats alike. Numbers are formatted as the CSV formats them (the file holds the
 * CSV's values), months as YYYY-MM, NULL as an empty field.
 */
export async function readParquet(file: string, required: readonly string[] = []): Promise<Table> {
  const rows = await withDuckDB(async (c) => {
    let schema;
    try {
      schema = (await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${literal(file)})`)).getRowsJS();
    } catch (err) {
      throw new InputError(`${file}: not a readable Parquet file (${(err instanceof Error ? err.message : String(err)).split('\n')[0]})`);
    }
    const names = schema.map((r) => String(r[0]));
    const types = schema.map((r) => String(r[1]));
    const select = names.map((name, i) => {
      const col = ident(name);
      const type = types[i]!;
      if (type === 'DATE') return `strftime(${col}, '%Y-%m')`;
      if (type === 'DOUBLE' || type === 'FLOAT') return `CAST(${col} AS DOUBLE)`;
      return `CAST(${col} AS VARCHAR)`;
    });
    const reader = await c.runAndReadAll(`SELECT ${select.join(', ')} FROM read_parquet(${literal(file)})`);
    return { names, rows: reader.getRowsJS() };
  });
  const text = rows.rows.map((row) => row.map((v) => (v === null ? '' : typeof v === 'number' ? formatNumber(v) : String(v))));
  const table = new Table(file, rows.names, text);
  const missing = required.filter((col) => !table.has(col));
  if (missing.length > 0) throw new InputError(`${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return table;
}

/** Types of a table's columns by name; a column not named is a double. */
export type ColumnTypes = Readonly<Record<string, ColumnType>>;

export function schemaOf(header: readonly string[], types: ColumnTypes): ColumnSpec[] {
  return header.map((name) => ({ name, type: types[name] ?? 'double' }));
}

/**
 * Writes an output file of a command: a table (`types` given) in the format, as `<name>.csv` or as `<name>.parquet`
 * typed by `types`; any other file (JSON, YAML) as it is. Atomically, as every output.
 */
export async function writeOutputFile(path: string, text: string, format: OutputFormat, types?: ColumnTypes): Promise<void> {
  if (format === 'csv' || types === undefined || !path.endsWith('.csv')) return writeFileAtomic(path, text);
  const header = text.slice(0, text.indexOf('\n')).split(',');
  await csvTextToParquet(path.replace(/\.csv$/, '.parquet'), text, schemaOf(header, types));
}
