// Helpers for tests that drive the built CLI (dist/), so worker threads always run compiled JavaScript.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** Fails early with a clear message when the build is missing (`npm test` builds first). */
export function requireBuild(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} not found: run \`npm run build\` first (npm test does)`);
}

/** Imports a built module, typed as its source. */
export async function importDist<T>(relative: string): Promise<T> {
  return (await import(pathToFileURL(join(ROOT, 'dist', relative)).href)) as T;
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `node dist/cli/main.js ...args` without a TTY (so no progress bar). */
export function start(args: readonly string[], cwd: string = ROOT, env: Readonly<Record<string, string>> = {}): { child: ChildProcess; done: Promise<Ran> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, HOMEWARD_DEBUG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<Ran>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function homeward(args: readonly string[], cwd?: string): Promise<Ran> {
  return start(args, cwd).done;
}

/** Runs homeward and expects it to succeed quietly: exit 0, nothing on stderr. */
export async function homewardOk(args: readonly string[], cwd?: string): Promise<Ran> {
  const ran = await homeward(args, cwd);
  expect(ran.stderr).toBe('');
  expect(ran.code).toBe(0);
  return ran;
}

export function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'homeward-test-'));
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** Writes `text` to `name` (a relative path, folders made as needed) in `dir` and returns the file's path. */
export async function writeText(dir: string, name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

/** A minimal scenario file (all defaults) named `name`; small runs come from command-line flags. */
export function writeScenario(dir: string, name: string, extra = ''): Promise<string> {
  return writeText(dir, `${name}.yaml`, `name: ${name}\n${extra}`);
}

/**
 * Starts `homeward ...args` held at `point` (HOMEWARD_HOLD_AT, src/output/hold.ts); once it says it is there, sends
 * `signal` and returns how it ended. A process that ends before reaching the point fails the test.
 */
export async function stopAt(args: readonly string[], point: string, signal: NodeJS.Signals): Promise<Ran> {
  const run = start(args, undefined, { HOMEWARD_HOLD_AT: point });
  try {
    const reached = new Promise<boolean>((resolve) => {
      let seen = '';
      run.child.stderr?.on('data', (d: string) => {
        seen += d;
        if (seen.includes(`hold ${point}\n`)) resolve(true);
      });
      void run.done.then(() => resolve(false));
    });
    if (!(await reached)) throw new Error(`homeward ${args.join(' ')} ended before ${point}: ${(await run.done).stderr}`);
    run.child.kill(signal);
    return await run.done;
  } finally {
    run.child.kill('SIGKILL'); // no-op once it has exited
  }
}

/** CPU time the process `pid` has used, all its threads, in milliseconds (Linux: /proc/<pid>/stat); undefined elsewhere. */
async function cpuMs(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  // After the command name in parentheses, from field 3 on: utime and stime are fields 14 and 15, in ticks of 10 ms.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Starts `homeward ...args`, sends `signal` once the process has used `ms` milliseconds of CPU time (where that
 * cannot be read, `ms` after the start), and returns how it ended. CPU time, not time since the start: on a busy
 * machine Node.js can take seconds to load the command, and a signal before the command listens for it kills the
 * process instead of interrupting the command. Starting takes about 500 ms of CPU.
 */
export async function interruptAfter(args: readonly string[], ms: number, signal: NodeJS.Signals = 'SIGINT'): Promise<Ran> {
  const run = start(args);
  try {
    for (let used = 0; run.child.exitCode === null && used < ms; ) {
      await sleep(20);
      used = (await cpuMs(run.child.pid!)) ?? used + 20;
    }
    run.child.kill(signal);
    return await run.done;
  } finally {
    run.child.kill('SIGKILL'); // no-op once it has exited
  }
}

export function readText(...parts: string[]): Promise<string> {
  return readFile(join(...parts), 'utf8');
}

/** Parses a CSV written by homeward (no quoting needed). */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trimEnd().split('\n');
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

/** Small run flags used across tests. */
export const SMALL = ['--agents', '2000', '--months', '24', '--reps', '3', '--quiet'] as const;
