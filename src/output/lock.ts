import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { errnoCode, OutputError } from './errors.js';
import { processAlive } from './process.js';

/**
 * A lock on an output (or work) location, `<dir>/.<name>.lock`, held by one process for as long as it writes there:
 * two commands writing `<out>/<name>` at once would otherwise both finish "successfully" with one's outputs lost, and
 * two resumptions of one interrupted sweep would tear its work directory apart. The lock file names its holder
 * (process id, command line, start time), so the one refused can say who holds it. A holder that no longer runs (a
 * kill -9, a crash) leaves its lock behind; the next command takes it over.
 *
 * Taking a lock is atomic: the lock file is written under a name of this process's own and then hard-linked to the
 * lock's name, which fails if the name exists. Taking over a dead holder's lock renames it away first (only one
 * process can rename it) and checks that what it renamed is the dead holder's, so two processes taking over at once
 * cannot both win.
 */

interface Holder {
  readonly pid: number;
  readonly command: string;
  readonly started: string;
}

/** Locks this process holds: a lock of this process's id that is not among them is a leftover of an earlier command in it. */
const held = new Set<string>();

export class Lock {
  private constructor(readonly file: string) {}

  /** Takes the lock of `<dir>/<name>`, or throws an OutputError naming the process that holds it. */
  static acquire(dir: string, name: string): Lock {
    const file = join(dir, `.${name}.lock`);
    const mine = join(dir, `.${name}.lock-${process.pid}`);
    const holder: Holder = { pid: process.pid, command: commandLine(), started: new Date().toISOString() };
    writeFileSync(mine, JSON.stringify(holder) + '\n');
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          linkSync(mine, file);
          held.add(file);
          return new Lock(file);
        } catch (err) {
          if (errnoCode(err) !== 'EEXIST') throw err;
        }
        const current = readHolder(file);
        if (current && isLive(current, file)) throw busy(join(dir, name), current);
        takeOver(file);
      }
      throw new OutputError(`${join(dir, name)}: could not take its lock ${file} (other processes keep taking it); try again`);
    } finally {
      rmSync(mine, { force: true });
    }
  }

  /** Gives the lock up; synchronous, so a signal handler can call it just before the process exits. */
  release(): void {
    if (!held.delete(this.file)) return;
    const current = readHolder(this.file);
    if (current?.pid === process.pid) rmSync(this.file, { force: true });
  }
}

function commandLine(): string {
  const args = process.argv.slice(2).join(' ');
  return `homeward ${args}`.slice(0, 200);
}

/** The holder a lock file names; undefined when it is gone or unreadable (a lock cut short by a crash while written). */
function readHolder(file: string): Holder | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json !== 'object' || json === null) return undefined;
    const { pid, command, started } = json as Record<string, unknown>;
    return typeof pid === 'number' ? { pid, command: typeof command === 'string' ? command : '', started: typeof started === 'string' ? started : '' } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a holder still holds: its process runs, and if it is this process, the lock is one it took and has not released. */
function isLive(h: Holder, file: string): boolean {
  return h.pid === process.pid ? held.has(file) : processAlive(h.pid);
}

/** Removes a dead holder's lock so the next attempt can take it; a live holder's lock found there instead goes back. */
function takeOver(file: string): void {
  const aside = join(dirname(file), `${basename(file)}.stale-${process.pid}`);
  try {
    renameSync(file, aside);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return; // another process took it over first: try again
    throw err;
  }
  const renamed = readHolder(aside);
  if (renamed && isLive(renamed, file)) {
    // Between reading the dead holder and renaming, a live process took the lock: put it back, unless taken again.
    try {
      linkSync(aside, file);
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
    }
  }
  rmSync(aside, { force: true });
}

function busy(path: string, h: Holder): OutputError {
  const since = h.started ? ` since ${h.started}` : '';
  const what = h.command ? ` (${h.command})` : '';
  return new OutputError(`${path} is being written by another process: pid ${h.pid}${what}${since}; wait for it to finish, or choose another --out or --name`);
}
