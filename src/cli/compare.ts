import { countingOf } from '../scenario/scale.js';
import { performance } from 'node:perf_hooks';
import { resolveComparison } from '../compare/plan.js';
import { compareTable } from '../compare/results.js';
import { runComparison, type CompareInfo } from '../compare/run.js';
import { closing } from '../engine/evaluator.js';
import { scenarioMonths } from '../engine/experiment.js';
import { RunDir } from '../output/atomic.js';
import type { OutputFormat } from '../output/parquet.js';
import { checkOutputName, type ScenarioOptions } from '../scenario/options.js';
import { interruptible } from './interrupt.js';
import { plotOutput } from './plot.js';
import { evaluatorFor, type ExecutorArgs } from './executor.js';
import { createProgress } from './progress.js';

export interface CompareArgs extends ScenarioOptions, ExecutorArgs {
  /** Scenario files; the first is the reference. */
  readonly scenarios: readonly string[];
  readonly out: string;
  /** Name of the output directory (default `compare-<reference name>`). */
  readonly name?: string;
  readonly threads?: number;
  readonly quiet: boolean;
  /** Tables as CSV (default) or Parquet (--format). */
  readonly format?: OutputFormat;
  /** Write charts/ and report.html too (default true; --no-plot turns it off). */
  readonly plot?: boolean;
}

export interface CompareResult {
  /** The output directory `<out>/<name>`. */
  readonly path: string;
  readonly info: CompareInfo;
}

/**
 * `homeward compare`: runs the scenarios with common random numbers (src/compare/run.ts), writes each scenario's run
 * directory, compare.csv and compare.json (and the charts), and swaps the whole `<out>/<name>/` into place at once.
 * Prints the comparison table and then the output directory.
 */
export async function compareCommand(args: CompareArgs, print: (text: string) => void = (t) => process.stdout.write(t)): Promise<CompareResult> {
  checkOutputName(args.name);
  const scenarios = await resolveComparison(args.scenarios, args);
  const reference = scenarios[0]!;
  const { reps } = reference;
  const months = scenarioMonths(reference);
  const tasks = scenarios.length * reps;
  const show = process.stderr.isTTY === true && !args.quiet;

  const name = args.name ?? `compare-${reference.name}`;
  const dir = new RunDir(args.out, name);
  const progress = createProgress(show, tasks, months);
  return interruptible({ stopProgress: () => progress.stop(), discardSync: () => dir.discardSync() }, async (signal, life) => {
    await dir.create();
    const t0 = performance.now();
    const executor = await evaluatorFor(args, { out: args.out, name, tasks, threads: args.threads, scenario: { file: args.scenarios[0]!, set: args.set } });
    const compared = await closing(executor, (evaluator) =>
      runComparison(args.scenarios, scenarios, dir, evaluator, { signal, onProgress: (done) => progress.update(done), format: args.format }),
    );
    await life.drawAndCommit(args.plot !== false ? () => plotOutput(dir.temp, signal) : undefined, () => dir.commit());
    await executor.finish();
    progress.stop();
    print(compareTable(compared.comparison, countingOf(reference)) + '\n' + dir.path + '\n');
    if (show) process.stderr.write(`${scenarios.length} scenarios × ${reps} reps × ${months} months, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    return { path: dir.path, info: compared.info };
  });
}
