// The Parquet outputs as a user reads them, through DuckDB: column types, rows, and a table compared with its CSV;
// and the chart specs of a directory, which must not depend on the format the charts were read from.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { expect } from 'vitest';
import type * as Registry from '../../src/kinds/registry.js';
import { importDist } from './cli.js';
import { inProcess } from './in-process.js';

export class DuckDB {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly sql: DuckDBConnection,
  ) {}

  static async open(): Promise<DuckDB> {
    const instance = await DuckDBInstance.create(':memory:');
    return new DuckDB(instance, await instance.connect());
  }

  /** Rows of a query, as DuckDB hands them to JavaScript. */
  async rows(query: string): Promise<unknown[][]> {
    return (await this.sql.runAndReadAll(query)).getRowsJS();
  }

  /** A file's column types by name, in column order. */
  async types(file: string): Promise<Record<string, string>> {
    return Object.fromEntries((await this.rows(`DESCRIBE SELECT * FROM '${file}'`)).map((r) => [String(r[0]), String(r[1])]));
  }

  /** The Parquet file holds the CSV's columns, rows and values, in its order. */
  async expectSameTable(csvFile: string, parquetFile: string): Promise<void> {
    // DuckDB reads the CSV with types of its own guessing: compare as the CSV's text, months as YYYY-MM.
    const fromCsv = await this.rows(`SELECT * FROM read_csv('${csvFile}', all_varchar = true)`);
    const csvColumns = (await this.rows(`DESCRIBE SELECT * FROM read_csv('${csvFile}', all_varchar = true)`)).map((r) => String(r[0]));
    const columns = Object.entries(await this.types(parquetFile));
    expect(columns.map(([c]) => c), parquetFile).toEqual(csvColumns);
    const select = columns.map(([c, t]) => (t === 'DATE' ? `strftime("${c}", '%Y-%m')` : `CAST("${c}" AS VARCHAR)`)).join(', ');
    const fromParquet = await this.rows(`SELECT ${select} FROM '${parquetFile}'`);
    expect(fromParquet.length, parquetFile).toBeGreaterThan(0);
    expect(fromParquet.length, parquetFile).toBe(fromCsv.length);
    // Numbers compared as numbers (DuckDB prints doubles its own way); undefined values are NULL in both.
    const norm = (v: unknown) => (v === null ? null : Number.isNaN(Number(v)) ? v : Number(v));
    expect(fromParquet.map((r) => r.map(norm)), parquetFile).toEqual(fromCsv.map((r) => r.map(norm)));
  }

  close(): void {
    this.sql.closeSync();
    this.instance.closeSync();
  }
}

/** Charts' Vega-Lite specs of a directory, by name. */
export async function chartSpecs(charts: string): Promise<Map<string, string>> {
  const names = (await readdir(charts)).filter((n) => n.endsWith('.vl.json')).sort();
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(join(charts, n), 'utf8')] as const)));
}

/**
 * A Parquet output directory is charted and reported as its CSV twin is: the charts it was written with, the charts
 * `plot` would draw from it (read in-process: drawing them again checks nothing about the format) and `report` (into
 * `<scratch>/report.html`, a page that carries every chart's spec with its data) give the same specs and page. With
 * `draw`, `plot` itself draws them (into `<scratch>/charts`): one call site does, the one with the fewest charts.
 */
export async function expectChartedAsCsv(parquetDir: string, csvDir: string, scratch: string, { draw = false } = {}): Promise<void> {
  const expected = await chartSpecs(join(csvDir, 'charts'));
  expect(await chartSpecs(join(parquetDir, 'charts'))).toEqual(expected);
  if (draw) {
    const plotted = await inProcess(['plot', parquetDir, '--out', join(scratch, 'charts')]);
    expect(plotted.code, plotted.stderr).toBe(0);
    expect(await chartSpecs(join(scratch, 'charts'))).toEqual(expected);
  } else {
    const { loadOutput } = await importDist<typeof Registry>('kinds/registry.js');
    const { charts } = (await loadOutput(parquetDir)).charts({ metrics: [] });
    // As writeCharts writes a .vl.json (src/render/write.ts).
    expect(new Map(charts.map((c) => [`${c.name}.vl.json`, JSON.stringify(c.spec, null, 1) + '\n'] as const))).toEqual(expected);
  }
  const reported = await inProcess(['report', parquetDir, '--out', join(scratch, 'report.html')]);
  expect(reported.code, reported.stderr).toBe(0);
  expect(await readFile(join(scratch, 'report.html'), 'utf8')).toBe(await readFile(join(csvDir, 'report.html'), 'utf8'));
}
