import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import type { ModelDefinition } from '../core/definition.js';
import { threadCount, threadsWithin } from '../engine/evaluator.js';
import type { Experiment, Experiments } from '../engine/experiment.js';
import { ThreadEvaluator } from '../engine/thread-evaluator.js';
import { writeFileAtomic } from '../output/atomic.js';
import { encodeResult } from './result-file.js';
import { WorkDir } from './work-dir.js';

/**
 * One array task (`homeward worker-task <submission> <task>`, started by the batch script on a node): runs its
 * share of a submission on worker threads, one per CPU SLURM gave it, and writes each finished run's result file
 * atomically, so a task killed at any point leaves only whole results, which the submitting process collects.
 * Runs whose results exist already (a resubmitted task, or one that ran twice) are skipped.
 */
export async function runWorkerTask<State, Snapshot>(definition: ModelDefinition<State, Snapshot>, submissionFile: string, task: number, log: (line: string) => void): Promise<void> {
  const work = new WorkDir(dirname(dirname(submissionFile)));
  const submission = await work.readSubmission(Number(/(\d+)\.json$/.exec(submissionFile)?.[1] ?? NaN));
  const runs = submission.tasks[task];
  if (!runs) throw new Error(`${submissionFile}: no array task ${task} (it has ${submission.tasks.length})`);
  const finished = await work.finished();
  const todo = runs.filter((r) => !finished.has(r.key));
  const scenarios = new Map(await Promise.all([...new Set(todo.map((r) => r.scenario))].map(async (sha) => [sha, await work.readScenario(sha)] as const)));
  const experiments: Experiments = {
    length: todo.length,
    at(index: number): Experiment {
      const r = todo[index];
      if (!r) throw new RangeError(`no experiment ${index} in a task of ${todo.length}`);
      return { index, scenario: scenarios.get(r.scenario)!, rep: r.rep, seed: r.seed };
    },
  };
  const threads = threadCount(todo.length, cpus());
  log(`task ${task}: ${todo.length} of ${runs.length} runs to make (${runs.length - todo.length} already finished), ${threads} threads`);
  const evaluator = new ThreadEvaluator(definition, threads, undefined, threadsWithin(todo.length, cpus()));
  try {
    await evaluator.run(experiments, async (result, i) => {
      await writeFileAtomic(work.resultFile(todo[i]!.key), encodeResult(result));
      log(`task ${task}: run ${i + 1} of ${todo.length} finished (rep ${result.rep}, seed ${result.seed})`);
    });
  } finally {
    await evaluator.close();
  }
}

/** The CPUs SLURM gave this task (its cpus-per-task), else the cores Node sees. */
function cpus(): number {
  for (const name of ['SLURM_CPUS_PER_TASK', 'SLURM_CPUS_ON_NODE']) {
    const n = Number(process.env[name]);
    if (Number.isInteger(n) && n >= 1) return n;
  }
  return availableParallelism();
}
