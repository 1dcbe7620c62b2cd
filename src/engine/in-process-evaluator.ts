import { setImmediate as nextTick } from 'node:timers/promises';
import type { ModelDefinition } from '../core/definition.js';
import { monthCounter, type EvaluateOptions, type Evaluator, type OnResult } from './evaluator.js';
import type { Experiments } from './experiment.js';
import { simulate } from './simulate.js';

/**
 * Runs experiments one after another in this thread, without workers: the same results as ThreadEvaluator, for a
 * single replication (the benchmark) and for tests. It blocks the event loop while an experiment runs, so an abort
 * takes effect between experiments.
 */
export class InProcessEvaluator<State, Snapshot> implements Evaluator<Snapshot> {
  readonly threads = 1;

  constructor(private readonly model: ModelDefinition<State, Snapshot>) {}

  async run(experiments: Experiments, onResult: OnResult<Snapshot>, { signal, onProgress }: EvaluateOptions = {}): Promise<void> {
    const onMonth = monthCounter(experiments, onProgress);
    signal?.throwIfAborted();
    for (let i = 0; i < experiments.length; i++) {
      const { scenario, rep, seed } = experiments.at(i);
      await onResult(simulate(this.model, scenario, { rep, seed, onMonth }), i);
      await nextTick(); // let signals, timers and I/O run between experiments
      signal?.throwIfAborted();
    }
  }

  async close(): Promise<void> {}
}
