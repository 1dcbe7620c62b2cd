// Commands run in-process, through the built code (dist/) as the CLI runs them, for tests of what a command computes
// and writes; tests of the CLI's contract (exit codes, stderr, signals) spawn it (cli.ts). A command in-process
// starts no Node.js process and loads its modules once per vitest worker: a small run takes a tenth of the time.
import { expect } from 'vitest';
import type * as Main from '../../src/cli/main.js';
import type * as Run from '../../src/cli/run.js';
import type { RunInfo } from '../../src/output/run-files.js';
import { homeward, importDist, requireBuild, type Ran } from './cli.js';

/** What a command printed on stdout and stderr, and what it returned. */
export interface Printed<T> {
  readonly value: T;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `work`, collecting what it writes on stdout and stderr instead of printing it (tests stay quiet). */
export async function printed<T>(work: () => Promise<T>): Promise<Printed<T>> {
  const text = { stdout: '', stderr: '' };
  const streams = { stdout: process.stdout, stderr: process.stderr } as const;
  const writes = { stdout: streams.stdout.write, stderr: streams.stderr.write };
  for (const name of ['stdout', 'stderr'] as const) {
    streams[name].write = ((chunk: string | Uint8Array) => {
      text[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof process.stdout.write;
  }
  try {
    const value = await work();
    return { value, ...text };
  } finally {
    streams.stdout.write = writes.stdout;
    streams.stderr.write = writes.stderr;
  }
}

/** `homeward run` in-process: the built command with the arguments main.ts would give it. */
export async function runInProcess(args: Run.RunArgs): Promise<Printed<RunInfo>> {
  requireBuild();
  const { runCommand } = await importDist<typeof Run>('cli/run.js');
  return printed(() => runCommand(args));
}

/** The last in-process command started: the next waits for it, since `printed` takes over this process's stdout. */
let previous: Promise<unknown> = Promise.resolve();

/**
 * `homeward ...args` in-process: the built program (dist/cli/main.js, the same yargs program and error handling as
 * the CLI) with its exit code and what it printed. For what a command computes and writes; a test of how the process
 * behaves (signals, argv as the shell passes it, the exit itself) spawns it (cli.ts).
 */
export async function inProcess(args: readonly string[], cwd?: string): Promise<Ran> {
  requireBuild();
  const { main } = await importDist<typeof Main>('cli/main.js');
  const turn = previous.then(() => printed(() => inDirectory(cwd, () => leavingNoHandlers(args, () => main(args)))));
  previous = turn.catch(() => undefined);
  const { value, stdout, stderr } = await turn;
  return { code: value, signal: null, stdout, stderr };
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Runs a command, failing if it leaves a signal handler installed (it would act on the next command in this process). */
async function leavingNoHandlers<T>(args: readonly string[], work: () => Promise<T>): Promise<T> {
  const count = () => SIGNALS.map((s) => process.listenerCount(s)).join(',');
  const before = count();
  const value = await work();
  if (count() !== before) throw new Error(`homeward ${args.join(' ')} left signal handlers installed (SIGINT,SIGTERM: ${before} before, ${count()} after)`);
  return value;
}

/**
 * Runs `work` with `cwd` as the working directory (a vitest worker process runs one test file at a time, and commands
 * in-process one at a time, so nothing else sees it), and goes back afterwards, for the next test file of the worker.
 */
async function inDirectory<T>(cwd: string | undefined, work: () => Promise<T>): Promise<T> {
  if (cwd === undefined) return work();
  const before = process.cwd();
  process.chdir(cwd);
  try {
    return await work();
  } finally {
    process.chdir(before);
  }
}

/** `inProcess`, expected to succeed quietly: exit 0, nothing on stderr. */
export async function inProcessOk(args: readonly string[], cwd?: string): Promise<Ran> {
  const ran = await inProcess(args, cwd);
  expect(ran.stderr).toBe('');
  expect(ran.code).toBe(0);
  return ran;
}

/**
 * How to run case `index` of a table of bad inputs to one command: the first through the CLI itself (the process exits
 * with the code and writes the message), the others in-process through the same program, where code and message are
 * made. A spawn costs about half a CPU-second of loading before the command starts.
 */
export function firstThroughCli(index: number): (args: readonly string[]) => Promise<Ran> {
  return index === 0 ? homeward : inProcess;
}
