import { monthSpan } from '../scenario/month.js';
import type { Scenario } from '../scenario/schema.js';

/** One run of the model: replication `rep` of `scenario`, seeded `seed`. */
export interface Experiment {
  /** Its place in its batch: results are delivered in this order. */
  readonly index: number;
  readonly scenario: Scenario;
  readonly rep: number;
  readonly seed: number;
}

/** A batch of experiments, made on demand (a sweep's batch may be long); `at` returns the same experiment each time. */
export interface Experiments {
  readonly length: number;
  at(index: number): Experiment;
}

/**
 * Every scenario's replications, scenario by scenario, with common random numbers: replication r of every scenario
 * is seeded `seeds[r]`, so differences between the scenarios are paired. A run is one scenario; a comparison, a
 * sweep's points and a calibration's evaluations are several.
 */
export class ExperimentGrid implements Experiments {
  constructor(
    readonly scenarios: readonly Scenario[],
    readonly seeds: readonly number[],
  ) {
    if (seeds.length < 1) throw new RangeError('an experiment grid needs at least one replication seed');
  }

  get length(): number {
    return this.scenarios.length * this.seeds.length;
  }

  at(index: number): Experiment {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) throw new RangeError(`no experiment ${index} in a grid of ${this.length}`);
    const rep = index % this.seeds.length;
    return { index, scenario: this.scenarios[this.scenarioOf(index)]!, rep, seed: this.seeds[rep]! };
  }

  /** The position in `scenarios` of the experiment at `index`. */
  scenarioOf(index: number): number {
    return Math.floor(index / this.seeds.length);
  }
}

/** Months from scenario.start to scenario.end inclusive. */
export function scenarioMonths(scenario: Scenario): number {
  return monthSpan(scenario.start, scenario.end);
}
