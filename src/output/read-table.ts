import { join } from 'node:path';
import { exists, readCsv, type Table } from './read-files.js';

/**
 * A table of an output directory in either format (`--format csv|parquet`): `<name>.csv`, else `<name>.parquet`
 * (read through DuckDB, parquet.ts, into the same Table of text fields), so the readers and everything above them
 * (plot, report) treat both alike. A missing table is reported as its CSV.
 */
export async function readTable(dir: string, name: string, required: readonly string[] = []): Promise<Table> {
  const csv = join(dir, `${name}.csv`);
  const parquet = join(dir, `${name}.parquet`);
  if (!(await exists(csv)) && (await exists(parquet))) {
    const { readParquet } = await import('./parquet.js');
    return readParquet(parquet, required);
  }
  return readCsv(csv, required);
}

/** Whether the directory holds the table, in either format. */
export async function hasTable(dir: string, name: string): Promise<boolean> {
  return (await exists(join(dir, `${name}.csv`))) || (await exists(join(dir, `${name}.parquet`)));
}
