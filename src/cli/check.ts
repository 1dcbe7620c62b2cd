import { checkFiles, planCheck, runCheck, type Checked } from '../calibrate/check.js';
import { CHECK_TYPES, checkTable } from '../calibrate/check-output.js';
import type { TargetResult } from '../calibrate/types.js';
import { scenarioMonths } from '../engine/experiment.js';
import { RunDir } from '../output/atomic.js';
import { writeOutputFile, type OutputFormat } from '../output/parquet.js';
import { checkOutputName, type ScenarioOptions } from '../scenario/options.js';
import { runSimulation, type RunnerArgs } from './runner.js';

export interface CheckArgs extends ScenarioOptions, RunnerArgs {
  readonly scenario: string;
  /** The targets file (YAML). */
  readonly targets: string;
  /** Name of the output directory (default `<scenario name>-check`). */
  readonly name?: string;
  /** Tables as CSV (default) or Parquet (--format). */
  readonly format?: OutputFormat;
}

export interface CheckResult {
  /** The output directory `<out>/<name>`. */
  readonly path: string;
  readonly results: readonly TargetResult[];
  readonly distance: number;
  /** Every target passes. */
  readonly passed: boolean;
}

/**
 * `homeward check`: runs a scenario's replications and evaluates a targets file against them (src/calibrate/check.ts).
 * Writes check.csv, check.json, scenario.json, charts/check.* and report.html into `<out>/<name>/` (swapped into place when
 * complete), prints the table and then the directory. The caller sets the exit code from `passed`.
 */
export async function checkCommand(args: CheckArgs, print?: (text: string) => void): Promise<CheckResult> {
  checkOutputName(args.name);
  const plan = await planCheck(args.scenario, args.targets, args);
  const { scenario } = plan;
  const { reps } = scenario;
  const months = scenarioMonths(scenario);
  const dir = new RunDir(args.out, args.name ?? `${scenario.name}-check`);
  const { result: checked } = await runSimulation<Checked>(
    args,
    {
      name: dir.name,
      output: dir,
      executor: { file: args.scenario, settings: plan.executor },
      open: async () => {
        await dir.create();
        return { tasks: reps, months };
      },
      simulate: (evaluator, options) => runCheck(plan, evaluator, options),
      write: async (checked) => {
        for (const [name, text] of Object.entries(checkFiles(plan, checked))) await writeOutputFile(dir.file(name), text, args.format ?? 'csv', CHECK_TYPES);
      },
      print: (checked) => checkTable(checked.results, checked.distance, process.stdout.isTTY ? process.stdout.columns : undefined) + dir.path + '\n',
      summary: (_, { wall }) => `${reps} reps × ${months} months, ${wall.toFixed(1)} s`,
    },
    print,
  );
  return { path: dir.path, results: checked.results, distance: checked.distance, passed: checked.passed === checked.results.length };
}
