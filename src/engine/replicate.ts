import { availableParallelism } from 'node:os';
import { setImmediate as nextTick } from 'node:timers/promises';
import type { Scenario } from '../scenario/schema.js';
import { parseMonth } from '../scenario/month.js';
import { definition, type RepResult } from '../model/definition.js';
import { repSeed } from './seeds.js';
import { simulate } from './simulate.js';
import { WorkerPool, type WorkerScript } from './pool.js';

export interface ReplicateOptions {
  readonly reps: number;
  /** Scenario seed; rep r runs with repSeed(seed, r). */
  readonly seed: number;
  /** Worker threads (default: os.availableParallelism()); never more than reps. */
  readonly threads?: number;
  /** Run in this thread without workers (same results; blocks the event loop while a rep runs). */
  readonly inProcess?: boolean;
  /** Called after every simulated month of any rep, with months done and reps × months. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Aborting terminates the workers and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Replaces the worker script (tests use it to make a worker fail). */
  readonly workerScript?: WorkerScript;
}

/** The rep seeds of a run: rep r uses seeds[r]. */
export function repSeeds(seed: number, reps: number): number[] {
  return Array.from({ length: reps }, (_, r) => repSeed(seed, r));
}

/** Months from scenario.start to scenario.end inclusive. */
export function scenarioMonths(scenario: Scenario): number {
  return parseMonth(scenario.end) - parseMonth(scenario.start) + 1;
}

/** Threads a run actually uses. */
export function threadCount(opts: Pick<ReplicateOptions, 'reps' | 'threads' | 'inProcess'>): number {
  if (opts.inProcess) return 1;
  const threads = opts.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a whole number >= 1, got ${threads}`);
  return Math.min(threads, opts.reps);
}

/**
 * Runs the replications and hands each result to `onResult` in rep order (0, 1, 2, ...), whatever thread finished
 * it first, so anything derived from the results is independent of thread count and timing. Only results that
 * `onResult` has not yet taken are kept, and workers run at most a window of reps ahead of the oldest unfinished
 * one, so memory stays bounded however many reps there are. Rejects on the first error (a worker exception, an
 * onResult failure, an abort) after terminating all workers.
 */
export async function forEachReplication(
  scenario: Scenario,
  opts: ReplicateOptions,
  onResult: (result: RepResult) => void | Promise<void>,
): Promise<void> {
  const { reps } = opts;
  if (!Number.isInteger(reps) || reps < 1) throw new RangeError(`reps must be a whole number >= 1, got ${reps}`);
  const seeds = repSeeds(opts.seed, reps);
  await runBatch(reps, (rep) => ({ scenario, rep, seed: seeds[rep]! }), opts, onResult, scenario);
}

/** One run of a batch: replication `rep` of `scenario`, seeded `seed`. */
export interface RunTask {
  readonly scenario: Scenario;
  readonly rep: number;
  readonly seed: number;
}

export type BatchOptions = Omit<ReplicateOptions, 'reps' | 'seed'> & {
  /** Run on these open workers, left open afterwards, instead of starting a pool for the batch (threads are the pool's). */
  readonly pool?: OpenPool;
};

/**
 * Worker threads kept open across batches, for a command that runs many small batches one after another (the
 * evaluations of a calibration): starting workers costs about half a second (each loads the model's modules), which
 * would otherwise be paid by every batch. Runs one batch at a time; close() it when done. A failed or aborted batch
 * terminates it.
 */
export class OpenPool {
  private onMonth: () => void = () => {};
  private readonly workers: WorkerPool;

  constructor(readonly threads: number, script?: WorkerScript) {
    this.workers = new WorkerPool(undefined, threads, () => this.onMonth(), script);
  }

  /** The workers, their month ticks routed to this batch's progress. */
  attach(onMonth: () => void): WorkerPool {
    this.onMonth = onMonth;
    return this.workers;
  }

  close(): Promise<void> {
    return this.workers.terminate();
  }
}

/**
 * Runs `count` tasks, each possibly of another scenario (the points of a sweep, the scenarios of a comparison), on
 * one pool of worker threads, so every core stays busy across scenario boundaries. Like forEachReplication, it
 * hands the results to `onResult` in task order (with the task's index) and keeps at most a window of results
 * ahead of the oldest undelivered one. `task(i)` is called once per task at dispatch and once up front (to count
 * the months for progress), so it should be cheap and return the same task each time.
 */
export async function forEachRun(
  count: number,
  task: (index: number) => RunTask,
  opts: BatchOptions,
  onResult: (result: RepResult, index: number) => void | Promise<void>,
): Promise<void> {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number >= 0, got ${count}`);
  if (count === 0) return;
  await runBatch(count, task, opts, onResult);
}

/** The scheduler behind forEachReplication and forEachRun; tasks of `common` are sent without their scenario. */
async function runBatch(
  count: number,
  task: (index: number) => RunTask,
  opts: BatchOptions,
  onResult: (result: RepResult, index: number) => void | Promise<void>,
  common?: Scenario,
): Promise<void> {
  const { signal } = opts;
  let total = 0;
  for (let i = 0; i < count; i++) total += scenarioMonths(task(i).scenario);
  let monthsDone = 0;
  const onMonth = () => opts.onProgress?.(++monthsDone, total);
  signal?.throwIfAborted();

  if (opts.inProcess) {
    for (let i = 0; i < count; i++) {
      const { scenario, rep, seed } = task(i);
      await onResult(simulate(definition, scenario, { rep, seed, onMonth }), i);
      await nextTick(); // let signals, timers and I/O run between reps
      signal?.throwIfAborted();
    }
    return;
  }

  const threads = opts.pool?.threads ?? threadCount({ reps: count, threads: opts.threads });
  const window = 4 * threads;
  // An open pool has no scenario of its own: every task brings one.
  const shared = opts.pool ? undefined : common;
  const pool = opts.pool ? opts.pool.attach(onMonth) : new WorkerPool(shared, threads, onMonth, opts.workerScript);
  let completed = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const pending = new Map<number, RepResult>();
      let dispatched = 0; // tasks handed to the pool
      let delivered = 0; // results passed to onResult
      let draining = false;

      const onAbort = () => {
        const reason = signal?.reason instanceof Error ? signal.reason : new Error('aborted');
        void pool.terminate(reason); // now, not after the rejection settles: the caller may exit right away
        reject(reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const fail = (err: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        reject(err);
      };

      const fill = () => {
        while (dispatched < count && dispatched < delivered + window) {
          const i = dispatched++;
          const { scenario, rep, seed } = task(i);
          pool.run(rep, seed, scenario === shared ? undefined : scenario).then((result) => {
            pending.set(i, result);
            void drain();
          }, fail);
        }
      };

      // Delivers consecutive results; one drain at a time so onResult calls never overlap.
      const drain = async () => {
        if (draining) return;
        draining = true;
        try {
          for (let result = pending.get(delivered); result; result = pending.get(delivered)) {
            pending.delete(delivered);
            await onResult(result, delivered);
            delivered++;
            fill();
          }
        } catch (err) {
          fail(err);
          return;
        } finally {
          draining = false;
        }
        if (delivered === count) {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }
      };

      fill();
    });
    completed = true;
  } finally {
    // An open pool stays open for the next batch, unless this one failed (its tasks may still be queued).
    if (!opts.pool || !completed) await pool.terminate();
  }
}

/** Runs the replications and returns their results in rep order. */
export async function runReplications(scenario: Scenario, opts: ReplicateOptions): Promise<RepResult[]> {
  const results: RepResult[] = [];
  await forEachReplication(scenario, opts, (r) => {
    results.push(r);
  });
  return results;
}
