import type { RepResult } from '../../model/definition.js';
import type { TaskMessage, WorkerReply } from '../messages.js';

/**
 * Web Workers for the page, one per core (navigator.hardwareConcurrency, at most one per replication): an idle
 * worker takes the next queued replication, as the CLI's thread pool does (engine/pool.ts). The workers run the
 * bundled worker script from a Blob URL, so the page needs no server and no network.
 */
export class BrowserPool {
  private readonly workers: Worker[] = [];
  /** Fails the run under way, if any. */
  private abandon: ((err: Error) => void) | undefined;

  constructor(
    private readonly url: string,
    readonly size: number,
  ) {}

  /**
   * Runs every task; `onMonth` hears each simulated month of each task. Resolves with the results in task order, or
   * rejects with the first error (the other workers are then stopped and made anew for the next run).
   */
  run(tasks: readonly TaskMessage[], onMonth: (task: number, t: number, values: Float64Array) => void, onResult: (task: number, result: RepResult) => void): Promise<RepResult[]> {
    const results = new Array<RepResult>(tasks.length);
    const queue = [...tasks];
    let pending = tasks.length;
    while (this.workers.length < Math.min(this.size, tasks.length)) this.workers.push(new Worker(this.url));
    return new Promise<RepResult[]>((resolve, reject) => {
      this.abandon = reject;
      if (pending === 0) return resolve(results);
      const next = (worker: Worker) => {
        const task = queue.shift();
        if (task) worker.postMessage(task);
      };
      const fail = (message: string) => this.stop(new Error(message));
      for (const worker of this.workers) {
        worker.onmessage = ({ data }: MessageEvent<WorkerReply>) => {
          if (data.type === 'month') onMonth(data.task, data.t, data.values);
          else if (data.type === 'error') fail(`replication ${tasks[data.task]?.rep ?? data.task}: ${data.message}`);
          else {
            results[data.task] = data.result;
            onResult(data.task, data.result);
            if (--pending === 0) resolve(results);
            else next(worker);
          }
        };
        worker.onerror = (event: ErrorEvent) => fail(event.message || 'a worker failed');
        next(worker);
      }
    });
  }

  /** Stops every worker: a run in progress fails with `reason`; the next run starts new workers. */
  stop(reason: Error = new Error('stopped')): void {
    for (const worker of this.workers.splice(0)) worker.terminate();
    this.abandon?.(reason);
    this.abandon = undefined;
  }
}
