// The SLURM evaluator's rules against a cluster played by the test (a fake of executor/slurm.ts): delivery in
// experiment order, resubmission of only the missing runs, the attempts limit, --submit-only and collecting later,
// sbatch's refusal. tests/slurm.test.ts runs the same code on a real single-node cluster.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slurmSettings } from '../src/cli/executor.js';
import type { ModelDefinition, RunResult } from '../src/core/definition.js';
import { ExperimentGrid } from '../src/engine/experiment.js';
import { writeFileAtomic } from '../src/output/atomic.js';
import { encodeResult } from '../src/executor/result-file.js';
import { SlurmEvaluator, Submitted, type SlurmEvaluatorOptions } from '../src/executor/slurm-evaluator.js';
import { SbatchRefused, type Slurm, type TaskState } from '../src/executor/slurm.js';
import { WorkDir, type TaskRun } from '../src/executor/work-dir.js';
import { UsageError } from '../src/scenario/errors.js';
import { loadScenario } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/schema.js';
import { removeDir, ROOT, tempDir } from './support/cli.js';

const MODEL: ModelDefinition<null, never> = {
  module: 'test',
  create: () => null,
  schedule: [],
  metrics: [{ name: 'x', unit: '', scaled: false, doc: '', value: () => 0 }],
  activeAgents: () => 0,
};

/** A result that says which run it is: column x holds the seed. */
function result(run: TaskRun): RunResult<never> {
  return { rep: run.rep, seed: run.seed, start: 0, months: 1, columns: [new Float64Array([run.seed])], snapshots: [], agentSteps: 1 };
}

/** The cluster: every submission is handed to `onSubmit`, which writes results and sets task states. */
class FakeCluster implements Slurm {
  readonly submissions: { job: string; tasks: readonly (readonly TaskRun[])[]; args: readonly string[] }[] = [];
  readonly states = new Map<string, TaskState>();
  refuse: string | undefined;
  onSubmit: (job: string, tasks: readonly (readonly TaskRun[])[], nth: number) => Promise<void> = async () => {};

  constructor(private readonly work: WorkDir) {}

  async submit(args: readonly string[]): Promise<string> {
    if (this.refuse) throw new SbatchRefused(this.refuse);
    const script = args.at(-1)!;
    const n = Number(/(\d+)\.sh$/.exec(script)![1]);
    const { tasks } = await this.work.readSubmission(n);
    const job = String(100 + this.submissions.length);
    this.submissions.push({ job, tasks, args });
    tasks.forEach((_, k) => this.states.set(`${job}_${k}`, { state: 'PENDING', reason: 'Resources' }));
    // The cluster works after sbatch returns.
    setTimeout(() => void this.onSubmit(job, tasks, this.submissions.length - 1), 20);
    return job;
  }

  async tasks(jobs: readonly string[]): Promise<ReadonlyMap<string, TaskState>> {
    return new Map([...this.states].filter(([id]) => jobs.includes(id.split('_')[0]!)));
  }

  async cancel(): Promise<void> {}

  async unavailableNodes(): Promise<string[]> {
    return [];
  }

  /** Task k of `job` makes `runs` and ends in `state`. */
  async finish(job: string, k: number, runs: readonly TaskRun[], state: string): Promise<void> {
    for (const run of runs) await writeFileAtomic(this.work.resultFile(run.key), encodeResult(result(run)));
    this.states.set(`${job}_${k}`, { state, reason: 'None' });
  }
}

describe('SlurmEvaluator', () => {
  let dir: string;
  let work: WorkDir;
  let cluster: FakeCluster;
  let grid: ExperimentGrid;
  let notes: string[];

  beforeEach(async () => {
    dir = await tempDir();
    work = new WorkDir(join(dir, '.x.slurm'));
    cluster = new FakeCluster(work);
    const base: Scenario = (await loadScenario(join(ROOT, 'scenarios', 'test-small.yaml'))).scenario;
    // 3 scenarios × 4 reps = 12 runs; chunks of 5 make 3 tasks.
    grid = new ExperimentGrid(['a', 'b', 'c'].map((name) => ({ ...base, name })), [11, 12, 13, 14]);
    notes = [];
  });

  afterEach(() => removeDir(dir));

  const evaluator = (options: Partial<SlurmEvaluatorOptions> = {}) =>
    new SlurmEvaluator(MODEL, {
      workdir: work.path,
      command: ['node', 'main.js'],
      jobName: 'test',
      sbatch: { cpusPerTask: 1, extra: [] },
      chunk: 5,
      pollMs: 10,
      graceMs: 200,
      onNote: (t) => notes.push(t),
      slurm: cluster,
      ...options,
    });

  const collect = async (e: SlurmEvaluator<null, never>) => {
    const got: string[] = [];
    await e.run(grid, (r, i) => void got.push(`${i}:${r.rep}:${r.columns[0]![0]}`));
    return got;
  };
  const expected = Array.from({ length: 12 }, (_, i) => `${i}:${i % 4}:${11 + (i % 4)}`);

  it('delivers in experiment order and resubmits only the runs a cancelled task had not made', async () => {
    cluster.onSubmit = async (job, tasks, nth) => {
      if (nth > 0) return cluster.finish(job, 0, tasks[0]!, 'COMPLETED');
      await cluster.finish(job, 2, tasks[2]!, 'COMPLETED'); // the last task first: delivery still waits for runs 0..
      await cluster.finish(job, 0, tasks[0]!, 'COMPLETED');
      await cluster.finish(job, 1, tasks[1]!.slice(0, 2), 'CANCELLED'); // 2 of its 5 runs made
    };
    expect(await collect(evaluator())).toEqual(expected);
    expect(cluster.submissions.map((s) => s.tasks.map((t) => t.length))).toEqual([[5, 5, 2], [3]]);
    expect(cluster.submissions[1]!.tasks[0]).toEqual(cluster.submissions[0]!.tasks[1]!.slice(2));
    expect(notes[1]).toBe('task 1 of job 100 CANCELLED with 3 runs unfinished: resubmitted as job 101 (1 array task of up to 5 runs, 3 runs)');
  });

  it('waits the grace time before resubmitting the runs of a task that completed without them', async () => {
    const seen: number[] = [];
    cluster.onSubmit = async (job, tasks, nth) => {
      seen.push(Date.now());
      if (nth > 0) return cluster.finish(job, 0, tasks[0]!, 'COMPLETED');
      await cluster.finish(job, 0, tasks[0]!, 'COMPLETED');
      await cluster.finish(job, 1, tasks[1]!, 'COMPLETED');
      await cluster.finish(job, 2, [], 'COMPLETED'); // its results never appear
    };
    expect(await collect(evaluator())).toEqual(expected);
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(200);
    expect(cluster.submissions[1]!.tasks).toEqual([cluster.submissions[0]!.tasks[2]]);
  });

  it('fails after 3 submissions of a run, with the end of the last task’s output', async () => {
    // The last task of every submission fails: first task 2 of 3, then the one task of each resubmission.
    cluster.onSubmit = async (job, tasks, nth) => {
      const last = tasks.length - 1;
      for (let k = 0; k < last; k++) await cluster.finish(job, k, tasks[k]!, 'COMPLETED');
      await writeFileAtomic(work.logFile(nth, last), 'starting\nerror: out of luck\n');
      cluster.states.set(`${job}_${last}`, { state: 'FAILED', reason: 'None' });
    };
    await expect(collect(evaluator())).rejects.toThrow(/^runs failed 3 times on the cluster; the last time, task 0 of job 102 FAILED with 2 runs unfinished\. Its output is in .*logs\/2_0\.out; it ends:\n {4}starting\n {4}error: out of luck/);
    expect(cluster.submissions).toHaveLength(3);
  });

  it('--submit-only: submits and stops; run again, it waits for the same job and collects it', async () => {
    await expect(collect(evaluator({ submitOnly: true }))).rejects.toThrow(Submitted);
    await expect(collect(evaluator({ submitOnly: true }))).rejects.toThrow(/^submitted to SLURM: job 100, 0 of 12 runs finished/);
    expect(cluster.submissions).toHaveLength(1); // the queued job is not submitted again
    const { job, tasks } = cluster.submissions[0]!;
    for (const [k, runs] of tasks.entries()) await cluster.finish(job, k, runs, 'COMPLETED');
    expect(await collect(evaluator())).toEqual(expected);
    expect(cluster.submissions).toHaveLength(1);
  });

  it('a run asked for twice in a batch (two equal scenarios) is made once and delivered twice', async () => {
    const base = grid.scenarios[0]!;
    grid = new ExperimentGrid([base, base], [11, 12]);
    cluster.onSubmit = async (job, tasks) => cluster.finish(job, 0, tasks[0]!, 'COMPLETED');
    expect(await collect(evaluator())).toEqual(['0:0:11', '1:1:12', '2:0:11', '3:1:12']);
    expect(cluster.submissions[0]!.tasks.flat()).toHaveLength(2);
  });

  it("sbatch's refusal is a usage error located at the flag it names", async () => {
    cluster.refuse = "sbatch: unrecognized option '--bogus'";
    const e = evaluator({ sbatch: { cpusPerTask: 1, partition: 'debug', extra: ['--qos=short', '--bogus'] } });
    const err: unknown = await collect(e).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe("--sbatch-option=--bogus: sbatch refused the job array: sbatch: unrecognized option '--bogus'");
  });

  describe('settings from the scenario', () => {
    const block = { partition: 'short', time: '30', mem: '4G', cpus_per_task: 2, chunk: 7, sbatch_options: ['--account=lab', '--qos=long'] };
    const none = { sbatchOptions: [], submitOnly: false };

    it('fill what the flags leave out; a flag wins over its key; --sbatch-option replaces the whole list', () => {
      expect(slurmSettings(none, block, 'x.yaml')).toEqual({
        sbatch: {
          partition: 'short',
          time: '30',
          mem: '4G',
          cpusPerTask: 2,
          extra: ['--account=lab', '--qos=long'],
          from: {
            partition: 'x.yaml: executor.slurm.partition',
            time: 'x.yaml: executor.slurm.time',
            mem: 'x.yaml: executor.slurm.mem',
            cpusPerTask: 'x.yaml: executor.slurm.cpus_per_task',
            extra: 'x.yaml: executor.slurm.sbatch_options',
          },
        },
        chunk: 7,
      });
      const flags = { partition: 'debug', time: '1:00:00', cpusPerTask: 1, chunk: 3, sbatchOptions: ['--qos=short'], submitOnly: false };
      expect(slurmSettings(flags, block, 'x.yaml')).toEqual({
        sbatch: { partition: 'debug', time: '1:00:00', mem: '4G', cpusPerTask: 1, extra: ['--qos=short'], from: { mem: 'x.yaml: executor.slurm.mem' } },
        chunk: 3,
      });
      expect(slurmSettings(none, {}, 'x.yaml')).toEqual({ sbatch: { partition: undefined, time: undefined, mem: undefined, cpusPerTask: 1, extra: [], from: {} }, chunk: undefined });
    });

    it('are what is submitted, and the batch script in the work directory records the sbatch command', async () => {
      const { sbatch, chunk } = slurmSettings(none, block, 'x.yaml');
      await expect(collect(evaluator({ sbatch, chunk, submitOnly: true }))).rejects.toThrow(Submitted);
      const { args, tasks } = cluster.submissions[0]!;
      expect(tasks.map((t) => t.length)).toEqual([7, 5]); // chunks of 7 of the 12 runs
      expect(args.slice(3, -1)).toEqual(['--partition=short', '--time=30', '--mem=4G', '--cpus-per-task=2', '--account=lab', '--qos=long']);
      const script = await readFile(work.scriptFile(0), 'utf8');
      expect(script.split('\n')[2]).toBe(`# submitted with: sbatch ${args.map((a) => `'${a}'`).join(' ')}`);
    });

    it("sbatch's refusal of a setting from the scenario names its file and key", async () => {
      cluster.refuse = 'sbatch: error: invalid partition specified: short';
      const err: unknown = await collect(evaluator(slurmSettings(none, block, 'x.yaml'))).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toBe('x.yaml: executor.slurm.partition short: sbatch refused the job array: sbatch: error: invalid partition specified: short');
    });
  });
});
