import { Worker } from 'node:worker_threads';
import type { RunResult } from '../core/definition.js';
import type { Scenario } from '../scenario/schema.js';
import { MODEL_THREAD_LIMITS } from '../core/heap.js';

/** Messages between the main thread and a replication worker (worker.ts). */
export interface WorkerData {
  /** URL of the module that exports the model's definition as `definition` (core/definition.ts). */
  readonly model: string;
  /** Threads each replication may use inside itself (ModelDefinition.threadsWithin). */
  readonly within: number;
}
export interface RunMessage {
  readonly scenario: Scenario;
  readonly rep: number;
  readonly seed: number;
}
export type WorkerMessage = { readonly type: 'month' } | { readonly type: 'result'; readonly result: RunResult<unknown> };

interface Task<Snapshot> extends RunMessage {
  resolve(result: RunResult<Snapshot>): void;
  reject(err: Error): void;
}

/** A worker's module and the Node options it needs. */
export interface WorkerScript {
  readonly url: URL;
  readonly execArgv?: string[];
}

/**
 * The replication worker. Compiled, worker.js sits next to this file. Run from the TypeScript sources (e.g. vitest),
 * Node 20 needs a loader for a .ts worker (tsx, not installed); tests therefore drive the built code in dist/.
 */
export function workerScript(): WorkerScript {
  if (import.meta.url.endsWith('.ts')) return { url: new URL('./worker.ts', import.meta.url), execArgv: ['--import', 'tsx'] };
  return { url: new URL('./worker.js', import.meta.url) };
}

/**
 * A fixed set of worker threads that run replications from one shared queue: an idle worker takes the next queued
 * rep, so fast and slow reps balance out. Each task brings its scenario, so one pool runs the reps of many scenarios
 * (a comparison, a sweep's points) and keeps every core busy throughout.
 * Any worker error or unexpected exit fails the pool: every queued and running task is rejected with that error
 * and all workers are terminated.
 */
export class WorkerPool<Snapshot> {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task<Snapshot>>();
  private readonly queue: Task<Snapshot>[] = [];
  private failure: Error | undefined;
  private closing = false;

  /**
   * `model` is the URL of the module exporting the definition the workers run (its `module`); `script` replaces the
   * worker script (tests use it to make a worker fail).
   */
  constructor(model: string, size: number, onMonth: () => void, script: WorkerScript = workerScript(), within = 1) {
    const { url, execArgv } = script;
    const workerData: WorkerData = { model, within };
    for (let i = 0; i < size; i++) {
      const worker = new Worker(url, { workerData, execArgv, resourceLimits: MODEL_THREAD_LIMITS });
      worker.on('message', (msg: WorkerMessage) => {
        if (msg.type === 'month') onMonth();
        else this.done(worker, msg.result as RunResult<Snapshot>); // the worker ran this pool's model
      });
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`replication worker exited unexpectedly (exit code ${code})`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Queues one replication; resolves with its result. */
  run({ scenario, rep, seed }: RunMessage): Promise<RunResult<Snapshot>> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error('worker pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ scenario, rep, seed, resolve, reject });
      this.pump();
    });
  }

  /** Stops every worker (interrupting running reps) and rejects what is still queued or running. */
  async terminate(reason: Error = new Error('worker pool terminated')): Promise<void> {
    this.closing = true;
    this.rejectAll(reason);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.busy.set(worker, task);
      const msg: RunMessage = { scenario: task.scenario, rep: task.rep, seed: task.seed };
      worker.postMessage(msg);
    }
  }

  private done(worker: Worker, result: RunResult<Snapshot>): void {
    const task = this.busy.get(worker);
    this.busy.delete(worker);
    this.idle.push(worker);
    task?.resolve(result);
    this.pump();
  }

  private fail(err: Error): void {
    if (this.failure || this.closing) return;
    this.failure = err;
    void this.terminate(err);
  }

  private rejectAll(err: Error): void {
    for (const task of this.busy.values()) task.reject(err);
    for (const task of this.queue) task.reject(err);
    this.busy.clear();
    this.queue.length = 0;
  }
}
