import { abortReason, monthCounter, type EvaluateOptions, type Evaluator, type OnResult } from './evaluator.js';
import type { Experiments } from './experiment.js';
import { WorkerPool, workerScript, type WorkerScript } from './pool.js';
import type { ModelDefinition, RunResult } from '../core/definition.js';

/**
 * Runs experiments on a pool of worker threads (pool.ts), all cores busy across scenario boundaries. The workers
 * start with the first batch and stay open for the next, since starting them costs about half a second (each loads
 * the model's modules) and a calibration runs many small batches; close() stops them. A failed or aborted batch
 * terminates them at once (its experiments may still be running); the next batch starts new ones.
 *
 * Results are held only until delivered, and workers run at most a window of experiments ahead of the oldest
 * undelivered one, so memory stays bounded however long the batch.
 */
export class ThreadEvaluator<State, Snapshot> implements Evaluator<Snapshot> {
  private pool: WorkerPool<Snapshot> | undefined;
  private onMonth: () => void = () => {};
  private running = false;

  /**
   * The workers run `model` (they import it from `model.module`); `script` replaces the worker script (tests use it
   * to make a worker fail); each replication may use `within` threads inside itself (threadsWithin).
   */
  constructor(
    private readonly model: ModelDefinition<State, Snapshot>,
    readonly threads: number,
    private readonly script: WorkerScript = workerScript(),
    readonly within = 1,
  ) {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a whole number >= 1, got ${threads}`);
    if (!Number.isInteger(within) || within < 1) throw new RangeError(`threads within a replication must be a whole number >= 1, got ${within}`);
  }

  async run(experiments: Experiments, onResult: OnResult<Snapshot>, { signal, onProgress }: EvaluateOptions = {}): Promise<void> {
    if (this.running) throw new Error('an evaluator runs one batch at a time');
    const count = experiments.length;
    const onMonth = monthCounter(experiments, onProgress);
    signal?.throwIfAborted();
    if (count === 0) return;
    this.running = true;
    this.onMonth = onMonth;
    const pool = (this.pool ??= new WorkerPool<Snapshot>(this.model.module, this.threads, () => this.onMonth(), this.script, this.within));
    const window = 4 * this.threads;
    try {
      await new Promise<void>((resolve, reject) => {
        const pending = new Map<number, RunResult<Snapshot>>();
        let dispatched = 0; // experiments handed to the pool
        let delivered = 0; // results passed to onResult
        let draining = false; // an onResult is under way
        let failure: { error: unknown } | undefined;

        // Settles once no onResult is under way, so the caller's writes have ended when run() does.
        const settle = () => {
          if (draining) return;
          signal?.removeEventListener('abort', onAbort);
          if (failure) reject(failure.error);
          else resolve();
        };
        const stop = (error: unknown) => {
          if (failure) return;
          failure = { error };
          this.terminate(error); // now, not after the rejection settles: the caller may exit right away
          settle();
        };
        const onAbort = () => stop(abortReason(signal!));
        signal?.addEventListener('abort', onAbort, { once: true });

        const fill = () => {
          while (!failure && dispatched < count && dispatched < delivered + window) {
            const i = dispatched++;
            pool.run(experiments.at(i)).then((result) => {
              pending.set(i, result);
              void drain();
            }, stop);
          }
        };

        // Delivers consecutive results; one drain at a time so onResult calls never overlap.
        const drain = async () => {
          if (draining || failure) return;
          draining = true;
          try {
            for (let result = pending.get(delivered); result && !failure; result = pending.get(delivered)) {
              pending.delete(delivered);
              await onResult(result, delivered);
              delivered++;
              fill();
            }
          } catch (err) {
            draining = false;
            stop(err);
            return;
          }
          draining = false;
          if (failure || delivered === count) settle();
        };

        fill();
      });
    } finally {
      this.running = false;
      this.onMonth = () => {};
    }
  }

  close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    return pool ? pool.terminate() : Promise.resolve();
  }

  private terminate(reason: unknown): void {
    const pool = this.pool;
    this.pool = undefined;
    void pool?.terminate(reason instanceof Error ? reason : new Error(String(reason)));
  }
}
