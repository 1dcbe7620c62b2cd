// TEMPORARY PLACEHOLDER: the lead developer is replacing this file with the real model. Keep the signature.
import seedrandom from 'seedrandom';
import type { Scenario } from '../scenario/schema.js';
import { parseMonth } from '../scenario/month.js';
import { METRICS } from '../model/metrics.js';
import type { RepResult } from './result.js';

export interface SimulateOptions {
  readonly rep: number;
  readonly seed: number;
  /** Called after each simulated month with the number of months done. */
  readonly onMonth?: (done: number) => void;
}

export function simulate(scenario: Scenario, opts: SimulateOptions): RepResult {
  const start = parseMonth(scenario.start);
  const months = parseMonth(scenario.end) - start + 1;
  const rng = seedrandom.alea(String(opts.seed));
  const columns = METRICS.map(() => new Float64Array(months));
  for (let t = 0; t < months; t++) {
    for (const c of columns) c[t] = Math.floor(rng() * 100);
    opts.onMonth?.(t + 1);
  }
  return { rep: opts.rep, seed: opts.seed, start, months, columns, agentSteps: months * scenario.population.agents };
}
