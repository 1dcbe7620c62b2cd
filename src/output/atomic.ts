import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Atomic output: a file is written under a temporary name in its own directory, flushed to disk and renamed,
 * so a reader sees either the old file or the complete new one, never a partial one. A run's directory is built
 * the same way: every file goes into a temporary directory next to the final one, which is swapped into place
 * only when the run has succeeded.
 */

function tempName(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp-${process.pid}`);
}

/** A file written in pieces (e.g. rows as reps complete) and made visible only by commit(). */
export class AtomicFile {
  private constructor(
    readonly path: string,
    private readonly temp: string,
    private handle: FileHandle | undefined,
  ) {}

  static async open(path: string): Promise<AtomicFile> {
    const temp = tempName(path);
    return new AtomicFile(path, temp, await open(temp, 'w'));
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    if (!this.handle) throw new Error(`${this.path}: already closed`);
    if (typeof chunk === 'string') await this.handle.write(chunk);
    else await this.handle.writeFile(chunk); // binary (a PNG): writeFile loops until every byte is written
  }

  async commit(): Promise<void> {
    if (!this.handle) throw new Error(`${this.path}: already closed`);
    const handle = this.handle;
    this.handle = undefined;
    await handle.sync();
    await handle.close();
    await rename(this.temp, this.path);
  }

  async discard(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
    await rm(this.temp, { force: true });
  }
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const file = await AtomicFile.open(path);
  try {
    await file.write(data);
    await file.commit();
  } catch (err) {
    await file.discard();
    throw err;
  }
}

/**
 * The output directory of a run, `<out>/<name>`, built in `<out>/.<name>.tmp-<pid>` and swapped into place by
 * commit(). An earlier `<out>/<name>` is moved aside, replaced, and removed only after the new one is in place.
 */
export class RunDir {
  /** The final directory. */
  readonly path: string;
  /** Where files are written until commit. */
  readonly temp: string;
  private readonly aside: string;
  private committed = false;

  /** Only names the paths; create() makes the temporary directory. */
  constructor(out: string, name: string) {
    this.path = join(out, name);
    this.temp = join(out, `.${name}.tmp-${process.pid}`);
    this.aside = join(out, `.${name}.old-${process.pid}`);
  }

  async create(): Promise<void> {
    await mkdir(dirname(this.temp), { recursive: true });
    await rm(this.temp, { recursive: true, force: true }); // left over by a killed process with our pid
    await mkdir(this.temp);
  }

  /** Path of a file inside the (temporary) run directory. */
  file(name: string): string {
    return join(this.temp, name);
  }

  async commit(): Promise<void> {
    const old = await stat(this.path).catch(() => undefined);
    if (old) {
      if (!old.isDirectory()) throw new Error(`${this.path} exists and is not a directory`);
      await rm(this.aside, { recursive: true, force: true });
      await rename(this.path, this.aside);
    }
    try {
      await rename(this.temp, this.path);
    } catch (err) {
      if (old) await rename(this.aside, this.path); // put the previous run back
      throw err;
    }
    this.committed = true;
    if (old) await rm(this.aside, { recursive: true, force: true });
  }

  /**
   * Removes the temporary directory (and restores a previous run moved aside); synchronous so a signal handler
   * can call it right before exiting.
   */
  discardSync(): void {
    if (this.committed) return;
    rmSync(this.temp, { recursive: true, force: true });
    if (existsSync(this.aside) && !existsSync(this.path)) renameSync(this.aside, this.path);
  }
}
