import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkCsv, checkJson, checkTable } from '../calibrate/check-output.js';
import { distance, TargetAccumulator } from '../calibrate/evaluate.js';
import { checkTargetsFit, loadTargets, withTargetSnapshots } from '../calibrate/targets.js';
import type { TargetResult } from '../calibrate/types.js';
import { threadCount } from '../engine/evaluator.js';
import { ExperimentGrid, scenarioMonths } from '../engine/experiment.js';
import { repSeeds } from '../engine/seeds.js';
import { ThreadEvaluator } from '../engine/thread-evaluator.js';
import { RunDir, writeFileAtomic } from '../output/atomic.js';
import { scenarioJson } from '../output/run-files.js';
import { checkChart } from '../plot/check.js';
import { interruptible } from './interrupt.js';
import { reportWarnings } from './plot.js';
import { createProgress } from './progress.js';
import { checkOutputName, loadWithOptions, type ScenarioOptions } from '../scenario/options.js';


export interface CheckArgs extends ScenarioOptions {
  readonly scenario: string;
  /** The targets file (YAML). */
  readonly targets: string;
  readonly out: string;
  /** Name of the output directory (default `<scenario name>-check`). */
  readonly name?: string;
  readonly threads?: number;
  readonly quiet: boolean;
  /** Write charts/check.* too (default true; --no-plot turns it off). */
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
 * `homeward check`: runs a scenario's replications and evaluates a targets file against them. The targets and the
 * scenario are read and checked against each other (months within the run) before anything runs; the creators
 * months the targets need are added to the scenario's snapshots. Writes check.csv, check.json, scenario.json and
 * charts/check.* into `<out>/<name>/` (swapped into place when complete), prints the table and then the directory.
 * The caller sets the exit code from `passed`.
 */
export async function checkCommand(args: CheckArgs, print: (text: string) => void = (t) => process.stdout.write(t)): Promise<CheckResult> {
  checkOutputName(args.name);
  const targets = await loadTargets(args.targets);
  const loaded = (await loadWithOptions(args.scenario, args)).scenario;
  checkTargetsFit(targets, loaded);
  const scenario = withTargetSnapshots(loaded, targets);
  const { reps, seed } = scenario;
  const months = scenarioMonths(scenario);
  const threads = threadCount(reps, args.threads);
  const show = process.stderr.isTTY === true && !args.quiet;

  const dir = new RunDir(args.out, args.name ?? `${scenario.name}-check`);
  const progress = createProgress(show, reps, months);
  return interruptible({ stopProgress: () => progress.stop(), discardSync: () => dir.discardSync() }, async (signal, life) => {
    await dir.create();
    const t0 = performance.now();
    const acc = new TargetAccumulator(targets.targets);
    const evaluator = new ThreadEvaluator(threads);
    try {
      await evaluator.run(new ExperimentGrid([scenario], repSeeds(seed, reps)), (result) => acc.add(result), { signal, onProgress: (done) => progress.update(done) });
    } finally {
      await evaluator.close();
    }
    const results = acc.results();
    const d = distance(results);
    const passed = results.filter((r) => r.pass).length;

    await writeFileAtomic(dir.file('check.csv'), checkCsv(results));
    const info = { scenario: scenario.name, targets_file: args.targets, seed, reps, rep_seeds: repSeeds(seed, reps), distance: d, passed, total: results.length };
    await writeFileAtomic(dir.file('check.json'), checkJson(info, results));
    await writeFileAtomic(dir.file('scenario.json'), scenarioJson(scenario));
    if (args.plot !== false) {
      life.drawing();
      // The renderer (vega, resvg) loads only when a chart is drawn.
      const { writeCharts } = await import('../render/write.js');
      reportWarnings(await writeCharts([checkChart(results, { scenario: scenario.name, reps })], join(dir.temp, 'charts'), signal));
    }
    await life.commit(() => dir.commit());
    progress.stop();
    print(checkTable(results, d, process.stdout.isTTY ? process.stdout.columns : undefined) + dir.path + '\n');
    if (show) process.stderr.write(`${reps} reps × ${months} months, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    return { path: dir.path, results, distance: d, passed: passed === results.length };
  });
}
