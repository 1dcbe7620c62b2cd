import { availableParallelism } from 'node:os';
import { scenarioMonths, type Experiments } from './experiment.js';
import type { RunResult } from '../core/definition.js';

/** Takes the result of the experiment at `index`; the next result waits until it settles. */
export type OnResult<Snapshot> = (result: RunResult<Snapshot>, index: number) => void | Promise<void>;

export interface EvaluateOptions {
  /** Aborting stops the batch: running experiments are abandoned, no further result is delivered. */
  readonly signal?: AbortSignal;
  /** Called after every simulated month of any experiment, with the months done and the batch's total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Runs batches of experiments and hands their results to `onResult` in experiment order (0, 1, 2, ...), whatever
 * finished first, so anything derived from them is independent of threads and timing. An evaluator runs one batch
 * at a time and may keep its resources (worker threads) between batches; close() releases them.
 *
 * run() rejects on the first error (of an experiment, of onResult) or abort, and only once no onResult is under way:
 * when it settles, the caller's file writes in onResult have ended.
 */
export interface Evaluator<Snapshot> {
  /** Experiments run at once. */
  readonly threads: number;
  run(experiments: Experiments, onResult: OnResult<Snapshot>, options?: EvaluateOptions): Promise<void>;
  close(): Promise<void>;
}

/** Threads for `tasks` experiments: `threads` (default: the available cores), never more than the tasks, at least 1. */
export function threadCount(tasks: number, threads?: number): number {
  const wanted = threads ?? availableParallelism();
  if (!Number.isInteger(wanted) || wanted < 1) throw new RangeError(`threads must be a whole number >= 1, got ${wanted}`);
  return Math.max(1, Math.min(wanted, tasks));
}

/**
 * Threads each replication may use inside itself: those of `threads` (default: the available cores) beyond the
 * replications in flight (threadCount), shared evenly. One replication on 2 threads splits its person pass in two.
 */
export function threadsWithin(tasks: number, threads?: number): number {
  const wanted = threads ?? availableParallelism();
  return Math.max(1, Math.floor(wanted / threadCount(tasks, threads)));
}

/** The month counter of a batch: call it after every simulated month; it reports (done, total) to onProgress. */
export function monthCounter(experiments: Experiments, onProgress: EvaluateOptions['onProgress']): () => void {
  let total = 0;
  for (let i = 0; i < experiments.length; i++) total += scenarioMonths(experiments.at(i).scenario);
  let done = 0;
  return () => onProgress?.(++done, total);
}

/** Why a batch was aborted, as an Error. */
export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/** Runs `work` with `evaluator` and closes it afterwards, whatever happens (its workers would keep the process alive). */
export async function closing<T, E extends Evaluator<unknown>>(evaluator: E, work: (evaluator: E) => Promise<T>): Promise<T> {
  try {
    return await work(evaluator);
  } finally {
    await evaluator.close();
  }
}
