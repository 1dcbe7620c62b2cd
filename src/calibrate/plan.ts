import { repSeeds } from '../engine/seeds.js';
import { UsageError } from '../scenario/errors.js';
import { checkOutputName, loadWithOptions, type ScenarioOptions } from '../scenario/options.js';
import type { ExecutorSettings, Scenario } from '../scenario/schema.js';
import { valuesText, withValues } from '../scenario/values.js';
import { freeValues, parseFreeFlags, type FreeParam } from './free.js';
import { checkTargetsFit, loadTargets, withTargetSnapshots } from './targets.js';
import type { TargetsFile } from './types.js';
import { definition } from '../model/definition.js';

export const DEFAULT_BUDGET = 40;

/** What a calibration is asked to do: a scenario file, its options, the targets, the free parameters and the budget. */
export interface CalibrationSpec extends ScenarioOptions {
  readonly scenario: string;
  readonly targets?: string;
  /** `--free path=lo:hi`, in order. */
  readonly free: readonly string[];
  /** Evaluations (default DEFAULT_BUDGET). */
  readonly budget?: number;
  /** Output directory name (default `<scenario name>-calibrate`). */
  readonly name?: string;
}

/** Everything a calibration needs, checked before anything runs. */
export interface CalibrationPlan {
  /** The scenario file and the options it was loaded with, for the provenance of best.yaml. */
  readonly file: string;
  readonly options: ScenarioOptions;
  /** Output directory name. */
  readonly name: string;
  readonly base: Scenario;
  readonly targets: TargetsFile;
  readonly free: readonly FreeParam[];
  readonly budget: number;
  /** Replication seeds, the same at every evaluation (common random numbers). */
  readonly seeds: readonly number[];
  /** The scenario file's `executor` block: where the runs execute (--executor slurm). */
  readonly executor: ExecutorSettings;
}

/**
 * Resolves a calibration: the base scenario with the options, the free parameters against it, the targets against
 * its months. Each bound is valid on its own (the parameter's range); the corners of the box check them together
 * with the rest of the scenario. Any problem is a ScenarioError or UsageError.
 */
export async function planCalibration(spec: CalibrationSpec): Promise<CalibrationPlan> {
  if (spec.targets === undefined) throw new UsageError('calibrate needs --targets <file>: the facts to fit (see README.md, "Targets files")');
  if (spec.free.length === 0) throw new UsageError('nothing to calibrate: give at least one --free path=lo:hi, e.g. --free decision.intercept=-9:-6');
  checkOutputName(spec.name);
  const budget = spec.budget ?? DEFAULT_BUDGET;
  if (!Number.isInteger(budget) || budget < 1) throw new UsageError(`--budget must be a whole number >= 1, got ${budget}`);

  const { scenario: base, executor } = await loadWithOptions(spec.scenario, spec);
  definition.checkFits(base, spec.scenario);
  const free = parseFreeFlags(spec.free, base);
  const targets = await loadTargets(spec.targets);
  checkTargetsFit(targets, base);
  const { set, seed, reps, agents, months } = spec;
  const plan: CalibrationPlan = {
    file: spec.scenario,
    options: { set, seed, reps, agents, months },
    name: spec.name ?? `${base.name}-calibrate`,
    base,
    targets,
    free,
    budget,
    seeds: repSeeds(base.seed, base.reps),
    executor,
  };
  pointScenario(plan, free.map((f) => f.low), 'the lower corner of --free');
  pointScenario(plan, free.map((f) => f.high), 'the upper corner of --free');
  return plan;
}

/** The scenario of one evaluation: the base with the free values set, and the snapshots the targets read. */
export function pointScenario(plan: CalibrationPlan, values: readonly number[], what = 'an evaluation'): Scenario {
  const set = freeValues(plan.free, values);
  return withTargetSnapshots(withValues(plan.base, set, `${what} (${valuesText(set)})`), plan.targets);
}
