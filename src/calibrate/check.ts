import { definition, type CreatorSnapshot } from '../model/definition.js';
import type { EvaluateOptions, Evaluator } from '../engine/evaluator.js';
import { ExperimentGrid } from '../engine/experiment.js';
import { repSeeds } from '../engine/seeds.js';
import { scenarioJson } from '../output/run-files.js';
import { loadWithOptions, type ScenarioOptions } from '../scenario/options.js';
import type { ExecutorSettings, Scenario } from '../scenario/schema.js';
import { checkCsv, checkJson } from './check-output.js';
import { distance, TargetAccumulator } from './evaluate.js';
import { checkTargetsFit, loadTargets, withTargetSnapshots } from './targets.js';
import type { TargetResult, TargetsFile } from './types.js';

/** `homeward check`: a scenario's replications evaluated against a targets file. */

/** What a check runs: the scenario (with the snapshot months the targets read) and the targets. */
export interface CheckPlan {
  readonly scenario: Scenario;
  readonly targets: TargetsFile;
  /** The scenario file's `executor` block: where the runs execute (--executor slurm). */
  readonly executor: ExecutorSettings;
}

export interface Checked {
  readonly results: readonly TargetResult[];
  readonly distance: number;
  /** Targets that pass. */
  readonly passed: number;
}

/**
 * Reads the targets file and the scenario (with the options), and checks them against each other (every month a
 * target reads lies within the run) before anything runs; the creators months the targets need are added to the
 * scenario's snapshots.
 */
export async function planCheck(file: string, targetsFile: string, options: ScenarioOptions): Promise<CheckPlan> {
  const targets = await loadTargets(targetsFile);
  const { scenario: loaded, executor } = await loadWithOptions(file, options);
  definition.checkFits(loaded, file);
  checkTargetsFit(targets, loaded);
  return { scenario: withTargetSnapshots(loaded, targets), targets, executor };
}

/** Runs the scenario's replications and evaluates the targets over them, one replication at a time. */
export async function runCheck(plan: CheckPlan, evaluator: Evaluator<CreatorSnapshot>, options: EvaluateOptions = {}): Promise<Checked> {
  const { scenario } = plan;
  const acc = new TargetAccumulator(plan.targets.targets);
  await evaluator.run(new ExperimentGrid([scenario], repSeeds(scenario.seed, scenario.reps)), (result) => acc.add(result), options);
  const results = acc.results();
  return { results, distance: distance(results), passed: results.filter((r) => r.pass).length };
}

/** The files of a check's output directory: check.csv, check.json and scenario.json, by name. */
export function checkFiles(plan: CheckPlan, checked: Checked): Record<string, string> {
  const { scenario, targets } = plan;
  const { seed, reps } = scenario;
  const info = { scenario: scenario.name, targets_file: targets.file, seed, reps, rep_seeds: repSeeds(seed, reps), distance: checked.distance, passed: checked.passed, total: checked.results.length };
  return { 'check.csv': checkCsv(checked.results), 'check.json': checkJson(info, checked.results), 'scenario.json': scenarioJson(scenario) };
}
