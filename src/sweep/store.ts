import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AtomicFile, writeFileAtomic } from '../output/atomic.js';
import { csvToParquet, type ColumnSpec } from '../output/parquet.js';
import { PartialDir } from '../output/partial-dir.js';

/**
 * Where a sweep keeps its work so it can be resumed (PartialDir: `<out>/.<name>.partial/`, its manifest the resolved
 * base scenario and the design): per finished point, `point-NNNNNN.csv` (its sweep.csv rows, every rep), then
 * `point-NNNNNN.outcomes` (its headline outcomes per rep, at full precision, for the paired costs) and then
 * `point-NNNNNN.row` (its points.csv row). All are written under temporary names and renamed when complete, the .row
 * last, so a point counts as finished only when its .row exists; a killed process leaves at worst temporary files,
 * which are removed on the next start. When every point is finished the outputs are assembled in point order.
 */
export class SweepStore extends PartialDir {
  constructor(out: string, name: string) {
    super(out, name, 'sweep');
  }

  /**
   * Prepares the work directory for the sweep described by `manifest` and returns the points already finished.
   * A work directory of another sweep (other arguments) is an error unless `fresh`, which discards it.
   */
  async open(manifest: string, points: number, fresh: boolean): Promise<Set<number>> {
    const present = new Set(await this.prepare(manifest, fresh));
    const done = new Set<number>();
    for (let k = 0; k < points; k++) if (present.has(rowName(k)) && present.has(csvName(k)) && present.has(outcomesName(k))) done.add(k);
    return done;
  }

  /** Opens the sweep.csv rows file of a point, to be written rep by rep. */
  beginPoint(point: number): Promise<AtomicFile> {
    return AtomicFile.open(join(this.partial, csvName(point)));
  }

  /** Marks a point finished: commits its rows, writes its outcomes per rep (outcomes[rep][k]), then its points.csv row. */
  async finishPoint(point: number, rows: AtomicFile, outcomes: readonly (readonly number[])[], pointsRow: string): Promise<void> {
    await rows.commit();
    // JSON keeps every digit (NaN, an undefined outcome, as null), so costs computed from it equal compare's.
    await writeFileAtomic(join(this.partial, outcomesName(point)), JSON.stringify(outcomes.map((rep) => rep.map((x) => (Number.isNaN(x) ? null : x)))) + '\n');
    await writeFileAtomic(join(this.partial, rowName(point)), pointsRow);
  }

  /** A finished point's headline outcomes per rep, as finishPoint stored them. */
  async pointOutcomes(point: number): Promise<number[][]> {
    const stored = JSON.parse(await readFile(join(this.partial, outcomesName(point)), 'utf8')) as (number | null)[][];
    return stored.map((rep) => rep.map((x) => x ?? NaN));
  }

  /** The points.csv rows of the finished points (no header, no line end), in point order. */
  async pointsRows(points: number): Promise<string[]> {
    const rows: string[] = [];
    for (let k = 0; k < points; k++) rows.push((await readFile(join(this.partial, rowName(k)), 'utf8')).trimEnd());
    return rows;
  }

  /**
   * Writes the outputs from the finished points into the temporary output directory, in point order: sweep.csv and
   * points.csv (streamed one point at a time), or with `parquet` (their schemas) sweep.parquet and points.parquet
   * converted from the points' files; and the given whole files. Returns that directory (charts may follow before
   * commit()).
   */
  async assemble(
    points: number,
    headers: { sweep: string; points: string },
    files: Readonly<Record<string, string>>,
    parquet?: { sweep: readonly ColumnSpec[]; points: readonly ColumnSpec[] },
  ): Promise<string> {
    const parts = (name: (k: number) => string) => Array.from({ length: points }, (_, k) => join(this.partial, name(k)));
    if (parquet) {
      await csvToParquet(this.file('sweep.parquet'), parts(csvName), false, parquet.sweep);
      await csvToParquet(this.file('points.parquet'), parts(rowName), false, parquet.points);
    } else {
      await concat(this.file('sweep.csv'), headers.sweep, parts(csvName));
      await concat(this.file('points.csv'), headers.points, parts(rowName));
    }
    await this.write(files);
    return this.temp;
  }
}

async function concat(path: string, header: string, parts: readonly string[]): Promise<void> {
  const file = await AtomicFile.open(path);
  try {
    await file.write(header);
    for (const part of parts) await file.write(await readFile(part, 'utf8'));
    await file.commit();
  } catch (err) {
    await file.discard();
    throw err;
  }
}

const pad = (k: number) => String(k).padStart(6, '0');
const csvName = (k: number) => `point-${pad(k)}.csv`;
const rowName = (k: number) => `point-${pad(k)}.row`;
const outcomesName = (k: number) => `point-${pad(k)}.outcomes`;
