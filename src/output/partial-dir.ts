import { readdirSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isOwnTemp, RunDir, syncDir, tempOwner, writeFileAtomic } from './atomic.js';
import { errnoCode } from './errors.js';
import { UsageError } from '../scenario/errors.js';

/**
 * The output directory of a command that resumes after an interruption (sweep, sensitivity): its finished work is
 * kept in `<out>/.<name>.partial/` under manifest.json, a description of the command (the resolved scenario and its
 * settings), so that a later start with the same arguments takes it up and one with other arguments is refused. How
 * the work is kept (a file per point, a journal) is the command's, in a subclass. Once every point is finished the
 * outputs are assembled into the temporary directory of `<out>/<name>` (RunDir), swapped into place like a run's,
 * and the work directory is removed.
 */
export class PartialDir {
  /** The work directory. */
  readonly partial: string;
  private readonly final: RunDir;

  /** `what` names the command in messages: `sweep`, `sensitivity analysis`. */
  constructor(out: string, name: string, private readonly what: string) {
    this.partial = join(out, `.${name}.partial`);
    this.final = new RunDir(out, name);
  }

  /** The final output directory. */
  get path(): string {
    return this.final.path;
  }

  /** The temporary output directory, where the outputs are assembled (charts may follow before commit()). */
  get temp(): string {
    return this.final.temp;
  }

  /** Path of a file inside the temporary output directory. */
  file(name: string): string {
    return this.final.file(name);
  }

  /**
   * Prepares the work directory for the command described by `manifest` and returns the names of the files it
   * keeps from an interrupted start (none for a new one). A work directory of other arguments is a UsageError
   * naming what differs, unless `fresh`, which discards it.
   */
  protected async prepare(manifest: string, fresh: boolean): Promise<string[]> {
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
        `${this.partial} holds an interrupted ${this.what} with other arguments (${differences(existing, manifest)}); ` +
          'run it again with its original arguments to resume it, or add --fresh to discard it and start over',
      );
    }
    const kept: string[] = [];
    for (const name of await readdir(this.partial)) {
      // Without a manifest nothing here is known to belong to this command; temporary files are a killed process's.
      if (existing === undefined || tempOwner(name) !== undefined) await rm(join(this.partial, name), { recursive: true, force: true });
      else kept.push(name);
    }
    if (existing === undefined) await writeFileAtomic(manifestFile, manifest);
    return kept;
  }

  /** Writes whole files into the temporary output directory. */
  async write(files: Readonly<Record<string, string>>): Promise<void> {
    for (const [name, text] of Object.entries(files)) await writeFileAtomic(this.final.file(name), text);
  }

  /** Swaps the assembled outputs into place, then removes the work directory (a rerun would only assemble them again). */
  async commit(): Promise<void> {
    await this.final.commit(true);
    try {
      await rm(this.partial, { recursive: true, force: true });
      await syncDir(join(this.partial, '..'));
    } finally {
      this.final.release(); // only now: the work directory is part of what the lock guards
    }
  }

  /** Removes this process's temporary files (work under way, an unfinished assembly); the finished work stays. */
  discardSync(): void {
    try {
      for (const name of readdirSync(this.partial)) if (isOwnTemp(name)) rmSync(join(this.partial, name), { force: true });
    } catch {
      // no work directory yet
    }
    this.final.discardSync();
  }
}

/** Manifest settings that follow from others (seeds from the seed and reps; a sweep's points and values from its parameters). */
const DERIVED: ReadonlySet<string> = new Set(['rep_seeds', 'points', 'values']);

/**
 * What differs between two manifests (`{ homeward, <settings>, scenario }`), for the message: a scenario key by its
 * path (a timeline as a whole), a setting of the command by its name; derived settings only if nothing else differs.
 */
function differences(a: string, b: string): string {
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const found = new Set<string>();
  const walk = (x: unknown, y: unknown, path: readonly string[]) => {
    if (JSON.stringify(x) === JSON.stringify(y)) return;
    const deeper = path[0] === 'scenario' ? !(isObject(x) && 'points' in x && 'interpolation' in x) : path.length < 2;
    if (isObject(x) && isObject(y) && deeper) {
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[key], y[key], [...path, key]);
      return;
    }
    found.add(path[0] === 'homeward' ? 'homeward version' : path.slice(1).join('.') || path[0]!);
  };
  walk(parse(a), parse(b), []);
  const named = [...found].filter((k) => !DERIVED.has(k));
  const list = named.length > 0 ? named : [...found];
  return list.length > 0 ? `it differs in: ${list.slice(0, 8).join(', ')}${list.length > 8 ? ', ...' : ''}` : 'its manifest differs';
}
