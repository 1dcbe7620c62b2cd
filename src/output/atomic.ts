import { mkdir, open, readdir, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { errnoCode, OutputError, writeFailure } from './errors.js';
import { hold } from './hold.js';
import { Lock } from './lock.js';
import { processAlive } from './process.js';

/**
 * Atomic output, the one path every output file is written through: a file is written under a temporary name in
 * its own directory, every write checked for all its bytes, flushed to disk (fsync) and renamed, and the directory
 * flushed, so a reader sees either the old file or the complete new one, never a partial one, even after a full
 * disk or a crash. A command's output directory is built the same way: every file goes into a temporary directory
 * next to the final one, which is swapped into place by a journaled commit that a later run can finish or undo
 * (see RunDir).
 */

function tempName(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp-${process.pid}`);
}

/** Writes all of `data` at the handle's position, looping over short writes; a write that makes no progress fails. */
async function writeAll(handle: FileHandle, data: string | Uint8Array): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    offset += bytesWritten;
  }
}

/** Flushes a directory's entries (a rename in it) to disk; file systems that cannot sync a directory are let be. */
export async function syncDir(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    const code = errnoCode(err);
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw err;
  } finally {
    await handle?.close().catch(() => undefined);
  }
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
    try {
      return new AtomicFile(path, temp, await open(temp, 'w'));
    } catch (err) {
      throw writeFailure(path, err);
    }
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    if (!this.handle) throw new Error(`${this.path}: already closed`);
    try {
      await writeAll(this.handle, chunk);
    } catch (err) {
      throw writeFailure(this.path, err);
    }
  }

  async commit(): Promise<void> {
    if (!this.handle) throw new Error(`${this.path}: already closed`);
    const handle = this.handle;
    this.handle = undefined;
    try {
      await handle.sync();
      await handle.close();
      await rename(this.temp, this.path);
      await syncDir(dirname(this.path));
    } catch (err) {
      await handle.close().catch(() => undefined);
      await rm(this.temp, { force: true }).catch(() => undefined);
      throw writeFailure(this.path, err);
    }
  }

  async discard(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
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

const TEMP = /^\.(.+)\.tmp-(\d+)$/;

/** The process that made a temporary file or directory (`.<name>.tmp-<pid>`), or undefined for another name. */
export function tempOwner(name: string): number | undefined {
  const m = TEMP.exec(name);
  return m ? Number(m[2]) : undefined;
}

/** Whether `name` is a temporary file or directory of this process. */
export function isOwnTemp(name: string): boolean {
  return tempOwner(name) === process.pid;
}

/**
 * Removes temporary files and directories (`.<name>.tmp-<pid>`) that processes no longer running left in `dir`
 * (a kill -9 leaves them). A missing directory has none.
 */
export async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const owner = tempOwner(name);
    if (owner !== undefined && !processAlive(owner)) await rm(join(dir, name), { recursive: true, force: true });
  }
}

/**
 * mkdir -p that reports the real cause: Node's recursive mkdir says ENOENT on a read-only file system, so the
 * missing directories are made one at a time from the nearest existing one.
 */
async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  let d = dir;
  while ((await kindOf(d)) === 'missing' && dirname(d) !== d) {
    missing.unshift(d);
    d = dirname(d);
  }
  for (const m of missing) {
    await mkdir(m).catch((err: unknown) => {
      if (errnoCode(err) !== 'EEXIST') throw err;
    });
  }
}

/** What a command's output location is: checked before anything is simulated. */
async function kindOf(path: string): Promise<'missing' | 'directory' | 'other'> {
  const s = await stat(path).catch((err: unknown) => {
    if (errnoCode(err) === 'ENOENT') return undefined;
    if (errnoCode(err) === 'ENOTDIR') return null;
    throw err;
  });
  if (s === undefined) return 'missing';
  if (s === null) return 'other';
  return s.isDirectory() ? 'directory' : 'other';
}

/** Entries of a commit in the output directory: `.<name>.<kind>-<pid>`. */
const ENTRY = /^\.(.+)\.(tmp|old|commit|trash)-(\d+)$/;

/**
 * The output directory of a command, `<out>/<name>`, built in `<out>/.<name>.tmp-<pid>` and swapped into place by
 * commit(), a journaled sequence a kill -9 can interrupt at any point:
 *
 * 1. the temporary directory is complete (every file in it synced);
 * 2. the journal `<out>/.<name>.commit-<pid>` is written (synced): from here on the commit is to be finished;
 * 3. an earlier `<out>/<name>` is renamed to `<out>/.<name>.old-<pid>`;
 * 4. the temporary directory is renamed to `<out>/<name>`;
 * 5. the old directory and then the journal are removed.
 *
 * create() first recovers what dead processes left for this name: with a journal, their commit is finished (steps
 * 3-5); without one, their temporary directory is removed and a directory they moved aside is put back.
 */
export class RunDir {
  /** The final directory. */
  readonly path: string;
  /** Where files are written until commit. */
  readonly temp: string;
  private readonly aside: string;
  private readonly journal: string;
  private readonly trash: string;
  private committed = false;
  private committing = false;
  private lock: Lock | undefined;

  /** Only names the paths; create() makes the temporary directory. */
  constructor(
    readonly out: string,
    readonly name: string,
  ) {
    this.path = join(out, name);
    this.temp = join(out, `.${name}.tmp-${process.pid}`);
    this.aside = join(out, `.${name}.old-${process.pid}`);
    this.journal = join(out, `.${name}.commit-${process.pid}`);
    this.trash = join(out, `.${name}.trash-${process.pid}`);
  }

  /**
   * Checks that the output can be written (`out` a directory or missing, `<out>/<name>` a directory or missing, the
   * file system writable), recovers commits of dead processes and makes the temporary directory. Problems with the
   * location are OutputErrors.
   */
  async create(): Promise<void> {
    if (this.out === '') throw new OutputError('--out is empty: it must name a directory');
    if ((await kindOf(this.out)) === 'other') throw new OutputError(`${this.out} is not a directory (--out must name a directory)`);
    if ((await kindOf(this.path)) === 'other') throw new OutputError(`${this.path} exists and is not a directory; remove it or choose another --out or --name`);
    try {
      await makeDirs(this.out);
      // Held until the commit or the discard: a second writer of the same directory is refused, not raced.
      this.lock = Lock.acquire(this.out, this.name);
      await recoverCommits(this.out, this.name);
      await rm(this.temp, { recursive: true, force: true }); // left over by a killed process with our pid
      await mkdir(this.temp);
    } catch (err) {
      if (err instanceof OutputError) throw err;
      throw locationError(this.out, err);
    }
  }

  /** Gives up the lock on the directory (commit() does, unless told to keep it for work that follows). */
  release(): void {
    this.lock?.release();
    this.lock = undefined;
  }

  /** Path of a file inside the (temporary) run directory. */
  file(name: string): string {
    return join(this.temp, name);
  }

  /** Swaps the finished directory into place; then gives up the lock unless `keepLock` (the caller releases it). */
  async commit(keepLock = false): Promise<void> {
    this.committing = true;
    try {
      await syncDir(this.temp);
      await writeJournal(this.journal);
      await hold('commit-journal');
      await finishCommit(this.path, this.temp, this.aside, this.journal, true);
      this.committed = true;
      if (!keepLock) this.release();
    } catch (err) {
      // Undo: the previous run back in place, the journal gone; the temporary directory stays for discard.
      if (!existsSync(this.path) && existsSync(this.aside)) await rename(this.aside, this.path).catch(() => undefined);
      await rm(this.journal, { force: true }).catch(() => undefined);
      throw writeFailure(this.path, err);
    } finally {
      this.committing = false;
    }
  }

  /**
   * Removes the temporary directory (and restores a previous run moved aside); synchronous so a signal handler
   * can call it right before exiting. The directory is renamed first, so a file operation still under way cannot
   * recreate it, and its removal is retried while such an operation adds to it.
   */
  discardSync(): void {
    if (this.committed || this.committing) {
      if (this.committed) this.release();
      return;
    }
    let target = this.temp;
    try {
      renameSync(this.temp, this.trash);
      target = this.trash;
    } catch {
      // missing, or cannot be renamed: remove it where it is
    }
    try {
      rmSync(target, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    } catch (err) {
      if (errnoCode(err) !== 'ENOTDIR') throw err; // `out` is not a directory: nothing was made
    }
    if (existsSync(this.aside) && !existsSync(this.path)) renameSync(this.aside, this.path);
    this.release();
  }
}

async function writeJournal(journal: string): Promise<void> {
  const handle = await open(journal, 'w');
  try {
    await writeAll(handle, 'commit\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDir(dirname(journal));
}

/** Steps 3-5 of a commit, each skipped when already done, so a half-done commit can be finished by anyone. */
async function finishCommit(path: string, temp: string, aside: string, journal: string, holds = false): Promise<void> {
  if (existsSync(temp)) {
    if (existsSync(path)) {
      await rm(aside, { recursive: true, force: true });
      await rename(path, aside);
      if (holds) await hold('commit-aside');
    }
    await rename(temp, path);
    await syncDir(dirname(path));
    if (holds) await hold('commit-renamed');
  }
  await rm(aside, { recursive: true, force: true });
  await rm(journal, { force: true });
  await syncDir(dirname(path));
}

/** Finishes or undoes the commits of `<out>/<name>` that processes no longer running left half-done. */
export async function recoverCommits(out: string, name: string): Promise<void> {
  const byPid = new Map<number, Set<string>>();
  for (const entry of await readdir(out).catch(() => [] as string[])) {
    const m = ENTRY.exec(entry);
    if (!m || m[1] !== name) continue;
    const pid = Number(m[3]);
    if (pid !== process.pid && processAlive(pid)) continue;
    let kinds = byPid.get(pid);
    if (!kinds) byPid.set(pid, (kinds = new Set()));
    kinds.add(m[2]!);
  }
  for (const [pid, kinds] of byPid) {
    const at = (kind: string) => join(out, `.${name}.${kind}-${pid}`);
    const path = join(out, name);
    if (kinds.has('commit')) {
      await finishCommit(path, at('tmp'), at('old'), at('commit'));
    } else {
      await rm(at('tmp'), { recursive: true, force: true });
      if (existsSync(at('old'))) {
        if (existsSync(path)) await rm(at('old'), { recursive: true, force: true });
        else await rename(at('old'), path);
      }
    }
    await rm(at('trash'), { recursive: true, force: true });
  }
}

/** An error preparing the output location, as a sentence (exit 2) where it is one the user can fix. */
function locationError(out: string, err: unknown): Error {
  switch (errnoCode(err)) {
    case 'EROFS':
      return new OutputError(`cannot write in ${out}: the file system is read-only (choose another --out)`);
    case 'EACCES':
    case 'EPERM':
      return new OutputError(`cannot write in ${out}: permission denied (choose another --out)`);
    case 'ENOTDIR':
    case 'EEXIST':
      return new OutputError(`cannot make ${out}: a part of the path is a file, not a directory (--out must name a directory)`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new OutputError(`cannot write in ${out}: no space left on the device`);
    default: {
      // Any other refusal of the file system (ENOENT under /proc, EINVAL...) is still the location's fault, not ours.
      const code = errnoCode(err);
      return code !== undefined ? new OutputError(`cannot write in ${out}: the file system refuses it (${code}; choose another --out)`) : err instanceof Error ? err : new Error(String(err));
    }
  }
}

/**
 * Checks, before a single-file output is made (report --out), that `file` can be a file: not a directory, its
 * folder a directory or missing; then removes stale temporary files dead processes left beside it.
 */
export async function prepareFile(file: string, flag: string): Promise<void> {
  if (file === '') throw new OutputError(`${flag} is empty: it must name a file`);
  if ((await kindOf(file)) === 'directory') throw new OutputError(`${file} is a directory (${flag} must name a file)`);
  const dir = dirname(file);
  const kind = await kindOf(dir);
  if (kind === 'other') throw new OutputError(`${dir} is not a directory (${flag} must name a file in a directory)`);
  await prepareWritableDir(dir);
}

/** Checks, before charts are drawn into `dir` (plot --out), that it is a writable directory; removes stale temporary files. */
export async function prepareDir(dir: string, flag: string): Promise<void> {
  if (dir === '') throw new OutputError(`${flag} is empty: it must name a directory`);
  if ((await kindOf(dir)) === 'other') throw new OutputError(`${dir} is not a directory (${flag} must name a directory)`);
  await prepareWritableDir(dir);
}

/** Makes `dir`, proves a file can be written in it (a read-only file system says so here), and removes stale temporary files. */
async function prepareWritableDir(dir: string): Promise<void> {
  try {
    await makeDirs(dir);
    const probe = tempName(join(dir, 'probe'));
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (err) {
    throw locationError(dir, err);
  }
  await removeStaleTemps(dir);
}
