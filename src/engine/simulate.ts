import type { ModelDefinition, RunResult } from '../core/definition.js';
import type { Scenario } from '../scenario/schema.js';
import { monthSpan, parseMonth } from '../scenario/month.js';

export interface SimulateOptions {
  readonly rep: number;
  readonly seed: number;
  /** Called after each simulated month with the number of months done and the metric columns so far (homeward explore draws them). */
  readonly onMonth?: (done: number, columns: readonly Float64Array[]) => void;
}

/**
 * Runs month t of a model: every step of its schedule in order, then every metric into columns[k][t] (scaled metrics
 * times the model's metric scale). Returns the agents simulated.
 */
export function stepMonth<State>(model: ModelDefinition<State, unknown>, state: State, t: number, columns: readonly Float64Array[]): number {
  for (const step of model.schedule) step.run(state, t);
  const metrics = model.metrics;
  const scale = model.metricScale?.(state) ?? 1;
  for (let k = 0; k < metrics.length; k++) {
    const value = metrics[k]!.value(state, t);
    // Multiplied only when scaled and counting the county, so a run in agents records exactly what it counted.
    columns[k]![t] = scale !== 1 && metrics[k]!.scaled ? value * scale : value;
  }
  return model.activeAgents(state);
}

/** Runs one replication of a model from the scenario's start to its end and returns its metric columns. */
export function simulate<State, Snapshot>(model: ModelDefinition<State, Snapshot>, scenario: Scenario, opts: SimulateOptions): RunResult<Snapshot> {
  const state = model.create(scenario, opts.seed);
  const start = parseMonth(scenario.start);
  const months = monthSpan(scenario.start, scenario.end);
  const columns = model.metrics.map(() => new Float64Array(months));
  const snapshotMonths = new Set(scenario.snapshots.map(parseMonth));
  const snapshots: Snapshot[] = [];
  let agentSteps = 0;
  try {
    for (let t = 0; t < months; t++) {
      agentSteps += stepMonth(model, state, t, columns);
      if (model.snapshot && snapshotMonths.has(start + t)) snapshots.push(model.snapshot(state, start + t));
      opts.onMonth?.(t + 1, columns);
    }
  } finally {
    model.dispose?.(state);
  }
  return { rep: opts.rep, seed: opts.seed, start, months, columns, snapshots, agentSteps };
}
