import { performance } from 'node:perf_hooks';
import { checkFiles, planCheck, runCheck } from '../calibrate/check.js';
import { CHECK_TYPES, checkTable } from '../calibrate/check-output.js';
import type { TargetResult } from '../calibrate/types.js';
import { closing } from '../engine/evaluator.js';
import { scenarioMonths } from '../engine/experiment.js';
import { RunDir } from '../output/atomic.js';
import { writeOutputFile, type OutputFormat } from '../output/parquet.js';
import { checkOutputName, type ScenarioOptions } from '../scenario/options.js';
import { interruptible } from './interrupt.js';
import { plotOutput } from './plot.js';
import { evaluatorFor, type ExecutorArgs } from './executor.js';
import { createProgress } from './progress.js';

export interface CheckArgs extends ScenarioOptions, ExecutorArgs {
  readonly scenario: string;
  /** The targets file (YAML). */
  readonly targets: string;
  readonly out: string;
  /** Name of the output directory (default `<scenario name>-check`). */
  readonly name?: string;
  readonly threads?: number;
  readonly quiet: boolean;
  /** Tables as CSV (default) or Parquet (--format). */
  readonly format?: OutputFormat;
  /** Write charts/check.* and report.html too (default true; --no-plot turns it off). */
  readonly plot?: boolean;
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
export async function checkCommand(args: CheckArgs, print: (text: string) => void = (t) => process.stdout.write(t)): Promise<CheckResult> {
  checkOutputName(args.name);
  const plan = await planCheck(args.scenario, args.targets, args);
  const { scenario } = plan;
  const { reps } = scenario;
  const months = scenarioMonths(scenario);
  const show = process.stderr.isTTY === true && !args.quiet;

  const name = args.name ?? `${scenario.name}-check`;
  const dir = new RunDir(args.out, name);
  const progress = createProgress(show, reps, months);
  return interruptible({ stopProgress: () => progress.stop(), discardSync: () => dir.discardSync() }, async (signal, life) => {
    await dir.create();
    const t0 = performance.now();
    const executor = await evaluatorFor(args, { out: args.out, name, tasks: reps, threads: args.threads, scenario: { file: args.scenario, set: args.set } });
    const checked = await closing(executor, (evaluator) =>
      runCheck(plan, evaluator, { signal, onProgress: (done) => progress.update(done) }),
    );
    for (const [name, text] of Object.entries(checkFiles(plan, checked))) await writeOutputFile(dir.file(name), text, args.format ?? 'csv', CHECK_TYPES);
    // Drawn from the files just written, as `homeward plot` and `homeward report` draw them.
    await life.drawAndCommit(args.plot !== false ? () => plotOutput(dir.temp, signal) : undefined, () => dir.commit());
    await executor.finish();
    progress.stop();
    print(checkTable(checked.results, checked.distance, process.stdout.isTTY ? process.stdout.columns : undefined) + dir.path + '\n');
    if (show) process.stderr.write(`${reps} reps × ${months} months, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    return { path: dir.path, results: checked.results, distance: checked.distance, passed: checked.passed === checked.results.length };
  });
}
