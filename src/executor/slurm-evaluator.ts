import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ModelDefinition } from '../core/definition.js';
import { abortReason, type EvaluateOptions, type Evaluator, type OnResult } from '../engine/evaluator.js';
import { scenarioMonths, type Experiments } from '../engine/experiment.js';
import { packageVersion } from '../output/provenance.js';
import type { Scenario } from '../scenario/schema.js';
import { decodeResult } from './result-file.js';
import { sbatchArgs, sbatchRefusal, shellQuote, type SbatchSettings } from './sbatch.js';
import { isActive, SbatchRefused, slurmCommands, SlurmUnavailable, type Slurm, type TaskState } from './slurm.js';
import { runKey, sha256, WorkDir, type TaskRun } from './work-dir.js';

export interface SlurmEvaluatorOptions {
  /** The work directory (work-dir.ts), on a file system the nodes share. */
  readonly workdir: string;
  /** How a node starts homeward: [node, main.js], to which `worker-task <submission> <task>` is added. */
  readonly command: readonly string[];
  /** sbatch --job-name. */
  readonly jobName: string;
  readonly sbatch: SbatchSettings;
  /** Runs per array task [default: 4 × CPUs per task]; arrays have at most MAX_TASKS tasks. */
  readonly chunk?: number;
  /** Submit, then stop the batch with Submitted instead of waiting. */
  readonly submitOnly?: boolean;
  /** Cancel the jobs of an earlier, interrupted command and discard its work directory first. */
  readonly fresh?: boolean;
  /** Milliseconds between two looks at the results and the queue [default 5000]. */
  readonly pollMs?: number;
  /**
   * Milliseconds a task that ended without error (COMPLETED, or forgotten by squeue) may have its results still
   * missing before they are resubmitted: a shared file system may show a new file late [default 15000]. Tasks that
   * failed, were cancelled, preempted, timed out or lost their node are resubmitted at once.
   */
  readonly graceMs?: number;
  /** Submissions of one run within one command before the command fails [default 3]. */
  readonly attempts?: number;
  /** What the evaluator has to say (submitted, waiting and why, resubmitted); the command prints it. */
  readonly onNote?: (text: string) => void;
  /** The SLURM commands (tests may replace them). */
  readonly slurm?: Slurm;
}

/** `--submit-only`: the work is submitted (or still running); the same command run again collects it. */
export class Submitted extends Error {}

/** Largest job array submitted (SLURM's MaxArraySize is 1001 by default); larger batches get larger chunks. */
export const MAX_TASKS = 1000;

/** An array task of a submission, with the runs it makes. */
interface Tracked {
  readonly n: number;
  readonly job: string;
  readonly task: number;
  readonly runs: readonly TaskRun[];
}

const taskId = (t: Tracked) => `${t.job}_${t.task}`;

/** Reasons a pending task waits that say nothing is wrong. */
const ROUTINE = /^(None|Priority|Resources|JobArrayTaskLimit|BeginTime|Dependency|QOSMaxJobsPerUserLimit|AssocMaxJobsLimit)$/;

/**
 * Runs batches of experiments as SLURM job arrays (work-dir.ts for the files, worker-task.ts for a task): each
 * batch writes its scenarios and runs into the work directory and submits one array, chunked so that one task runs
 * many experiments on its node's cores. It then polls the result files and squeue, delivers results in experiment
 * order through onResult as they become consecutive (so outputs are built exactly as with the local evaluators,
 * and streamed), and resubmits the runs of tasks that ended without them: failed, cancelled, preempted, timed out,
 * out of memory, node failure (only the missing runs, at most `attempts` times each). Runs already finished or
 * still queued from an earlier command with the same work directory are collected, not submitted again.
 */
export class SlurmEvaluator<State, Snapshot> implements Evaluator<Snapshot> {
  readonly threads: number;
  private readonly work: WorkDir;
  private readonly slurm: Slurm;
  /** Part of every run's key: results of another model (version, metrics) are never taken. */
  private readonly model: string;
  private prepared = false;
  private running = false;

  constructor(
    definition: ModelDefinition<State, Snapshot>,
    private readonly options: SlurmEvaluatorOptions,
  ) {
    this.threads = options.sbatch.cpusPerTask;
    this.work = new WorkDir(options.workdir);
    this.slurm = options.slurm ?? slurmCommands;
    this.model = sha256(JSON.stringify({ homeward: packageVersion(), metrics: definition.metrics.map((m) => m.name) })).slice(0, 16);
  }

  get workdir(): string {
    return this.work.path;
  }

  async run(experiments: Experiments, onResult: OnResult<Snapshot>, { signal, onProgress }: EvaluateOptions = {}): Promise<void> {
    if (this.running) throw new Error('an evaluator runs one batch at a time');
    signal?.throwIfAborted();
    if (experiments.length === 0) return;
    this.running = true;
    try {
      await this.prepare();
      await new ArrayBatch(this.work, this.slurm, this.model, this.options, experiments, onResult, signal, onProgress).run();
    } finally {
      this.running = false;
    }
  }

  /** Nothing to release: jobs still queued belong to the work directory, which a later command collects. */
  async close(): Promise<void> {}

  /** The command's outputs are complete: removes the work directory. */
  finish(): Promise<void> {
    return this.work.remove();
  }

  private async prepare(): Promise<void> {
    if (this.prepared) return;
    if (this.options.fresh) {
      const jobs = (await this.work.jobs().catch(() => [])).map((j) => j.job);
      await this.slurm.cancel(jobs).catch(() => undefined);
      await this.work.remove();
    }
    await this.work.create();
    this.prepared = true;
  }
}

/** One batch: its runs, what is finished, what is queued, and the loop that waits and resubmits. */
class ArrayBatch<Snapshot> {
  /** Per experiment index: its run. */
  private readonly runs: (TaskRun & { readonly months: number })[] = [];
  /** Keys of this batch, each run once however often the batch asks for it. */
  private readonly keys = new Set<string>();
  private finished = new Set<string>();
  private readonly tracked: Tracked[] = [];
  /** Tasks whose missing runs were resubmitted (or all of whose runs finished). */
  private readonly settled = new Set<string>();
  /** When an ended task with missing runs was first seen ended. */
  private readonly endedAt = new Map<string, number>();
  /** Submissions of each run by this command. */
  private readonly submitted = new Map<string, number>();
  private states = new Map<string, TaskState>();
  private lastWaitNote = '';
  private squeueFailing = false;

  constructor(
    private readonly work: WorkDir,
    private readonly slurm: Slurm,
    private readonly model: string,
    private readonly options: SlurmEvaluatorOptions,
    private readonly experiments: Experiments,
    private readonly onResult: OnResult<Snapshot>,
    private readonly signal: AbortSignal | undefined,
    private readonly onProgress: EvaluateOptions['onProgress'],
  ) {}

  private note(text: string): void {
    this.options.onNote?.(text);
  }

  async run(): Promise<void> {
    await this.describe();
    this.finished = await this.work.finished();
    await this.trackEarlierJobs();
    await this.refreshStates();
    const inFlight = this.inFlight();
    const missing = [...this.keys].filter((k) => !this.finished.has(k) && !inFlight.has(k));
    const done = this.countFinished();
    if (inFlight.size > 0) this.note(`${this.jobList(this.activeJobs())} from an earlier start ${this.activeJobs().length > 1 ? 'are' : 'is'} still queued or running; ${done} of ${this.runs.length} runs finished`);
    if (missing.length > 0) await this.submit(missing, undefined);
    if (this.options.submitOnly && this.countFinished() < this.runs.length) {
      throw new Submitted(
        `submitted to SLURM: ${this.jobList(this.activeJobs())}, ${this.countFinished()} of ${this.runs.length} runs finished; ` +
          `work in ${this.work.path}. Run the same command again (without --submit-only to wait) to collect the results`,
      );
    }
    try {
      await this.loop();
    } catch (err) {
      if (this.signal?.aborted) {
        const jobs = this.activeJobs();
        if (jobs.length > 0) this.note(`${this.jobList(jobs)} keep${jobs.length > 1 ? '' : 's'} running on the cluster: run the same command again to collect the results, or scancel ${jobs.join(' ')} to stop ${jobs.length > 1 ? 'them' : 'it'}`);
        throw abortReason(this.signal);
      }
      throw err;
    }
  }

  /** Writes the batch's scenarios and keys its runs. */
  private async describe(): Promise<void> {
    const existing = await this.work.scenarios();
    const shaOf = new Map<Scenario, string>();
    for (let i = 0; i < this.experiments.length; i++) {
      const { scenario, rep, seed } = this.experiments.at(i);
      let sha = shaOf.get(scenario);
      if (sha === undefined) {
        sha = await this.work.writeScenario(JSON.stringify(scenario), existing);
        existing.add(sha);
        shaOf.set(scenario, sha);
      }
      const key = runKey(this.model, sha, rep, seed);
      this.runs.push({ scenario: sha, rep, seed, key, months: scenarioMonths(scenario) });
      this.keys.add(key);
    }
  }

  /** The array tasks of earlier submissions in this work directory that make runs of this batch. */
  private async trackEarlierJobs(): Promise<void> {
    for (const { n, job } of await this.work.jobs()) {
      const submission = await this.work.readSubmission(n);
      submission.tasks.forEach((runs, task) => {
        if (runs.some((r) => this.keys.has(r.key) && !this.finished.has(r.key))) this.tracked.push({ n, job, task, runs });
      });
    }
  }

  /** Keys that an active task will still make. */
  private inFlight(): Set<string> {
    const keys = new Set<string>();
    for (const t of this.tracked) if (this.isActive(t)) for (const r of t.runs) keys.add(r.key);
    return keys;
  }

  /** Active unless squeue says it ended or no longer knows it; while squeue fails, everything counts as active. */
  private isActive(t: Tracked): boolean {
    if (this.squeueFailing) return !this.settled.has(taskId(t));
    const state = this.states.get(taskId(t));
    return state !== undefined && isActive(state.state);
  }

  private activeJobs(): string[] {
    return [...new Set(this.tracked.filter((t) => this.isActive(t)).map((t) => t.job))];
  }

  private jobList(jobs: readonly string[]): string {
    return jobs.length === 0 ? 'no job' : `job${jobs.length > 1 ? 's' : ''} ${jobs.join(', ')}`;
  }

  private countFinished(): number {
    return this.runs.filter((r) => this.finished.has(r.key)).length;
  }

  private async refreshStates(): Promise<void> {
    const jobs = [...new Set(this.tracked.filter((t) => !this.settled.has(taskId(t))).map((t) => t.job))];
    try {
      this.states = new Map(await this.slurm.tasks(jobs));
      if (this.squeueFailing) this.note('squeue answers again');
      this.squeueFailing = false;
    } catch (err) {
      if (!(err instanceof SlurmUnavailable)) throw err;
      if (!this.squeueFailing) this.note(`${err.message}; nothing is resubmitted until squeue answers, trying again`);
      this.squeueFailing = true;
    }
  }

  /** Delivers, waits, and resubmits until every result is delivered. */
  private async loop(): Promise<void> {
    const total = this.runs.reduce((s, r) => s + r.months, 0);
    let delivered = 0;
    let reported = -1;
    for (;;) {
      while (delivered < this.runs.length && this.finished.has(this.runs[delivered]!.key)) {
        const file = this.work.resultFile(this.runs[delivered]!.key);
        await this.onResult(decodeResult<Snapshot>(await readFile(file), file), delivered);
        delivered++;
        this.signal?.throwIfAborted();
      }
      const months = this.runs.reduce((s, r) => s + (this.finished.has(r.key) ? r.months : 0), 0);
      if (months !== reported) this.onProgress?.(months, total);
      reported = months;
      if (delivered === this.runs.length) return;

      await sleep(this.options.pollMs ?? 5000, undefined, { signal: this.signal });
      this.finished = await this.work.finished();
      await this.refreshStates();
      if (!this.squeueFailing) await this.resubmitLost();
      await this.noteWaiting();
    }
  }

  /** Resubmits the missing runs of tasks that ended (see graceMs), once per task. */
  private async resubmitLost(): Promise<void> {
    const now = Date.now();
    const lost = new Set<string>();
    const why: string[] = [];
    let last: { task: Tracked; state: string } | undefined;
    for (const t of this.tracked) {
      const id = taskId(t);
      if (this.settled.has(id) || this.isActive(t)) continue;
      const missing = t.runs.filter((r) => this.keys.has(r.key) && !this.finished.has(r.key));
      if (missing.length === 0) {
        this.settled.add(id);
        continue;
      }
      const state = this.states.get(id)?.state ?? 'ENDED';
      if (state === 'COMPLETED' || state === 'ENDED') {
        const first = this.endedAt.get(id) ?? now;
        this.endedAt.set(id, first);
        if (now - first < (this.options.graceMs ?? 15_000)) continue;
      }
      this.settled.add(id);
      for (const r of missing) lost.add(r.key);
      why.push(`task ${t.task} of job ${t.job} ${state === 'ENDED' ? 'ended (no longer in squeue)' : state} with ${missing.length} run${missing.length > 1 ? 's' : ''} unfinished`);
      last = { task: t, state };
    }
    // A run that another task still makes is left to it.
    const inFlight = this.inFlight();
    const again = [...lost].filter((k) => !inFlight.has(k));
    if (again.length === 0 || !last) return;
    const limit = this.options.attempts ?? 3;
    if (again.some((k) => (this.submitted.get(k) ?? 0) >= limit)) {
      const log = this.work.logFile(last.task.n, last.task.task);
      const tail = (await readFile(log, 'utf8').catch(() => '')).trimEnd().split('\n').slice(-5).join('\n    ');
      throw new Error(
        `runs failed ${limit} times on the cluster; the last time, ${why.at(-1)}. Its output is in ${log}` +
          (tail ? `; it ends:\n    ${tail}` : ' (empty)') +
          `\n(a TIMEOUT or OUT_OF_MEMORY task needs a larger --time or --mem; the finished runs are kept in ${this.work.path} for the next try)`,
      );
    }
    await this.submit(again, why.join('; '));
  }

  /** Submits the runs of `keys` (in experiment order) as one job array. */
  private async submit(keys: readonly string[], reason: string | undefined): Promise<void> {
    const wanted = new Set(keys);
    const runs: TaskRun[] = [];
    for (const r of this.runs) {
      if (!wanted.has(r.key)) continue;
      wanted.delete(r.key);
      runs.push({ scenario: r.scenario, rep: r.rep, seed: r.seed, key: r.key });
    }
    const { sbatch } = this.options;
    const chunk = Math.max(this.options.chunk ?? 4 * sbatch.cpusPerTask, Math.ceil(runs.length / MAX_TASKS));
    const tasks: TaskRun[][] = [];
    for (let i = 0; i < runs.length; i += chunk) tasks.push(runs.slice(i, i + chunk));
    const n = await this.work.writeSubmission({ tasks });
    const args = [`--array=0-${tasks.length - 1}`, `--job-name=${this.options.jobName}`, `--output=${this.work.logFile(n, '%a')}`, ...sbatchArgs(sbatch), this.work.scriptFile(n)];
    const script = [
      '#!/bin/sh',
      `# homeward submission ${n}: array task $SLURM_ARRAY_TASK_ID makes its share of the runs listed in ${n}.json`,
      `# submitted with: sbatch ${args.map(shellQuote).join(' ')}`,
      `exec ${[...this.options.command, 'worker-task', this.work.submissionFile(n)].map(shellQuote).join(' ')} "$SLURM_ARRAY_TASK_ID"`,
      '',
    ].join('\n');
    await this.work.writeScript(n, script);
    const job = await this.sbatch(args);
    await this.work.recordJob(n, job);
    tasks.forEach((taskRuns, task) => this.tracked.push({ n, job, task, runs: taskRuns }));
    for (const r of runs) this.submitted.set(r.key, (this.submitted.get(r.key) ?? 0) + 1);
    // squeue lists a job as soon as sbatch returns: count the new tasks as queued until the next look.
    tasks.forEach((_, task) => this.states.set(`${job}_${task}`, { state: 'PENDING', reason: 'None' }));
    const what = `${tasks.length} array task${tasks.length > 1 ? 's' : ''} of up to ${chunk} runs, ${runs.length} runs`;
    this.note(reason ? `${reason}: resubmitted as job ${job} (${what})` : `submitted job ${job} to SLURM (${what}); task output in ${this.work.logFile(n, '%a')}`);
  }

  /** sbatch, tried again a few times while the controller cannot be reached. */
  private async sbatch(args: readonly string[]): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.slurm.submit(args);
      } catch (err) {
        if (err instanceof SbatchRefused) throw sbatchRefusal(err.message, this.options.sbatch);
        if (!(err instanceof SlurmUnavailable) || attempt >= 5) throw err;
        this.note(`sbatch failed (${err.message}); trying again`);
        await sleep(this.options.pollMs ?? 5000, undefined, { signal: this.signal });
      }
    }
  }

  /** Says why tasks wait when it is not the usual (a drained or down node, a partition down...), once per change. */
  private async noteWaiting(): Promise<void> {
    const reasons = new Map<string, number>();
    for (const t of this.tracked) {
      const s = this.states.get(taskId(t));
      if (s?.state === 'PENDING' && !ROUTINE.test(s.reason)) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
    }
    const nodes = reasons.size > 0 ? await this.slurm.unavailableNodes().catch(() => []) : [];
    const text =
      reasons.size === 0
        ? ''
        : `waiting: ${[...reasons].map(([reason, count]) => `${count} task${count > 1 ? 's' : ''} pending (${reason})`).join(', ')}` +
          (nodes.length > 0 ? `; unavailable node${nodes.length > 1 ? 's' : ''}: ${nodes.join(', ')}` : '') +
          `. They start when a node can take them (scontrol update nodename=<node> state=resume puts a drained node back); tasks running on a draining node finish there. To give up, interrupt this command (Ctrl-C), then scancel ${this.activeJobs().join(' ')}`;
    if (text !== this.lastWaitNote && text !== '') this.note(text);
    if (text === '' && this.lastWaitNote !== '') this.note('the waiting tasks can start again');
    this.lastWaitNote = text;
  }
}
