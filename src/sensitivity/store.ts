import { readdirSync, rmSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { isOwnTemp, RunDir, syncDir, tempOwner, writeFileAtomic } from '../output/atomic.js';
import { errnoCode, writeFailure } from '../output/errors.js';
import { UsageError } from '../scenario/errors.js';

/**
 * Where a sensitivity analysis keeps its work so it can be resumed: `<out>/.<name>.partial/` holds manifest.json (what
 * the analysis is: the resolved scenario, the design's settings, the outcomes, the seeds) and journal.jsonl, one line
 * per finished point, appended in point order and flushed to disk (fdatasync) before the next point is counted. A
 * line holds the point's outcomes per replication at full precision (JSON numbers round-trip exactly), so the
 * outputs assembled from the journal are the same bytes whether the analysis ran at once or was resumed. A process
 * killed while appending leaves at worst a line without its end, which the next start cuts off. When every point is
 * finished the outputs are assembled into `<out>/<name>/` (built in a temporary directory and swapped into place
 * like a run's) and the work directory is removed.
 */
export class SensitivityStore {
  readonly partial: string;
  private readonly final: RunDir;
  private journal: FileHandle | undefined;

  constructor(out: string, name: string) {
    this.partial = join(out, `.${name}.partial`);
    this.final = new RunDir(out, name);
  }

  /** The final output directory. */
  get path(): string {
    return this.final.path;
  }

  /** The temporary output directory (where assemble() writes). */
  get temp(): string {
    return this.final.temp;
  }

  private get journalFile(): string {
    return join(this.partial, 'journal.jsonl');
  }

  /**
   * Prepares the work directory for the analysis described by `manifest` and returns the journal's lines (the
   * finished points, in order). A work directory of another analysis is a UsageError unless `fresh`, which discards it.
   */
  async open(manifest: string, fresh: boolean): Promise<string[]> {
    await this.final.create(); // the output location is checked, and a half-done commit finished, before anything runs
    if (fresh) await rm(this.partial, { recursive: true, force: true });
    await mkdir(this.partial, { recursive: true });
    const manifestFile = join(this.partial, 'manifest.json');
    const existing = await readFile(manifestFile, 'utf8').catch((err: unknown) => {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw err;
    });
    if (existing !== undefined && existing !== manifest) {
      throw new UsageError(
        `${this.partial} holds an interrupted sensitivity analysis with other arguments (${differences(existing, manifest)}); ` +
          'run it again with its original arguments to resume it, or add --fresh to discard it and start over',
      );
    }
    for (const name of await readdir(this.partial)) {
      // Without a manifest nothing here is known to belong to this analysis; temporary files are a killed process's.
      if (existing === undefined || tempOwner(name) !== undefined) await rm(join(this.partial, name), { recursive: true, force: true });
    }
    if (existing === undefined) await writeFileAtomic(manifestFile, manifest);
    const lines = await this.readJournal();
    this.journal = await open(this.journalFile, 'a');
    return lines;
  }

  /** The complete lines of the journal; a last line without its end (a killed append) is cut off the file. */
  private async readJournal(): Promise<string[]> {
    const text = await readFile(this.journalFile, 'utf8').catch((err: unknown) => {
      if (errnoCode(err) === 'ENOENT') return '';
      throw err;
    });
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) {
      const handle = await open(this.journalFile, 'r+');
      try {
        await handle.truncate(Buffer.byteLength(text.slice(0, end), 'utf8'));
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    return end === 0 ? [] : text.slice(0, end - 1).split('\n');
  }

  /** Appends one finished point's line and flushes it to disk. */
  async append(line: string): Promise<void> {
    if (!this.journal) throw new Error('SensitivityStore: open() first');
    if (line.includes('\n')) throw new Error('a journal line cannot hold a line break');
    try {
      await this.journal.write(line + '\n');
      await this.journal.datasync();
    } catch (err) {
      throw writeFailure(this.journalFile, err);
    }
  }

  /** Every line of the journal, re-read from disk: what the outputs are assembled from. */
  async lines(): Promise<string[]> {
    await this.closeJournal();
    return this.readJournal();
  }

  /** Writes whole files into the temporary output directory. */
  async write(files: Readonly<Record<string, string>>): Promise<void> {
    for (const [name, text] of Object.entries(files)) await writeFileAtomic(this.final.file(name), text);
  }

  /** Path of a file inside the temporary output directory. */
  file(name: string): string {
    return this.final.file(name);
  }

  /** Swaps the assembled outputs into place, then removes the work directory. */
  async commit(): Promise<void> {
    await this.closeJournal();
    await this.final.commit();
    await rm(this.partial, { recursive: true, force: true });
    await syncDir(join(this.partial, '..'));
  }

  private async closeJournal(): Promise<void> {
    const handle = this.journal;
    this.journal = undefined;
    await handle?.close();
  }

  /** Removes this process's temporary files and the unfinished output directory; the journal stays for resuming. */
  discardSync(): void {
    try {
      for (const name of readdirSync(this.partial)) if (isOwnTemp(name)) rmSync(join(this.partial, name), { force: true });
    } catch {
      // no work directory yet
    }
    this.final.discardSync();
  }
}

/** What differs between two manifests, for the message: the settings and scenario keys by path. */
function differences(a: string, b: string): string {
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  };
  const found = new Set<string>();
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const walk = (x: unknown, y: unknown, path: readonly string[]) => {
    if (JSON.stringify(x) === JSON.stringify(y)) return;
    // Scenario keys by their path (a timeline as a whole); settings by name.
    if (isObject(x) && isObject(y) && !('points' in x && 'interpolation' in x)) {
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[key], y[key], [...path, key]);
      return;
    }
    const named = path[0] === 'scenario' || path[0] === 'settings' ? path.slice(1) : path;
    found.add(path[0] === 'homeward' ? 'homeward version' : named.join('.') || path[0]!);
  };
  walk(parse(a), parse(b), []);
  // The seeds follow from the seed and reps; name them only if nothing else differs.
  const named = [...found].filter((k) => k !== 'rep_seeds');
  const list = named.length > 0 ? named : [...found];
  return list.length > 0 ? `it differs in: ${list.slice(0, 8).join(', ')}${list.length > 8 ? ', ...' : ''}` : 'its manifest differs';
}
