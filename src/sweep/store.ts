import { readdirSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AtomicFile, isOwnTemp, RunDir, tempOwner, writeFileAtomic } from '../output/atomic.js';
import { csvToParquet, type ColumnSpec } from '../output/parquet.js';
import { UsageError } from '../scenario/errors.js';

/**
 * Where a sweep keeps its work so it can be resumed: `<out>/.<name>.partial/` holds manifest.json (what the sweep
 * is: the resolved base scenario and the design) and, per finished point, `point-NNNNNN.csv` (its sweep.csv rows,
 * every rep) and then `point-NNNNNN.row` (its points.csv row). Both are written under temporary names and renamed
 * when complete, the .row last, so a point counts as finished only when its .row exists; a killed process leaves at
 * worst temporary files, which are removed on the next start. When every point is finished the outputs are
 * assembled in point order into `<out>/<name>/` (built in a temporary directory, swapped into place like a run's)
 * and the work directory is removed.
 */
export class SweepStore {
  /** The work directory. */
  readonly partial: string;
  private readonly final: RunDir;

  constructor(out: string, name: string) {
    this.partial = join(out, `.${name}.partial`);
    this.final = new RunDir(out, name);
  }

  /** The final output directory. */
  get path(): string {
    return this.final.path;
  }

  /**
   * Prepares the work directory for the sweep described by `manifest` and returns the points already finished.
   * A work directory of another sweep (other arguments) is an error unless `fresh`, which discards it.
   */
  async open(manifest: string, points: number, fresh: boolean): Promise<Set<number>> {
    // The output location is checked (and a commit a killed sweep left half-done is finished) before anything runs.
    await this.final.create();
    if (fresh) await rm(this.partial, { recursive: true, force: true });
    await mkdir(this.partial, { recursive: true });
    const manifestFile = join(this.partial, 'manifest.json');
    const existing = await readFile(manifestFile, 'utf8').catch((err: unknown) => {
      if (isMissing(err)) return undefined;
      throw err;
    });
    if (existing !== undefined && existing !== manifest) {
      throw new UsageError(
        `${this.partial} holds an interrupted sweep with other arguments (${differences(existing, manifest)}); ` +
          'run it again with its original arguments to resume it, or add --fresh to discard it and start over',
      );
    }
    const names = await readdir(this.partial);
    if (existing === undefined) {
      // Without a manifest nothing here is known to belong to this sweep.
      for (const name of names) await rm(join(this.partial, name), { recursive: true, force: true });
      await writeFileAtomic(manifestFile, manifest);
      return new Set();
    }
    const present = new Set<string>();
    for (const name of names) {
      if (tempOwner(name) !== undefined) await rm(join(this.partial, name), { force: true }); // left by a killed process
      else present.add(name);
    }
    const done = new Set<number>();
    for (let k = 0; k < points; k++) if (present.has(rowName(k)) && present.has(csvName(k))) done.add(k);
    return done;
  }

  /** Opens the sweep.csv rows file of a point, to be written rep by rep. */
  beginPoint(point: number): Promise<AtomicFile> {
    return AtomicFile.open(join(this.partial, csvName(point)));
  }

  /** Marks a point finished: commits its rows, then writes its points.csv row. */
  async finishPoint(point: number, rows: AtomicFile, pointsRow: string): Promise<void> {
    await rows.commit();
    await writeFileAtomic(join(this.partial, rowName(point)), pointsRow);
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
      await csvToParquet(this.final.file('sweep.parquet'), parts(csvName), false, parquet.sweep);
      await csvToParquet(this.final.file('points.parquet'), parts(rowName), false, parquet.points);
    } else {
      await concat(this.final.file('sweep.csv'), headers.sweep, points, (k) => join(this.partial, csvName(k)));
      await concat(this.final.file('points.csv'), headers.points, points, (k) => join(this.partial, rowName(k)));
    }
    for (const [name, text] of Object.entries(files)) await writeFileAtomic(this.final.file(name), text);
    return this.final.temp;
  }

  /** Swaps the assembled outputs into place, then removes the work directory (a rerun would only re-assemble it). */
  async commit(): Promise<void> {
    await this.final.commit();
    await rm(this.partial, { recursive: true, force: true });
  }

  /** Removes this process's temporary files (a point being written, an unfinished assembly); finished points stay. */
  discardSync(): void {
    try {
      for (const name of readdirSync(this.partial)) if (isOwnTemp(name)) rmSync(join(this.partial, name), { force: true });
    } catch {
      // no work directory yet
    }
    this.final.discardSync();
  }
}

async function concat(path: string, header: string, count: number, part: (k: number) => string): Promise<void> {
  const file = await AtomicFile.open(path);
  try {
    await file.write(header);
    for (let k = 0; k < count; k++) await file.write(await readFile(part(k), 'utf8'));
    await file.commit();
  } catch (err) {
    await file.discard();
    throw err;
  }
}

const pad = (k: number) => String(k).padStart(6, '0');
const csvName = (k: number) => `point-${pad(k)}.csv`;
const rowName = (k: number) => `point-${pad(k)}.row`;

function isMissing(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 'ENOENT';
}

/** What differs between two manifests, for the message: design keys and scenario key paths. */
function differences(a: string, b: string): string {
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  };
  const found = new Set<string>();
  const walk = (x: unknown, y: unknown, path: readonly string[]) => {
    if (JSON.stringify(x) === JSON.stringify(y)) return;
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    // Name a design setting or a scenario key (a timeline or list as a whole), not their insides.
    const depth = path[0] === 'scenario' ? Infinity : 2;
    if (isObject(x) && isObject(y) && path.length < depth && !('points' in x && path[0] === 'scenario')) {
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[key], y[key], [...path, key]);
      return;
    }
    found.add(path[0] === 'homeward' ? 'homeward version' : path.slice(1).join('.') || path[0]!);
  };
  walk(parse(a), parse(b), []);
  // Seeds and points follow from the seed, reps and parameters; name them only if nothing else differs.
  const derived = new Set(['rep_seeds', 'points', 'values']);
  const named = [...found].filter((k) => !derived.has(k));
  const list = named.length > 0 ? named : [...found];
  return list.length > 0 ? `it differs in: ${list.slice(0, 8).join(', ')}${list.length > 8 ? ', ...' : ''}` : 'its manifest differs';
}
