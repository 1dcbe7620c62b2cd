import type { Scenario } from '../scenario/schema.js';
import { METRICS } from '../model/metrics.js';
import { Model } from '../model/model.js';
import type { RepResult } from './result.js';

export interface SimulateOptions {
  readonly rep: number;
  readonly seed: number;
  /** Called after each simulated month with the number of months done. */
  readonly onMonth?: (done: number) => void;
}

/** Runs one replication from start to end and returns its metric columns. */
export function simulate(scenario: Scenario, opts: SimulateOptions): RepResult {
  const model = new Model(scenario, opts.seed);
  const months = model.months;
  const columns = METRICS.map(() => new Float64Array(months));
  let agentSteps = 0;
  for (let t = 0; t < months; t++) {
    agentSteps += model.step(t, columns);
    opts.onMonth?.(t + 1);
  }
  return { rep: opts.rep, seed: opts.seed, start: model.state.tl.start, months, columns, agentSteps };
}
