import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../output/atomic.js';
import type { Scenario } from '../scenario/schema.js';

/**
 * The work directory of a command run on SLURM (`<out>/.<name>.slurm/`), on a file system the cluster's nodes share:
 *
 *   scenarios/<sha>.json     each resolved scenario of the batches, named by the SHA-256 of its text
 *   submissions/<n>.json     submission n: for each array task, the runs it makes (scenario, rep, seed, key)
 *   submissions/<n>.sh       its batch script (runs `homeward worker-task submissions/<n>.json $SLURM_ARRAY_TASK_ID`)
 *   submissions/<n>.job      the job id sbatch gave it
 *   logs/<n>_<task>.out      each array task's output
 *   results/<key>.run        each finished run (result-file.ts), written atomically by the task that ran it
 *
 * A run's key is a hash of the model (homeward version, metric names), its scenario's text, its rep and seed: a
 * result file is valid for any batch that asks for the same run, so a command run again (to collect, to resume)
 * finds what earlier submissions finished, whatever batch they were part of.
 */

/** One run of an array task. */
export interface TaskRun {
  /** SHA-256 of the scenario's JSON (its file in scenarios/). */
  readonly scenario: string;
  readonly rep: number;
  readonly seed: number;
  /** The result file's name in results/, without `.run`. */
  readonly key: string;
}

/** What the tasks of one job array run: tasks[k] is array task k's runs. */
export interface Submission {
  readonly tasks: readonly (readonly TaskRun[])[];
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The key of a run of `model` (an id of the model that made it, see SlurmEvaluator). */
export function runKey(model: string, scenario: string, rep: number, seed: number): string {
  return sha256(`${model}\n${scenario}\n${rep}\n${seed}`).slice(0, 40);
}

export class WorkDir {
  constructor(readonly path: string) {}

  private dir(name: 'scenarios' | 'submissions' | 'logs' | 'results'): string {
    return join(this.path, name);
  }

  async create(): Promise<void> {
    for (const name of ['scenarios', 'submissions', 'logs', 'results'] as const) await mkdir(this.dir(name), { recursive: true });
  }

  remove(): Promise<void> {
    return rm(this.path, { recursive: true, force: true });
  }

  scenarioFile(sha: string): string {
    return join(this.dir('scenarios'), `${sha}.json`);
  }

  resultFile(key: string): string {
    return join(this.dir('results'), `${key}.run`);
  }

  submissionFile(n: number): string {
    return join(this.dir('submissions'), `${n}.json`);
  }

  scriptFile(n: number): string {
    return join(this.dir('submissions'), `${n}.sh`);
  }

  /** The output file of task `task` of submission n; `%a` (sbatch's array task id) for the pattern given to sbatch. */
  logFile(n: number, task: number | '%a'): string {
    return join(this.dir('logs'), `${n}_${task}.out`);
  }

  /** Writes a scenario's JSON under its hash, unless already there; returns the hash. */
  async writeScenario(text: string, existing: ReadonlySet<string>): Promise<string> {
    const sha = sha256(text);
    if (!existing.has(sha)) await writeFileAtomic(this.scenarioFile(sha), text);
    return sha;
  }

  /** Hashes of the scenarios written. */
  async scenarios(): Promise<Set<string>> {
    return new Set((await readdir(this.dir('scenarios'))).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)));
  }

  /**
   * The scenario of a hash, exactly as the submitting process resolved and validated it: the text is checked against
   * its hash, and parsed, not loaded again, so a task runs the very values the local evaluators would.
   */
  async readScenario(sha: string): Promise<Scenario> {
    const file = this.scenarioFile(sha);
    const text = await readFile(file, 'utf8');
    if (sha256(text) !== sha) throw new Error(`${file}: its content does not match its name (changed after it was written?)`);
    return JSON.parse(text) as Scenario;
  }

  /** Keys of the finished runs (temporary files of tasks still writing, or killed while writing, are dot files). */
  async finished(): Promise<Set<string>> {
    const names = await readdir(this.dir('results'));
    return new Set(names.filter((f) => !f.startsWith('.') && f.endsWith('.run')).map((f) => f.slice(0, -'.run'.length)));
  }

  /** Writes the next submission's file; returns its number. */
  async writeSubmission(submission: Submission): Promise<number> {
    const numbers = await this.submissionNumbers();
    const n = numbers.length > 0 ? Math.max(...numbers) + 1 : 0;
    await writeFileAtomic(this.submissionFile(n), JSON.stringify(submission) + '\n');
    return n;
  }

  async readSubmission(n: number): Promise<Submission> {
    const file = this.submissionFile(n);
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (!isSubmission(parsed)) throw new Error(`${file}: not a submission file`);
    return parsed;
  }

  writeScript(n: number, text: string): Promise<void> {
    return writeFileAtomic(this.scriptFile(n), text);
  }

  recordJob(n: number, job: string): Promise<void> {
    return writeFileAtomic(join(this.dir('submissions'), `${n}.job`), job + '\n');
  }

  /** The submissions made so far with their job ids (a submission whose sbatch failed has none). */
  async jobs(): Promise<{ readonly n: number; readonly job: string }[]> {
    const found: { n: number; job: string }[] = [];
    for (const n of await this.submissionNumbers()) {
      const job = (await readFile(join(this.dir('submissions'), `${n}.job`), 'utf8').catch(() => '')).trim();
      if (job !== '') found.push({ n, job });
    }
    return found;
  }

  private async submissionNumbers(): Promise<number[]> {
    const names = await readdir(this.dir('submissions')).catch(() => [] as string[]);
    return names
      .map((f) => /^(\d+)\.json$/.exec(f)?.[1])
      .filter((m): m is string => m !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }
}

function isSubmission(x: unknown): x is Submission {
  if (typeof x !== 'object' || x === null || !('tasks' in x) || !Array.isArray(x.tasks)) return false;
  return x.tasks.every(
    (t: unknown) =>
      Array.isArray(t) &&
      t.every((r: unknown) => typeof r === 'object' && r !== null && 'scenario' in r && 'rep' in r && 'seed' in r && 'key' in r && typeof r.scenario === 'string' && typeof r.rep === 'number' && typeof r.seed === 'number' && typeof r.key === 'string'),
  );
}
