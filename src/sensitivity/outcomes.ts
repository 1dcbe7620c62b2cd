import { OUTCOMES } from '../analysis/outcomes.js';
import type { RunResult } from '../core/definition.js';
import type { Scenario } from '../scenario/schema.js';

/**
 * What a sensitivity analysis measures in each run: named numbers computed from one replication's result. The
 * headline outcomes of analysis/outcomes.ts are the default; the command adds the expressions of a targets file
 * (calibrate/expression.ts) through the same interface, so this library needs nothing of calibration, and a test
 * can measure anything a test model computes (the Ishigami function).
 */
export interface RunOutcome<Snapshot> {
  /** A column name: letters, digits, `_ . -`. */
  readonly name: string;
  readonly unit: string;
  /** The outcome of one replication; NaN where it is undefined. */
  value(result: RunResult<Snapshot>): number;
}

/** A set of outcomes, with what the scenario needs for them (e.g. creator snapshots) and a check of the base scenario. */
export interface Measures<Snapshot> {
  readonly outcomes: readonly RunOutcome<Snapshot>[];
  /** Throws a ScenarioError when the base scenario cannot give the outcomes (a target's month outside the run). */
  check?(base: Scenario): void;
  /** The scenario every run uses, e.g. with the snapshot months the outcomes read. */
  prepare?(scenario: Scenario): Scenario;
}

/** The headline outcomes (analysis/outcomes.ts) of homeward's model, in their order. */
export function headlineOutcomes<Snapshot>(): RunOutcome<Snapshot>[] {
  return OUTCOMES.map((o) => ({ name: o.name, unit: o.unit, value: (r: RunResult<Snapshot>) => o.compute(r.columns, r.months) }));
}
